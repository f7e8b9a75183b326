import { and, desc, eq } from 'drizzle-orm';
import type { Tx } from '../../db/database.ts';
import { jobReviews, jobs, resultTables } from '../../db/schema.ts';

export type JobRow = typeof jobs.$inferSelect;
export type ReviewRow = typeof jobReviews.$inferSelect;
export type ResultTableRow = typeof resultTables.$inferSelect;

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

export async function resultTablesOf(tx: Tx, jobId: string) {
  return tx.select().from(resultTables).where(eq(resultTables.jobId, jobId)).orderBy(resultTables.name);
}

export async function findResultTable(tx: Tx, id: string) {
  const [row] = await tx.select().from(resultTables).where(eq(resultTables.id, id));
  return row;
}
