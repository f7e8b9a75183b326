import { DomainError, type HolidaySchedule, WorkingDayCalendar } from '@shuyun/core';
import type { Deps } from '../../../deps.ts';
import { type Actor, tenantContext } from '../../../policy/actor.ts';
import { authorize } from '../../../policy/decide.ts';
import { appendToLedger } from '../../ledger/index.ts';
import * as store from '../store.ts';

/**
 * The authority enters a year's State Council holiday schedule when it is published. A year is entered once:
 * deadlines already computed with it must stay true, so a year is never replaced through the API.
 */
export async function enterSchedule(deps: Pick<Deps, 'db' | 'clock'>, actor: Actor, schedule: HolidaySchedule) {
  authorize(actor, 'calendar.enter', {});
  new WorkingDayCalendar([schedule], { timeZone: 'Asia/Shanghai' }); // the same rules as the schema, once more in core
  return deps.db.tx(tenantContext(actor), async (tx) => {
    if (!(await store.insertSchedule(tx, schedule, 'authority', actor.userId, deps.clock.now()))) throw new DomainError('CALENDAR_YEAR_EXISTS');
    await appendToLedger(tx, deps.clock, {
      actor: { userId: actor.userId, orgId: actor.orgId },
      action: 'calendar.schedule_entered',
      entity: { type: 'holiday_schedule', id: String(schedule.year) },
      payload: { year: schedule.year, holidays: schedule.holidays.length, makeUpWorkdays: schedule.makeUpWorkdays.length },
    });
    return { years: (await store.listSchedules(tx)).map((r) => r.year) };
  });
}

export async function listSchedules(deps: Pick<Deps, 'db'>, actor: Actor) {
  return deps.db.tx(tenantContext(actor), async (tx) => (await store.listSchedules(tx)).map((r) => ({ ...r.schedule, source: r.source, enteredAt: r.enteredAt.toISOString() })));
}
