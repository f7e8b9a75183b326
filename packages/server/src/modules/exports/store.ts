import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import type { Tx } from '../../db/database.ts';
import { downloadLinks, exportRequests, exportReviews } from '../../db/schema.ts';

export type ExportRow = typeof exportRequests.$inferSelect;

export async function insertExport(tx: Tx, values: typeof exportRequests.$inferInsert) {
  const [row] = await tx.insert(exportRequests).values(values).returning();
  return row!;
}

export async function findExport(tx: Tx, id: string) {
  const [row] = await tx.select().from(exportRequests).where(eq(exportRequests.id, id));
  return row;
}

export async function listExports(tx: Tx) {
  return tx.select().from(exportRequests).orderBy(desc(exportRequests.requestedAt)).limit(500);
}

export async function updateExport(tx: Tx, id: string, change: Partial<typeof exportRequests.$inferInsert>) {
  const [row] = await tx.update(exportRequests).set(change).where(eq(exportRequests.id, id)).returning();
  return row!;
}

export async function insertReview(tx: Tx, values: typeof exportReviews.$inferInsert) {
  const rows = await tx.insert(exportReviews).values(values).onConflictDoNothing().returning();
  return rows[0];
}

export async function reviewsOf(tx: Tx, exportId: string) {
  return tx.select().from(exportReviews).where(eq(exportReviews.exportId, exportId));
}

export async function insertLink(tx: Tx, values: typeof downloadLinks.$inferInsert) {
  await tx.insert(downloadLinks).values(values);
}

/** Uses a link: only once, only before it expires (one guarded UPDATE, so two downloads cannot both succeed). */
export async function consumeLink(tx: Tx, tokenHash: string, now: Date) {
  const [row] = await tx
    .update(downloadLinks)
    .set({ usedAt: now })
    .where(and(eq(downloadLinks.tokenHash, tokenHash), isNull(downloadLinks.usedAt), gt(downloadLinks.expiresAt, now)))
    .returning();
  return row;
}
