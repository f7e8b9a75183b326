// 第十八條: each review stage must be completed "within 5 working days from the day the application (or the
// opinion) is received" (自收到…之日起5個工作日內). These scenarios are written as the regulation reads; every
// expected date below was worked out by hand from the State Council notices, not computed by a library.
import { describe, expect, it } from 'vitest';
import type { HolidaySchedule } from './holiday-schedule.ts';
import { seedHolidaySchedules } from './seed-schedules.ts';
import { CalendarYearUnknownError, WorkingDayCalendar } from './working-days.ts';

const calendar = new WorkingDayCalendar([...seedHolidaySchedules], { timeZone: 'Asia/Shanghai' });
const STAGE = 5; // working days per stage (Art. 18)

/** an instant in Beijing time */
const at = (beijing: string): Date => new Date(`${beijing}+08:00`);
/** the end of a Beijing day: how every deadline looks */
const endOf = (date: string): Date => at(`${date}T23:59:59.999`);

describe('2026 National Day (holidays Thu 10-01 … Wed 10-07; make-up workdays Sun 09-20 and Sat 10-10)', () => {
  it('the operator receives an application on Monday 2026-09-28; its 5 working days end on Saturday 2026-10-10 (調休) at 24:00', () => {
    const received = at('2026-09-28T10:00:00');
    expect([1, 2, 3, 4, 5].map((n) => calendar.nthWorkingDayAfter(received, n))).toEqual([
      '2026-09-29', // Tue, day 1
      '2026-09-30', // Wed, day 2
      '2026-10-08', // Thu, day 3 — the Golden Week is skipped
      '2026-10-09', // Fri, day 4
      '2026-10-10', // Sat, day 5 — a make-up workday
    ]);
    expect(calendar.addWorkingDays(received, STAGE)).toEqual(endOf('2026-10-10'));
  });

  it('the authority receives an application on Wednesday 2026-09-30, the last day before the holiday; it must decide by Tuesday 2026-10-13', () => {
    const deadline = calendar.addWorkingDays(at('2026-09-30T17:45:00'), STAGE);
    // 10-08 Thu, 10-09 Fri, 10-10 Sat (調休), [10-11 Sun], 10-12 Mon, 10-13 Tue
    expect(deadline).toEqual(endOf('2026-10-13'));
    expect(deadline.toISOString()).toBe('2026-10-13T15:59:59.999Z');
  });

  it('an application received at 23:59 on 09-29 is due on Monday 10-12; one received a minute after midnight Beijing time (still 09-29 in UTC) is due on Tuesday 10-13', () => {
    expect(calendar.addWorkingDays(at('2026-09-29T23:59:00'), STAGE)).toEqual(endOf('2026-10-12'));
    const justAfterMidnight = at('2026-09-30T00:01:00');
    expect(justAfterMidnight.toISOString().slice(0, 10)).toBe('2026-09-29');
    expect(calendar.addWorkingDays(justAfterMidnight, STAGE)).toEqual(endOf('2026-10-13'));
  });

  it('an application submitted during the holiday (Saturday 2026-10-03) starts counting on the next working day, Thursday 10-08, as day 1', () => {
    expect(calendar.nthWorkingDayAfter(at('2026-10-03T11:00:00'), 1)).toBe('2026-10-08');
    expect(calendar.addWorkingDays(at('2026-10-03T11:00:00'), STAGE)).toEqual(endOf('2026-10-13'));
  });

  it('an application received on Thursday 2026-09-24, before Mid-Autumn (Fri 09-25 … Sun 09-27), is due on Friday 2026-10-09', () => {
    // 09-28 Mon, 09-29 Tue, 09-30 Wed, [10-01 … 10-07], 10-08 Thu, 10-09 Fri
    expect(calendar.addWorkingDays(at('2026-09-24T15:00:00'), STAGE)).toEqual(endOf('2026-10-09'));
  });

  it('an application received on Friday 2026-09-18 has the make-up Sunday 09-20 as its day 1 and is due on Thursday 09-24', () => {
    expect(calendar.nthWorkingDayAfter(at('2026-09-18T16:00:00'), 1)).toBe('2026-09-20');
    expect(calendar.addWorkingDays(at('2026-09-18T16:00:00'), STAGE)).toEqual(endOf('2026-09-24'));
  });

  it('a partner’s application received on 09-28 runs through all three stages, each using its full 5 working days', () => {
    // operator 初審: received Mon 09-28 → due Sat 10-10 (調休)
    const operatorDue = calendar.addWorkingDays(at('2026-09-28T10:00:00'), STAGE);
    expect(operatorDue).toEqual(endOf('2026-10-10'));
    // the operator passes it on at 18:00 on the make-up Saturday; 評估確認: 10-12 Mon … 10-16 Fri
    const authorityDue = calendar.addWorkingDays(at('2026-10-10T18:00:00'), STAGE);
    expect(authorityDue).toEqual(endOf('2026-10-16'));
    // the authority sends its opinion on Fri 10-16; the source department's 確認意見: 10-19 Mon … 10-23 Fri
    expect(calendar.addWorkingDays(at('2026-10-16T16:30:00'), STAGE)).toEqual(endOf('2026-10-23'));
  });

  it('the operator is on time until 24:00 on Saturday 10-10; from 00:00 on 10-11 it is late, by one working day on Monday 10-12', () => {
    const deadline = calendar.addWorkingDays(at('2026-09-28T10:00:00'), STAGE);
    expect(at('2026-10-10T23:59:59.999').getTime() <= deadline.getTime()).toBe(true);
    expect(at('2026-10-11T00:00:00').getTime() > deadline.getTime()).toBe(true);
    expect(calendar.workingDaysBetween(deadline, at('2026-10-11T10:00:00'))).toBe(0); // late, but Sunday is no working day
    expect(calendar.workingDaysBetween(deadline, at('2026-10-12T09:00:00'))).toBe(1);
    // and on Thursday 10-08 the stage was in its working day 3 of 5
    expect(calendar.workingDaysBetween(at('2026-09-28T10:00:00'), at('2026-10-08T09:00:00'))).toBe(3);
  });
});

describe('2025 Spring Festival (holidays Tue 01-28 … Tue 02-04; make-up workdays Sun 01-26 and Sat 02-08)', () => {
  it('an application received on Friday 2025-01-24 counts the make-up Sunday 01-26 as day 1 and is due on Friday 2025-02-07', () => {
    const received = at('2025-01-24T14:00:00');
    expect([1, 2, 3, 4, 5].map((n) => calendar.nthWorkingDayAfter(received, n))).toEqual([
      '2025-01-26', // Sun, 調休
      '2025-01-27', // Mon
      '2025-02-05', // Wed, after the festival
      '2025-02-06',
      '2025-02-07',
    ]);
    expect(calendar.addWorkingDays(received, STAGE)).toEqual(endOf('2025-02-07'));
  });

  it('an application received on Monday 2025-01-27 (the last working day before the festival) is due on Monday 2025-02-10, the make-up Saturday 02-08 being day 4', () => {
    expect(calendar.nthWorkingDayAfter(at('2025-01-27T09:00:00'), 4)).toBe('2025-02-08');
    expect(calendar.addWorkingDays(at('2025-01-27T09:00:00'), STAGE)).toEqual(endOf('2025-02-10'));
  });

  it('an application submitted on New Year’s Eve of the lunar year (除夕, Tuesday 2025-01-28, a holiday) is also due on 2025-02-10', () => {
    expect(calendar.addWorkingDays(at('2025-01-28T20:00:00'), STAGE)).toEqual(endOf('2025-02-10'));
  });

  it('an application received on Tuesday 2024-12-31 crosses into 2025 (both years are known) and skips 元旦: due Wednesday 2025-01-08', () => {
    expect(calendar.addWorkingDays(at('2024-12-31T16:00:00'), STAGE)).toEqual(endOf('2025-01-08'));
  });
});

describe('2026 Spring Festival (holidays Sun 02-15 … Mon 02-23; make-up workdays Sat 02-14 and Sat 02-28)', () => {
  it('an application received on Thursday 2026-02-12 is due on Thursday 2026-02-26 (02-13, 02-14 調休, 02-24, 02-25, 02-26)', () => {
    expect(calendar.addWorkingDays(at('2026-02-12T11:00:00'), STAGE)).toEqual(endOf('2026-02-26'));
  });

  it('an application received on the make-up Saturday 2026-02-14 is due on the make-up Saturday 2026-02-28', () => {
    expect(calendar.isWorkingDay('2026-02-14')).toBe(true);
    expect(calendar.addWorkingDays(at('2026-02-14T10:00:00'), STAGE)).toEqual(endOf('2026-02-28'));
  });

  it('an application submitted on the first day of the lunar year (Tuesday 2026-02-17) starts with 02-24 as day 1 and is due on Saturday 2026-02-28', () => {
    expect(calendar.nthWorkingDayAfter(at('2026-02-17T09:00:00'), 1)).toBe('2026-02-24');
    expect(calendar.addWorkingDays(at('2026-02-17T09:00:00'), STAGE)).toEqual(endOf('2026-02-28'));
  });

  it('an application received on Friday 2026-02-27 has Saturday 02-28 as day 1 and is due on Thursday 2026-03-05', () => {
    expect(calendar.addWorkingDays(at('2026-02-27T17:00:00'), STAGE)).toEqual(endOf('2026-03-05'));
  });
});

describe('an ordinary weekend', () => {
  it('an application submitted on Saturday 2026-03-07 counts Monday 03-09 as day 1 and is due on Friday 2026-03-13', () => {
    expect(calendar.addWorkingDays(at('2026-03-07T10:00:00'), STAGE)).toEqual(endOf('2026-03-13'));
  });
});

describe('the end of 2026, before the State Council has been entered for 2027', () => {
  it('an application received on Monday 2026-12-28 has no computable deadline: it fails loudly with the year 2027', () => {
    // days 1–3 are 12-29, 12-30, 12-31; day 4 would be in 2027, whose schedule nobody has entered
    const e = (() => {
      try {
        return calendar.addWorkingDays(at('2026-12-28T10:00:00'), STAGE);
      } catch (err) {
        return err;
      }
    })();
    expect(e).toBeInstanceOf(CalendarYearUnknownError);
    expect(e).toMatchObject({ code: 'CALENDAR_YEAR_UNKNOWN', year: 2027 });
  });

  it('an opinion received on 2026-12-31 fails as well, even for a single working day', () => {
    expect(() => calendar.addWorkingDays(at('2026-12-31T09:00:00'), 1)).toThrow(CalendarYearUnknownError);
  });

  it('once the authority enters the 2027 schedule, the same application is due on Tuesday 2027-01-05', () => {
    // HYPOTHETICAL 2027 data for this test only (元旦 on Fri 01-01 … Sun 01-03): not the State Council's notice.
    const hypothetical2027: HolidaySchedule = {
      year: 2027,
      holidays: [
        { date: '2027-01-01', name: '元旦' },
        { date: '2027-01-02', name: '元旦' },
        { date: '2027-01-03', name: '元旦' },
      ],
      makeUpWorkdays: [],
    };
    const extended = new WorkingDayCalendar([...seedHolidaySchedules, hypothetical2027], { timeZone: 'Asia/Shanghai' });
    // 12-29, 12-30, 12-31, 01-04 Mon, 01-05 Tue
    expect(extended.addWorkingDays(at('2026-12-28T10:00:00'), STAGE)).toEqual(endOf('2027-01-05'));
  });
});
