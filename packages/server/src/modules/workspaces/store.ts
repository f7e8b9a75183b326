import { and, desc, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/database.ts';
import { grants, workspaceQueries } from '../../db/schema.ts';


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
