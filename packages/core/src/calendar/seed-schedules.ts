// The State Council holiday schedules for 2024, 2025 and 2026, committed as literal data.
//
// Produced ONCE from chinese-days@1.5.7 (the package is not needed at run time: later years are entered by the
// authority through the API). The festival blocks and 調休 days were also read against the State Council notices
// for 2024, 2025 and 2026 (國務院辦公廳關於…年部分節假日安排的通知). Names are chinese-days' Chinese festival names,
// verbatim. The generator, saved as gen.mjs and run with `TZ=UTC node gen.mjs` from the repository root (so that
// `chinese-days` resolves; TZ matters because chinese-days reads 'YYYY-MM-DD' as UTC midnight but formats dates in
// the process's local time, which shifts every date by one west of UTC), was:
//
//   import chineseDays from 'chinese-days';
//   const iso = (t) => new Date(t).toISOString().slice(0, 10);
//   const nameOf = (d) => chineseDays.getDayDetail(d).name.split(',')[1];
//   const out = [2024, 2025, 2026].map((year) => {
//     const days = [];
//     for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += 86_400_000) days.push(iso(t));
//     const weekend = (d) => [0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay());
//     return {
//       year,
//       holidays: chineseDays.getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false).map((date) => ({ date, name: nameOf(date) })),
//       makeUpWorkdays: days.filter((d) => weekend(d) && chineseDays.isWorkday(d)).map((date) => ({ date, name: nameOf(date) })),
//     };
//   });
//   console.log(JSON.stringify(out, null, 2));
//
// seed-schedules.test.ts re-runs the same extraction and compares it with this file, and compares every day of
// 2024–2026 against chinese-days' isWorkday, so the two cannot drift apart silently.

import type { HolidaySchedule } from './holiday-schedule.ts';

export const schedule2024: HolidaySchedule = {
  year: 2024,
  holidays: [
    { date: '2024-01-01', name: '元旦' },
    { date: '2024-02-10', name: '春节' },
    { date: '2024-02-11', name: '春节' },
    { date: '2024-02-12', name: '春节' },
    { date: '2024-02-13', name: '春节' },
    { date: '2024-02-14', name: '春节' },
    { date: '2024-02-15', name: '春节' },
    { date: '2024-02-16', name: '春节' },
    { date: '2024-02-17', name: '春节' },
    { date: '2024-04-04', name: '清明' },
    { date: '2024-04-05', name: '清明' },
    { date: '2024-04-06', name: '清明' },
    { date: '2024-05-01', name: '劳动节' },
    { date: '2024-05-02', name: '劳动节' },
    { date: '2024-05-03', name: '劳动节' },
    { date: '2024-05-04', name: '劳动节' },
    { date: '2024-05-05', name: '劳动节' },
    { date: '2024-06-10', name: '端午' },
    { date: '2024-09-15', name: '中秋' },
    { date: '2024-09-16', name: '中秋' },
    { date: '2024-09-17', name: '中秋' },
    { date: '2024-10-01', name: '国庆节' },
    { date: '2024-10-02', name: '国庆节' },
    { date: '2024-10-03', name: '国庆节' },
    { date: '2024-10-04', name: '国庆节' },
    { date: '2024-10-05', name: '国庆节' },
    { date: '2024-10-06', name: '国庆节' },
    { date: '2024-10-07', name: '国庆节' },
  ],
  makeUpWorkdays: [
    { date: '2024-02-04', name: '春节' },
    { date: '2024-02-18', name: '春节' },
    { date: '2024-04-07', name: '清明' },
    { date: '2024-04-28', name: '劳动节' },
    { date: '2024-05-11', name: '劳动节' },
    { date: '2024-09-14', name: '中秋' },
    { date: '2024-09-29', name: '国庆节' },
    { date: '2024-10-12', name: '国庆节' },
  ],
};

export const schedule2025: HolidaySchedule = {
  year: 2025,
  holidays: [
    { date: '2025-01-01', name: '元旦' },
    { date: '2025-01-28', name: '春节' },
    { date: '2025-01-29', name: '春节' },
    { date: '2025-01-30', name: '春节' },
    { date: '2025-01-31', name: '春节' },
    { date: '2025-02-01', name: '春节' },
    { date: '2025-02-02', name: '春节' },
    { date: '2025-02-03', name: '春节' },
    { date: '2025-02-04', name: '春节' },
    { date: '2025-04-04', name: '清明' },
    { date: '2025-04-05', name: '清明' },
    { date: '2025-04-06', name: '清明' },
    { date: '2025-05-01', name: '劳动节' },
    { date: '2025-05-02', name: '劳动节' },
    { date: '2025-05-03', name: '劳动节' },
    { date: '2025-05-04', name: '劳动节' },
    { date: '2025-05-05', name: '劳动节' },
    { date: '2025-05-31', name: '端午' },
    { date: '2025-06-01', name: '端午' },
    { date: '2025-06-02', name: '端午' },
    { date: '2025-10-01', name: '国庆节' },
    { date: '2025-10-02', name: '国庆节' },
    { date: '2025-10-03', name: '国庆节' },
    { date: '2025-10-04', name: '国庆节' },
    { date: '2025-10-05', name: '国庆节' },
    { date: '2025-10-06', name: '中秋' },
    { date: '2025-10-07', name: '国庆节' },
    { date: '2025-10-08', name: '国庆节' },
  ],
  makeUpWorkdays: [
    { date: '2025-01-26', name: '春节' },
    { date: '2025-02-08', name: '春节' },
    { date: '2025-04-27', name: '劳动节' },
    { date: '2025-09-28', name: '国庆节' },
    { date: '2025-10-11', name: '国庆节' },
  ],
};

export const schedule2026: HolidaySchedule = {
  year: 2026,
  holidays: [
    { date: '2026-01-01', name: '元旦' },
    { date: '2026-01-02', name: '元旦' },
    { date: '2026-01-03', name: '元旦' },
    { date: '2026-02-15', name: '春节' },
    { date: '2026-02-16', name: '春节' },
    { date: '2026-02-17', name: '春节' },
    { date: '2026-02-18', name: '春节' },
    { date: '2026-02-19', name: '春节' },
    { date: '2026-02-20', name: '春节' },
    { date: '2026-02-21', name: '春节' },
    { date: '2026-02-22', name: '春节' },
    { date: '2026-02-23', name: '春节' },
    { date: '2026-04-04', name: '清明' },
    { date: '2026-04-05', name: '清明' },
    { date: '2026-04-06', name: '清明' },
    { date: '2026-05-01', name: '劳动节' },
    { date: '2026-05-02', name: '劳动节' },
    { date: '2026-05-03', name: '劳动节' },
    { date: '2026-05-04', name: '劳动节' },
    { date: '2026-05-05', name: '劳动节' },
    { date: '2026-06-19', name: '端午' },
    { date: '2026-06-20', name: '端午' },
    { date: '2026-06-21', name: '端午' },
    { date: '2026-09-25', name: '中秋' },
    { date: '2026-09-26', name: '中秋' },
    { date: '2026-09-27', name: '中秋' },
    { date: '2026-10-01', name: '国庆节' },
    { date: '2026-10-02', name: '国庆节' },
    { date: '2026-10-03', name: '国庆节' },
    { date: '2026-10-04', name: '国庆节' },
    { date: '2026-10-05', name: '国庆节' },
    { date: '2026-10-06', name: '国庆节' },
    { date: '2026-10-07', name: '国庆节' },
  ],
  makeUpWorkdays: [
    { date: '2026-01-04', name: '元旦' },
    { date: '2026-02-14', name: '春节' },
    { date: '2026-02-28', name: '春节' },
    { date: '2026-05-09', name: '劳动节' },
    { date: '2026-09-20', name: '国庆节' },
    { date: '2026-10-10', name: '国庆节' },
  ],
};

/** The schedules the platform is seeded with (the calendar table's initial rows). */
export const seedHolidaySchedules: readonly HolidaySchedule[] = [schedule2024, schedule2025, schedule2026];
