import { beijingDateOf } from '@shuyun/core';
import type { Deps } from '../../../deps.ts';
import { type Actor, tenantContext } from '../../../policy/actor.ts';
import { authorize } from '../../../policy/decide.ts';
import * as store from '../store.ts';

/** Days of product API calls the dashboard draws, today included. */
export const CALL_DAYS = 30;
const DAY_MS = 86_400_000;
const micro = (n: number | null) => (n === null ? null : n / 1e6);

/**
 * The supervision dashboards (Art. 14, 39): applications by state and review stage with what is overdue, metered
 * product API calls, privacy budget spent, exports by state, suspensions. Read-only and across tenants, so only
 * for the authority and regulators (anyone else learns nothing of it: 404); it reads in the caller's own tenant
 * context, where row-level security already lets supervisors see every tenant's rows.
 */
export async function readDashboard(deps: Pick<Deps, 'db' | 'clock'>, actor: Actor) {
  authorize(actor, 'supervision.dashboard', {});
  const now = deps.clock.now();
  const today = beijingDateOf(now);
  const fromDay = beijingDateOf(new Date(now.getTime() - (CALL_DAYS - 1) * DAY_MS));
  return deps.db.tx(tenantContext(actor), async (tx) => {
    const byState = await store.applicationsByState(tx);
    const openStages = await store.openStagesByKind(tx, now);
    const closedLate = await store.closedLateByKind(tx);
    const overdue = await store.overdueStages(tx, now, 20);
    const callsTotal = await store.apiCallsTotal(tx);
    const callsByDay = await store.apiCallsByDay(tx, fromDay);
    const callsByProduct = await store.apiCallsByProduct(tx, 10);
    const epsilon = await store.epsilonTotals(tx);
    const epsilonByGrant = await store.epsilonByGrant(tx, 10);
    const exportsByState = await store.exportsByState(tx);
    const actionsByKind = await store.actionsByKind(tx);
    const actions = await store.listActions(tx);
    const orgs = await store.suspendedOrganizations(tx);
    const admissions = await store.suspendedAdmissions(tx);

    // the latest suspension of each suspended organization (or admission) says since when and until when to rectify
    const latestSuspension = (orgId: string, admissionId: string | null) =>
      actions.find((a) => a.kind === 'suspend' && a.targetOrgId === orgId && (admissionId === null ? a.admissionId === null : a.admissionId === admissionId));
    const current = [
      ...orgs.map((o) => ({ orgId: o.id, orgType: o.type, admissionId: null, operatorOrgId: null, action: latestSuspension(o.id, null) })),
      ...admissions.map((a) => ({ orgId: a.partnerOrgId, orgType: 'partner' as const, admissionId: a.id, operatorOrgId: a.operatorOrgId, action: latestSuspension(a.partnerOrgId, a.id) })),
    ].map(({ action, ...c }) => ({ ...c, since: action?.actedAt.toISOString() ?? null, rectificationDue: action?.rectificationDue ?? null, reasons: action?.reasons ?? null }));

    return {
      generatedAt: now.toISOString(),
      applications: {
        total: byState.reduce((n, r) => n + r.count, 0),
        byState,
        stages: openStages.map((s) => ({ ...s, closedLate: closedLate.find((c) => c.kind === s.kind)?.count ?? 0 })).concat(
          closedLate.filter((c) => !openStages.some((s) => s.kind === c.kind)).map((c) => ({ kind: c.kind, open: 0, overdue: 0, closedLate: c.count })),
        ),
        overdue: overdue.map((o) => ({ ...o, dueAt: o.dueAt.toISOString() })),
      },
      productCalls: { total: callsTotal, from: fromDay, until: today, byDay: callsByDay, byProduct: callsByProduct },
      epsilon: {
        grants: epsilon.grants,
        total: epsilon.totalMicro / 1e6,
        spent: epsilon.spentMicro / 1e6,
        byGrant: epsilonByGrant.map(({ totalMicro, spentMicro, ...g }) => ({ ...g, epsilonTotal: micro(totalMicro), epsilonSpent: spentMicro / 1e6 })),
      },
      exports: { total: exportsByState.reduce((n, r) => n + r.count, 0), byState: exportsByState },
      suspensions: { byKind: actionsByKind, current },
    };
  });
}
