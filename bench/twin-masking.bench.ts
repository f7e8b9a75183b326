// Dev-twin masking (issue 6 §2): buildMaskedTwin of 1M rows × 3 identifier columns (resident ID keep 6 + 4, mobile
// keep 3 + 4, name keeps the surname — the issue's defaults) against a minimal JS masking loop over the same values,
// in the same run. Target: rows/s (twin) ÷ rows/s (JS loop) ≥ 0.5.
// Two JS baselines, because "the same values" can mean two things:
//   - in memory: the loop alone, over JS arrays already read from the same Parquet (its output kept in JS arrays);
//     the twin's side includes reading the Parquet, masking and writing a zstd Parquet file, so this is the strict one;
//   - end to end: reading the same Parquet through DuckDB into JS arrays + the loop + writing the masked rows as a
//     tab-separated text file (cheaper to write than the twin's Parquet).
// SHUYUN_BENCH_TWIN_ROWS (default 1,000,000) and SHUYUN_BENCH_TWIN_ROUNDS (default 5) scale it.
import { DuckDBInstance } from '@duckdb/node-api';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { COMPOUND_SURNAMES } from '../packages/core/src/masking/index.ts';
import { buildMaskedTwin, type TwinField } from '../packages/engine/src/index.ts';
import { writeGeneratedParquet } from './support/generate.ts';
import type { Benchmark, BenchResult } from './support/harness.ts';
import { loadText, machineCpuMs, median, nowMs } from './support/stats.ts';

const ROWS = Number(process.env.SHUYUN_BENCH_TWIN_ROWS ?? 1_000_000);
const ROUNDS = Number(process.env.SHUYUN_BENCH_TWIN_ROUNDS ?? 5);

const fields: TwinField[] = [
  { name: 'resident_id', type: 'string', role: 'direct_identifier', piiType: 'resident_id' },
  { name: 'mobile', type: 'string', role: 'direct_identifier', piiType: 'mobile' },
  { name: 'name', type: 'string', role: 'direct_identifier', piiType: 'person_name' },
];

/** 18-character resident IDs (division, birth date, sequence, check character), 11-digit mobiles, 2–4 character names. */
async function generate(file: string): Promise<void> {
  const surnames = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '高', '林', '罗'];
  const compound = ['欧阳', '司马', '诸葛', '上官'];
  const given = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂';
  const list = (xs: readonly string[]) => `[${xs.map((x) => `'${x}'`).join(', ')}]`;
  await writeGeneratedParquet(
    `SELECT '440304' || strftime(DATE '1950-01-01' + CAST((i * 37) % 20000 AS INTEGER), '%Y%m%d') || lpad(CAST(i % 1000 AS VARCHAR), 3, '0')
               || substr('0123456789X', 1 + CAST(i % 11 AS INTEGER), 1) AS resident_id,
             '1' || substr('3456789', 1 + CAST(i % 7 AS INTEGER), 1) || lpad(CAST((i * 7919) % 1000000000 AS VARCHAR), 9, '0') AS mobile,
             CASE WHEN i % 50 = 0 THEN ${list(compound)}[1 + CAST(i % 4 AS INTEGER)] ELSE ${list(surnames)}[1 + CAST((i * 7) % 20 AS INTEGER)] END
               || substr('${given}', 1 + CAST((i * 13) % 24 AS INTEGER), 1)
               || CASE WHEN i % 3 = 0 THEN '' ELSE substr('${given}', 1 + CAST((i * 17) % 24 AS INTEGER), 1) END AS name,
             CAST(i AS BIGINT) AS seq
      FROM range(${ROWS}) t(i)`,
    file,
  );
}

const COMPOUND = new Set(COMPOUND_SURNAMES);

/** The minimal JS masking loop: plain string slicing, the same rules as the twin's defaults. */
function maskInMemory(ids: readonly string[], mobiles: readonly string[], names: readonly string[], out: { ids: string[]; mobiles: string[]; names: string[] }): void {
  const n = ids.length;
  for (let i = 0; i < n; i++) {
    const id = ids[i]!;
    out.ids.push(id.length > 10 ? id.slice(0, 6) + '*'.repeat(id.length - 10) + id.slice(-4) : '*'.repeat(id.length));
    const m = mobiles[i]!;
    out.mobiles.push(m.length > 7 ? m.slice(0, 3) + '*'.repeat(m.length - 7) + m.slice(-4) : '*'.repeat(m.length));
    const s = names[i]!;
    out.names.push(s.length >= 3 && COMPOUND.has(s.slice(0, 2)) ? s.slice(0, 2) + '*'.repeat(s.length - 2) : s.length >= 2 ? s.slice(0, 1) + '*'.repeat(s.length - 1) : '*'.repeat(s.length));
  }
}

/** The three columns of the Parquet file as JS arrays, through DuckDB (2 threads, as the twin's instance). */
async function readColumns(file: string): Promise<{ ids: string[]; mobiles: string[]; names: string[] }> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  const c = await instance.connect();
  try {
    const reader = await c.runAndReadAll(`SELECT resident_id, mobile, name FROM read_parquet('${file}')`);
    const [ids, mobiles, names] = reader.getColumns() as [string[], string[], string[]];
    return { ids, mobiles, names };
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}

async function writeText(file: string, out: { ids: string[]; mobiles: string[]; names: string[] }): Promise<void> {
  const stream = createWriteStream(file);
  let chunk = '';
  for (let i = 0; i < out.ids.length; i++) {
    chunk += `${out.ids[i]}\t${out.mobiles[i]}\t${out.names[i]}\n`;
    if (chunk.length > 1 << 20) {
      if (!stream.write(chunk)) await once(stream, 'drain');
      chunk = '';
    }
  }
  stream.end(chunk);
  await once(stream, 'close');
}

/** Output arrays, grown by push (a preallocated `new Array(1e6)` would be a slow dictionary-mode array in V8). */
const emptyOut = () => ({ ids: [] as string[], mobiles: [] as string[], names: [] as string[] });

async function run(ctx: { progress(message: string): void }): Promise<BenchResult> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'shuyun-bench-twin-'));
  try {
    const source = path.join(dir, 'people.parquet');
    const t0 = nowMs();
    await generate(source);
    const bytes = (await stat(source)).size;
    ctx.progress(`generated ${ROWS} rows, ${(bytes / 2 ** 20).toFixed(0)} MiB of Parquet in ${((nowMs() - t0) / 1000).toFixed(1)} s`);

    /** CPU time of this process (all its threads: Node and DuckDB's) per side, for the CPU ratio. */
    const cpu = { twin: [] as number[], loop: [] as number[], end: [] as number[] };
    const cpuSince = (c0: NodeJS.CpuUsage) => {
      const c = process.cpuUsage(c0);
      return (c.user + c.system) / 1000;
    };
    const twin = async (round: number) => {
      const c0 = process.cpuUsage();
      const started = nowMs();
      const r = await buildMaskedTwin({ sourceParquet: source, outParquet: path.join(dir, `twin-${round}.parquet`), fields });
      const ms = nowMs() - started;
      if (round >= 0) cpu.twin.push(cpuSince(c0));
      if (r.rows !== ROWS) throw new Error(`the twin has ${r.rows} rows, expected ${ROWS}`);
      await rm(r.outParquet);
      return ms;
    };
    const values = await readColumns(source);
    const inMemory = (round: number) => {
      const out = emptyOut();
      const c0 = process.cpuUsage();
      const started = nowMs();
      maskInMemory(values.ids, values.mobiles, values.names, out);
      const ms = nowMs() - started;
      if (round >= 0) cpu.loop.push(cpuSince(c0));
      if (out.ids[ROWS - 1]!.length !== values.ids[ROWS - 1]!.length) throw new Error('the JS loop lost characters');
      return ms;
    };
    const endToEnd = async (round: number) => {
      const c0 = process.cpuUsage();
      const started = nowMs();
      const v = await readColumns(source);
      const out = emptyOut();
      maskInMemory(v.ids, v.mobiles, v.names, out);
      const file = path.join(dir, `js-${round}.tsv`);
      await writeText(file, out);
      const ms = nowMs() - started;
      if (round >= 0) cpu.end.push(cpuSince(c0));
      await rm(file);
      return ms;
    };

    // the twin and the JS loop agree on the masked values: a check twin that also carries `seq` (kept as it is),
    // compared on the first 1,000 sequence numbers (row order is not what is compared)
    {
      const check = await buildMaskedTwin({ sourceParquet: source, outParquet: path.join(dir, 'check.parquet'), fields: [...fields, { name: 'seq', type: 'integer', role: 'other' }] });
      const instance = await DuckDBInstance.create(':memory:');
      const c = await instance.connect();
      const read = async (file: string) => (await c.runAndReadAll(`SELECT resident_id, mobile, name FROM read_parquet('${file}') WHERE seq < 1000 ORDER BY seq`)).getRows() as string[][];
      const twinRows = await read(check.outParquet);
      const sourceRows = await read(source);
      c.closeSync();
      instance.closeSync();
      const out = emptyOut();
      maskInMemory(sourceRows.map((r) => r[0]!), sourceRows.map((r) => r[1]!), sourceRows.map((r) => r[2]!), out);
      const differs = twinRows.length !== 1000 ? 0 : twinRows.findIndex((r, i) => r[0] !== out.ids[i] || r[1] !== out.mobiles[i] || r[2] !== out.names[i]);
      if (differs >= 0) {
        const r = twinRows[differs] ?? [];
        throw new Error(`the twin and the JS loop mask seq ${differs} differently (synthetic values): twin ${r.join(' ')}, JS ${out.ids[differs]} ${out.mobiles[differs]} ${out.names[differs]}`);
      }
      await rm(check.outParquet);
    }

    // warm-up
    await twin(-1);
    inMemory(-1);
    await endToEnd(-1);
    const twins: number[] = [];
    const loops: number[] = [];
    const ends: number[] = [];
    const others: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const m0 = machineCpuMs();
      const c0 = process.cpuUsage();
      const w0 = nowMs();
      // alternate the order so that drift on a shared machine hits both sides alike
      if (round % 2 === 0) {
        twins.push(await twin(round));
        loops.push(inMemory(round));
        ends.push(await endToEnd(round));
      } else {
        ends.push(await endToEnd(round));
        loops.push(inMemory(round));
        twins.push(await twin(round));
      }
      const c = process.cpuUsage(c0);
      const m1 = machineCpuMs();
      if (m0 && m1) others.push(Math.max(0, m1.busy - m0.busy - (c.user + c.system) / 1000) / (nowMs() - w0));
      ctx.progress(`round ${round + 1}/${ROUNDS}: twin ${twins.at(-1)!.toFixed(0)} ms, JS loop in memory ${loops.at(-1)!.toFixed(0)} ms, JS read + loop + write ${ends.at(-1)!.toFixed(0)} ms`);
    }
    const rate = (ms: number) => ROWS / (ms / 1000);
    const inMemoryRatios = twins.map((ms, i) => loops[i]! / ms);
    const endRatios = twins.map((ms, i) => ends[i]! / ms);
    const busy = others.length ? median(others) : undefined;
    return {
      metrics: [
        { name: 'buildMaskedTwin rows/s', value: rate(median(twins)), unit: 'rows/s' },
        { name: 'JS loop in memory rows/s', value: rate(median(loops)), unit: 'rows/s' },
        { name: 'JS read + loop + write rows/s', value: rate(median(ends)), unit: 'rows/s' },
        { name: 'ratio twin / JS loop in memory', value: rate(median(twins)) / rate(median(loops)), unit: '×', digits: 3, target: { op: '>=', value: 0.5 }, note: `rounds ${inMemoryRatios.map((r) => r.toFixed(2)).join(' ')}` },
        { name: 'CPU ratio JS loop in memory / twin', value: median(cpu.loop) / median(cpu.twin), unit: '×', digits: 3, note: `CPU ms: twin ${median(cpu.twin).toFixed(0)}, loop ${median(cpu.loop).toFixed(0)}, read + loop + write ${median(cpu.end).toFixed(0)}` },
        { name: 'ratio twin / JS read + loop + write', value: rate(median(twins)) / rate(median(ends)), unit: '×', digits: 3, target: { op: '>=', value: 0.5 }, note: `rounds ${endRatios.map((r) => r.toFixed(2)).join(' ')}` },
      ],
      notes: [
        `${ROWS} rows × 3 identifier columns (resident ID 18 characters, mobile 11 digits, a Chinese name of 2–4 characters, 2% with a compound surname) + a sequence column the twin does not carry; ${(bytes / 2 ** 20).toFixed(0)} MiB of Parquet; medians of ${ROUNDS} alternating rounds after a warm-up; the first 1,000 sequence numbers of a check twin (which also carries seq) were checked equal to the JS loop's output.`,
        'buildMaskedTwin = a hardened in-memory DuckDB instance (2 threads, 512 MB, allow-listed paths, locked configuration) + the source\'s schema check + one COPY (SELECT <mask expressions> FROM read_parquet(source)) TO a temporary file (Parquet v2, zstd) + rename into place: the time includes reading and decompressing the source and compressing and writing the twin.',
        'JS loop in memory = the loop alone (s.slice(0, 6) + \'*\'.repeat(n − 10) + s.slice(−4) for the ID, 3 + 4 for the mobile, the surname (compound if the first two characters are one) + \'*\' for the name) over JS arrays read beforehand from the same Parquet, output into JS arrays: one thread, nothing read or written. JS read + loop + write = the same Parquet read through DuckDB (2 threads) into JS arrays, the loop, and the rows written as a tab-separated text file.',
        `medians: twin ${median(twins).toFixed(0)} ms, JS loop in memory ${median(loops).toFixed(0)} ms, JS read + loop + write ${median(ends).toFixed(0)} ms.`,
        busy === undefined ? loadText() : `other processes kept ${busy.toFixed(2)} cores busy while the rounds ran (median), ${loadText()}${busy > 0.25 ? ': rates are understated; the twin uses 2 threads and the JS loop one, so a busy machine costs the twin more' : ''}.`,
      ],
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const benchmark: Benchmark = { name: 'twin-masking', title: 'masked twin (3 identifier columns) vs a minimal JS masking loop', run };
export default benchmark;
