import { and, desc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Tx } from '../../db/database.ts';
import { grants, organizations, partnerAdmissions } from '../../db/schema.ts';

export type GrantRow = typeof grants.$inferSelect;

export async function insertGrant(tx: Tx, values: typeof grants.$inferInsert) {
  const [row] = await tx.insert(grants).values(values).returning();
  return row!;
}

export async function listGrants(tx: Tx) {
  return tx.select().from(grants).orderBy(desc(grants.createdAt)).limit(500);
}

export async function findGrant(tx: Tx, id: string) {
  const [row] = await tx.select().from(grants).where(eq(grants.id, id));
  return row;
}

const assignee = alias(organizations, 'assignee');
const operator = alias(organizations, 'operator');

/**
 * A grant with everything that decides whether it may be used right now: its holder's and its operator's status,
 * and the holder's admission with that operator. Read on every use, so a suspension needs no cascade to take effect.
 */
export async function grantWithStanding(tx: Tx, id: string) {
  const [row] = await tx
    .select({
      grant: grants,
      assigneeStatus: assignee.status,
      operatorStatus: operator.status,
      admissionState: partnerAdmissions.state,
    })
    .from(grants)
    .innerJoin(assignee, eq(assignee.id, grants.assigneeOrgId))
    .leftJoin(operator, eq(operator.id, grants.operatorOrgId))
    .leftJoin(
      partnerAdmissions,
      and(eq(partnerAdmissions.partnerOrgId, grants.assigneeOrgId), eq(partnerAdmissions.operatorOrgId, grants.operatorOrgId), inArray(partnerAdmissions.state, ['admitted', 'suspended'])),
    )
    .where(eq(grants.id, id));
  return row;
}

export async function activeGrantsWhere(tx: Tx, filter: { assigneeOrgId?: string; operatorOrgId?: string; agreementId?: string; orgInvolved?: string }) {
  const conditions = [eq(grants.state, 'active')];
  if (filter.assigneeOrgId) conditions.push(eq(grants.assigneeOrgId, filter.assigneeOrgId));
  if (filter.operatorOrgId) conditions.push(eq(grants.operatorOrgId, filter.operatorOrgId));
  if (filter.agreementId) conditions.push(eq(grants.agreementId, filter.agreementId));
  if (filter.orgInvolved) conditions.push(sql`(${grants.assigneeOrgId} = ${filter.orgInvolved} OR ${grants.operatorOrgId} = ${filter.orgInvolved})`);
  return tx.select().from(grants).where(and(...conditions));
}

export async function endGrant(tx: Tx, id: string, state: 'expired' | 'terminated', at: Date) {
  await tx.update(grants).set({ state, endedAt: at }).where(and(eq(grants.id, id), eq(grants.state, 'active')));
}

export async function lockExpiredGrants(tx: Tx, now: Date) {
  return tx.select().from(grants).where(and(eq(grants.state, 'active'), lte(grants.validUntil, now), isNull(grants.endedAt))).limit(500).for('update', { skipLocked: true });
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
