import chineseDays from 'chinese-days';
import { describe, expect, it } from 'vitest';
import type { HolidaySchedule, IsoDate } from './holiday-schedule.ts';
import { schedule2024, schedule2025, schedule2026, seedHolidaySchedules } from './seed-schedules.ts';
import { CalendarYearUnknownError, WorkingDayCalendar, beijingDateOf, endOfBeijingDay, startOfBeijingDay } from './working-days.ts';

const calendar = new WorkingDayCalendar([...seedHolidaySchedules], { timeZone: 'Asia/Shanghai' });

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
}

describe('Beijing time', () => {
  it('puts an instant on the Beijing calendar date it falls on, whatever the server zone', () => {
    expect(beijingDateOf(new Date('2026-09-29T15:59:59.999Z'))).toBe('2026-09-29');
    expect(beijingDateOf(new Date('2026-09-29T16:00:00.000Z'))).toBe('2026-09-30');
    expect(beijingDateOf(new Date('2026-09-30T00:30:00+08:00'))).toBe('2026-09-30');
  });

  it('bounds a day at 00:00 and 23:59:59.999 +08:00', () => {
    expect(startOfBeijingDay('2026-10-13').toISOString()).toBe('2026-10-12T16:00:00.000Z');
    expect(endOfBeijingDay('2026-10-13').toISOString()).toBe('2026-10-13T15:59:59.999Z');
  });

  it('refuses invalid dates', () => {
    expect(() => beijingDateOf(new Date('not a date'))).toThrow(RangeError);
    expect(() => calendar.isWorkingDay('2026-10-1')).toThrow(RangeError);
    expect(() => calendar.isWorkingDay('2026-02-29')).toThrow(RangeError);
    expect(() => endOfBeijingDay('2026-10-13T00:00:00Z')).toThrow(RangeError);
  });
});

describe('what a day is', () => {
  it('follows the schedule: holidays, make-up weekend workdays, ordinary weekdays and weekends', () => {
    expect(calendar.describeDay('2026-10-01')).toEqual({ date: '2026-10-01', working: false, kind: 'holiday', name: '国庆节' });
    expect(calendar.describeDay('2026-10-10')).toEqual({ date: '2026-10-10', working: true, kind: 'make_up_workday', name: '国庆节' });
    expect(calendar.describeDay('2026-10-11')).toEqual({ date: '2026-10-11', working: false, kind: 'rest_day', name: null });
    expect(calendar.describeDay('2026-10-08')).toEqual({ date: '2026-10-08', working: true, kind: 'workday', name: null });
    expect(calendar.describeDay('2026-09-25')).toMatchObject({ working: false, kind: 'holiday', name: '中秋' }); // a Friday
    expect(calendar.describeDay('2026-09-20')).toMatchObject({ working: true, kind: 'make_up_workday' }); // a Sunday
  });

  it('reads an instant in Beijing time', () => {
    expect(calendar.isWorkingDay(new Date('2026-10-09T16:00:00Z'))).toBe(true); // Sat 10-10 00:00 in Beijing, 調休
    expect(calendar.isWorkingDay(new Date('2026-10-10T16:00:00Z'))).toBe(false); // Sun 10-11 00:00 in Beijing
  });
});

describe('a year with no schedule fails loudly', () => {
  it('never falls back to Monday–Friday', () => {
    const e = thrown(() => calendar.isWorkingDay('2027-01-04')); // a Monday
    expect(e).toBeInstanceOf(CalendarYearUnknownError);
    expect(e).toBeInstanceOf(Error);
    expect(e).toMatchObject({ code: 'CALENDAR_YEAR_UNKNOWN', year: 2027, name: 'CalendarYearUnknownError' });
    expect((e as CalendarYearUnknownError).details).toEqual([expect.objectContaining({ path: '/calendar/2027', reason: 'no_schedule' })]);
    expect(thrown(() => calendar.isWorkingDay('2023-12-29'))).toMatchObject({ year: 2023 });
  });

  it('fails as soon as a count needs a day of the unknown year, and not before', () => {
    expect(calendar.nthWorkingDayAfter('2026-12-28', 3)).toBe('2026-12-31');
    expect(thrown(() => calendar.addWorkingDays('2026-12-28', 4))).toMatchObject({ year: 2027 });
    expect(thrown(() => calendar.addWorkingDays(new Date('2026-12-31T12:00:00+08:00'), 1))).toMatchObject({ year: 2027 });
    expect(thrown(() => calendar.workingDaysBetween('2023-12-28', '2024-01-05'))).toMatchObject({ year: 2023 });
    expect(thrown(() => calendar.workingDaysBetween('2024-01-05', '2023-12-28'))).toMatchObject({ year: 2023 });
  });

  it('does not look up the start day itself (it is never counted)', () => {
    expect(calendar.nthWorkingDayAfter('2023-12-31', 1)).toBe('2024-01-02'); // 2024-01-01 元旦
    expect(calendar.workingDaysBetween('2023-12-31', '2024-01-05')).toBe(4);
  });
});

describe('constructing a calendar', () => {
  it('knows the years it was given, in order', () => {
    const c = new WorkingDayCalendar([schedule2026, schedule2024, schedule2025], { timeZone: 'Asia/Shanghai' });
    expect(c.knownYears).toEqual([2024, 2025, 2026]);
    expect(c.hasYear(2027)).toBe(false);
  });

  it('refuses two schedules for one year, an invalid schedule, or another time zone', () => {
    expect(() => new WorkingDayCalendar([schedule2026, schedule2026], { timeZone: 'Asia/Shanghai' })).toThrow(/two holiday schedules for 2026/);
    const weekdayMakeUp: HolidaySchedule = { ...schedule2026, makeUpWorkdays: [{ date: '2026-10-09', name: '国庆节' }] };
    expect(() => new WorkingDayCalendar([weekdayMakeUp], { timeZone: 'Asia/Shanghai' })).toThrow(/Saturday or a Sunday/);
    expect(() => new WorkingDayCalendar([], { timeZone: 'UTC' as 'Asia/Shanghai' })).toThrow(RangeError);
  });

  it('keeps its own copy of the schedules', () => {
    const mine = structuredClone(schedule2026);
    const c = new WorkingDayCalendar([mine], { timeZone: 'Asia/Shanghai' });
    mine.holidays.push({ date: '2026-10-08', name: 'changed later' });
    expect(c.isWorkingDay('2026-10-08')).toBe(true);
  });

  it('refuses a count that is not a whole number of at least one working day', () => {
    for (const n of [0, -1, 1.5, Number.NaN]) expect(() => calendar.addWorkingDays('2026-03-02', n)).toThrow(RangeError);
  });
});

describe('counting between two dates', () => {
  it('counts the working days after the first date up to and including the second', () => {
    expect(calendar.workingDaysBetween('2026-09-28', '2026-10-10')).toBe(5);
    expect(calendar.workingDaysBetween('2026-10-10', '2026-09-28')).toBe(-5);
    expect(calendar.workingDaysBetween('2026-09-30', '2026-10-08')).toBe(1);
    expect(calendar.workingDaysBetween(new Date('2026-09-30T09:00:00+08:00'), new Date('2026-09-30T18:00:00+08:00'))).toBe(0);
    expect(calendar.workingDaysBetween(new Date('2026-09-30T23:00:00+08:00'), new Date('2026-10-07T10:00:00+08:00'))).toBe(0);
  });
});

describe('against an independent implementation (chinese-days findWorkday) for every start day of 2024–2026', () => {
  it('gives the same N-th working day, and workingDaysBetween inverts addWorkingDays', () => {
    // chinese-days reads 'YYYY-MM-DD' as UTC midnight and formats in local time: only valid at UTC or east of it.
    if (new Date(Date.UTC(2026, 0, 1)).getDate() !== 1) throw new Error('run with TZ=UTC or TZ=Asia/Shanghai');
    let compared = 0;
    let refused = 0;
    for (let t = Date.UTC(2024, 0, 1); t < Date.UTC(2027, 0, 1); t += 86_400_000) {
      const start: IsoDate = new Date(t).toISOString().slice(0, 10);
      for (const n of [1, 5]) {
        const expected = chineseDays.findWorkday(n, start);
        if (expected >= '2027-01-01') {
          // chinese-days has no 2027 data and silently assumes Monday–Friday; we must refuse instead.
          expect(thrown(() => calendar.addWorkingDays(start, n))).toMatchObject({ year: 2027 });
          refused++;
          continue;
        }
        expect(calendar.nthWorkingDayAfter(start, n), `${n} working days after ${start}`).toBe(expected);
        const deadline = calendar.addWorkingDays(start, n);
        expect(deadline.getTime()).toBe(endOfBeijingDay(expected).getTime());
        expect(calendar.workingDaysBetween(start, deadline)).toBe(n);
        compared++;
      }
    }
    expect(compared + refused).toBe(2 * (366 + 365 + 365));
    expect(refused).toBeGreaterThan(0);
  });
});
