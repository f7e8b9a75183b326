// The seeded schedules are literal data; this test re-derives them from chinese-days (the source they were
// extracted from once) and checks every day of 2024–2026 against it. chinese-days is used here only: the platform
// does not import it at run time.
import chineseDays from 'chinese-days';
import { describe, expect, it } from 'vitest';
import type { HolidaySchedule, IsoDate } from './holiday-schedule.ts';
import { isWeekend } from './holiday-schedule.ts';
import { seedHolidaySchedules } from './seed-schedules.ts';
import { WorkingDayCalendar } from './working-days.ts';

const seededYears = [2024, 2025, 2026];

/**
 * chinese-days reads 'YYYY-MM-DD' as UTC midnight but formats dates in the process's local time: west of UTC every
 * date it returns is the day before. Comparing with it is only meaningful at UTC or east of it; fail loudly otherwise.
 */
function assertChineseDaysUsableHere(): void {
  if (new Date(Date.UTC(2026, 0, 1)).getDate() !== 1) {
    throw new Error('run this test with TZ=UTC or TZ=Asia/Shanghai: chinese-days shifts dates by a day west of UTC');
  }
}

function daysOf(year: number): IsoDate[] {
  const days: IsoDate[] = [];
  for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

/** The generator (same logic as the script quoted at the top of seed-schedules.ts). */
function extractScheduleFromChineseDays(year: number): HolidaySchedule {
  // chinese-days names a festival day "English,中文,n"; we keep the Chinese name.
  const nameOf = (d: IsoDate): string => chineseDays.getDayDetail(d).name.split(',')[1] ?? '';
  return {
    year,
    holidays: chineseDays.getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false).map((date) => ({ date, name: nameOf(date) })),
    makeUpWorkdays: daysOf(year)
      .filter((d) => isWeekend(d) && chineseDays.isWorkday(d))
      .map((date) => ({ date, name: nameOf(date) })),
  };
}

describe('seeded State Council schedules 2024–2026', () => {
  assertChineseDaysUsableHere();

  it('are exactly what chinese-days@1.5.7 gives (the committed literal has not drifted from its source)', () => {
    expect(seedHolidaySchedules.map((s) => s.year)).toEqual(seededYears);
    for (const year of seededYears) {
      expect(seedHolidaySchedules.find((s) => s.year === year)).toEqual(extractScheduleFromChineseDays(year));
    }
  });

  it('agree with chinese-days on every single day of 2024, 2025 and 2026', () => {
    const calendar = new WorkingDayCalendar([...seedHolidaySchedules], { timeZone: 'Asia/Shanghai' });
    const disagreements: string[] = [];
    let checked = 0;
    for (const year of seededYears) {
      for (const day of daysOf(year)) {
        checked++;
        if (calendar.isWorkingDay(day) !== chineseDays.isWorkday(day)) disagreements.push(day);
      }
    }
    expect(checked).toBe(366 + 365 + 365);
    expect(disagreements).toEqual([]);
  });

  it('have the shape of the published notices (holiday-day counts and 調休 days per year)', () => {
    const summary = seedHolidaySchedules.map((s) => ({ year: s.year, holidays: s.holidays.length, makeUp: s.makeUpWorkdays.map((d) => d.date) }));
    expect(summary).toEqual([
      { year: 2024, holidays: 28, makeUp: ['2024-02-04', '2024-02-18', '2024-04-07', '2024-04-28', '2024-05-11', '2024-09-14', '2024-09-29', '2024-10-12'] },
      { year: 2025, holidays: 28, makeUp: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'] },
      { year: 2026, holidays: 33, makeUp: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'] },
    ]);
  });
});
