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
//     depends on (key not revoked, product approved, provider active, its grant usable for product_api). A key that is
//     unknown or stale waits for a sweep: one transaction that re-checks every key used since the last sweep (and the
//     products they serve, once each), so the database sees about one check per STANDING_TTL_MS, not one per key.
//     Commands that change any of these call `invalidateProductApi()`, so in this process the very next call sees the
//     change (a check that began before it never fills the cache); other processes see it within STANDING_TTL_MS.
//   - Quotas per key and Beijing day start from what was metered before and count in memory; rate limits are a
//     fixed one-minute window per key.
//   - Calls are counted in memory per key and day and flushed every FLUSH_MS (or FLUSH_CALLS calls) in one
//     transaction: usage records (api_call per key and day), access records (which subject's row was touched and how
//     often, as a keyed hash; one INSERT … SELECT FROM unnest for the whole batch), and a ledger entry per key and day.

const STANDING_TTL_MS = 2_000;
const FLUSH_MS = 1_000;
const FLUSH_CALLS = 2_000;
const DAY_MS = 86_400_000;
const BEIJING_OFFSET_MS = 8 * 3_600_000;

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
  /** Date.now() when the check that produced this standing began */
  checkedAt: number;
  /** used since the last check: re-checked with the next sweep instead of left to expire */
  used: boolean;
}

interface ProductIndex {
  columns: string[];
  rows: Map<string, CellValue[]>;
}

/** The calls of one key on one Beijing day since the last flush. */
interface PendingKey {
  key: KeyStanding;
  day: string;
  calls: number;
  /** looked-up subject → calls */
  subjects: Map<string, number>;
}

/** One re-check of key standing: which key hashes it covers, and when it is done. */
interface Sweep {
  hashes: Set<string>;
  done: Promise<void>;
}

export class ProductApi {
  readonly #keys = new Map<string, KeyStanding>();
  /** raw key → its SHA-256 (bounded): a call does not hash the key again */
  readonly #hashes = new Map<string, string>();
  readonly #indexes = new Map<string, Promise<ProductIndex>>();
  readonly #ready = new Map<string, ProductIndex>();
  readonly #used = new Map<string, { day: string; count: number }>();
  readonly #window = new Map<string, { minute: number; count: number }>();
  /** key hashes asked for since the last sweep began and not in the cache */
  readonly #wanted = new Set<string>();
  #sweep: Sweep | undefined;
  /** bumped by invalidate(): a check that began before it never fills the cache */
  #generation = 0;
  #pending = new Map<string, PendingKey>();
  #pendingCalls = 0;
  #flushing: Promise<void> | undefined;
  /** the Beijing day of [#dayFrom, #dayFrom + DAY_MS) */
  #day = '';
  #dayFrom = Number.NaN;
  readonly #timer: NodeJS.Timeout;

  constructor(private readonly deps: Pick<Deps, 'db' | 'clock' | 'config' | 'log'>, readonly metering = true) {
    this.#timer = setInterval(() => void this.flush().catch((err: unknown) => deps.log.error({ error: { message: (err as Error).message } }, 'product metering flush failed')), FLUSH_MS);
    this.#timer.unref();
  }

  invalidate(): void {
    this.#generation++;
    this.#keys.clear();
  }

  /** One call: the key, its scenario, quota and rate, then the row for the looked-up subject (or 404). */
  async call(productId: string, rawKey: string | undefined, scenario: string | undefined, lookup: string): Promise<{ columns: string[]; row: CellValue[] }> {
    if (!rawKey) throw new DomainError('AUTH_REQUIRED');
    let hash = this.#hashes.get(rawKey);
    if (hash === undefined) {
      if (this.#hashes.size >= 10_000) this.#hashes.clear();
      this.#hashes.set(rawKey, (hash = productKeyHash(rawKey)));
    }
    let key = this.#keys.get(hash);
    if (!key || Date.now() - key.checkedAt >= STANDING_TTL_MS) key = await this.#check(hash);
    if (!key || key.productId !== productId) throw new DomainError('AUTH_INVALID_TOKEN');
    key.used = true;
    if (key.refusal) throw new DomainError(key.refusal);
    if (scenario !== key.scenario) throw new DomainError('PRODUCT_SCENARIO_NOT_APPROVED');
    const now = this.deps.clock.now().getTime();
    const day = this.#dayOf(now);
    let used = this.#used.get(key.keyId);
    if (!used || used.day !== day) used = await this.#loadQuota(key, day);
    if (used.count >= key.quotaPerDay) throw new DomainError('PRODUCT_QUOTA_EXHAUSTED');
    used.count++;
    this.#countRate(key, now);
    const index = this.#ready.get(productId) ?? (await this.#index(productId));
    const row = index.rows.get(lookup);
    if (this.metering) this.#meter(key, day, lookup);
    if (!row) throw new DomainError('NOT_FOUND');
    return { columns: index.columns, row };
  }

  /** The Beijing date of `t`, recomputed only when `t` leaves the day last computed. */
  #dayOf(t: number): string {
    if (!(t >= this.#dayFrom && t < this.#dayFrom + DAY_MS)) {
      this.#day = beijingDateOf(new Date(t));
      this.#dayFrom = Math.floor((t + BEIJING_OFFSET_MS) / DAY_MS) * DAY_MS - BEIJING_OFFSET_MS;
    }
    return this.#day;
  }

  /**
   * A key whose standing is unknown or older than STANDING_TTL_MS: waits for a sweep that covers it. One sweep
   * re-checks, in one transaction, every key used since the last one and every key asked for meanwhile, so the
   * database sees one check per STANDING_TTL_MS however many keys and calls there are.
   */
  async #check(hash: string): Promise<KeyStanding | undefined> {
    this.#wanted.add(hash);
    for (;;) {
      const generation = this.#generation;
      const sweep = this.#sweep ?? this.#startSweep();
      await sweep.done;
      const key = this.#keys.get(hash);
      if (key && Date.now() - key.checkedAt < STANDING_TTL_MS) return key;
      // a sweep that covered this key and was not overtaken by an invalidation: the key is unknown or revoked
      if (sweep.hashes.has(hash) && generation === this.#generation && !key) return undefined;
    }
  }

  #startSweep(): Sweep {
    const hashes = new Set(this.#wanted);
    this.#wanted.clear();
    const checkedAt = Date.now();
    for (const [hash, key] of this.#keys) {
      if (key.used) hashes.add(hash);
      else if (checkedAt - key.checkedAt >= STANDING_TTL_MS) this.#keys.delete(hash); // expired unused: checked again when used
    }
    const generation = this.#generation;
    const sweep: Sweep = {
      hashes,
      done: this.#standings([...hashes], checkedAt)
        .then((standings) => {
          if (generation !== this.#generation) return; // invalidated meanwhile: the next sweep decides
          for (const hash of hashes) {
            const standing = standings.get(hash);
            if (standing) this.#keys.set(hash, standing);
            else this.#keys.delete(hash);
          }
        })
        .finally(() => {
          if (this.#sweep === sweep) this.#sweep = undefined;
        }),
    };
    this.#sweep = sweep;
    return sweep;
  }

  /** The standing of these keys now: not revoked, product approved and servable (provider, grant, partner), scenario. */
  async #standings(hashes: string[], checkedAt: number): Promise<Map<string, KeyStanding>> {
    return this.deps.db.tx(systemContext('product api key'), async (tx) => {
      const out = new Map<string, KeyStanding>();
      const keys = await store.activeKeysByHash(tx, hashes);
      const products = new Map<string, { product: store.ProductRow; served: boolean }>();
      for (const productId of new Set(keys.map((k) => k.productId))) {
        const product = (await store.findProduct(tx, productId))!;
        products.set(productId, { product, served: await store.productServable(tx, productId, this.deps.clock.now()) });
      }
      for (const key of keys) {
        const { product, served } = products.get(key.productId)!;
        out.set(key.keyHash, {
          keyId: key.id,
          productId: key.productId,
          consumerOrgId: key.consumerOrgId,
          providerOrgId: product.orgId,
          grantId: product.grantId,
          scenario: key.scenario,
          quotaPerDay: key.quotaPerDay,
          ratePerMinute: key.ratePerMinute,
          refusal: !served ? 'PRODUCT_NOT_SERVED' : !product.scenarios.includes(key.scenario) ? 'PRODUCT_SCENARIO_NOT_APPROVED' : undefined,
          checkedAt,
          used: false,
        });
      }
      return out;
    });
  }

  async #loadQuota(key: KeyStanding, day: string): Promise<{ day: string; count: number }> {
    const metered = await this.deps.db.tx(systemContext('product api quota'), (tx) => store.callsOn(tx, key.keyId, day));
    const current = this.#used.get(key.keyId);
    if (current && current.day === day) return current; // another call loaded it meanwhile
    const used = { day, count: metered + (this.#pending.get(`${key.keyId}/${day}`)?.calls ?? 0) };
    this.#used.set(key.keyId, used);
    return used;
  }

  #countRate(key: KeyStanding, now: number): void {
    const minute = Math.floor(now / 60_000);
    const w = this.#window.get(key.keyId);
    if (!w || w.minute !== minute) this.#window.set(key.keyId, { minute, count: 1 });
    else if (++w.count > key.ratePerMinute) throw new DomainError('RATE_LIMITED');
  }

  #meter(key: KeyStanding, day: string, subject: string): void {
    const id = `${key.keyId}/${day}`;
    let pending = this.#pending.get(id);
    if (!pending) this.#pending.set(id, (pending = { key, day, calls: 0, subjects: new Map() }));
    pending.calls++;
    pending.subjects.set(subject, (pending.subjects.get(subject) ?? 0) + 1);
    if (++this.#pendingCalls >= FLUSH_CALLS) void this.flush().catch((err: unknown) => this.deps.log.error({ error: { message: (err as Error).message } }, 'product metering flush failed'));
  }

  async #index(productId: string): Promise<ProductIndex> {
    let index = this.#indexes.get(productId);
    if (!index) {
      index = this.#load(productId);
      this.#indexes.set(productId, index);
      index.then(
        (ready) => this.#ready.set(productId, ready),
        () => this.#indexes.delete(productId),
      );
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

  /** Writes what was called since the last flush: usage, access records, one ledger entry per key and day. */
  async flush(): Promise<void> {
    if (this.#flushing) return this.#flushing;
    const batch = this.#pending;
    if (batch.size === 0) return;
    this.#pending = new Map();
    this.#pendingCalls = 0;
    this.#flushing = this.#write([...batch.values()]).finally(() => (this.#flushing = undefined));
    return this.#flushing;
  }

  async #write(batch: PendingKey[]): Promise<void> {
    const now = this.deps.clock.now();
    await this.deps.db.tx(systemContext('product api metering'), async (tx) => {
      await store.insertUsage(tx, batch.map(({ key, day, calls }) => ({ orgId: key.consumerOrgId, grantId: key.grantId, productId: key.productId, keyId: key.keyId, kind: 'api_call' as const, quantity: calls, periodDay: day, recordedAt: now, parties: [key.providerOrgId, key.consumerOrgId] })));
      // one access row per key and day of the batch, holding every subject it touched (hashed)
      await store.insertSubjectAccesses(tx, batch.map(({ key, day, calls, subjects }) => ({
        subjectHashes: [...subjects.keys()].map(subjectHash),
        productId: key.productId,
        consumerOrgId: key.consumerOrgId,
        scenario: key.scenario,
        calls,
        periodDay: day,
        recordedAt: now,
        parties: [key.providerOrgId, key.consumerOrgId],
      })));
      for (const { key, day, calls, subjects } of batch) {
        const parties = [key.providerOrgId, key.consumerOrgId];
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
