import { desc, eq } from 'drizzle-orm';
import type { Tx } from '../../db/database.ts';
import { workspaceQueries } from '../../db/schema.ts';


export async function recordQuery(tx: Tx, values: typeof workspaceQueries.$inferInsert) {
  await tx.insert(workspaceQueries).values(values);
}

export async function queriesOf(tx: Tx, grantId: string) {
  return tx.select().from(workspaceQueries).where(eq(workspaceQueries.grantId, grantId)).orderBy(desc(workspaceQueries.createdAt)).limit(200);
}

