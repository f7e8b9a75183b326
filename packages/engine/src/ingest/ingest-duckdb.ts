import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import os from 'node:os';
import { quoteList, quoteLiteral } from './sql.ts';

// One in-memory DuckDB instance per ingest. The statements are ours (no user SQL), but the instance is still shut
// in: file access only to the work directory, the resource directory and the one source file; no extension is
// installed or loaded (Parquet and CSV/JSON readers are built in); settings locked before any file is touched.
// It is made in two steps, so that DuckDB builds the instance on its own thread while the ingest looks at the
// source (encoding, header): `createIngestDuckDB` (limits only: nothing has run that reads a file), then `shutIn`
// once the source's path is known, before the first statement that reads anything.

/** Threads by default: each one holds its own read buffer and row group, so more would raise the memory an ingest takes. */
const DEFAULT_THREADS = Math.max(1, Math.min(os.availableParallelism(), 4));

export interface IngestDuckDB {
  connection: DuckDBConnection;
  close(): void;
}

export interface IngestDuckDBLimits {
  /** Spill directory. */
  workDir: string;
  memoryLimit?: string;
  threads?: number;
  /** Whether the caller polls the progress of its statements (DuckDB only tracks it when asked). */
  progress?: boolean;
}

export interface IngestDuckDBAccess {
  allowedDirectories: string[];
  allowedPaths: string[];
}

/** A new instance with its limits set; it reads no file until `shutIn` has run. */
export async function createIngestDuckDB(opts: IngestDuckDBLimits): Promise<IngestDuckDB> {
  const instance = await DuckDBInstance.create(':memory:', {
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
    threads: String(opts.threads ?? DEFAULT_THREADS),
  });
  let connection: DuckDBConnection;
  try {
    connection = await instance.connect();
  } catch (err) {
    instance.closeSync();
    throw err;
  }
  const close = () => {
    connection.closeSync();
    instance.closeSync();
  };
  try {
    const settings = [
      `SET memory_limit = ${quoteLiteral(opts.memoryLimit ?? '512MB')}`,
      `SET temp_directory = ${quoteLiteral(opts.workDir)}`,
      `SET preserve_insertion_order = true`,
      `SET enable_progress_bar = ${opts.progress === true}`,
      `SET enable_progress_bar_print = false`,
    ];
    for (const sql of settings) await connection.run(sql);
  } catch (err) {
    close();
    throw err;
  }
  return { connection, close };
}

/** Restricts file access to `access` and locks the configuration (for good: no statement can undo it). */
export async function shutIn(connection: DuckDBConnection, access: IngestDuckDBAccess): Promise<void> {
  const dirs = access.allowedDirectories.map((d) => (d.endsWith('/') ? d : `${d}/`));
  const settings = [
    `SET allowed_directories = ${quoteList(dirs)}`,
    ...(access.allowedPaths.length ? [`SET allowed_paths = ${quoteList(access.allowedPaths)}`] : []),
    `SET enable_external_access = false`,
    `SET lock_configuration = true`,
  ];
  for (const sql of settings) await connection.run(sql);
}

export async function openIngestDuckDB(opts: IngestDuckDBLimits & IngestDuckDBAccess): Promise<IngestDuckDB> {
  const db = await createIngestDuckDB(opts);
  try {
    await shutIn(db.connection, opts);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
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
