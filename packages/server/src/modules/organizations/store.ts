import { eq } from 'drizzle-orm';
import type { Tx } from '../../db/database.ts';
import { organizations } from '../../db/schema.ts';

export type OrganizationRow = typeof organizations.$inferSelect;

export async function listOrganizations(tx: Tx, filter: { type?: OrganizationRow['type'] }) {
  const q = tx.select().from(organizations);
  return (filter.type ? q.where(eq(organizations.type, filter.type)) : q).orderBy(organizations.code);
}

export async function findOrganization(tx: Tx, id: string) {
  const [row] = await tx.select().from(organizations).where(eq(organizations.id, id));
  return row;
}

export async function insertOrganization(tx: Tx, values: typeof organizations.$inferInsert) {
  const [row] = await tx.insert(organizations).values(values).onConflictDoNothing({ target: organizations.code }).returning();
  return row;
}

export async function findOrganizationByCode(tx: Tx, code: string) {
  const [row] = await tx.select().from(organizations).where(eq(organizations.code, code));
  return row;
}

export async function updateOrganizationStatus(tx: Tx, id: string, change: Pick<typeof organizations.$inferInsert, 'status' | 'terminatedAt'>) {
  const [row] = await tx.update(organizations).set(change).where(eq(organizations.id, id)).returning();
  return row;
}
