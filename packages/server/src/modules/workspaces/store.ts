import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../../db/database.ts';
import { releasedAggregates, workspaceQueries } from '../../db/schema.ts';


export async function recordQuery(tx: Tx, values: typeof workspaceQueries.$inferInsert) {
  await tx.insert(workspaceQueries).values(values);
}

export async function queriesOf(tx: Tx, grantId: string) {
  return tx.select().from(workspaceQueries).where(eq(workspaceQueries.grantId, grantId)).orderBy(desc(workspaceQueries.createdAt)).limit(200);
}

// ── the differencing memory (0008) ──────────────────────────────────────────────────────────────────────────────

/** Advisory lock class of the differencing memory; the object is the organization (two int4 keys, 0002's ledger lock is one int8). */
const RELEASES_LOCK_CLASS = 72_708;
/** Keys looked up, and rows inserted, per statement (well under PostgreSQL's 65,535 parameters). */
const CHUNK = 1000;

/**
 * Holds, until the transaction ends, the organization's lock on its memory of released counts: two answers of one
 * organization are checked and remembered one after the other, never both against the memory before either.
 */
export async function lockReleases(tx: Tx, orgId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${sql.raw(String(RELEASES_LOCK_CLASS))}, hashtext(${orgId}::text))`);
}

/** The subject counts the organization was released earlier (under any of its grants) for each of `keys`. */
export async function releasedCounts(tx: Tx, orgId: string, keys: readonly string[]): Promise<Map<string, number[]>> {
  const out = new Map<string, number[]>();
  for (let i = 0; i < keys.length; i += CHUNK) {
    const rows = await tx
      .select({ key: releasedAggregates.groupKeyHash, subjects: releasedAggregates.subjects })
      .from(releasedAggregates)
      .where(and(eq(releasedAggregates.orgId, orgId), inArray(releasedAggregates.groupKeyHash, keys.slice(i, i + CHUNK))));
    for (const r of rows) out.set(r.key, [...(out.get(r.key) ?? []), r.subjects]);
  }
  return out;
}

export async function rememberReleases(tx: Tx, rows: Array<typeof releasedAggregates.$inferInsert>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await tx.insert(releasedAggregates).values(rows.slice(i, i + CHUNK)).onConflictDoNothing();
  }
}
