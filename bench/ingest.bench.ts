// Ingest of a 1M-row CSV to Parquet: ingestVersion (checks against the declared fields, rejects with line numbers,
// integer strictness, null counts, SHA-256 + SM3 of the stored file, fsync + atomic publish) against DuckDB's own
// read_csv → COPY … (FORMAT parquet) on the same file, in the same run. Target: ratio ≥ 0.8.
// SHUYUN_BENCH_INGEST_ROWS (default 1,000,000) and SHUYUN_BENCH_INGEST_ROUNDS (default 5) scale it.
import { DuckDBInstance } from '@duckdb/node-api';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { ingestVersion, type DeclaredField } from '../packages/engine/src/index.ts';
import type { Benchmark, BenchResult } from './support/harness.ts';
import { loadText, machineCpuMs, nowMs } from './support/stats.ts';

const ROWS = Number(process.env.SHUYUN_BENCH_INGEST_ROWS ?? 1_000_000);
const ROUNDS = Number(process.env.SHUYUN_BENCH_INGEST_ROUNDS ?? 5);

const fields: DeclaredField[] = [
  { name: 'id', type: 'integer', nullable: false },
  { name: 'uscc', type: 'string', nullable: false },
  { name: 'name', type: 'string' },
  { name: 'street', type: 'string' },
  { name: 'capital', type: 'decimal', scale: 2 },
  { name: 'staff', type: 'integer' },
  { name: 'registered', type: 'date' },
  { name: 'updated_at', type: 'timestamp' },
  { name: 'active', type: 'boolean' },
  { name: 'score', type: 'integer' },
];

/** A deterministic CSV of enterprises (same bytes on every run). */
async function generateCsv(file: string, rows: number): Promise<void> {
  let seed = 20240601;
  const rnd = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 4294967296;
  };
  const surnames = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
  const given = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂';
  const streets = ['园岭街道', '南园街道', '福田街道', '沙头街道', '香蜜湖街道', '梅林街道', '莲花街道', '华富街道', '福保街道', '华强北街道'];
  const two = (n: number) => String(n).padStart(2, '0');
  const out = createWriteStream(file);
  out.write(`${fields.map((f) => f.name).join(',')}\n`);
  let chunk = '';
  for (let i = 1; i <= rows; i++) {
    const name = surnames[Math.floor(rnd() * 20)]! + given[Math.floor(rnd() * 24)]! + (rnd() < 0.5 ? given[Math.floor(rnd() * 24)]! : '');
    const registered = `${2000 + Math.floor(rnd() * 24)}-${two(1 + Math.floor(rnd() * 12))}-${two(1 + Math.floor(rnd() * 28))}`;
    const updated = `2024-${two(1 + Math.floor(rnd() * 12))}-${two(1 + Math.floor(rnd() * 28))} ${two(Math.floor(rnd() * 24))}:${two(Math.floor(rnd() * 60))}:${two(Math.floor(rnd() * 60))}`;
    chunk += `${i},91440300${String(Math.floor(rnd() * 1e10)).padStart(10, '0')},${name},${streets[i % 10]},${(rnd() * 1e6).toFixed(2)},${Math.floor(rnd() * 5000)},${registered},${updated},${rnd() < 0.8},${rnd() < 0.05 ? '' : Math.floor(rnd() * 100)}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'close');
}

/** The declared types as read_csv's `columns` (what DuckDB alone would need to store this resource's types). */
const DECLARED_COLUMNS = `{${fields
  .map((f) => `'${f.name}': '${{ string: 'VARCHAR', integer: 'BIGINT', decimal: `DECIMAL(18,${f.scale ?? 6})`, boolean: 'BOOLEAN', date: 'DATE', timestamp: 'TIMESTAMP' }[f.type]}'`)
  .join(', ')}}`;

/** Wall time, CPU time of this process (Node and DuckDB's threads) and of the whole machine while `fn` runs. */
interface Timed {
  ms: number;
  cpuMs: number;
  machineMs: number | undefined;
}

async function timed<T>(fn: () => Promise<T>): Promise<Timed & { result: T }> {
  const m0 = machineCpuMs();
  const c0 = process.cpuUsage();
  const t0 = nowMs();
  const result = await fn();
  const ms = nowMs() - t0;
  const c = process.cpuUsage(c0);
  const m1 = machineCpuMs();
  return { result, ms, cpuMs: (c.user + c.system) / 1000, machineMs: m0 && m1 ? m1.busy - m0.busy : undefined };
}

async function duckdbBaseline(src: string, out: string, declaredTypes = false): Promise<Timed> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const read = declaredTypes ? `read_csv($src, header = true, columns = ${DECLARED_COLUMNS})` : 'read_csv($src)';
    return await timed(() => connection.run(`COPY (SELECT * FROM ${read}) TO $out (FORMAT parquet)`, { src, out }));
  } finally {
    connection.closeSync();
    instance.closeSync();
    await rm(out, { force: true });
  }
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function run(ctx: { progress(message: string): void }): Promise<BenchResult> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'shuyun-bench-ingest-'));
  try {
    const csv = path.join(dir, 'enterprises.csv');
    const t0 = nowMs();
    await generateCsv(csv, ROWS);
    const csvBytes = (await stat(csv)).size;
    ctx.progress(`generated ${ROWS} rows, ${(csvBytes / 2 ** 20).toFixed(0)} MiB in ${((nowMs() - t0) / 1000).toFixed(1)} s`);
    const datasetsDir = path.join(dir, 'datasets');
    let version = 0;

    const candidate = async (opts: { distinct?: boolean; stream?: boolean } = {}) => {
      const run = await timed(() =>
        ingestVersion(
          opts.stream ? { kind: 'stream', stream: createReadStream(csv, { highWaterMark: 1 << 20 }), format: 'csv', encoding: 'utf-8' } : { kind: 'file', path: csv, format: 'csv' },
          { datasetsDir, resourceCode: 'BENCH', version: ++version, fields },
          opts.distinct ? { distinct: true } : {},
        ),
      );
      if (run.result.rows !== ROWS) throw new Error(`ingested ${run.result.rows} rows, expected ${ROWS}`);
      await rm(run.result.parquetPath);
      return run;
    };

    // warm-up: the page cache holds the CSV for both sides
    await duckdbBaseline(csv, path.join(dir, 'warm.parquet'));
    const ours: number[] = [];
    const theirs: number[] = [];
    const oursCpu: number[] = [];
    const theirsCpu: number[] = [];
    /** CPU time the rest of the machine used while each side ran, over that side's wall time: cores kept busy. */
    const othersCores: number[] = [];
    let parquetBytes = 0;
    const others = (t: Timed) => {
      if (t.machineMs !== undefined) othersCores.push(Math.max(0, t.machineMs - t.cpuMs) / t.ms);
    };
    for (let round = 0; round < ROUNDS; round++) {
      // alternate the order so that drift on a shared machine hits both sides alike
      const a = async () => {
        const run = await candidate();
        parquetBytes = run.result.bytes;
        ours.push(run.ms);
        oursCpu.push(run.cpuMs);
        others(run);
      };
      const b = async () => {
        const run = await duckdbBaseline(csv, path.join(dir, `baseline-${round}.parquet`));
        theirs.push(run.ms);
        theirsCpu.push(run.cpuMs);
        others(run);
      };
      if (round % 2 === 0) {
        await a();
        await b();
      } else {
        await b();
        await a();
      }
      ctx.progress(`round ${round + 1}/${ROUNDS}: ingestVersion ${ours.at(-1)!.toFixed(0)} ms, DuckDB ${theirs.at(-1)!.toFixed(0)} ms`);
    }
    const withDistinct = (await candidate({ distinct: true })).ms;
    const typed: number[] = [];
    for (let round = 0; round < ROUNDS; round++) typed.push((await duckdbBaseline(csv, path.join(dir, `typed-${round}.parquet`), true)).ms);
    const streamed = (await candidate({ stream: true })).ms;

    const rate = (ms: number) => ROWS / (ms / 1000);
    const ratio = rate(median(ours)) / rate(median(theirs));
    // each round's two runs are neighbours in time: their ratio cancels most of the drift of a shared machine
    const roundRatios = ours.map((ms, i) => theirs[i]! / ms);
    const busy = othersCores.length ? median(othersCores) : undefined;
    return {
      metrics: [
        { name: 'ingestVersion (file, UTF-8) rows/s', value: rate(median(ours)), unit: 'rows/s' },
        { name: 'DuckDB read_csv → COPY parquet rows/s', value: rate(median(theirs)), unit: 'rows/s' },
        { name: 'ratio ingestVersion / DuckDB', value: ratio, unit: '×', digits: 3, target: { op: '>=', value: 0.8 } },
        { name: 'ratio, median of the rounds', value: median(roundRatios), unit: '×', digits: 3, note: `rounds ${roundRatios.map((r) => r.toFixed(2)).join(' ')}` },
        { name: 'CPU ratio DuckDB / ingestVersion (same rounds)', value: median(theirsCpu) / median(oursCpu), unit: '×', digits: 3 },
        { name: 'DuckDB with the declared column types rows/s', value: rate(median(typed)), unit: 'rows/s' },
        { name: 'ratio ingestVersion / DuckDB with declared types', value: rate(median(ours)) / rate(median(typed)), unit: '×', digits: 3 },
        { name: 'ingestVersion with distinct counts rows/s', value: rate(withDistinct), unit: 'rows/s' },
        { name: 'ingestVersion from an upload stream rows/s', value: rate(streamed), unit: 'rows/s' },
      ],
      notes: [
        `${ROWS} rows × ${fields.length} columns, ${(csvBytes / 2 ** 20).toFixed(0)} MiB of CSV → ${(parquetBytes / 2 ** 20).toFixed(0)} MiB of Parquet; medians of ${ROUNDS} alternating rounds after a warm-up (page cache warm for both sides).`,
        'ingestVersion does: encoding detection (first 2 MiB, validated without decoding), header check, one read_csv → COPY statement (declared types, no sniffing, rejected rows stored with positions, integer check) writing Parquet v2 encodings with zstd (level 1) and dictionaries only for columns of at most 4,096 distinct values a row group, whose bytes come through a named pipe and are hashed (SHA-256 + SM3) as they are written, null counts from the footer, fsync (overlapping those checks) and link into place (distinct counts, one more scan, are off by default). Its DuckDB instance is built while the source\'s head is read.',
        `baseline: a fresh in-memory DuckDB per run (its set-up not timed), read_csv with its sniffer and type detection (it reads uscc as BIGINT and capital as DOUBLE), DuckDB\'s default Parquet (v1, snappy), default threads (${os.availableParallelism()}); the second baseline gives read_csv the declared types instead (VARCHAR and DECIMAL, which cost more to read than the sniffed types, so it is not faster). ingestVersion uses at most 4 threads and an 8 MB read buffer (flat memory).`,
        `where the time goes (CPU, 2 cores): SM3 runs at ~110 MB/s in OpenSSL and SHA-256 at ~190 MB/s (no SHA extensions here), on the Node thread while DuckDB\'s two threads read and write: ~15 ms of CPU per MiB stored, hence the smaller file (${(parquetBytes / 2 ** 20).toFixed(0)} MiB against ~34 MiB in DuckDB\'s default format); DuckDB\'s default dictionary analysis (every value of a column hashed until a fifth of the row group is distinct) was ~15% of the COPY\'s CPU on the names, identifiers and dates here; the integer check (no decimal point, BIGINT range) is one contains() and one cast a value; the instance set-up, detection and fsync ~0.05 s. CPU per run: ingestVersion ${median(oursCpu).toFixed(0)} ms, DuckDB ${median(theirsCpu).toFixed(0)} ms.`,
        busy === undefined ? loadText() : `other processes kept ${busy.toFixed(2)} cores busy while the rounds ran (median), ${loadText()}${busy > 0.25 ? ': the rates are understated and the ratio is noisy; the median of the rounds\' ratios holds better' : ''}.`,
        `medians: ingestVersion ${median(ours).toFixed(0)} ms, DuckDB ${median(theirs).toFixed(0)} ms; with distinct counts ${withDistinct.toFixed(0)} ms; from an upload stream (the bytes are first written to the work directory) ${streamed.toFixed(0)} ms.`,
      ],
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const benchmark: Benchmark = { name: 'ingest', title: 'CSV ingest to Parquet vs DuckDB read_csv → COPY', run };
export default benchmark;
