// One year's State Council holiday schedule (國務院辦公廳關於某年部分節假日安排的通知).
//
// The notice lists, for each festival, the days off (放假) and the weekend days that become working days
// (調休上班). A schedule records exactly that and nothing more:
//  - holidays:        every day off the notice announces, weekend days inside a festival block included
//                     (e.g. 2026 National Day: 10-01 … 10-07);
//  - makeUpWorkdays:  the Saturdays and Sundays the notice turns into working days (調休), e.g. 2026-10-10.
// Every other Monday–Friday is a working day and every other Saturday/Sunday is a rest day.
// The authority enters a new year's schedule through the API when the State Council publishes it (usually in
// November of the year before); the platform never guesses a year it has not been given.

import { z } from 'zod';

/** A calendar date in Beijing time, `YYYY-MM-DD`. */
export type IsoDate = string;

export interface ScheduleDay {
  date: IsoDate;
  /** the festival the notice names for this day, e.g. `国庆节` */
  name: string;
}

export interface HolidaySchedule {
  year: number;
  holidays: ScheduleDay[];
  makeUpWorkdays: ScheduleDay[];
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `s` is a real calendar date written `YYYY-MM-DD` (2026-02-30 is not). */
export function isIsoDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** Day of the week of a calendar date: 0 Sunday … 6 Saturday (the date is a civil date, no time zone involved). */
export function dayOfWeek(date: IsoDate): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

export function isWeekend(date: IsoDate): boolean {
  const dow = dayOfWeek(date);
  return dow === 0 || dow === 6;
}

/** Years a schedule may be entered for (China has had no daylight saving time since 1991; Beijing time is UTC+8). */
export const SCHEDULE_YEAR_MIN = 2000;
export const SCHEDULE_YEAR_MAX = 2100;

const isoDateSchema = z.string().refine(isIsoDate, { message: 'a calendar date written YYYY-MM-DD' });

export const scheduleDaySchema = z.strictObject({
  date: isoDateSchema,
  name: z.string().trim().min(1).max(40),
});

/**
 * A year's schedule as the authority submits it. Besides shape, it refuses:
 *  - a date outside the schedule's year;
 *  - the same date listed twice as a holiday (or twice as a make-up workday);
 *  - a date that is both a holiday and a make-up workday;
 *  - a make-up workday that is not a Saturday or a Sunday (a weekday is a working day already).
 * Issue messages name the rule and the path, never echo the submitted value.
 */
export const holidayScheduleSchema = z
  .strictObject({
    year: z.number().int().min(SCHEDULE_YEAR_MIN).max(SCHEDULE_YEAR_MAX),
    holidays: z.array(scheduleDaySchema).min(1).max(366),
    makeUpWorkdays: z.array(scheduleDaySchema).max(366),
  })
  .superRefine((s, ctx) => {
    const prefix = `${s.year}-`;
    const holidayDates = new Set<string>();
    s.holidays.forEach((h, i) => {
      if (!isIsoDate(h.date)) return; // already reported by the field schema
      if (!h.date.startsWith(prefix)) {
        ctx.addIssue({ code: 'custom', path: ['holidays', i, 'date'], message: 'the date is not in the schedule year' });
      }
      if (holidayDates.has(h.date)) {
        ctx.addIssue({ code: 'custom', path: ['holidays', i, 'date'], message: 'the holiday is listed more than once' });
      }
      holidayDates.add(h.date);
    });
    const workdayDates = new Set<string>();
    s.makeUpWorkdays.forEach((w, i) => {
      if (!isIsoDate(w.date)) return;
      if (!w.date.startsWith(prefix)) {
        ctx.addIssue({ code: 'custom', path: ['makeUpWorkdays', i, 'date'], message: 'the date is not in the schedule year' });
      }
      if (workdayDates.has(w.date)) {
        ctx.addIssue({ code: 'custom', path: ['makeUpWorkdays', i, 'date'], message: 'the make-up workday is listed more than once' });
      }
      workdayDates.add(w.date);
      if (holidayDates.has(w.date)) {
        ctx.addIssue({ code: 'custom', path: ['makeUpWorkdays', i, 'date'], message: 'the date is also listed as a holiday' });
      }
      if (!isWeekend(w.date)) {
        ctx.addIssue({ code: 'custom', path: ['makeUpWorkdays', i, 'date'], message: 'a make-up workday must be a Saturday or a Sunday' });
      }
    });
  });

// The schema's output and the interface above are the same shape (checked at compile time, both ways).
type SchemaOutput = z.output<typeof holidayScheduleSchema>;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _shapeCheck: Same<SchemaOutput, HolidaySchedule> = true;
void _shapeCheck;
