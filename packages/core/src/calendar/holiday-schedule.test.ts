import { describe, expect, it } from 'vitest';
import { dayOfWeek, holidayScheduleSchema, isIsoDate } from './holiday-schedule.ts';
import type { HolidaySchedule } from './holiday-schedule.ts';
import { seedHolidaySchedules } from './seed-schedules.ts';

const valid: HolidaySchedule = {
  year: 2026,
  holidays: [
    { date: '2026-10-01', name: '国庆节' },
    { date: '2026-10-02', name: '国庆节' },
  ],
  makeUpWorkdays: [{ date: '2026-10-10', name: '国庆节' }],
};

function issuesOf(input: unknown): Array<{ path: string; message: string }> {
  const r = holidayScheduleSchema.safeParse(input);
  if (r.success) return [];
  return r.error.issues.map((i) => ({ path: `/${i.path.join('/')}`, message: i.message }));
}

describe('a year’s holiday schedule as the authority submits it', () => {
  it('accepts a well-formed schedule, and every seeded year', () => {
    expect(issuesOf(valid)).toEqual([]);
    for (const s of seedHolidaySchedules) expect(issuesOf(s), String(s.year)).toEqual([]);
  });

  it('refuses a date outside the schedule year', () => {
    const s = { ...valid, holidays: [...valid.holidays, { date: '2027-01-01', name: '元旦' }] };
    expect(issuesOf(s)).toEqual([{ path: '/holidays/2/date', message: 'the date is not in the schedule year' }]);
    const w = { ...valid, makeUpWorkdays: [{ date: '2025-12-27', name: '元旦' }] }; // a Saturday, but in 2025
    expect(issuesOf(w)).toEqual([{ path: '/makeUpWorkdays/0/date', message: 'the date is not in the schedule year' }]);
  });

  it('refuses a date that is both a holiday and a make-up workday', () => {
    const s = { ...valid, holidays: [...valid.holidays, { date: '2026-10-10', name: '国庆节' }] };
    expect(issuesOf(s)).toEqual([{ path: '/makeUpWorkdays/0/date', message: 'the date is also listed as a holiday' }]);
  });

  it('refuses a make-up workday on a weekday (a weekday is a working day already)', () => {
    expect(dayOfWeek('2026-10-09')).toBe(5);
    const s = { ...valid, makeUpWorkdays: [{ date: '2026-10-09', name: '国庆节' }] };
    expect(issuesOf(s)).toEqual([{ path: '/makeUpWorkdays/0/date', message: 'a make-up workday must be a Saturday or a Sunday' }]);
  });

  it('refuses a holiday or a make-up workday listed twice', () => {
    const s = { ...valid, holidays: [...valid.holidays, { date: '2026-10-01', name: '国庆节' }] };
    expect(issuesOf(s)).toEqual([{ path: '/holidays/2/date', message: 'the holiday is listed more than once' }]);
    const w = { ...valid, makeUpWorkdays: [...valid.makeUpWorkdays, { date: '2026-10-10', name: '国庆节' }] };
    expect(issuesOf(w)).toEqual([{ path: '/makeUpWorkdays/1/date', message: 'the make-up workday is listed more than once' }]);
  });

  it('refuses malformed dates, unknown keys, empty names and an empty holiday list', () => {
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2026-2-28')).toBe(false);
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(issuesOf({ ...valid, holidays: [{ date: '2026-02-30', name: '春节' }] }).map((i) => i.path)).toEqual(['/holidays/0/date']);
    expect(issuesOf({ ...valid, source: 'x' }).map((i) => i.path)).toEqual(['/']);
    expect(issuesOf({ ...valid, holidays: [{ date: '2026-10-01', name: '  ' }] }).map((i) => i.path)).toEqual(['/holidays/0/name']);
    expect(issuesOf({ ...valid, holidays: [] }).map((i) => i.path)).toEqual(['/holidays']);
    expect(issuesOf({ ...valid, year: 2026.5 }).map((i) => i.path)).toEqual(['/year']);
  });

  it('never echoes the submitted value in a message', () => {
    const s = { ...valid, makeUpWorkdays: [{ date: '2026-10-09', name: 'SECRET-NAME' }] };
    for (const i of issuesOf(s)) {
      expect(i.message).not.toContain('2026-10-09');
      expect(i.message).not.toContain('SECRET-NAME');
    }
  });
});
