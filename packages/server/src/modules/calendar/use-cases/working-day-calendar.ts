import { seedHolidaySchedules, WorkingDayCalendar } from '@shuyun/core';
import type { Deps } from '../../../deps.ts';
import { systemContext, type Tx } from '../../../db/database.ts';
import * as store from '../store.ts';

/**
 * The working-day calendar as the database knows it: exactly the years entered, no more. A deadline that reaches
 * a year nobody entered fails loudly (CALENDAR_YEAR_UNKNOWN), never silently Monday–Friday.
 */
export async function workingDayCalendar(tx: Tx): Promise<WorkingDayCalendar> {
  const rows = await store.listSchedules(tx);
  return new WorkingDayCalendar(rows.map((r) => r.schedule), { timeZone: 'Asia/Shanghai' });
}

/** On every start: the State Council schedules the platform ships with (2024–2026) are entered if missing. */
export async function enterShippedSchedules(deps: Pick<Deps, 'db' | 'clock'>): Promise<number[]> {
  return deps.db.tx(systemContext('holiday schedules'), async (tx) => {
    const entered: number[] = [];
    for (const schedule of seedHolidaySchedules) {
      if (await store.insertSchedule(tx, schedule, 'seed:chinese-days', null, deps.clock.now())) entered.push(schedule.year);
    }
    return entered;
  });
}
