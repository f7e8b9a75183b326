import { and, desc, eq, gte, isNotNull, isNull, or, sql } from 'drizzle-orm';
import type { Tx } from '../../db/database.ts';
import { applicationStages, applications, exportRequests, grants, handoverTasks, organizations, partnerAdmissions, products, supervisionActions, usageRecords } from '../../db/schema.ts';

export type HandoverRow = typeof handoverTasks.$inferSelect;

export async function insertAction(tx: Tx, values: typeof supervisionActions.$inferInsert) {
  const [row] = await tx.insert(supervisionActions).values(values).returning();
  return row!;
}

export async function listActions(tx: Tx) {
  return tx.select().from(supervisionActions).orderBy(desc(supervisionActions.actedAt)).limit(500);
}

export async function insertHandover(tx: Tx, values: typeof handoverTasks.$inferInsert) {
  const [row] = await tx.insert(handoverTasks).values(values).returning();
  return row!;
}

export async function findHandover(tx: Tx, id: string) {
  const [row] = await tx.select().from(handoverTasks).where(eq(handoverTasks.id, id));
  return row;
}

export async function updateHandover(tx: Tx, id: string, change: Partial<typeof handoverTasks.$inferInsert>) {
  const [row] = await tx.update(handoverTasks).set(change).where(eq(handoverTasks.id, id)).returning();
  return row!;
}

export async function listHandovers(tx: Tx) {
  return tx.select().from(handoverTasks).orderBy(desc(handoverTasks.openedAt));
}

// ── the supervision dashboards: aggregates across tenants (row-level security lets only supervisors see them all) ──

const count = sql<number>`count(*)::int`;

export async function applicationsByState(tx: Tx) {
  return tx.select({ state: applications.state, count }).from(applications).groupBy(applications.state).orderBy(applications.state);
}

/** Open review stages by kind, and how many of them are past their deadline at `now`. */
export async function openStagesByKind(tx: Tx, now: Date) {
  return tx
    .select({ kind: applicationStages.kind, open: count, overdue: sql<number>`(count(*) filter (where ${applicationStages.dueAt} < ${now}))::int` })
    .from(applicationStages)
    .where(isNull(applicationStages.closedAt))
    .groupBy(applicationStages.kind)
    .orderBy(applicationStages.kind);
}

/** Stages closed after their deadline, by kind. */
export async function closedLateByKind(tx: Tx) {
  return tx
    .select({ kind: applicationStages.kind, count })
    .from(applicationStages)
    .where(and(isNotNull(applicationStages.closedAt), sql`${applicationStages.closedAt} > ${applicationStages.dueAt}`))
    .groupBy(applicationStages.kind);
}

/** Open stages past their deadline, the longest overdue first. */
export async function overdueStages(tx: Tx, now: Date, limit: number) {
  return tx
    .select({
      stageId: applicationStages.id,
      applicationId: applications.id,
      number: applications.number,
      title: applications.title,
      kind: applicationStages.kind,
      reviewerOrgId: applicationStages.reviewerOrgId,
      dueAt: applicationStages.dueAt,
    })
    .from(applicationStages)
    .innerJoin(applications, eq(applications.id, applicationStages.applicationId))
    .where(and(isNull(applicationStages.closedAt), sql`${applicationStages.dueAt} < ${now}`))
    .orderBy(applicationStages.dueAt)
    .limit(limit);
}

const calls = sql<number>`coalesce(sum(${usageRecords.quantity}), 0)::bigint`;

export async function apiCallsTotal(tx: Tx): Promise<number> {
  const [row] = await tx.select({ calls }).from(usageRecords).where(eq(usageRecords.kind, 'api_call'));
  return Number(row?.calls ?? 0);
}

/** Metered product API calls per Beijing day from `fromDay` on. */
export async function apiCallsByDay(tx: Tx, fromDay: string) {
  const rows = await tx
    .select({ day: usageRecords.periodDay, calls })
    .from(usageRecords)
    .where(and(eq(usageRecords.kind, 'api_call'), gte(usageRecords.periodDay, fromDay)))
    .groupBy(usageRecords.periodDay)
    .orderBy(usageRecords.periodDay);
  return rows.map((r) => ({ day: r.day, calls: Number(r.calls) }));
}

/** The products called most, all time. */
export async function apiCallsByProduct(tx: Tx, limit: number) {
  const rows = await tx
    .select({ productId: products.id, nameZh: products.nameZh, nameEn: products.nameEn, orgId: products.orgId, calls })
    .from(usageRecords)
    .innerJoin(products, eq(products.id, usageRecords.productId))
    .where(eq(usageRecords.kind, 'api_call'))
    .groupBy(products.id, products.nameZh, products.nameEn, products.orgId)
    .orderBy(desc(calls))
    .limit(limit);
  return rows.map((r) => ({ ...r, calls: Number(r.calls) }));
}

/** Privacy budgets (micro-ε) of grants that have one or have spent some: the totals and the biggest spenders. */
export async function epsilonTotals(tx: Tx) {
  const [row] = await tx
    .select({
      grants: count,
      totalMicro: sql<string>`coalesce(sum(${grants.epsilonTotalMicro}), 0)::text`,
      spentMicro: sql<string>`coalesce(sum(${grants.epsilonSpentMicro}), 0)::text`,
    })
    .from(grants)
    .where(or(isNotNull(grants.epsilonTotalMicro), sql`${grants.epsilonSpentMicro} > 0`));
  return { grants: row?.grants ?? 0, totalMicro: Number(row?.totalMicro ?? 0), spentMicro: Number(row?.spentMicro ?? 0) };
}

export async function epsilonByGrant(tx: Tx, limit: number) {
  return tx
    .select({ grantId: grants.id, applicationId: grants.applicationId, assigneeOrgId: grants.assigneeOrgId, state: grants.state, totalMicro: grants.epsilonTotalMicro, spentMicro: grants.epsilonSpentMicro })
    .from(grants)
    .where(or(isNotNull(grants.epsilonTotalMicro), sql`${grants.epsilonSpentMicro} > 0`))
    .orderBy(desc(grants.epsilonSpentMicro), desc(grants.createdAt))
    .limit(limit);
}

export async function exportsByState(tx: Tx) {
  return tx.select({ state: exportRequests.state, count }).from(exportRequests).groupBy(exportRequests.state).orderBy(exportRequests.state);
}

export async function actionsByKind(tx: Tx) {
  return tx.select({ kind: supervisionActions.kind, count }).from(supervisionActions).groupBy(supervisionActions.kind).orderBy(supervisionActions.kind);
}

export async function suspendedOrganizations(tx: Tx) {
  return tx.select({ id: organizations.id, type: organizations.type }).from(organizations).where(eq(organizations.status, 'suspended'));
}

export async function suspendedAdmissions(tx: Tx) {
  return tx.select({ id: partnerAdmissions.id, partnerOrgId: partnerAdmissions.partnerOrgId, operatorOrgId: partnerAdmissions.operatorOrgId }).from(partnerAdmissions).where(eq(partnerAdmissions.state, 'suspended'));
}
