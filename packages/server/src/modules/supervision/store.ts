import { desc, eq } from 'drizzle-orm';
import type { Tx } from '../../db/database.ts';
import { handoverTasks, supervisionActions } from '../../db/schema.ts';

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
