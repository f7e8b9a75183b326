import { get } from '../../api.ts';
import type { Lang } from '../../i18n.ts';
import type { KeyRecord, LedgerEntry, Lineage, Product } from './types.ts';

// The API has no endpoint listing a product's keys; their issuance and metering are ledgered, with the provider and
// the consumer as parties, and each key derives from its product. So a party reads a product's keys from the
// ledger's lineage (product → product_key → metering_batch, as far as row-level security lets it see): each key's
// issuance (scenario, quota, rate) and the calls metered per key and Beijing day. Metering is batched: calls show up
// here a second or two after they are made. (A `GET /products/:id/keys` with usage would replace all of this.)

/** Today's date in Beijing (the quota day), YYYY-MM-DD. */
export function beijingToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

const lineage = (lang: Lang, type: string, id: string) => get<Lineage>(`/ledger/lineage?entityType=${encodeURIComponent(type)}&entityId=${encodeURIComponent(id)}&depth=1`, lang);

function record(payload: unknown): Record<string, unknown> {
  return typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : {};
}

/** Runs `fn` over `items`, at most `limit` at a time. */
async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** Metering batches read at most per product (a batch is written about once a second while keys are being called). */
export const MAX_METERING_BATCHES = 200;

interface Metered {
  key: string;
  day: string;
  calls: number;
  scenario?: string;
}

/** The calls a metering entry records, per key: one batch entry lists several keys; an older entry is about one key. */
function meteredIn(e: LedgerEntry): Metered[] {
  const p = record(e.payload);
  if (Array.isArray(p.keys)) {
    return p.keys.map(record).map((k) => ({ key: String(k.key ?? ''), day: String(k.day ?? ''), calls: typeof k.calls === 'number' ? k.calls : 0, ...(typeof k.scenario === 'string' ? { scenario: k.scenario } : {}) }));
  }
  if (e.leaf?.entity.type === 'product_key' && 'calls' in p && 'day' in p) {
    return [{ key: e.leaf.entity.id, day: String(p.day), calls: typeof p.calls === 'number' ? p.calls : 0, ...(typeof p.scenario === 'string' ? { scenario: p.scenario } : {}) }];
  }
  return [];
}

/**
 * The keys of a product the caller may see, with their usage: the product's keys and their metering batches from one
 * lineage walk (product → product_key → metering_batch), each key's issuance from its own entries, each batch's
 * calls per key and day from its entry. `partial` when there were more batches than MAX_METERING_BATCHES.
 */
export async function loadProductKeys(lang: Lang, product: Pick<Product, 'id' | 'orgId'>): Promise<KeyRecord[] & { partial?: boolean }> {
  const walk = await get<Lineage>(`/ledger/lineage?entityType=product&entityId=${encodeURIComponent(product.id)}&depth=2`, lang);
  const keyIds = [...new Set(walk.downstream.filter((e) => e.parentType === 'product' && e.parentId === product.id && e.childType === 'product_key').map((e) => e.childId))];
  const keySet = new Set(keyIds);
  const batchIds = [...new Set(walk.downstream.filter((e) => e.childType === 'metering_batch' && keySet.has(e.parentId)).map((e) => e.childId))];
  const today = beijingToday();
  const keys = new Map<string, KeyRecord>(
    keyIds.map((id) => [id, { id, productId: product.id, consumerOrgId: null, scenario: '', quotaPerDay: null, ratePerMinute: null, issuedAt: null, callsByDay: {}, callsToday: 0, callsTotal: 0 }]),
  );
  const count = (m: Metered, orgs: readonly string[] | undefined) => {
    const key = keys.get(m.key);
    if (!key) return;
    key.callsByDay[m.day] = (key.callsByDay[m.day] ?? 0) + m.calls;
    key.callsTotal += m.calls;
    if (!key.scenario && m.scenario) key.scenario = m.scenario;
    key.consumerOrgId ??= orgs?.find((o) => o !== product.orgId) ?? null;
  };
  await mapLimited(keyIds, 6, async (id) => {
    const key = keys.get(id)!;
    for (const e of (await lineage(lang, 'product_key', id)).entries) {
      const p = record(e.payload);
      if (e.leaf?.action === 'product.key_issued' || (!e.leaf && 'quotaPerDay' in p)) {
        key.scenario = String(p.scenario ?? '');
        key.quotaPerDay = typeof p.quotaPerDay === 'number' ? p.quotaPerDay : null;
        key.ratePerMinute = typeof p.ratePerMinute === 'number' ? p.ratePerMinute : null;
        key.issuedAt = e.leaf?.time ?? null;
        key.consumerOrgId = e.leaf?.orgs.find((o) => o !== product.orgId) ?? key.consumerOrgId;
      } else {
        for (const m of meteredIn(e)) count(m, e.leaf?.orgs);
      }
    }
  });
  await mapLimited(batchIds.slice(0, MAX_METERING_BATCHES), 6, async (id) => {
    for (const e of (await lineage(lang, 'metering_batch', id)).entries) for (const m of meteredIn(e)) count(m, e.leaf?.orgs);
  });
  const out: KeyRecord[] & { partial?: boolean } = [...keys.values()].map((k) => ({ ...k, callsToday: k.callsByDay[today] ?? 0 }));
  out.sort((a, b) => (b.issuedAt ?? '').localeCompare(a.issuedAt ?? ''));
  if (batchIds.length > MAX_METERING_BATCHES) out.partial = true;
  return out;
}
