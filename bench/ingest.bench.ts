// Ingest of a 1M-row CSV to Parquet: ingestVersion (checks against the declared fields, rejects with line numbers,
// integer strictness, null counts, SHA-256 + SM3, fsync + atomic publish) against DuckDB's own
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
import { nowMs } from './support/stats.ts';

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

async function duckdbBaseline(src: string, out: string, declaredTypes = false): Promise<number> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const t0 = nowMs();
    const read = declaredTypes ? `read_csv($src, header = true, columns = ${DECLARED_COLUMNS})` : 'read_csv($src)';
    await connection.run(`COPY (SELECT * FROM ${read}) TO $out (FORMAT parquet)`, { src, out });
    return nowMs() - t0;
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
      const started = nowMs();
      const result = await ingestVersion(
        opts.stream ? { kind: 'stream', stream: createReadStream(csv, { highWaterMark: 1 << 20 }), format: 'csv', encoding: 'utf-8' } : { kind: 'file', path: csv, format: 'csv' },
        { datasetsDir, resourceCode: 'BENCH', version: ++version, fields },
        opts.distinct ? { distinct: true } : {},
      );
      const ms = nowMs() - started;
      if (result.rows !== ROWS) throw new Error(`ingested ${result.rows} rows, expected ${ROWS}`);
      await rm(result.parquetPath);
      return { ms, result };
    };

    // warm-up: the page cache holds the CSV for both sides
    await duckdbBaseline(csv, path.join(dir, 'warm.parquet'));
    const ours: number[] = [];
    const theirs: number[] = [];
    let parquetBytes = 0;
    for (let round = 0; round < ROUNDS; round++) {
      // alternate the order so that drift on a shared machine hits both sides alike
      const a = async () => {
        const { ms, result } = await candidate();
        parquetBytes = result.bytes;
        ours.push(ms);
      };
      const b = async () => theirs.push(await duckdbBaseline(csv, path.join(dir, `baseline-${round}.parquet`)));
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
    for (let round = 0; round < ROUNDS; round++) typed.push(await duckdbBaseline(csv, path.join(dir, `typed-${round}.parquet`), true));
    const streamed = (await candidate({ stream: true })).ms;

    const rate = (ms: number) => ROWS / (ms / 1000);
    const ratio = rate(median(ours)) / rate(median(theirs));
    return {
      metrics: [
        { name: 'ingestVersion (file, UTF-8) rows/s', value: rate(median(ours)), unit: 'rows/s' },
        { name: 'DuckDB read_csv → COPY parquet rows/s', value: rate(median(theirs)), unit: 'rows/s' },
        { name: 'ratio ingestVersion / DuckDB', value: ratio, unit: '×', digits: 3, target: { op: '>=', value: 0.8 } },
        { name: 'DuckDB with the declared column types rows/s', value: rate(median(typed)), unit: 'rows/s' },
        { name: 'ratio ingestVersion / DuckDB with declared types', value: rate(median(ours)) / rate(median(typed)), unit: '×', digits: 3 },
        { name: 'ingestVersion with distinct counts rows/s', value: rate(withDistinct), unit: 'rows/s' },
        { name: 'ingestVersion from an upload stream rows/s', value: rate(streamed), unit: 'rows/s' },
      ],
      notes: [
        `${ROWS} rows × ${fields.length} columns, ${(csvBytes / 2 ** 20).toFixed(0)} MiB of CSV → ${(parquetBytes / 2 ** 20).toFixed(0)} MiB of Parquet; medians of ${ROUNDS} alternating rounds after a warm-up (page cache warm for both sides).`,
        'ingestVersion does: encoding detection (first 2 MiB), header check, one read_csv → COPY statement (declared types, no sniffing, rejected rows stored with positions, integer check) whose Parquet bytes come through a named pipe and are hashed (SHA-256 + SM3) as they are written, null counts from the footer, fsync (overlapping those checks) and link into place (distinct counts, one more scan, are off by default).',
        `baseline: a fresh in-memory DuckDB per run, read_csv with its sniffer and type detection, default threads (${os.availableParallelism()}); the second baseline gives read_csv the declared types instead (no sniffing, so it is the faster one): the gap to it is the cost of the checks, the hashes and the fsync alone. ingestVersion uses at most 4 threads and an 8 MB read buffer (flat memory).`,
        'where the time goes (CPU, 2 cores): SM3 over the Parquet bytes runs at ~110 MB/s in OpenSSL (~0.3 s for these 34 MiB; SHA-256 ~0.04 s), the integer check (no decimal point, BIGINT range) ~0.05 µs a value, the instance set-up, detection and fsync ~0.1–0.2 s; the hashing overlaps the COPY only when a core is free.',
        `medians: ingestVersion ${median(ours).toFixed(0)} ms, DuckDB ${median(theirs).toFixed(0)} ms; with distinct counts ${withDistinct.toFixed(0)} ms; from an upload stream (the bytes are first written to the work directory) ${streamed.toFixed(0)} ms.`,
      ],
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const benchmark: Benchmark = { name: 'ingest', title: 'CSV ingest to Parquet vs DuckDB read_csv → COPY', run };
export default benchmark;
