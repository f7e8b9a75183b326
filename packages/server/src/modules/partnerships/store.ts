import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../../db/database.ts';
import { partnerAdmissions } from '../../db/schema.ts';

export type AdmissionRow = typeof partnerAdmissions.$inferSelect;

export async function insertAdmission(tx: Tx, values: typeof partnerAdmissions.$inferInsert) {
  const [row] = await tx.insert(partnerAdmissions).values(values).onConflictDoNothing().returning();
  return row;
}

export async function findAdmission(tx: Tx, id: string) {
  const [row] = await tx.select().from(partnerAdmissions).where(eq(partnerAdmissions.id, id));
  return row;
}

/** The partner's current admission with an operator (applied, admitted or suspended), if any. */
export async function currentAdmission(tx: Tx, partnerOrgId: string, operatorOrgId: string) {
  const [row] = await tx
    .select()
    .from(partnerAdmissions)
    .where(and(eq(partnerAdmissions.partnerOrgId, partnerOrgId), eq(partnerAdmissions.operatorOrgId, operatorOrgId), inArray(partnerAdmissions.state, ['applied', 'admitted', 'suspended'])));
  return row;
}

export async function listAdmissions(tx: Tx) {
  return tx.select().from(partnerAdmissions).orderBy(desc(partnerAdmissions.appliedAt));
}

export async function updateAdmission(tx: Tx, id: string, change: Partial<typeof partnerAdmissions.$inferInsert>) {
  const [row] = await tx.update(partnerAdmissions).set(change).where(eq(partnerAdmissions.id, id)).returning();
  return row!;
}
