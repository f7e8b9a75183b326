import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Tx } from '../../db/database.ts';
import { rowsOf } from '../../db/rows.ts';
import { productKeys, products, usageRecords } from '../../db/schema.ts';

export type ProductRow = typeof products.$inferSelect;
export type ProductKeyRow = typeof productKeys.$inferSelect;

export async function insertProduct(tx: Tx, values: typeof products.$inferInsert) {
  const [row] = await tx.insert(products).values(values).returning();
  return row!;
}

export async function findProduct(tx: Tx, id: string) {
  const [row] = await tx.select().from(products).where(eq(products.id, id));
  return row;
}

export async function listProducts(tx: Tx) {
  return tx.select().from(products).orderBy(desc(products.submittedAt)).limit(500);
}

export async function updateProduct(tx: Tx, id: string, change: Partial<typeof products.$inferInsert>) {
  const [row] = await tx.update(products).set(change).where(eq(products.id, id)).returning();
  return row!;
}

export async function insertKey(tx: Tx, values: typeof productKeys.$inferInsert) {
  const [row] = await tx.insert(productKeys).values(values).returning();
  return row!;
}

/** A product's keys, newest first. */
export async function keysOfProduct(tx: Tx, productId: string) {
  return tx.select().from(productKeys).where(eq(productKeys.productId, productId)).orderBy(desc(productKeys.createdAt)).limit(2000);
}

/** The keys issued to a consumer, newest first, with their product where the consumer may see it (null otherwise). */
export async function keysOfConsumer(tx: Tx, consumerOrgId: string) {
  return tx
    .select({ key: productKeys, product: { id: products.id, orgId: products.orgId, kind: products.kind, nameZh: products.nameZh, nameEn: products.nameEn, state: products.state, usage: products.usage, pricing: products.pricing } })
    .from(productKeys)
    .leftJoin(products, eq(products.id, productKeys.productId))
    .where(eq(productKeys.consumerOrgId, consumerOrgId))
    .orderBy(desc(productKeys.createdAt))
    .limit(2000);
}

/** Metered API calls of these keys: on the Beijing day `day` and in total. Keys without calls are absent. */
export async function callsOfKeys(tx: Tx, keyIds: readonly string[], day: string): Promise<Map<string, { today: number; total: number }>> {
  if (keyIds.length === 0) return new Map();
  const rows = await tx
    .select({
      keyId: usageRecords.keyId,
      today: sql<string | null>`sum(${usageRecords.quantity}) FILTER (WHERE ${usageRecords.periodDay} = ${day}::date)`,
      total: sql<string | null>`sum(${usageRecords.quantity})`,
    })
    .from(usageRecords)
    .where(and(inArray(usageRecords.keyId, [...keyIds]), eq(usageRecords.kind, 'api_call')))
    .groupBy(usageRecords.keyId);
  return new Map(rows.map((r) => [r.keyId!, { today: Number(r.today ?? 0), total: Number(r.total ?? 0) }]));
}

/** API calls a key made on a Beijing day, as metered so far. */
export async function callsOn(tx: Tx, keyId: string, day: string): Promise<number> {
  const [row] = await tx
    .select({ n: sql<string | null>`sum(${usageRecords.quantity})` })
    .from(usageRecords)
    .where(and(eq(usageRecords.keyId, keyId), eq(usageRecords.periodDay, day), eq(usageRecords.kind, 'api_call')));
  return Number(row?.n ?? 0);
}

/** The API calls of one key on one Beijing day in a metering batch. */
export interface ApiCallUsage {
  keyId: string;
  productId: string;
  grantId: string;
  consumerOrgId: string;
  providerOrgId: string;
  calls: number;
  periodDay: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** An array literal of values that need no quoting (uuids, dates, integers), each checked first. */
function plainArray(values: readonly string[], pattern: RegExp): string {
  for (const v of values) if (!pattern.test(v)) throw new Error(`not an array element of this kind: ${JSON.stringify(v)}`);
  return `{${values.join(',')}}`;
}

/**
 * A batch's api_call usage records (consumer pays, provider and consumer are parties), in one statement: the rows
 * travel as one array per column and come out of `unnest` (no per-row parameters, nothing for Drizzle to map).
 */
export async function insertApiCallUsage(tx: Tx, rows: readonly ApiCallUsage[], recordedAt: Date) {
  if (rows.length === 0) return;
  const column = (f: (r: ApiCallUsage) => string, pattern: RegExp) => plainArray(rows.map(f), pattern);
  await tx.execute(sql`
    INSERT INTO usage_records (org_id, grant_id, product_id, key_id, kind, quantity, period_day, recorded_at, parties)
    SELECT consumer, grant_id, product_id, key_id, 'api_call', calls, day, ${recordedAt.toISOString()}::timestamptz, ARRAY[provider, consumer]
      FROM unnest(${column((r) => r.consumerOrgId, UUID)}::uuid[], ${column((r) => r.providerOrgId, UUID)}::uuid[], ${column((r) => r.grantId, UUID)}::uuid[],
                  ${column((r) => r.productId, UUID)}::uuid[], ${column((r) => r.keyId, UUID)}::uuid[], ${column((r) => String(r.calls), /^\d+$/)}::bigint[],
                  ${column((r) => r.periodDay, DAY)}::date[]) AS t(consumer, provider, grant_id, product_id, key_id, calls, day)`);
}

/** One access record: the calls a consumer made to a product in a scenario on a day, in one batch, and every subject they touched. */
export interface SubjectAccess {
  /** hex digests (see `subjectHash`) */
  subjectHashes: readonly string[];
  productId: string;
  consumerOrgId: string;
  providerOrgId: string;
  scenario: string;
  calls: number;
  periodDay: string;
}

/**
 * Access records in one statement. The hashes of a row travel as one comma-separated text split by
 * `string_to_array` (hex needs no quoting, and PGlite splits that faster than it parses a text[] literal).
 */
export async function insertSubjectAccesses(tx: Tx, rows: readonly SubjectAccess[], recordedAt: Date) {
  if (rows.length === 0) return;
  const at = recordedAt.toISOString();
  const values = rows.map((r) => {
    const hashes = r.subjectHashes.join(',');
    if (!/^[0-9a-f,]*$/.test(hashes)) throw new Error('subject hashes must be hex digests');
    return sql`(string_to_array(${hashes}, ','), ${r.productId}::uuid, ${r.consumerOrgId}::uuid, ${r.scenario}, ${r.calls}::int, ${r.periodDay}::date, ${at}::timestamptz, ARRAY[${r.providerOrgId}::uuid, ${r.consumerOrgId}::uuid])`;
  });
  await tx.execute(sql`INSERT INTO subject_accesses (subject_hashes, product_id, consumer_org_id, scenario, calls, period_day, recorded_at, parties) VALUES ${sql.join(values, sql`, `)}`);
}

/**
 * Whether a product may be served now: approved, its provider active, its grant active, in term, and (for a partner)
 * its operator active and the partnership admitted.
 */
export async function productServable(tx: Tx, productId: string, now: Date): Promise<boolean> {
  const rows = await tx.execute(sql`
    SELECT 1 FROM products p
      JOIN organizations provider ON provider.id = p.org_id AND provider.status = 'active'
      JOIN grants g ON g.id = p.grant_id AND g.state = 'active' AND g.valid_from <= ${now} AND g.valid_until > ${now}
      LEFT JOIN organizations op ON op.id = g.operator_org_id
      LEFT JOIN partner_admissions a ON a.partner_org_id = g.assignee_org_id AND a.operator_org_id = g.operator_org_id AND a.state = 'admitted'
     WHERE p.id = ${productId} AND p.state = 'approved'
       AND (g.operator_org_id IS NULL OR (op.status = 'active' AND a.id IS NOT NULL))`);
  return rowsOf(rows).length > 0;
}

/** The keys (not revoked) with these hashes. */
export async function activeKeysByHash(tx: Tx, hashes: string[]) {
  return tx.select().from(productKeys).where(and(inArray(productKeys.keyHash, hashes), isNull(productKeys.revokedAt)));
}
