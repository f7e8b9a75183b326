// `npm run bench [-- NAME…]`: runs every bench/*.bench.ts (or those whose file name contains a NAME), prints one
// table line per metric (value, target, verdict) and the findings, and writes bench/results/latest.json.
// Benchmarks print ratios against a baseline measured in the same run. A missed target is printed, never an
// exit code: the run fails only when a benchmark crashes.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Benchmark, type BenchResult, formatNumber, type Metric, verdictOf } from './support/harness.ts';
import { dropAllBenchDatabases } from './support/postgres.ts';
import { nowMs } from './support/stats.ts';

const BENCH_DIR = import.meta.dirname;
/** The order; any other benchmark runs after these, alphabetically. */
const PREFERRED = ['ledger-commands', 'ledger-proofs', 'checkpoint-signing'];

interface Outcome {
  name: string;
  title: string;
  file: string;
  seconds: number;
  result?: BenchResult;
  error?: string;
}

function discover(filters: readonly string[]): string[] {
  const files = readdirSync(BENCH_DIR)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)));
  const rank = (f: string) => {
    const i = PREFERRED.indexOf(f.replace(/\.bench\.ts$/, ''));
    return i < 0 ? PREFERRED.length : i;
  };
  return files.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

function targetText(m: Metric): string {
  return m.target ? `${m.target.op} ${formatNumber(m.target.value, m.digits)}` : '';
}

function table(outcomes: readonly Outcome[]): string {
  const rows: string[][] = [['benchmark', 'metric', 'value', 'unit', 'target', 'verdict']];
  for (const o of outcomes) {
    if (o.error !== undefined) {
      rows.push([o.name, 'CRASHED', '', '', '', 'ERROR']);
      continue;
    }
    for (const m of o.result?.metrics ?? []) {
      rows.push([o.name, m.name, formatNumber(m.value, m.digits), m.unit, targetText(m), verdictOf(m) + (m.note ? `  (${m.note})` : '')]);
    }
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (c === 5 ? 0 : r[c]!.length))));
  const line = (r: string[]) =>
    r
      .map((cell, c) => (c === 5 ? cell : c === 2 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
      .join('  ')
      .trimEnd();
  const sep = widths.map((w) => '-'.repeat(Math.max(w, 7))).join('  ');
  return [line(rows[0]!), sep, ...rows.slice(1).map(line)].join('\n');
}

/** Ctrl-C or a kill: drop the databases this run created before leaving. */
let interrupted = false;
function dropDatabasesOnSignal() {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      interrupted = true;
      console.error(`\nbench: ${signal}, dropping the benchmark databases…`);
      void dropAllBenchDatabases().finally(() => process.exit(130));
    });
  }
}

async function main() {
  dropDatabasesOnSignal();
  const filters = process.argv.slice(2).filter((a) => a !== '--');
  const files = discover(filters);
  if (files.length === 0) {
    console.error(`bench: no benchmark matches ${filters.join(', ')}`);
    process.exitCode = 2;
    return;
  }
  const startedAt = new Date();
  const outcomes: Outcome[] = [];
  for (const file of files) {
    const mod = (await import(pathToFileURL(path.join(BENCH_DIR, file)).href)) as { default: Benchmark };
    const bench = mod.default;
    console.error(`\n▶ ${bench.name}: ${bench.title}`);
    const t0 = nowMs();
    const outcome: Outcome = { name: bench.name, title: bench.title, file, seconds: 0 };
    try {
      outcome.result = await bench.run({ progress: (msg) => console.error(`  [${bench.name}] ${msg}`) });
    } catch (err) {
      outcome.error = (err as Error).stack ?? String(err);
      console.error(`  [${bench.name}] CRASHED: ${outcome.error}`);
    }
    outcome.seconds = (nowMs() - t0) / 1000;
    outcomes.push(outcome);
    if (interrupted) return; // the signal handler exits once the databases are dropped
  }

  const machine = `${os.availableParallelism()} cores (${os.cpus()[0]?.model.trim() ?? '?'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  console.log(`\nShuyun benchmarks — ${startedAt.toISOString()} — ${machine}\n`);
  console.log(table(outcomes));
  for (const o of outcomes) {
    console.log(`\n${o.name} — ${o.title} (${o.seconds.toFixed(1)} s)`);
    if (o.error !== undefined) console.log(`  CRASHED: ${o.error.split('\n')[0]}`);
    for (const note of o.result?.notes ?? []) console.log(`  ${note.replaceAll('\n', '\n    ')}`);
  }

  const resultsDir = path.join(BENCH_DIR, 'results');
  mkdirSync(resultsDir, { recursive: true });
  const report = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    machine: { cores: os.availableParallelism(), cpu: os.cpus()[0]?.model.trim(), memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}` },
    benchmarks: outcomes.map((o) => ({
      name: o.name,
      title: o.title,
      file: o.file,
      seconds: Number(o.seconds.toFixed(2)),
      ...(o.error !== undefined ? { error: o.error } : {}),
      metrics: (o.result?.metrics ?? []).map((m) => ({ ...m, verdict: verdictOf(m) })),
      notes: o.result?.notes ?? [],
    })),
  };
  const out = path.join(resultsDir, 'latest.json');
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nwritten ${path.relative(process.cwd(), out)}`);
  if (outcomes.some((o) => o.error !== undefined)) process.exitCode = 1;
}

await main();
