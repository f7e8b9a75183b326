import type { DuckDBConnection } from '@duckdb/node-api';
import os from 'node:os';
import { createHardenedDuckDB, openHardenedDuckDB, type FileAccess, type HardenedDuckDB, type HardenedDuckDBLimits } from '../sandbox/hardened-duckdb.ts';

// One in-memory DuckDB instance per ingest. The statements are ours (no user SQL), but the instance is still shut
// in (sandbox/hardened-duckdb.ts): file access only to the work directory, the resource directory and the one source
// file; no extension is installed or loaded (Parquet and CSV/JSON readers are built in); settings locked before any
// file is touched. It is made in two steps, so that DuckDB builds the instance on its own thread while the ingest
// looks at the source (encoding, header): `createIngestDuckDB` (limits only: nothing has run that reads a file), then
// `shutIn` once the source's path is known, before the first statement that reads anything.
export { shutIn } from '../sandbox/hardened-duckdb.ts';

/** Threads by default: each one holds its own read buffer and row group, so more would raise the memory an ingest takes. */
const DEFAULT_THREADS = Math.max(1, Math.min(os.availableParallelism(), 4));

export type IngestDuckDB = HardenedDuckDB;

export interface IngestDuckDBLimits {
  /** Spill directory. */
  workDir: string;
  memoryLimit?: string;
  threads?: number;
  /** Whether the caller polls the progress of its statements (DuckDB only tracks it when asked). */
  progress?: boolean;
}

/** A new instance with its limits set; it reads no file until `shutIn` has run. */
export function createIngestDuckDB(opts: IngestDuckDBLimits): Promise<IngestDuckDB> {
  return createHardenedDuckDB(hardenedLimits(opts));
}

export function openIngestDuckDB(opts: IngestDuckDBLimits & FileAccess): Promise<IngestDuckDB> {
  return openHardenedDuckDB(hardenedLimits(opts), opts);
}

function hardenedLimits(opts: IngestDuckDBLimits): HardenedDuckDBLimits {
  return {
    threads: opts.threads ?? DEFAULT_THREADS,
    memoryLimit: opts.memoryLimit ?? '512MB',
    spillDirectory: opts.workDir,
    settings: { preserve_insertion_order: true, enable_progress_bar: opts.progress === true, enable_progress_bar_print: false },
  };
}

/** Runs a statement while polling DuckDB's query progress (0–100), for long COPYs. */
export async function runWithProgress(connection: DuckDBConnection, sql: string, values: Record<string, string>, onPercent?: (percent: number) => void): Promise<void> {
  if (!onPercent) {
    await connection.run(sql, values);
    return;
  }
  const timer = setInterval(() => {
    const p = connection.progress.percentage;
    if (p >= 0) onPercent(p);
  }, 250);
  try {
    await connection.run(sql, values);
  } finally {
    clearInterval(timer);
  }
}
