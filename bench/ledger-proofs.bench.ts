// Inclusion and consistency proofs from storage at 1,000,000 entries: p99 ≤ 1 ms, every proof exactly the RFC 9162
// length and verifying. The node table of a 1M-entry tree is built in memory (synthetic leaves, every complete
// node through core's completedNodesAfterAppend) and bulk-loaded into ledger_nodes of a fresh database; proofs
// then go through the API's path: TreeNodes (in-process cache of immutable nodes: upper levels kept, lower ones
// bounded) → misses in one prepared public read (store.readNodesPublic, no transaction) → core's
// inclusionProof/consistencyProof. Baseline for the ratio: one primary-key select on ledger_nodes through db.tx.
import { and, eq } from 'drizzle-orm';
import pg from 'pg';
import { randomInt } from 'node:crypto';
import {
  completedNodesAfterAppend,
  consistencyProof,
  consistencyProofNodes,
  inclusionProof,
  inclusionProofNodes,
  leafHash,
  rootHashFromNodes,
  rootHashNodes,
  verifyConsistency,
  verifyInclusion,
  type NodeReader,
} from '../packages/core/src/ledger/index.ts';
import { systemContext } from '../packages/server/src/db/database.ts';
import { ledgerNodes } from '../packages/server/src/db/schema.ts';
import { nodeGetter, TreeNodes } from '../packages/server/src/modules/ledger/tree-nodes.ts';
import * as store from '../packages/server/src/modules/ledger/store.ts';
import type { Benchmark, BenchContext, BenchResult, Metric } from './support/harness.ts';
import { createBenchDatabase, serverVersion } from './support/postgres.ts';
import { loadText, mean, nowMs, percentile, withCpu } from './support/stats.ts';

const TREE_SIZE = Number(process.env.SHUYUN_BENCH_TREE_SIZE ?? 1_000_000);
const PROOFS = Number(process.env.SHUYUN_BENCH_PROOFS ?? 2000); // of each kind
const WARMUP = 300;
const INSERT_BATCH = 50_000;
const HASH = 32;

// ── RFC 9162 proof lengths, straight from the RFC's recursive definitions (independent of core) ─────────────

/** k: the largest power of two smaller than n (n > 1). */
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** |PATH(m, D[n])|, §2.1.3.1. */
function rfcInclusionLength(m: number, n: number): number {
  if (n <= 1) return 0;
  const k = split(n);
  return 1 + (m < k ? rfcInclusionLength(m, k) : rfcInclusionLength(m - k, n - k));
}

/** |SUBPROOF(m, D[n], b)|, §2.1.4.1; PROOF(m, D[n]) = SUBPROOF(m, D[n], true). */
function rfcSubproofLength(m: number, n: number, b: boolean): number {
  if (m === n) return b ? 0 : 1;
  const k = split(n);
  return 1 + (m <= k ? rfcSubproofLength(m, k, b) : rfcSubproofLength(m - k, n - k, false));
}

// ── the tree in memory: one buffer per level, node (level, index) at index·32 ───────────────────────────────

interface Tree {
  levels: Buffer[];
  getNode: NodeReader;
  nodeCount: number;
}

function buildTree(size: number, ctx: BenchContext): Tree {
  const levels: Buffer[] = [];
  for (let level = 0, count = size; count >= 1; level++, count = Math.floor(count / 2)) levels.push(Buffer.alloc(count * HASH));
  const getNode: NodeReader = (level, index) => {
    const buf = levels[level];
    if (!buf || (index + 1) * HASH > buf.length) throw new Error(`node (${level}, ${index}) is outside the tree`);
    return buf.subarray(index * HASH, (index + 1) * HASH);
  };
  let nodeCount = 0;
  const leafData = Buffer.alloc(24);
  for (let i = 0; i < size; i++) {
    leafData.write(`bench leaf ${String(i).padStart(12, '0')}`, 'latin1'); // synthetic leaf bytes
    for (const node of completedNodesAfterAppend(i, leafHash(leafData), getNode)) {
      levels[node.level]!.set(node.hash, node.index * HASH);
      nodeCount++;
    }
    if ((i + 1) % 250_000 === 0) ctx.progress(`hashed ${(i + 1).toLocaleString('en-US')} / ${size.toLocaleString('en-US')} leaves`);
  }
  return { levels, getNode, nodeCount };
}

/** Reproducible leaf bytes are not needed again: the leaf hash is level 0. */
function leafOf(tree: Tree, index: number): Uint8Array {
  return tree.getNode(0, index);
}

// ── measuring ────────────────────────────────────────────────────────────────────────────────────────────

interface Latencies {
  samples: number[];
}
const newLatencies = (): Latencies => ({ samples: [] });
async function timed<T>(into: Latencies | undefined, fn: () => Promise<T>): Promise<T> {
  const t0 = nowMs();
  const out = await fn();
  into?.samples.push(nowMs() - t0);
  return out;
}
const p = (l: Latencies, q: number) => percentile(l.samples, q);
const pText = (l: Latencies) => `p50 ${p(l, 50).toFixed(3)} / p99 ${p(l, 99).toFixed(3)} ms`;

const READ_NODES_SQL = store.READ_NODES_PUBLIC; // the statement the API runs, analysed here on a plain connection

async function run(ctx: BenchContext): Promise<BenchResult> {
  const n = TREE_SIZE;
  ctx.progress(`hashing a ${n.toLocaleString('en-US')}-entry tree in memory…`);
  let t0 = nowMs();
  const tree = buildTree(n, ctx);
  const buildSeconds = (nowMs() - t0) / 1000;
  const root = rootHashFromNodes(n, tree.getNode);

  ctx.progress('creating and migrating a fresh database…');
  const bench = await createBenchDatabase({ maxConnections: 4 });
  const raw = new pg.Client({ connectionString: bench.url });
  try {
    const { db } = bench;
    const version = await serverVersion(db);

    // bulk load in primary-key order, one binary blob of hashes per batch, split server-side
    t0 = nowMs();
    let loaded = 0;
    await db.asOwner(async (s) => {
      await s.exec('SET synchronous_commit = off');
      for (let level = 0; level < tree.levels.length; level++) {
        const buf = tree.levels[level]!;
        const count = buf.length / HASH;
        for (let start = 0; start < count; start += INSERT_BATCH) {
          const rows = Math.min(INSERT_BATCH, count - start);
          await s.query(
            `insert into ledger_nodes (level, idx, hash)
             select $1::smallint, $2::bigint + g, substring($3::bytea from g * 32 + 1 for 32) from generate_series(0, $4::int - 1) as g`,
            [level, start, buf.subarray(start * HASH, (start + rows) * HASH), rows],
          );
          loaded += rows;
          if (loaded % 500_000 < rows) ctx.progress(`inserted ${loaded.toLocaleString('en-US')} / ${tree.nodeCount.toLocaleString('en-US')} nodes`);
        }
      }
      await s.exec('ANALYZE ledger_nodes');
    });
    const loadSeconds = (nowMs() - t0) / 1000;
    const plan = await db.asOwner((s) => s.query(`explain (costs off) ${READ_NODES_SQL}`, [[0, 1], [5, 7]]));
    const planText = plan.map((r) => String(r['QUERY PLAN']).trim()).join(' → ');

    // the stored tree is the tree: its root from storage equals the in-memory root
    const rootNodes = await db.tx(systemContext('bench: root check'), (tx) => store.readNodes(tx, rootHashNodes(n)));
    const storedRoot = rootHashFromNodes(n, (level, index) => rootNodes.get(store.nodeKey(level, index))!);
    if (Buffer.compare(Buffer.from(storedRoot), Buffer.from(root)) !== 0) throw new Error('root from storage differs from the in-memory root');

    // ── the API's path: the tree's node cache (cold at the start), misses in one public read ──
    const treeNodes = new TreeNodes(db);
    const inclusion = async (index: number) => inclusionProof(index, n, nodeGetter(await treeNodes.read(inclusionProofNodes(index, n))));
    const consistency = async (from: number) => consistencyProof(from, n, nodeGetter(await treeNodes.read(consistencyProofNodes(from, n))));
    const baseline = (index: number) =>
      db.tx(systemContext('bench: baseline'), (tx) =>
        tx.select({ hash: ledgerNodes.hash }).from(ledgerNodes).where(and(eq(ledgerNodes.level, 0), eq(ledgerNodes.idx, index))),
      );

    // ── round trips of the same work, one by one, on a plain connection ──
    await raw.connect();
    const rt = { begin: newLatencies(), setConfig: newLatencies(), read: newLatencies(), commit: newLatencies(), sum4: newLatencies() };
    const opt = { readAlone: newLatencies(), readPrepared: newLatencies(), select1: newLatencies(), beginSetInOne: newLatencies(), compute: newLatencies() };
    const roundTrips = async (index: number, record: boolean) => {
      const ids = inclusionProofNodes(index, n);
      const args = [ids.map((x) => x.level), ids.map((x) => x.index)];
      const r = record ? rt : undefined;
      const o = record ? opt : undefined;
      const start = nowMs();
      await timed(r?.begin, () => raw.query('begin'));
      await timed(r?.setConfig, () => raw.query("select set_config('role', $1, true), set_config('shuyun.system', 'on', true)", ['shuyun_app']));
      await timed(r?.read, () => raw.query(READ_NODES_SQL, args));
      await timed(r?.commit, () => raw.query('commit'));
      r?.sum4.samples.push(nowMs() - start);
      // options: the read alone (autocommit, 1 round trip); BEGIN + set_config in one simple-protocol message
      await timed(o?.readAlone, () => raw.query(READ_NODES_SQL, args));
      await timed(o?.readPrepared, () => raw.query({ name: 'bench_read_nodes', text: READ_NODES_SQL, values: args }));
      await timed(o?.select1, () => raw.query('select 1'));
      await timed(o?.beginSetInOne, async () => {
        await raw.query("begin; select set_config('role', 'shuyun_app', true), set_config('shuyun.system', 'on', true)");
        await raw.query(READ_NODES_SQL, args);
        await raw.query('commit');
      });
      // the proof's own CPU, nodes already in memory (what an in-process cache of immutable nodes would cost)
      await timed(o?.compute, async () => inclusionProof(index, n, tree.getNode));
    };

    ctx.progress(`warm-up: ${WARMUP} of each`);
    for (let k = 0; k < WARMUP; k++) {
      await inclusion(randomInt(n));
      await consistency(1 + randomInt(n));
      await baseline(randomInt(n));
      await roundTrips(randomInt(n), false);
    }

    ctx.progress(`measuring ${PROOFS} inclusion and ${PROOFS} consistency proofs, ${PROOFS} baseline selects (interleaved)…`);
    const lat = { inclusion: newLatencies(), consistency: newLatencies(), baseline: newLatencies() };
    const checks = { inclusionExact: 0, inclusionVerified: 0, consistencyExact: 0, consistencyVerified: 0, maxInclusion: 0, maxConsistency: 0, failures: [] as string[] };
    const jobs: Array<() => Promise<void>> = [
      async () => {
        const index = randomInt(n);
        const proof = await timed(lat.inclusion, () => inclusion(index));
        const expected = rfcInclusionLength(index, n);
        if (proof.length === expected) checks.inclusionExact++;
        else checks.failures.push(`inclusion ${index}: ${proof.length} hashes, RFC ${expected}`);
        if (verifyInclusion(leafOf(tree, index), index, n, proof, root)) checks.inclusionVerified++;
        else checks.failures.push(`inclusion ${index} does not verify`);
        checks.maxInclusion = Math.max(checks.maxInclusion, proof.length);
      },
      async () => {
        const from = 1 + randomInt(n);
        const proof = await timed(lat.consistency, () => consistency(from));
        const expected = rfcSubproofLength(from, n, true);
        if (proof.length === expected) checks.consistencyExact++;
        else checks.failures.push(`consistency ${from}→${n}: ${proof.length} hashes, RFC ${expected}`);
        if (verifyConsistency(from, n, proof, rootHashFromNodes(from, tree.getNode), root)) checks.consistencyVerified++;
        else checks.failures.push(`consistency ${from}→${n} does not verify`);
        checks.maxConsistency = Math.max(checks.maxConsistency, proof.length);
      },
      async () => {
        const rows = await timed(lat.baseline, () => baseline(randomInt(n)));
        if (rows.length !== 1) throw new Error('baseline select found no node');
      },
      () => roundTrips(randomInt(n), true),
    ];
    const backends = async () =>
      (await db.asOwner((s) => s.query("select pid from pg_stat_activity where datname = current_database() and backend_type = 'client backend'"))).map((r) => Number(r.pid));
    const measured = await withCpu(async () => {
      const started = nowMs();
      for (let k = 0; k < PROOFS; k++) {
        for (let j = 0; j < jobs.length; j++) await jobs[(k + j) % jobs.length]!(); // rotate the order
      }
      return nowMs() - started;
    }, backends);
    const coresOf = (ms: number | undefined) => (ms === undefined ? '?' : (ms / measured.result).toFixed(2));
    const othersMs = measured.machineMs === undefined ? undefined : measured.machineMs - measured.processMs - (measured.serverMs ?? 0);
    const quietness =
      `while measuring, cores busy: this Node ${coresOf(measured.processMs)}, its PostgreSQL backends ${coresOf(measured.serverMs)}, other processes ${coresOf(othersMs)}` +
      (othersMs !== undefined && othersMs / measured.result > 0.25 ? ' — the machine was shared, so the tails (p99) are scheduling delays as much as the proofs' : '');

    // where readNodes' server time goes: planning vs execution, buffers (EXPLAIN ANALYZE on random inclusion sets)
    const explained = { planning: [] as number[], execution: [] as number[], hit: [] as number[], read: [] as number[] };
    for (let k = 0; k < 200; k++) {
      const ids = inclusionProofNodes(randomInt(n), n);
      const { rows } = await raw.query(`explain (analyze, buffers, format json) ${READ_NODES_SQL}`, [ids.map((x) => x.level), ids.map((x) => x.index)]);
      const plan = (rows[0] as { 'QUERY PLAN': Array<{ 'Planning Time': number; 'Execution Time': number; Plan: Record<string, number> }> })['QUERY PLAN'][0]!;
      explained.planning.push(plan['Planning Time']);
      explained.execution.push(plan['Execution Time']);
      explained.hit.push(plan.Plan['Shared Hit Blocks'] ?? 0);
      explained.read.push(plan.Plan['Shared Read Blocks'] ?? 0);
    }

    const log2 = Math.ceil(Math.log2(n));
    const parts = p(rt.begin, 50) + p(rt.setConfig, 50) + p(rt.read, 50) + p(rt.commit, 50);
    const metrics: Metric[] = [
      { name: 'inclusion proof from storage p50', value: p(lat.inclusion, 50), unit: 'ms', digits: 3 },
      { name: 'inclusion proof from storage p99', value: p(lat.inclusion, 99), unit: 'ms', digits: 3, target: { op: '<=', value: 1 } },
      { name: 'consistency proof from storage p50', value: p(lat.consistency, 50), unit: 'ms', digits: 3 },
      { name: 'consistency proof from storage p99', value: p(lat.consistency, 99), unit: 'ms', digits: 3, target: { op: '<=', value: 1 } },
      { name: 'baseline 1-row PK select via db.tx p50', value: p(lat.baseline, 50), unit: 'ms', digits: 3 },
      { name: 'baseline 1-row PK select via db.tx p99', value: p(lat.baseline, 99), unit: 'ms', digits: 3 },
      { name: 'ratio inclusion p99 / baseline p99', value: p(lat.inclusion, 99) / p(lat.baseline, 99), unit: '×', digits: 2 },
      { name: 'ratio consistency p99 / baseline p99', value: p(lat.consistency, 99) / p(lat.baseline, 99), unit: '×', digits: 2 },
      { name: 'inclusion proofs of exact RFC 9162 length', value: checks.inclusionExact, unit: `of ${PROOFS}`, target: { op: '>=', value: PROOFS } },
      { name: 'consistency proofs of exact RFC 9162 length', value: checks.consistencyExact, unit: `of ${PROOFS}`, target: { op: '>=', value: PROOFS } },
      { name: 'proofs verified (verifyInclusion/Consistency)', value: checks.inclusionVerified + checks.consistencyVerified, unit: `of ${2 * PROOFS}`, target: { op: '>=', value: 2 * PROOFS } },
    ];
    const notes = [
      `PostgreSQL ${version} on the same machine; ${loadText()} at the end. Tree of ${n.toLocaleString('en-US')} entries = ${tree.nodeCount.toLocaleString('en-US')} stored nodes: hashed in memory in ${buildSeconds.toFixed(1)} s, loaded into ledger_nodes in ${loadSeconds.toFixed(1)} s (batches of ${INSERT_BATCH.toLocaleString('en-US')}, primary-key order), root from storage = root in memory.`,
      quietness,
      `readNodes plan: ${planText}`,
      `proof lengths: inclusion max ${checks.maxInclusion}, consistency max ${checks.maxConsistency} hashes (⌈log2 n⌉ = ${log2}); each compared with |PATH(m, D[n])| (§2.1.3.1) or |SUBPROOF(m, D[n], true)| (§2.1.4.1) computed from the RFC's recursion in this file.` +
        (checks.failures.length ? ` FAILURES: ${checks.failures.slice(0, 5).join('; ')}` : ''),
      `one proof = 4 round trips (BEGIN, set_config, readNodes, COMMIT), measured one by one on a plain connection: BEGIN ${pText(rt.begin)}, set_config ${pText(rt.setConfig)}, readNodes ${pText(rt.read)}, COMMIT ${pText(rt.commit)}; the four together ${pText(rt.sum4)} (sum of medians ${parts.toFixed(3)} ms; a bare \`select 1\` ${pText(opt.select1)}).`,
      `inside PostgreSQL (EXPLAIN ANALYZE, 200 random inclusion node sets): planning p50 ${percentile(explained.planning, 50).toFixed(3)} ms, execution p50 ${percentile(explained.execution, 50).toFixed(3)} / p99 ${percentile(explained.execution, 99).toFixed(3)} ms, ` +
        `${percentile(explained.hit, 50)} buffer hits and ${percentile(explained.read, 50)} reads per query at the median: the rest of a round trip is protocol, scheduling and the client.`,
      `the API's path (TreeNodes + one public read) against those four: ${(p(lat.inclusion, 50) - p(rt.sum4, 50)).toFixed(3)} ms at the median (inclusion ${p(lat.inclusion, 50).toFixed(3)} ms vs ${p(rt.sum4, 50).toFixed(3)} ms); proof computation itself (nodes in memory): ${pText(opt.compute)}, mean ${(mean(opt.compute.samples) * 1000).toFixed(1)} µs.`,
      `options measured on a plain connection ((a') and (c) are what the API does: TreeNodes, then readNodesPublic): ` +
        `(a) ledger_nodes has no row-level security (the tree is public), so readNodes could run as one autocommit statement, 1 round trip: ${pText(opt.readAlone)}; ` +
        `(a') the same read as a named prepared statement (planned once; the driver sends an unnamed statement, planned on every call): ${pText(opt.readPrepared)}; ` +
        `(b) BEGIN + set_config sent as one simple-protocol message, then readNodes and COMMIT, 3 round trips: ${pText(opt.beginSetInOne)}; ` +
        `(c) nodes never change once written, so an in-process cache (levels ≥ 10 of a 1M tree are ~2,000 nodes, 64 KB; the whole tree 64 MB) leaves only the computation: ${pText(opt.compute)}.`,
      `the API's use cases do more per request than this path: proveInclusion also reads the entry, the checkpoint and its cosignatures (7 round trips in all), proveConsistency the tree size (max(seq), 5 round trips).`,
    ];
    return { metrics, notes };
  } finally {
    await raw.end().catch(() => undefined);
    await bench.drop();
  }
}

const benchmark: Benchmark = { name: 'ledger-proofs', title: 'inclusion and consistency proofs from storage at 1M entries', run };
export default benchmark;
