import type { HolidaySchedule } from '@shuyun/core';
import { asc } from 'drizzle-orm';
import type { Tx } from '../../db/database.ts';
import { holidaySchedules } from '../../db/schema.ts';

export async function listSchedules(tx: Tx) {
  return tx.select().from(holidaySchedules).orderBy(asc(holidaySchedules.year));
}

/** Inserts a year's schedule unless that year is already entered; returns whether it was inserted. */
export async function insertSchedule(tx: Tx, schedule: HolidaySchedule, source: string, enteredBy: string | null, at: Date): Promise<boolean> {
  const rows = await tx
    .insert(holidaySchedules)
    .values({ year: schedule.year, schedule, source, enteredBy, enteredAt: at })
    .onConflictDoNothing({ target: holidaySchedules.year })
    .returning({ year: holidaySchedules.year });
  return rows.length > 0;
}
