import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Tx } from '../../db/database.ts';
import { rowsOf } from '../../db/rows.ts';
import { productKeys, products, subjectAccesses, usageRecords } from '../../db/schema.ts';

export type ProductRow = typeof products.$inferSelect;
export type ProductKeyRow = typeof productKeys.$inferSelect;

export async function insertProduct(tx: Tx, values: typeof products.$inferInsert) {
  const [row] = await tx.insert(products).values(values).returning();
  return row!;
}

export async function findProduct(tx: Tx, id: string) {
  const [row] = await tx.select().from(products).where(eq(products.id, id));
  return row;
}

export async function listProducts(tx: Tx) {
  return tx.select().from(products).orderBy(desc(products.submittedAt)).limit(500);
}

export async function updateProduct(tx: Tx, id: string, change: Partial<typeof products.$inferInsert>) {
  const [row] = await tx.update(products).set(change).where(eq(products.id, id)).returning();
  return row!;
}

export async function insertKey(tx: Tx, values: typeof productKeys.$inferInsert) {
  const [row] = await tx.insert(productKeys).values(values).returning();
  return row!;
}



/** API calls a key made on a Beijing day, as metered so far. */
export async function callsOn(tx: Tx, keyId: string, day: string): Promise<number> {
  const [row] = await tx
    .select({ n: sql<string | null>`sum(${usageRecords.quantity})` })
    .from(usageRecords)
    .where(and(eq(usageRecords.keyId, keyId), eq(usageRecords.periodDay, day), eq(usageRecords.kind, 'api_call')));
  return Number(row?.n ?? 0);
}

export async function insertUsage(tx: Tx, rows: Array<typeof usageRecords.$inferInsert>) {
  if (rows.length > 0) await tx.insert(usageRecords).values(rows);
}

export async function insertSubjectAccesses(tx: Tx, rows: Array<typeof subjectAccesses.$inferInsert>) {
  if (rows.length > 0) await tx.insert(subjectAccesses).values(rows);
}


/**
 * Whether a product may be served now: approved, its provider active, its grant active, in term, and (for a partner)
 * its operator active and the partnership admitted.
 */
export async function productServable(tx: Tx, productId: string, now: Date): Promise<boolean> {
  const rows = await tx.execute(sql`
    SELECT 1 FROM products p
      JOIN organizations provider ON provider.id = p.org_id AND provider.status = 'active'
      JOIN grants g ON g.id = p.grant_id AND g.state = 'active' AND g.valid_from <= ${now} AND g.valid_until > ${now}
      LEFT JOIN organizations op ON op.id = g.operator_org_id
      LEFT JOIN partner_admissions a ON a.partner_org_id = g.assignee_org_id AND a.operator_org_id = g.operator_org_id AND a.state = 'admitted'
     WHERE p.id = ${productId} AND p.state = 'approved'
       AND (g.operator_org_id IS NULL OR (op.status = 'active' AND a.id IS NOT NULL))`);
  return rowsOf(rows).length > 0;
}

/** The keys (not revoked) with these hashes. */
export async function activeKeysByHash(tx: Tx, hashes: string[]) {
  return tx.select().from(productKeys).where(and(inArray(productKeys.keyHash, hashes), isNull(productKeys.revokedAt)));
}
