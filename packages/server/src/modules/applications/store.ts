import { and, asc, desc, eq, isNull, lt, sql } from 'drizzle-orm';
import type { Tx } from '../../db/database.ts';
import { rowsOf } from '../../db/rows.ts';
import { applications, applicationStages, escalations, expertOpinions } from '../../db/schema.ts';

export type ApplicationRow = typeof applications.$inferSelect;
export type StageRow = typeof applicationStages.$inferSelect;
export type OpinionRow = typeof expertOpinions.$inferSelect;
export type EscalationRow = typeof escalations.$inferSelect;

export async function nextApplicationNumber(tx: Tx, year: number): Promise<string> {
  const [row] = rowsOf<{ n: string }>(await tx.execute(sql`SELECT nextval('application_numbers')::text AS n`));
  return `SQ-${year}-${row!.n.padStart(6, '0')}`;
}

export async function insertApplication(tx: Tx, values: typeof applications.$inferInsert) {
  const [row] = await tx.insert(applications).values(values).returning();
  return row!;
}

export async function findApplication(tx: Tx, id: string) {
  const [row] = await tx.select().from(applications).where(eq(applications.id, id));
  return row;
}

export async function listApplications(tx: Tx) {
  return tx.select().from(applications).orderBy(desc(applications.submittedAt)).limit(500);
}

export async function updateApplication(tx: Tx, id: string, change: Partial<typeof applications.$inferInsert>) {
  const [row] = await tx.update(applications).set(change).where(eq(applications.id, id)).returning();
  return row!;
}

export async function insertStages(tx: Tx, rows: Array<typeof applicationStages.$inferInsert>) {
  if (rows.length > 0) await tx.insert(applicationStages).values(rows);
}

export async function stagesOf(tx: Tx, applicationId: string) {
  return tx.select().from(applicationStages).where(eq(applicationStages.applicationId, applicationId)).orderBy(asc(applicationStages.startedAt), asc(applicationStages.kind));
}

export async function closeStage(tx: Tx, id: string, change: Pick<typeof applicationStages.$inferInsert, 'closedAt' | 'outcome' | 'decidedBy' | 'reasons' | 'conditions'>) {
  await tx.update(applicationStages).set(change).where(eq(applicationStages.id, id));
}

/** Open stages past their deadline that nobody has flagged yet, locked for one sweeper (system context). */
export async function lockNewlyOverdueStages(tx: Tx, now: Date) {
  return tx
    .select()
    .from(applicationStages)
    .where(and(isNull(applicationStages.closedAt), isNull(applicationStages.overdueAt), lt(applicationStages.dueAt, now)))
    .limit(500)
    .for('update', { skipLocked: true });
}

export async function markOverdue(tx: Tx, id: string, at: Date) {
  await tx.update(applicationStages).set({ overdueAt: at }).where(eq(applicationStages.id, id));
}

export async function insertOpinion(tx: Tx, values: typeof expertOpinions.$inferInsert) {
  const [row] = await tx.insert(expertOpinions).values(values).returning();
  return row!;
}

export async function findOpinion(tx: Tx, id: string) {
  const [row] = await tx.select().from(expertOpinions).where(eq(expertOpinions.id, id));
  return row;
}

export async function updateOpinion(tx: Tx, id: string, change: Partial<typeof expertOpinions.$inferInsert>) {
  const [row] = await tx.update(expertOpinions).set(change).where(eq(expertOpinions.id, id)).returning();
  return row!;
}

export async function opinionsOf(tx: Tx, applicationId: string) {
  return tx.select().from(expertOpinions).where(eq(expertOpinions.applicationId, applicationId)).orderBy(asc(expertOpinions.requestedAt));
}

export async function insertEscalation(tx: Tx, values: typeof escalations.$inferInsert) {
  const [row] = await tx.insert(escalations).values(values).returning();
  return row!;
}

export async function openEscalation(tx: Tx, applicationId: string) {
  const [row] = await tx.select().from(escalations).where(and(eq(escalations.applicationId, applicationId), isNull(escalations.answeredAt)));
  return row;
}

export async function updateEscalation(tx: Tx, id: string, change: Partial<typeof escalations.$inferInsert>) {
  const [row] = await tx.update(escalations).set(change).where(eq(escalations.id, id)).returning();
  return row!;
}

export async function escalationsOf(tx: Tx, applicationId: string) {
  return tx.select().from(escalations).where(eq(escalations.applicationId, applicationId)).orderBy(asc(escalations.escalatedAt));
}
