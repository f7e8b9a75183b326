import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../../db/database.ts';
import { catalogEditionItems, catalogEditions, catalogEntries, dataResources, resourceFields, resourceVersions } from '../../db/schema.ts';

export type ResourceRow = typeof dataResources.$inferSelect;
export type FieldRow = typeof resourceFields.$inferSelect;
export type VersionRow = typeof resourceVersions.$inferSelect;
export type EntryRow = typeof catalogEntries.$inferSelect;

export async function insertResource(tx: Tx, values: typeof dataResources.$inferInsert) {
  const [row] = await tx.insert(dataResources).values(values).onConflictDoNothing({ target: dataResources.code }).returning();
  return row;
}

export async function insertFields(tx: Tx, rows: Array<typeof resourceFields.$inferInsert>) {
  if (rows.length > 0) await tx.insert(resourceFields).values(rows);
}

export async function listResources(tx: Tx) {
  return tx.select().from(dataResources).orderBy(asc(dataResources.code));
}

export async function findResource(tx: Tx, id: string) {
  const [row] = await tx.select().from(dataResources).where(eq(dataResources.id, id));
  return row;
}

export async function findResourceByCode(tx: Tx, code: string) {
  const [row] = await tx.select().from(dataResources).where(eq(dataResources.code, code));
  return row;
}

export async function fieldsOf(tx: Tx, resourceId: string) {
  return tx.select().from(resourceFields).where(eq(resourceFields.resourceId, resourceId)).orderBy(asc(resourceFields.position));
}

export async function updateField(tx: Tx, resourceId: string, name: string, change: Partial<typeof resourceFields.$inferInsert>) {
  const rows = await tx.update(resourceFields).set(change).where(and(eq(resourceFields.resourceId, resourceId), eq(resourceFields.name, name))).returning();
  return rows[0];
}

export async function updateResource(tx: Tx, id: string, change: Partial<typeof dataResources.$inferInsert>) {
  const [row] = await tx.update(dataResources).set(change).where(eq(dataResources.id, id)).returning();
  return row!;
}

export async function setResourceGrade(tx: Tx, id: string, grade: ResourceRow['grade'], at: Date) {
  await tx.update(dataResources).set({ grade, updatedAt: at }).where(eq(dataResources.id, id));
}

export async function versionsOf(tx: Tx, resourceId: string) {
  return tx.select().from(resourceVersions).where(eq(resourceVersions.resourceId, resourceId)).orderBy(desc(resourceVersions.version));
}

export async function nextVersionNumber(tx: Tx, resourceId: string): Promise<number> {
  const [row] = await tx.select({ max: sql<number | null>`max(${resourceVersions.version})` }).from(resourceVersions).where(eq(resourceVersions.resourceId, resourceId));
  return Number(row?.max ?? 0) + 1;
}

export async function insertVersion(tx: Tx, values: typeof resourceVersions.$inferInsert) {
  const [row] = await tx.insert(resourceVersions).values(values).returning();
  return row!;
}

// ── catalog entries and editions ─────────────────────────────────────────
export async function insertEntry(tx: Tx, values: typeof catalogEntries.$inferInsert) {
  const [row] = await tx.insert(catalogEntries).values(values).onConflictDoNothing({ target: catalogEntries.resourceId }).returning();
  return row;
}

export async function findEntry(tx: Tx, id: string) {
  const [row] = await tx.select().from(catalogEntries).where(eq(catalogEntries.id, id)).for('update');
  return row;
}

export async function entryOfResource(tx: Tx, resourceId: string) {
  const [row] = await tx.select().from(catalogEntries).where(eq(catalogEntries.resourceId, resourceId));
  return row;
}

export async function listEntries(tx: Tx, state?: EntryRow['state']) {
  const q = tx.select().from(catalogEntries);
  return (state ? q.where(eq(catalogEntries.state, state)) : q).orderBy(asc(catalogEntries.createdAt));
}

export async function updateEntry(tx: Tx, id: string, change: Partial<typeof catalogEntries.$inferInsert>) {
  const [row] = await tx.update(catalogEntries).set(change).where(eq(catalogEntries.id, id)).returning();
  return row!;
}

export async function entriesInStates(tx: Tx, states: Array<EntryRow['state']>) {
  return tx.select().from(catalogEntries).where(inArray(catalogEntries.state, states));
}

export async function latestEdition(tx: Tx) {
  const [row] = await tx.select().from(catalogEditions).orderBy(desc(catalogEditions.number)).limit(1);
  return row;
}

export async function findEdition(tx: Tx, number: number) {
  const [row] = await tx.select().from(catalogEditions).where(eq(catalogEditions.number, number));
  return row;
}

export async function insertEdition(tx: Tx, values: typeof catalogEditions.$inferInsert, items: Array<typeof catalogEditionItems.$inferInsert>) {
  await tx.insert(catalogEditions).values(values);
  if (items.length > 0) await tx.insert(catalogEditionItems).values(items);
}

export async function editionItems(tx: Tx, edition: number) {
  return tx.select().from(catalogEditionItems).where(eq(catalogEditionItems.edition, edition)).orderBy(asc(catalogEditionItems.resourceCode));
}
