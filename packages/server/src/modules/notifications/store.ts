import { and, asc, desc, eq, inArray, isNull, lte } from 'drizzle-orm';
import type { Tx } from '../../db/database.ts';
import { notifications, webhookDeliveries, webhookEndpoints } from '../../db/schema.ts';

export async function insertNotifications(tx: Tx, rows: Array<typeof notifications.$inferInsert>) {
  if (rows.length > 0) await tx.insert(notifications).values(rows);
}

export async function inboxOf(tx: Tx, orgId: string, unreadOnly: boolean) {
  return tx
    .select()
    .from(notifications)
    .where(and(eq(notifications.orgId, orgId), unreadOnly ? isNull(notifications.readAt) : undefined))
    .orderBy(desc(notifications.createdAt))
    .limit(200);
}

export async function markRead(tx: Tx, id: string, orgId: string, at: Date) {
  const rows = await tx.update(notifications).set({ readAt: at }).where(and(eq(notifications.id, id), eq(notifications.orgId, orgId))).returning({ id: notifications.id });
  return rows.length > 0;
}

export async function endpointsOf(tx: Tx, orgIds: string[]) {
  if (orgIds.length === 0) return [];
  return tx.select({ orgId: webhookEndpoints.orgId }).from(webhookEndpoints).where(inArray(webhookEndpoints.orgId, orgIds));
}

export async function upsertEndpoint(tx: Tx, values: typeof webhookEndpoints.$inferInsert) {
  await tx.insert(webhookEndpoints).values(values).onConflictDoUpdate({ target: webhookEndpoints.orgId, set: { url: values.url, secret: values.secret, updatedAt: values.updatedAt } });
}

export async function enqueueDeliveries(tx: Tx, rows: Array<typeof webhookDeliveries.$inferInsert>) {
  if (rows.length > 0) await tx.insert(webhookDeliveries).values(rows);
}

/** Due deliveries with their endpoint, locked so that two dispatchers never send one twice. */
export async function lockDueDeliveries(tx: Tx, now: Date, limit: number) {
  return tx
    .select({ delivery: webhookDeliveries, url: webhookEndpoints.url, secret: webhookEndpoints.secret })
    .from(webhookDeliveries)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.orgId, webhookDeliveries.orgId))
    .where(and(eq(webhookDeliveries.state, 'pending'), lte(webhookDeliveries.nextAttemptAt, now)))
    .orderBy(asc(webhookDeliveries.nextAttemptAt))
    .limit(limit)
    .for('update', { of: webhookDeliveries, skipLocked: true });
}

export async function recordAttempt(tx: Tx, id: string, change: Partial<typeof webhookDeliveries.$inferInsert>) {
  await tx.update(webhookDeliveries).set(change).where(eq(webhookDeliveries.id, id));
}

export async function deliveriesOf(tx: Tx, orgId: string) {
  return tx.select().from(webhookDeliveries).where(eq(webhookDeliveries.orgId, orgId)).orderBy(desc(webhookDeliveries.createdAt)).limit(100);
}
