// Working-day calendar (工作日) and stage deadlines.
//
// ── What the rules say ──────────────────────────────────────────────────────────────────────────────────────────
// 《福田區公共數據授權運營暫行管理辦法》第十八條:
//   「由區公共數據主管部門在收到授權運營單位申請之日起5個工作日內完成評估確認，數源部門應在接收區公共數據主管部門的
//     評估確認意見之日起5個工作日內給出是否授權的確認意見。」(and the same for the operator's 初審 of a partner's application)
// 《中華人民共和國民法典》第二百零一條: 「按照年、月、日計算期間的，開始的當日不計入，自下一日開始計算。」
// 《中華人民共和國民法典》第二百零三條第二款: 「期間的最後一日的截止時間為二十四時；有業務時間的，停止業務活動的時間為截止時間。」
// 《中華人民共和國行政許可法》第八十二條: 「本法規定的行政機關實施行政許可的期限以工作日計算，不含法定節假日。」
// A working day (工作日) is a day people work under the State Council's holiday schedule for that year: Monday to
// Friday unless the schedule makes it a holiday (放假), plus the Saturdays and Sundays it makes working days (調休上班).
//
// ── The convention this module implements ───────────────────────────────────────────────────────────────────────
// 1. Time zone. Every date is a calendar date in Beijing time (Asia/Shanghai, UTC+8, no daylight saving time since
//    1991). An instant (a `Date`) belongs to the Beijing date it falls on: 2026-09-29T16:30Z is 2026-09-30 00:30 in
//    Beijing, so it is a submission "on 2026-09-30". The server's own time zone never matters.
// 2. Day 1. "N working days from D" (自D之日起N個工作日內): the day D itself is not counted (開始的當日不計入);
//    counting starts with the day after D, and only working days are counted. Day 1 is the first working day
//    strictly after D. The time of day of the submission does not matter.
// 3. Submissions on rest days. A submission on a holiday or a weekend rest day is counted the same way: the next
//    working day is day 1. (This is rule 2 applied as is; it is not a special case.)
// 4. The deadline is the END of the N-th working day: 23:59:59.999 Beijing time that day (截止時間為二十四時; office
//    hours are not used), returned as a `Date`. An action is on time if it happens at or before that instant.
// 5. Make-up workdays (調休) are working days like any other: they can be day 1 … day N and can be the deadline.
// 6. Unknown years fail loudly. Whenever a computation needs to know whether a day is a working day and that day's
//    year has no schedule, it throws `CalendarYearUnknownError` carrying the year. It never falls back to
//    Monday–Friday. (The start day D itself is never looked up, so a stage started on 2023-12-31 with 2024 known
//    works; a stage whose count reaches 2027-01-01 without a 2027 schedule throws.)
//
// Worked example (2026 National Day: holidays 10-01…10-07, make-up workdays Sun 09-20 and Sat 10-10):
//   received Mon 2026-09-28 → day 1 Tue 09-29, day 2 Wed 09-30, (10-01…10-07 off), day 3 Thu 10-08, day 4 Fri 10-09,
//   day 5 Sat 10-10 (調休) → deadline 2026-10-10 23:59:59.999 +08:00.
//
// Whether the clock pauses while an application is returned for more information is a workflow decision, made by
// the workflow: it restarts or resumes a count with this calendar, which only counts.

import { DomainError } from '../errors/catalogue.ts';
import { holidayScheduleSchema, isIsoDate, isWeekend } from './holiday-schedule.ts';
import type { HolidaySchedule, IsoDate } from './holiday-schedule.ts';

const DAY_MS = 86_400_000;
/** Beijing time is UTC+8 all year round. */
export const BEIJING_UTC_OFFSET_MS = 8 * 3_600_000;

/** A computation needed a day of a year whose State Council schedule has not been entered. */
export class CalendarYearUnknownError extends DomainError {
  /** the year whose schedule is missing */
  readonly year: number;
  constructor(year: number) {
    super('CALENDAR_YEAR_UNKNOWN', [{ path: `/calendar/${year}`, reason: 'no_schedule', message: `no State Council holiday schedule for ${year}` }]);
    this.name = 'CalendarYearUnknownError';
    this.year = year;
  }
}

/** The Beijing calendar date an instant falls on. */
export function beijingDateOf(instant: Date): IsoDate {
  const t = instant.getTime();
  if (Number.isNaN(t)) throw new RangeError('invalid Date');
  return new Date(t + BEIJING_UTC_OFFSET_MS).toISOString().slice(0, 10);
}

/** 00:00:00.000 Beijing time on `date`. */
export function startOfBeijingDay(date: IsoDate): Date {
  return new Date(dayNumber(requireIsoDate(date)) * DAY_MS - BEIJING_UTC_OFFSET_MS);
}

/** 23:59:59.999 Beijing time on `date`: the end of a deadline day. */
export function endOfBeijingDay(date: IsoDate): Date {
  return new Date((dayNumber(requireIsoDate(date)) + 1) * DAY_MS - BEIJING_UTC_OFFSET_MS - 1);
}

export type DayKind =
  | 'workday' //          Monday–Friday, not a holiday
  | 'make_up_workday' //  a Saturday or Sunday the schedule makes a working day (調休上班)
  | 'holiday' //          a day off the schedule announces (放假), weekend days inside a festival included
  | 'rest_day'; //        an ordinary Saturday or Sunday

export interface CalendarDay {
  date: IsoDate;
  working: boolean;
  kind: DayKind;
  /** the festival name for holidays and make-up workdays, otherwise null */
  name: string | null;
}

export interface WorkingDayCalendarOptions {
  /** stated explicitly so no caller can believe the calendar follows the server's zone */
  timeZone: 'Asia/Shanghai';
}

/** A date as the calendar accepts it: an instant (read in Beijing time) or a Beijing calendar date `YYYY-MM-DD`. */
export type DateInput = Date | IsoDate;

interface YearData {
  holidays: ReadonlyMap<IsoDate, string>;
  makeUpWorkdays: ReadonlyMap<IsoDate, string>;
}

export class WorkingDayCalendar {
  readonly timeZone: 'Asia/Shanghai' = 'Asia/Shanghai';
  private readonly years = new Map<number, YearData>();

  /** Throws a RangeError if a schedule is invalid (same rules as the API schema) or a year is given twice. */
  constructor(schedules: readonly HolidaySchedule[], opts: WorkingDayCalendarOptions) {
    if (opts.timeZone !== 'Asia/Shanghai') throw new RangeError('the working-day calendar is defined in Asia/Shanghai time only');
    for (const raw of schedules) {
      const parsed = holidayScheduleSchema.safeParse(raw);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => `/${i.path.join('/')}: ${i.message}`).join('; ');
        throw new RangeError(`invalid holiday schedule: ${issues}`);
      }
      const s = parsed.data;
      if (this.years.has(s.year)) throw new RangeError(`two holiday schedules for ${s.year}`);
      this.years.set(s.year, {
        holidays: new Map(s.holidays.map((d) => [d.date, d.name])),
        makeUpWorkdays: new Map(s.makeUpWorkdays.map((d) => [d.date, d.name])),
      });
    }
  }

  /** The years this calendar has a schedule for, ascending. */
  get knownYears(): number[] {
    return [...this.years.keys()].sort((a, b) => a - b);
  }

  hasYear(year: number): boolean {
    return this.years.has(year);
  }

  /** What the schedule says about a day. Throws CalendarYearUnknownError if the day's year has no schedule. */
  describeDay(date: DateInput): CalendarDay {
    return this.describe(toIsoDate(date));
  }

  /** Whether the (Beijing) day is a working day. Throws CalendarYearUnknownError if its year has no schedule. */
  isWorkingDay(date: DateInput): boolean {
    return this.describe(toIsoDate(date)).working;
  }

  /** The Beijing date of the n-th working day after `start`'s day (n ≥ 1; the start day itself is never counted). */
  nthWorkingDayAfter(start: DateInput, n: number): IsoDate {
    if (!Number.isSafeInteger(n) || n < 1) throw new RangeError('n must be a whole number of working days, at least 1');
    let day = dayNumber(toIsoDate(start));
    let counted = 0;
    // Terminates: every known year is finite, and the first day of an unknown year throws.
    for (;;) {
      day += 1;
      const iso = isoOfDayNumber(day);
      if (this.describe(iso).working && ++counted === n) return iso;
    }
  }

  /**
   * The deadline of "n working days from `start`": the end (23:59:59.999 Beijing time) of the n-th working day after
   * `start`'s Beijing date. Throws CalendarYearUnknownError if the count needs a day of a year with no schedule.
   */
  addWorkingDays(start: DateInput, n: number): Date {
    return endOfBeijingDay(this.nthWorkingDayAfter(start, n));
  }

  /**
   * The number of working days after `a`'s Beijing date up to and including `b`'s Beijing date; negative when `b` is
   * earlier (−workingDaysBetween(b, a)); 0 on the same day. It is the inverse of addWorkingDays:
   * workingDaysBetween(d, addWorkingDays(d, n)) === n. Uses:
   *  - which working day of a stage `now` is in: workingDaysBetween(startedAt, now) (day 1 is the first after the start);
   *  - how many working days a stage is late: workingDaysBetween(deadline, now) (whether it is late at all is
   *    simply now > deadline).
   * Throws CalendarYearUnknownError if a day in the range belongs to a year with no schedule.
   */
  workingDaysBetween(a: DateInput, b: DateInput): number {
    const from = dayNumber(toIsoDate(a));
    const to = dayNumber(toIsoDate(b));
    if (to < from) return -this.countWorkingDays(to, from);
    return this.countWorkingDays(from, to);
  }

  /** working days in the day numbers (from, to] */
  private countWorkingDays(from: number, to: number): number {
    let n = 0;
    for (let day = from + 1; day <= to; day++) if (this.describe(isoOfDayNumber(day)).working) n++;
    return n;
  }

  private describe(date: IsoDate): CalendarDay {
    const year = Number(date.slice(0, 4));
    const data = this.years.get(year);
    if (!data) throw new CalendarYearUnknownError(year);
    const makeUp = data.makeUpWorkdays.get(date);
    if (makeUp !== undefined) return { date, working: true, kind: 'make_up_workday', name: makeUp };
    const holiday = data.holidays.get(date);
    if (holiday !== undefined) return { date, working: false, kind: 'holiday', name: holiday };
    return isWeekend(date)
      ? { date, working: false, kind: 'rest_day', name: null }
      : { date, working: true, kind: 'workday', name: null };
  }
}

function requireIsoDate(date: string): IsoDate {
  if (!isIsoDate(date)) throw new RangeError('expected a calendar date written YYYY-MM-DD');
  return date;
}

function toIsoDate(input: DateInput): IsoDate {
  return input instanceof Date ? beijingDateOf(input) : requireIsoDate(input);
}

/** days since 1970-01-01 of a civil date */
function dayNumber(date: IsoDate): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

function isoOfDayNumber(day: number): IsoDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}
