import { hash, randomUUID } from 'node:crypto';
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
//     fixed one-minute window per key. A call refused by either is not counted.
//   - Metering on the hot path is a counter increment and a push of the looked-up subject onto the key's tally.
//     Everything else happens in the flush, every FLUSH_MS or FLUSH_CALLS calls (whichever comes first), and on
//     close: subjects are deduplicated and hashed there, and one short transaction writes the batch — usage records
//     (api_call per key and day, one INSERT), access records (one row per product, consumer, scenario and day with
//     every distinct subject it touched, hashed; one INSERT) and one ledger entry per provider and consumer (each
//     organization reads only the batches it is party to), which lists every key's calls and distinct subjects.
//     PGlite runs on the server's thread, so the work of a flush (statements, ledger entries to sequence) is work the
//     server does not do for requests: fewer, larger statements and entries per batch are what keep metering cheap.
//   - Batches are written one after another; one whose write fails goes back into the batch being collected (the
//     next flush retries it), so no call is lost, and the quota a restart or a new day reads from the database is
//     exact: the read waits for the writes before it and adds what is metered but not yet written.

const STANDING_TTL_MS = 2_000;
const FLUSH_MS = 1_000;
const FLUSH_CALLS = 10_000;
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
  /** this key's tally in the batch being collected, for the day it names (saves a Map look-up per call) */
  tally: KeyTally | undefined;
}

interface ProductIndex {
  columns: string[];
  rows: Map<string, CellValue[]>;
}

/** The calls of one key on one Beijing day in one batch. */
interface KeyTally {
  batch: Batch;
  key: KeyStanding;
  day: string;
  calls: number;
  /** the looked-up subject of every call, repeats included (deduplicated and hashed when the batch is written) */
  subjects: string[];
}

/** The calls metered since the batch before it was taken: `keyId/day` → tally. */
interface Batch {
  tallies: Map<string, KeyTally>;
  calls: number;
}

const newBatch = (): Batch => ({ tallies: new Map(), calls: 0 });

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
  /** the calls being collected */
  #batch = newBatch();
  /** batches taken for writing and not yet committed, oldest first */
  readonly #unwritten: Batch[] = [];
  /** the end of the chain of writes (and quota reads) to the database; never rejects */
  #tail: Promise<void> = Promise.resolve();
  /** the Beijing day of [#dayFrom, #dayFrom + DAY_MS) */
  #day = '';
  #dayFrom = Number.NaN;
  readonly #timer: NodeJS.Timeout;

  constructor(private readonly deps: Pick<Deps, 'db' | 'clock' | 'config' | 'log'>, readonly metering = true) {
    this.#timer = setInterval(() => {
      if (this.#batch.calls > 0 && this.#unwritten.length === 0) this.#flushInBackground();
    }, FLUSH_MS);
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
    this.#countRate(key, now);
    used.count++;
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
          tally: undefined,
        });
      }
      return out;
    });
  }

  /**
   * The calls this key made on `day` so far: what the database holds plus what is metered here and not written yet.
   * The read is queued behind the writes already taken, and writes taken meanwhile wait for it, so every call is
   * counted once: in the database or in a batch not yet written.
   */
  async #loadQuota(key: KeyStanding, day: string): Promise<{ day: string; count: number }> {
    const metered = await this.#queuedRead(() => this.deps.db.tx(systemContext('product api quota'), (tx) => store.callsOn(tx, key.keyId, day)));
    const current = this.#used.get(key.keyId);
    if (current && current.day === day) return current; // another call loaded it meanwhile
    let count = metered;
    for (const batch of [...this.#unwritten, this.#batch]) count += batch.tallies.get(`${key.keyId}/${day}`)?.calls ?? 0;
    const used = { day, count };
    this.#used.set(key.keyId, used);
    return used;
  }

  /**
   * A read of metered usage, placed in the chain of writes: it starts once the batches already taken are written
   * (or back in the batch being collected), and the batches taken meanwhile wait for it. When it resolves, the calls
   * in `#unwritten` and `#batch` are exactly those its transaction did not see.
   */
  #queuedRead<T>(read: () => Promise<T>): Promise<T> {
    const queued = this.#tail.then(read);
    this.#tail = queued.then(noop, noop);
    return queued;
  }

  /**
   * Metered usage as a database read (`read`, e.g. sums of usage records per key) together with the calls this process
   * metered that the read did not see (not yet written): per key id, Beijing day → calls. Adding the two counts every
   * call once, as the quota does. Only this process's calls: another process's unwritten calls show once it flushes.
   */
  async readMetered<T>(read: () => Promise<T>): Promise<{ value: T; unwritten: Map<string, Map<string, number>> }> {
    const value = await this.#queuedRead(read);
    const unwritten = new Map<string, Map<string, number>>();
    for (const batch of [...this.#unwritten, this.#batch]) {
      for (const t of batch.tallies.values()) {
        let days = unwritten.get(t.key.keyId);
        if (!days) unwritten.set(t.key.keyId, (days = new Map()));
        days.set(t.day, (days.get(t.day) ?? 0) + t.calls);
      }
    }
    return { value, unwritten };
  }

  #countRate(key: KeyStanding, now: number): void {
    const minute = Math.floor(now / 60_000);
    const w = this.#window.get(key.keyId);
    if (!w || w.minute !== minute) this.#window.set(key.keyId, { minute, count: 1 });
    else if (++w.count > key.ratePerMinute) throw new DomainError('RATE_LIMITED');
  }

  /** The hot path of metering: a counter and a push. */
  #meter(key: KeyStanding, day: string, subject: string): void {
    const batch = this.#batch;
    let tally = key.tally;
    if (tally === undefined || tally.batch !== batch || tally.day !== day) {
      const id = `${key.keyId}/${day}`;
      tally = batch.tallies.get(id);
      if (!tally) batch.tallies.set(id, (tally = { batch, key, day, calls: 0, subjects: [] }));
      key.tally = tally;
    }
    tally.calls++;
    tally.subjects.push(subject);
    if (++batch.calls >= FLUSH_CALLS && this.#unwritten.length === 0) this.#flushInBackground();
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

  /**
   * Takes the calls metered so far as a batch and writes it after the batches before it; resolves when all of them
   * are written, rejects when this batch's write failed (its calls then wait in the next batch).
   */
  flush(): Promise<void> {
    const batch = this.#batch;
    if (batch.calls === 0) return this.#tail;
    this.#batch = newBatch();
    this.#unwritten.push(batch);
    const written = this.#tail.then(() => this.#write(batch)).then(
      () => {
        this.#unwritten.splice(this.#unwritten.indexOf(batch), 1);
        // the calls that came in meanwhile may already make a full batch
        if (this.#batch.calls >= FLUSH_CALLS && this.#unwritten.length === 0) this.#flushInBackground();
      },
      (err: unknown) => {
        this.#unwritten.splice(this.#unwritten.indexOf(batch), 1);
        this.#requeue(batch);
        throw err;
      },
    );
    this.#tail = written.then(noop, noop);
    return written;
  }

  #flushInBackground(): void {
    this.flush().catch((err: unknown) => this.deps.log.error({ error: { message: (err as Error).message } }, 'product metering flush failed; its calls wait for the next flush'));
  }

  /** A batch whose write failed: its calls join the batch being collected. */
  #requeue(failed: Batch): void {
    const batch = this.#batch;
    for (const [id, t] of failed.tallies) {
      let tally = batch.tallies.get(id);
      if (!tally) batch.tallies.set(id, (tally = { batch, key: t.key, day: t.day, calls: 0, subjects: [] }));
      tally.calls += t.calls;
      for (const s of t.subjects) tally.subjects.push(s);
    }
    batch.calls += failed.calls;
  }

  /**
   * One transaction for the batch: usage records (one INSERT), access records (one INSERT), one ledger entry per
   * provider and consumer. The subjects are deduplicated and hashed before it starts, so the transaction is short.
   */
  async #write(batch: Batch): Promise<void> {
    const now = this.deps.clock.now();
    const tallies = [...batch.tallies.values()];
    const usage = tallies.map(({ key, day, calls }): store.ApiCallUsage => ({ keyId: key.keyId, productId: key.productId, grantId: key.grantId, consumerOrgId: key.consumerOrgId, providerOrgId: key.providerOrgId, calls, periodDay: day }));

    // access records: the keys of one consumer for one product, scenario and day share a row
    const accesses = new Map<string, { key: KeyStanding; day: string; calls: number; subjects: Set<string> }>();
    // ledger: one entry per provider and consumer, with each key's calls and distinct subjects
    const entries = new Map<string, { provider: string; consumer: string; calls: number; keys: Array<{ key: string; product: string; scenario: string; day: string; calls: number; subjects: number }> }>();
    for (const t of tallies) {
      const k = t.key;
      const accessId = `${k.productId}/${k.consumerOrgId}/${k.scenario}/${t.day}`;
      let access = accesses.get(accessId);
      if (!access) accesses.set(accessId, (access = { key: k, day: t.day, calls: 0, subjects: new Set() }));
      access.calls += t.calls;
      for (const s of t.subjects) access.subjects.add(s);
      const entryId = `${k.providerOrgId}/${k.consumerOrgId}`;
      let entry = entries.get(entryId);
      if (!entry) entries.set(entryId, (entry = { provider: k.providerOrgId, consumer: k.consumerOrgId, calls: 0, keys: [] }));
      entry.calls += t.calls;
      entry.keys.push({ key: k.keyId, product: k.productId, scenario: k.scenario, day: t.day, calls: t.calls, subjects: new Set(t.subjects).size });
    }
    const accessRows = [...accesses.values()].map(({ key, day, calls, subjects }): store.SubjectAccess => ({
      subjectHashes: Array.from(subjects, subjectHash),
      productId: key.productId,
      consumerOrgId: key.consumerOrgId,
      providerOrgId: key.providerOrgId,
      scenario: key.scenario,
      calls,
      periodDay: day,
    }));

    await this.deps.db.tx(systemContext('product api metering'), async (tx) => {
      await store.insertApiCallUsage(tx, usage, now);
      await store.insertSubjectAccesses(tx, accessRows, now);
      for (const entry of entries.values()) {
        await appendToLedger(tx, this.deps.clock, {
          actor: { userId: null, orgId: null },
          action: 'product.calls_metered',
          entity: { type: 'metering_batch', id: randomUUID() },
          orgs: [entry.provider, entry.consumer],
          payload: { calls: entry.calls, keys: entry.keys },
          derivedFrom: entry.keys.map((k) => ({ type: 'product_key', id: k.key })),
        });
      }
    });
  }

  /** Stops the timer and writes every call metered so far (a batch that fails to write is tried once more). */
  async close(): Promise<void> {
    clearInterval(this.#timer);
    try {
      await this.flush();
    } catch {
      await this.flush();
    }
  }
}

const noop = (): void => undefined;

/** Who a call was about, as a hash: a data subject can find the calls about itself by hashing its own identifier. */
export function subjectHash(subject: string): string {
  return hash('sha256', `shuyun-subject/v1\n${subject}`, 'hex');
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

/**
 * At shutdown: writes every call metered so far and stops the flush timer. The next `productApiOf` (a platform
 * started again on the same database) gets a fresh instance.
 */
export async function closeProductApi(deps: Pick<Deps, 'db'>): Promise<void> {
  const api = apis.get(deps.db);
  if (!api) return;
  apis.delete(deps.db);
  await api.close();
}

/**
 * `read` (a read of metered usage) with the calls this process metered and has not written yet, per key and Beijing
 * day (see `ProductApi.readMetered`). Starts no product API: without one, nothing is unwritten.
 */
export async function readMetered<T>(deps: Pick<Deps, 'db'>, read: () => Promise<T>): Promise<{ value: T; unwritten: Map<string, Map<string, number>> }> {
  const api = apis.get(deps.db);
  return api ? api.readMetered(read) : { value: await read(), unwritten: new Map() };
}

/** After a command that changes who may be served (suspension, revocation, review), the next call re-checks. */
export function invalidateProductApi(deps: Pick<Deps, 'db'>): void {
  apis.get(deps.db)?.invalidate();
}
