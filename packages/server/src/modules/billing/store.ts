import { and, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { Tx } from '../../db/database.ts';
import { grants, organizations, products, usageRecords } from '../../db/schema.ts';

export async function findOrganization(tx: Tx, id: string) {
  const [row] = await tx.select().from(organizations).where(eq(organizations.id, id));
  return row;
}

export async function insertUsage(tx: Tx, rows: Array<typeof usageRecords.$inferInsert>) {
  await tx.insert(usageRecords).values(rows);
}

/** An organization's usage records of [from, until). */
export async function usageBetween(tx: Tx, orgId: string, from: Date, until: Date) {
  return tx.select().from(usageRecords).where(and(eq(usageRecords.orgId, orgId), gte(usageRecords.recordedAt, from), lt(usageRecords.recordedAt, until)));
}

export async function productsByIds(tx: Tx, ids: string[]) {
  return ids.length ? tx.select().from(products).where(inArray(products.id, ids)) : [];
}

export async function grantsByIds(tx: Tx, ids: string[]) {
  return ids.length ? tx.select().from(grants).where(inArray(grants.id, ids)) : [];
}

export async function findProduct(tx: Tx, id: string) {
  const [row] = await tx.select().from(products).where(eq(products.id, id));
  return row;
}

/** API calls of a product metered on Beijing days in [fromDay, untilDay). */
export async function apiCallsBetween(tx: Tx, productId: string, fromDay: string, untilDay: string): Promise<bigint> {
  const [row] = await tx
    .select({ calls: sql<string | null>`sum(${usageRecords.quantity})` })
    .from(usageRecords)
    .where(and(eq(usageRecords.productId, productId), eq(usageRecords.kind, 'api_call'), gte(usageRecords.periodDay, fromDay), lt(usageRecords.periodDay, untilDay)));
  return BigInt(row?.calls ?? 0);
}
