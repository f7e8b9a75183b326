import { and, asc, desc, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { Tx } from '../../db/database.ts';
import { agreements, agreementSignatures, organizationKeys, organizations } from '../../db/schema.ts';

export type AgreementRow = typeof agreements.$inferSelect;
export type SignatureRow = typeof agreementSignatures.$inferSelect;

export async function insertAgreement(tx: Tx, values: typeof agreements.$inferInsert) {
  const [row] = await tx.insert(agreements).values(values).returning();
  return row!;
}

export async function findAgreement(tx: Tx, id: string) {
  const [row] = await tx.select().from(agreements).where(eq(agreements.id, id));
  return row;
}

export async function listAgreements(tx: Tx) {
  return tx.select().from(agreements).orderBy(desc(agreements.createdAt)).limit(500);
}

export async function updateAgreement(tx: Tx, id: string, change: Partial<typeof agreements.$inferInsert>) {
  const [row] = await tx.update(agreements).set(change).where(eq(agreements.id, id)).returning();
  return row!;
}

export async function agreementsWhere(tx: Tx, filter: { admissionId?: string; orgInvolved?: string; states: AgreementRow['state'][] }) {
  const conditions = [inArray(agreements.state, filter.states)];
  if (filter.admissionId) conditions.push(eq(agreements.admissionId, filter.admissionId));
  if (filter.orgInvolved) conditions.push(sql`${filter.orgInvolved}::uuid = ANY (${agreements.signerOrgIds})`);
  return tx.select().from(agreements).where(and(...conditions));
}

export async function lockExpiredAgreements(tx: Tx, today: string) {
  return tx.select().from(agreements).where(and(inArray(agreements.state, ['awaiting_signatures', 'in_force']), lt(agreements.validUntil, today))).limit(500).for('update', { skipLocked: true });
}

export async function signaturesOf(tx: Tx, agreementId: string) {
  return tx.select().from(agreementSignatures).where(eq(agreementSignatures.agreementId, agreementId)).orderBy(asc(agreementSignatures.signedAt));
}

export async function insertSignature(tx: Tx, values: typeof agreementSignatures.$inferInsert) {
  const rows = await tx.insert(agreementSignatures).values(values).onConflictDoNothing().returning();
  return rows[0];
}

export async function organizationsByIds(tx: Tx, ids: string[]) {
  return tx.select().from(organizations).where(inArray(organizations.id, ids));
}

export async function activeKeyOf(tx: Tx, orgId: string) {
  const [row] = await tx.select().from(organizationKeys).where(and(eq(organizationKeys.orgId, orgId), isNull(organizationKeys.revokedAt))).orderBy(desc(organizationKeys.createdAt)).limit(1);
  return row;
}

export async function keysOf(tx: Tx, orgIds: string[]) {
  if (orgIds.length === 0) return [];
  return tx.select().from(organizationKeys).where(inArray(organizationKeys.orgId, orgIds));
}

export async function revokeKeysOf(tx: Tx, orgId: string, at: Date) {
  await tx.update(organizationKeys).set({ revokedAt: at }).where(and(eq(organizationKeys.orgId, orgId), isNull(organizationKeys.revokedAt)));
}

export async function insertKey(tx: Tx, values: typeof organizationKeys.$inferInsert) {
  await tx.insert(organizationKeys).values(values);
}
