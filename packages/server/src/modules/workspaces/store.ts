import { and, desc, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/database.ts';
import { grants, jobReviews, jobs, resultTables, workspaceQueries } from '../../db/schema.ts';

export type JobRow = typeof jobs.$inferSelect;
export type ResultTableRow = typeof resultTables.$inferSelect;

export async function recordQuery(tx: Tx, values: typeof workspaceQueries.$inferInsert) {
  await tx.insert(workspaceQueries).values(values);
}

export async function queriesOf(tx: Tx, grantId: string) {
  return tx.select().from(workspaceQueries).where(eq(workspaceQueries.grantId, grantId)).orderBy(desc(workspaceQueries.createdAt)).limit(200);
}

/**
 * Debits ε from the grant's budget, atomically: the update only happens if the budget covers it, so two concurrent
 * queries can never together overspend. Returns the ε (micro-units) spent after the debit, or undefined if refused.
 */
export async function debitEpsilon(tx: Tx, grantId: string, micro: number): Promise<number | undefined> {
  const rows = await tx
    .update(grants)
    .set({ epsilonSpentMicro: sql`${grants.epsilonSpentMicro} + ${micro}` })
    .where(and(eq(grants.id, grantId), sql`${grants.epsilonTotalMicro} IS NOT NULL`, sql`${grants.epsilonSpentMicro} + ${micro} <= ${grants.epsilonTotalMicro}`))
    .returning({ spent: grants.epsilonSpentMicro });
  return rows[0]?.spent;
}

export async function insertJob(tx: Tx, values: typeof jobs.$inferInsert) {
  const rows = await tx.insert(jobs).values(values).onConflictDoNothing().returning();
  return rows[0];
}

export async function findJob(tx: Tx, id: string) {
  const [row] = await tx.select().from(jobs).where(eq(jobs.id, id));
  return row;
}

export async function jobsOf(tx: Tx, grantId: string) {
  return tx.select().from(jobs).where(eq(jobs.grantId, grantId)).orderBy(desc(jobs.createdAt));
}

export async function updateJob(tx: Tx, id: string, change: Partial<typeof jobs.$inferInsert>) {
  const [row] = await tx.update(jobs).set(change).where(eq(jobs.id, id)).returning();
  return row!;
}

export async function insertReview(tx: Tx, values: typeof jobReviews.$inferInsert) {
  const rows = await tx.insert(jobReviews).values(values).onConflictDoNothing().returning();
  return rows[0];
}

export async function reviewsOf(tx: Tx, jobId: string, hash: string) {
  return tx.select().from(jobReviews).where(and(eq(jobReviews.jobId, jobId), eq(jobReviews.jobHash, hash)));
}

export async function insertResultTable(tx: Tx, values: typeof resultTables.$inferInsert) {
  const [row] = await tx.insert(resultTables).values(values).returning();
  return row!;
}

export async function resultTablesOf(tx: Tx, grantId: string) {
  return tx.select().from(resultTables).where(eq(resultTables.grantId, grantId)).orderBy(desc(resultTables.createdAt));
}
