import { createHash } from 'node:crypto';
import path from 'node:path';
import { beijingDateOf, DomainError } from '@shuyun/core';
import { type CellValue, readResultTable } from '@shuyun/engine';
import type { Deps } from '../../../deps.ts';
import { systemContext } from '../../../db/database.ts';
import { resultTableOf } from '../../jobs/index.ts';
import { appendToLedger } from '../../ledger/index.ts';
import * as store from '../store.ts';
import { productKeyHash } from '../use-cases/issue-key.ts';

// Serving published data products by key lookup, fast: the product's rows are indexed in memory once (its result
// table is immutable), keys are cached, and metering is batched — so a call reads no table and writes no row.
//
//   - Keys are looked up by their SHA-256 and cached for STANDING_TTL_MS with the standing of everything a call
//     depends on (key not revoked, product approved, provider active, its grant usable for product_api). Commands that
//     change any of these call `invalidateProductApi()`, so in this process the very next call sees the change; other
//     processes see it within STANDING_TTL_MS.
//   - Quotas per key and Beijing day start from what was metered before and count in memory; rate limits are a
//     fixed one-minute window per key.
//   - Calls are flushed every FLUSH_MS (or FLUSH_CALLS calls): usage records (api_call per key and day), access records
//     (which subject's row each call touched, as a keyed hash), and one ledger entry for the batch.

const STANDING_TTL_MS = 2_000;
const FLUSH_MS = 1_000;
const FLUSH_CALLS = 2_000;

interface KeyStanding {
  keyId: string;
  productId: string;
  consumerOrgId: string;
  providerOrgId: string;
  grantId: string;
  scenario: string;
  quotaPerDay: number;
  ratePerMinute: number;
  /** undefined: may be served; otherwise the refusal */
  refusal: 'PRODUCT_NOT_SERVED' | 'PRODUCT_SCENARIO_NOT_APPROVED' | undefined;
  checkedAt: number;
}

interface ProductIndex {
  columns: string[];
  rows: Map<string, CellValue[]>;
}

interface PendingCall {
  key: KeyStanding;
  subject: string;
  day: string;
}

export class ProductApi {
  readonly #keys = new Map<string, KeyStanding>();
  readonly #indexes = new Map<string, Promise<ProductIndex>>();
  readonly #used = new Map<string, { day: string; count: number }>();
  readonly #window = new Map<string, { minute: number; count: number }>();
  #pending: PendingCall[] = [];
  #flushing: Promise<void> | undefined;
  readonly #timer: NodeJS.Timeout;

  constructor(private readonly deps: Pick<Deps, 'db' | 'clock' | 'config' | 'log'>, readonly metering = true) {
    this.#timer = setInterval(() => void this.flush().catch((err: unknown) => deps.log.error({ error: { message: (err as Error).message } }, 'product metering flush failed')), FLUSH_MS);
    this.#timer.unref();
  }

  invalidate(): void {
    this.#keys.clear();
  }

  /** One call: the key, its scenario, quota and rate, then the row for the looked-up subject (or 404). */
  async call(productId: string, rawKey: string | undefined, scenario: string | undefined, lookup: string): Promise<{ columns: string[]; row: CellValue[] }> {
    if (!rawKey) throw new DomainError('AUTH_REQUIRED');
    const key = await this.#standing(rawKey);
    if (!key || key.productId !== productId) throw new DomainError('AUTH_INVALID_TOKEN');
    if (key.refusal) throw new DomainError(key.refusal);
    if (scenario !== key.scenario) throw new DomainError('PRODUCT_SCENARIO_NOT_APPROVED');
    const now = this.deps.clock.now();
    const day = beijingDateOf(now);
    await this.#countQuota(key, day);
    this.#countRate(key, now);
    const index = await this.#index(productId);
    const row = index.rows.get(lookup);
    if (this.metering) {
      this.#pending.push({ key, subject: lookup, day });
      if (this.#pending.length >= FLUSH_CALLS) void this.flush();
    }
    if (!row) throw new DomainError('NOT_FOUND');
    return { columns: index.columns, row };
  }

  async #standing(rawKey: string): Promise<KeyStanding | undefined> {
    const hash = productKeyHash(rawKey);
    const cached = this.#keys.get(hash);
    if (cached && Date.now() - cached.checkedAt < STANDING_TTL_MS) return cached;
    const standing = await this.deps.db.tx(systemContext('product api key'), async (tx) => {
      const key = await store.findKeyByHash(tx, hash);
      if (!key) return undefined;
      const product = (await store.findProduct(tx, key.productId))!;
      const served = await store.productServable(tx, product.id, this.deps.clock.now());
      return {
        keyId: key.id,
        productId: key.productId,
        consumerOrgId: key.consumerOrgId,
        providerOrgId: product.orgId,
        grantId: product.grantId,
        scenario: key.scenario,
        quotaPerDay: key.quotaPerDay,
        ratePerMinute: key.ratePerMinute,
        refusal: !served ? ('PRODUCT_NOT_SERVED' as const) : !product.scenarios.includes(key.scenario) ? ('PRODUCT_SCENARIO_NOT_APPROVED' as const) : undefined,
        checkedAt: Date.now(),
      };
    });
    if (standing) this.#keys.set(hash, standing);
    return standing;
  }

  async #countQuota(key: KeyStanding, day: string): Promise<void> {
    let used = this.#used.get(key.keyId);
    if (!used || used.day !== day) {
      const metered = await this.deps.db.tx(systemContext('product api quota'), (tx) => store.callsOn(tx, key.keyId, day));
      const pending = this.#pending.filter((p) => p.key.keyId === key.keyId && p.day === day).length;
      used = { day, count: metered + pending };
      this.#used.set(key.keyId, used);
    }
    if (used.count >= key.quotaPerDay) throw new DomainError('PRODUCT_QUOTA_EXHAUSTED');
    used.count++;
  }

  #countRate(key: KeyStanding, now: Date): void {
    const minute = Math.floor(now.getTime() / 60_000);
    const w = this.#window.get(key.keyId);
    if (!w || w.minute !== minute) this.#window.set(key.keyId, { minute, count: 1 });
    else if (++w.count > key.ratePerMinute) throw new DomainError('RATE_LIMITED');
  }

  async #index(productId: string): Promise<ProductIndex> {
    let index = this.#indexes.get(productId);
    if (!index) {
      index = this.#load(productId);
      this.#indexes.set(productId, index);
      index.catch(() => this.#indexes.delete(productId));
    }
    return index;
  }

  async #load(productId: string): Promise<ProductIndex> {
    const { source, table } = await this.deps.db.tx(systemContext('product api index'), async (tx) => {
      const product = (await store.findProduct(tx, productId))!;
      if (!product.source) throw new DomainError('PRODUCT_NOT_SERVED');
      return { source: product.source, table: (await resultTableOf(tx, product.source.resultTableId))! };
    });
    const columns = [source.lookupColumn, ...source.outputColumns];
    const rows = await readResultTable(path.join(this.deps.config.resultsDir, table.filePath), columns);
    return { columns: source.outputColumns, rows: new Map(rows.map((r) => [String(r[0]), r.slice(1)])) };
  }

  /** Writes what was called since the last flush: usage, access records, one ledger entry. */
  async flush(): Promise<void> {
    if (this.#flushing) return this.#flushing;
    const batch = this.#pending;
    if (batch.length === 0) return;
    this.#pending = [];
    this.#flushing = this.#write(batch).finally(() => (this.#flushing = undefined));
    return this.#flushing;
  }

  async #write(batch: PendingCall[]): Promise<void> {
    const now = this.deps.clock.now();
    const perKey = new Map<string, { key: KeyStanding; day: string; calls: number; subjects: Map<string, number> }>();
    for (const c of batch) {
      const id = `${c.key.keyId}/${c.day}`;
      const entry = perKey.get(id) ?? { key: c.key, day: c.day, calls: 0, subjects: new Map() };
      entry.calls++;
      const subject = subjectHash(c.subject);
      entry.subjects.set(subject, (entry.subjects.get(subject) ?? 0) + 1);
      perKey.set(id, entry);
    }
    await this.deps.db.tx(systemContext('product api metering'), async (tx) => {
      for (const { key, day, calls, subjects } of perKey.values()) {
        const parties = [key.providerOrgId, key.consumerOrgId];
        await store.insertUsage(tx, [{ orgId: key.consumerOrgId, grantId: key.grantId, productId: key.productId, keyId: key.keyId, kind: 'api_call', quantity: calls, periodDay: day, recordedAt: now, parties }]);
        await store.insertSubjectAccesses(tx, [...subjects].map(([subjectHash, n]) => ({ subjectHash, productId: key.productId, consumerOrgId: key.consumerOrgId, scenario: key.scenario, calls: n, periodDay: day, recordedAt: now, parties })));
        await appendToLedger(tx, this.deps.clock, {
          actor: { userId: null, orgId: null },
          action: 'product.calls_metered',
          entity: { type: 'product_key', id: key.keyId },
          orgs: parties,
          payload: { product: key.productId, scenario: key.scenario, day, calls, subjects: subjects.size },
          derivedFrom: [{ type: 'product', id: key.productId }],
        });
      }
    });
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.flush();
  }
}

/** Who a call was about, as a hash: a data subject can find the calls about itself by hashing its own identifier. */
export function subjectHash(subject: string): string {
  return createHash('sha256').update(`shuyun-subject/v1\n${subject}`).digest('hex');
}

const apis = new WeakMap<object, ProductApi>();

/** The process's product API, one per database (the same deps object). */
export function productApiOf(deps: Pick<Deps, 'db' | 'clock' | 'config' | 'log'>): ProductApi {
  let api = apis.get(deps.db);
  if (!api) apis.set(deps.db, (api = new ProductApi(deps)));
  return api;
}

/**
 * Installs `api` as the process's product API for this database and returns the one it replaces (not closed). For
 * benchmarks only (`bench/product-api.bench.ts` compares the endpoint against itself with `metering` off); the
 * platform never calls it, so production always serves through the metered instance `productApiOf` creates.
 */
export function setProductApi(deps: Pick<Deps, 'db'>, api: ProductApi): ProductApi | undefined {
  const previous = apis.get(deps.db);
  apis.set(deps.db, api);
  return previous;
}

/** After a command that changes who may be served (suspension, revocation, review), the next call re-checks. */
export function invalidateProductApi(deps: Pick<Deps, 'db'>): void {
  apis.get(deps.db)?.invalidate();
}
