import { and, asc, desc, eq, gte, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import { type Database, type Tx, txDefer } from '../../db/database.ts';
import { rowsOf } from '../../db/rows.ts';
import { ledgerCheckpoints, ledgerCosignatures, ledgerEntries, ledgerLineage, ledgerNodes, ledgerWitnesses } from '../../db/schema.ts';

export type EntryRow = typeof ledgerEntries.$inferSelect;
export type CheckpointRow = typeof ledgerCheckpoints.$inferSelect;

const ENTRY_COLUMNS = 'time, actor_user, actor_org, action, category, entity_type, entity_id, orgs, payload, payload_hash, derived_from';
const ENTRY_TYPES = ['timestamptz', 'uuid', 'uuid', 'text', 'text', 'text', 'text', 'uuid[]', 'jsonb', 'text', 'jsonb'];
const ENTRY_VALUES = ENTRY_TYPES.map((t, i) => `$${i + 1}::${t}`).join(', ');
/** The append: one prepared statement, planned once per connection (row-level security included). */
const APPEND_ENTRY = { name: 'shuyun_ledger_append', text: `insert into ledger_entries (${ENTRY_COLUMNS}) values (${ENTRY_VALUES})`, types: ENTRY_TYPES };
/** The append with its lineage edges, in the same statement. */
const APPEND_ENTRY_WITH_LINEAGE = {
  name: 'shuyun_ledger_append_lineage',
  text: `with e as (insert into ledger_entries (${ENTRY_COLUMNS}) values (${ENTRY_VALUES}) returning id)
    insert into ledger_lineage (entry_id, parent_type, parent_id, child_type, child_id, orgs)
    select e.id, p.type, p.id, $6::text, $7::text, $8::uuid[] from e, unnest($12::text[], $13::text[]) as p(type, id)`,
  types: [...ENTRY_TYPES, 'text[]', 'text[]'],
};

export interface NewEntry {
  time: Date;
  actorUser: string | null;
  actorOrg: string | null;
  action: string;
  category: 'state' | 'access';
  entityType: string;
  entityId: string;
  /** organization ids (uuids) */
  orgs: readonly string[];
  /** the payload as JSON text */
  payloadJson: string;
  payloadHash: string;
  derivedFrom: ReadonlyArray<{ type: string; id: string }>;
}

/**
 * Appends one entry, and one lineage edge per `derivedFrom` reference, in one statement that runs with the
 * transaction's COMMIT (see `txDefer`): no round trip of its own. It fails the transaction if it fails.
 */
export async function appendEntry(tx: Tx, e: NewEntry): Promise<void> {
  const values: Array<string | null> = [
    e.time.toISOString(),
    e.actorUser,
    e.actorOrg,
    e.action,
    e.category,
    e.entityType,
    e.entityId,
    pgUuidArray(e.orgs),
    e.payloadJson,
    e.payloadHash,
    JSON.stringify(e.derivedFrom),
  ];
  if (e.derivedFrom.length === 0) return txDefer(tx, { ...APPEND_ENTRY, values });
  values.push(pgTextArray(e.derivedFrom.map((r) => r.type)), pgTextArray(e.derivedFrom.map((r) => r.id)));
  return txDefer(tx, { ...APPEND_ENTRY_WITH_LINEAGE, values });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A uuid[] literal; a malformed id is refused here as the server would refuse it. */
function pgUuidArray(ids: readonly string[]): string {
  for (const id of ids) if (!UUID.test(id)) throw new Error(`not a uuid: ${JSON.stringify(id)}`);
  return `{${ids.join(',')}}`;
}
/** A text[] literal: every element double-quoted, backslashes and quotes escaped. */
function pgTextArray(items: readonly string[]): string {
  return `{${items.map((s) => `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

export async function insertEntry(tx: Tx, values: typeof ledgerEntries.$inferInsert): Promise<number> {
  const [row] = await tx.insert(ledgerEntries).values(values).returning({ id: ledgerEntries.id });
  return row!.id;
}

export async function insertLineage(tx: Tx, rows: Array<typeof ledgerLineage.$inferInsert>) {
  await tx.insert(ledgerLineage).values(rows);
}

// ── sequencer ────────────────────────────────────────────────────────────
const SEQUENCER_LOCK = 727275;

/** Only one sequencer at a time, across every process on the database; the others skip this round. */
export async function trySequencerLock(tx: Tx): Promise<boolean> {
  const rows = await tx.execute<{ locked: boolean }>(sql`select pg_try_advisory_xact_lock(${SEQUENCER_LOCK}) as locked`);
  return rowsOf<{ locked: boolean }>(rows)[0]?.locked === true;
}

export async function pendingEntries(tx: Tx, limit: number) {
  return tx.select().from(ledgerEntries).where(isNull(ledgerEntries.seq)).orderBy(asc(ledgerEntries.id)).limit(limit);
}

export async function treeSize(tx: Tx): Promise<number> {
  const [row] = await tx.select({ max: sql<string | null>`max(${ledgerEntries.seq})` }).from(ledgerEntries);
  return row?.max == null ? 0 : Number(row.max) + 1;
}

export async function setSequence(tx: Tx, assignments: Array<{ id: number; seq: number; leafHash: Uint8Array }>) {
  if (assignments.length === 0) return;
  const ids = assignments.map((a) => a.id);
  const seqs = assignments.map((a) => a.seq);
  const hashes = assignments.map((a) => Buffer.from(a.leafHash).toString('hex'));
  await tx.execute(sql`update ledger_entries e set seq = v.seq, leaf_hash = decode(v.h, 'hex')
    from unnest(${sql.param(ids)}::bigint[], ${sql.param(seqs)}::bigint[], ${sql.param(hashes)}::text[]) as v(id, seq, h)
    where e.id = v.id`);
}

export async function readNodes(tx: Tx, ids: ReadonlyArray<{ level: number; index: number }>): Promise<Map<string, Uint8Array>> {
  const found = new Map<string, Uint8Array>();
  if (ids.length === 0) return found;
  const levels = ids.map((n) => n.level);
  const indexes = ids.map((n) => n.index);
  const rows = await tx.execute<{ level: number; idx: string | number; hash: string }>(sql`select n.level, n.idx, encode(n.hash, 'hex') as hash
    from ledger_nodes n join unnest(${sql.param(levels)}::smallint[], ${sql.param(indexes)}::bigint[]) as w(level, idx)
      on n.level = w.level and n.idx = w.idx`);
  for (const r of rowsOf<{ level: number; idx: string | number; hash: string }>(rows)) found.set(nodeKey(Number(r.level), Number(r.idx)), Buffer.from(r.hash, 'hex'));
  return found;
}

export async function insertNodes(tx: Tx, nodes: ReadonlyArray<{ level: number; index: number; hash: Uint8Array }>) {
  for (let i = 0; i < nodes.length; i += 5000) {
    const chunk = nodes.slice(i, i + 5000);
    await tx.execute(sql`insert into ledger_nodes (level, idx, hash)
      select level, idx, decode(h, 'hex') from unnest(${sql.param(chunk.map((n) => n.level))}::smallint[], ${sql.param(chunk.map((n) => n.index))}::bigint[], ${sql.param(chunk.map((n) => Buffer.from(n.hash).toString('hex')))}::text[]) as v(level, idx, h)`);
  }
}

export const READ_NODES_PUBLIC = `select n.level, n.idx, encode(n.hash, 'hex') as hash
  from ledger_nodes n join unnest($1::smallint[], $2::bigint[]) as w(level, idx) on n.level = w.level and n.idx = w.idx`;

/**
 * The same read as `readNodes`, outside any transaction: one prepared, read-only statement as the application
 * role (the tree is public). For proofs; the sequencer reads inside its own transaction instead.
 */
export async function readNodesPublic(db: Database, ids: ReadonlyArray<{ level: number; index: number }>): Promise<Map<string, Uint8Array>> {
  const rows = await db.publicRead('ledger_read_nodes', READ_NODES_PUBLIC, [ids.map((n) => n.level), ids.map((n) => n.index)]);
  return new Map(rows.map((r) => [nodeKey(Number(r.level), Number(r.idx)), new Uint8Array(Buffer.from(String(r.hash), 'hex'))]));
}

/** How many leaves the stored tree has: level 0 of ledger_nodes, written with the entries' sequence numbers. */
export async function storedLeafCount(db: Database): Promise<number> {
  const rows = await db.publicRead('ledger_leaf_count', 'select coalesce(max(idx) + 1, 0) as n from ledger_nodes where level = 0', []);
  return Number(rows[0]?.n ?? 0);
}

const READ_NODE_RUN = `select count(*)::int as n, max(r.idx) as last, string_agg(r.hash, ''::bytea order by r.idx) as hashes
  from (select idx, hash from ledger_nodes where level = $1::smallint and idx >= $2::bigint order by idx limit $3::int) r`;

/**
 * Up to `limit` stored hashes of one level from index `from` on, in index order and concatenated (32 bytes each):
 * one public read and one value, however many rows. Stored nodes of a level always form a prefix (the sequencer
 * writes a level's nodes in index order and never changes one), so the run is contiguous; a run that is not throws.
 */
export async function readNodeRun(db: Database, level: number, from: number, limit: number): Promise<Uint8Array> {
  const [row] = await db.publicRead('ledger_read_node_run', READ_NODE_RUN, [level, from, limit]);
  const count = Number(row?.n ?? 0);
  if (count === 0) return new Uint8Array(0);
  const hashes = row!.hashes as Uint8Array; // bytea: a Buffer from pg, a Uint8Array from PGlite
  if (Number(row!.last) !== from + count - 1 || hashes.length !== count * 32) {
    throw new Error(`ledger nodes at level ${level} from index ${from} are not contiguous (${count} rows up to index ${String(row!.last)})`);
  }
  return hashes;
}

export function nodeKey(level: number, index: number): string {
  return `${level}:${index}`;
}

// ── checkpoints and witnesses ────────────────────────────────────────────
export async function latestCheckpoint(tx: Tx): Promise<CheckpointRow | undefined> {
  const [row] = await tx.select().from(ledgerCheckpoints).orderBy(desc(ledgerCheckpoints.treeSize)).limit(1);
  return row;
}

export async function checkpointAt(tx: Tx, size: number): Promise<CheckpointRow | undefined> {
  const [row] = await tx.select().from(ledgerCheckpoints).where(eq(ledgerCheckpoints.treeSize, size));
  return row;
}

export async function listCheckpoints(tx: Tx, fromSize: number, limit: number) {
  return tx.select().from(ledgerCheckpoints).where(gte(ledgerCheckpoints.treeSize, fromSize)).orderBy(asc(ledgerCheckpoints.treeSize)).limit(limit);
}

export async function insertCheckpoint(tx: Tx, values: CheckpointRow) {
  await tx.insert(ledgerCheckpoints).values(values).onConflictDoNothing();
}

export async function cosignaturesOf(tx: Tx, size: number) {
  return tx.select().from(ledgerCosignatures).where(eq(ledgerCosignatures.treeSize, size)).orderBy(asc(ledgerCosignatures.witness));
}

export async function insertCosignature(tx: Tx, values: typeof ledgerCosignatures.$inferInsert) {
  const rows = await tx.insert(ledgerCosignatures).values(values).onConflictDoNothing().returning({ witness: ledgerCosignatures.witness });
  return rows.length === 1;
}

export async function listWitnesses(tx: Tx) {
  return tx.select().from(ledgerWitnesses).orderBy(asc(ledgerWitnesses.name));
}

export async function findWitness(tx: Tx, name: string) {
  const [row] = await tx.select().from(ledgerWitnesses).where(eq(ledgerWitnesses.name, name));
  return row;
}

export async function insertWitness(tx: Tx, values: typeof ledgerWitnesses.$inferInsert) {
  const rows = await tx.insert(ledgerWitnesses).values(values).onConflictDoNothing().returning({ name: ledgerWitnesses.name });
  return rows.length === 1;
}

// ── reading entries (row-level security decides which are visible) ─────────────────────
export async function entriesInRange(tx: Tx, start: number, end: number, limit: number) {
  return tx
    .select()
    .from(ledgerEntries)
    .where(and(isNotNull(ledgerEntries.seq), gte(ledgerEntries.seq, start), lt(ledgerEntries.seq, end)))
    .orderBy(asc(ledgerEntries.seq))
    .limit(limit);
}

export async function entryBySeq(tx: Tx, seq: number) {
  const [row] = await tx.select().from(ledgerEntries).where(eq(ledgerEntries.seq, seq));
  return row;
}

export async function latestEntryOf(tx: Tx, type: string, id: string) {
  const [row] = await tx
    .select()
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.entityType, type), eq(ledgerEntries.entityId, id), isNotNull(ledgerEntries.seq)))
    .orderBy(desc(ledgerEntries.seq))
    .limit(1);
  return row;
}

export async function entriesOf(tx: Tx, type: string, id: string, limit: number) {
  return tx
    .select()
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.entityType, type), eq(ledgerEntries.entityId, id)))
    .orderBy(asc(ledgerEntries.id))
    .limit(limit);
}

export interface LineageEdge {
  parentType: string;
  parentId: string;
  childType: string;
  childId: string;
  depth: number;
}

/** Walks lineage edges up (towards what an entity was derived from) or down (what was derived from it). */
export async function lineage(tx: Tx, type: string, id: string, direction: 'up' | 'down', maxDepth: number): Promise<LineageEdge[]> {
  const walk =
    direction === 'up'
      ? sql`select l.parent_type, l.parent_id, l.child_type, l.child_id, w.depth + 1
             from ledger_lineage l join walk w on l.child_type = w.parent_type and l.child_id = w.parent_id where w.depth < ${maxDepth}`
      : sql`select l.parent_type, l.parent_id, l.child_type, l.child_id, w.depth + 1
             from ledger_lineage l join walk w on l.parent_type = w.child_type and l.parent_id = w.child_id where w.depth < ${maxDepth}`;
  const start =
    direction === 'up'
      ? sql`select parent_type, parent_id, child_type, child_id, 1 from ledger_lineage where child_type = ${type} and child_id = ${id}`
      : sql`select parent_type, parent_id, child_type, child_id, 1 from ledger_lineage where parent_type = ${type} and parent_id = ${id}`;
  const rows = await tx.execute<{ parent_type: string; parent_id: string; child_type: string; child_id: string; depth: number }>(
    sql`with recursive walk(parent_type, parent_id, child_type, child_id, depth) as (${start} union ${walk})
        select parent_type, parent_id, child_type, child_id, min(depth) as depth from walk
        group by parent_type, parent_id, child_type, child_id order by 5, 1, 2, 3, 4 limit 1000`,
  );
  type Edge = { parent_type: string; parent_id: string; child_type: string; child_id: string; depth: number };
  return rowsOf<Edge>(rows).map((r) => ({ parentType: r.parent_type, parentId: r.parent_id, childType: r.child_type, childId: r.child_id, depth: Number(r.depth) }));
}
