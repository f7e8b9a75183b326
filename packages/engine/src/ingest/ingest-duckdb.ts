import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import os from 'node:os';
import { quoteList, quoteLiteral } from './sql.ts';

// One in-memory DuckDB instance per ingest. The statements are ours (no user SQL), but the instance is still shut
// in: file access only to the work directory, the resource directory and the one source file; no extension is
// installed or loaded (Parquet and CSV/JSON readers are built in); settings locked before any file is touched.

/** Threads by default: each one holds its own read buffer and row group, so more would raise the memory an ingest takes. */
const DEFAULT_THREADS = Math.max(1, Math.min(os.availableParallelism(), 4));

export interface IngestDuckDB {
  connection: DuckDBConnection;
  close(): void;
}

export async function openIngestDuckDB(opts: {
  workDir: string;
  allowedDirectories: string[];
  allowedPaths: string[];
  memoryLimit?: string;
  threads?: number;
}): Promise<IngestDuckDB> {
  const instance = await DuckDBInstance.create(':memory:', {
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
    threads: String(opts.threads ?? DEFAULT_THREADS),
  });
  const connection = await instance.connect();
  const close = () => {
    connection.closeSync();
    instance.closeSync();
  };
  try {
    const dirs = opts.allowedDirectories.map((d) => (d.endsWith('/') ? d : `${d}/`));
    const settings = [
      `SET memory_limit = ${quoteLiteral(opts.memoryLimit ?? '512MB')}`,
      `SET temp_directory = ${quoteLiteral(opts.workDir)}`,
      `SET preserve_insertion_order = true`,
      `SET enable_progress_bar = true`,
      `SET enable_progress_bar_print = false`,
      `SET allowed_directories = ${quoteList(dirs)}`,
      ...(opts.allowedPaths.length ? [`SET allowed_paths = ${quoteList(opts.allowedPaths)}`] : []),
      `SET enable_external_access = false`,
      `SET lock_configuration = true`,
    ];
    for (const sql of settings) await connection.run(sql);
  } catch (err) {
    close();
    throw err;
  }
  return { connection, close };
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
