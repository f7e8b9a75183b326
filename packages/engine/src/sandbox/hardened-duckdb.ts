import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { quoteList } from '../ingest/sql.ts';

// Every DuckDB instance of the engine (sessions, twins, ingests, profiles, the SQL parser) is opened here and shut in
// the same way. One in-memory instance each, so nothing is shared with another. The order matters:
//   1. at creation (`createHardenedDuckDB`): threads, memory limit, no spilling unless a private directory is given
//      (DuckDB adds its temp directory to `allowed_directories`, and its default is '.tmp' in the working
//      directory), extension autoinstall/autoload off, community and unsigned extensions off, no persistent
//      secrets; then the caller's few non-hardening settings;
//   2. the allow-lists (`restrictFileAccess`): DuckDB accepts `allowed_directories`/`allowed_paths` only while
//      external access is still on, so they come first;
//   3. `enable_external_access = false`: from here on only the allow-listed files and directories can be opened;
//   4. whatever must be set up within those limits (a session's views over its datasets);
//   5. `lock_configuration = true` (`lockConfiguration`), last: no SET/RESET afterwards, by anyone.
// `shutIn` is 2, 3 and 5 in one call, for the instances that need nothing between them. Nothing may read a file
// before `shutIn` (or 2–3) has run.

export interface HardenedDuckDBLimits {
  threads: number;
  /** DuckDB `memory_limit`, e.g. `'512MB'`. */
  memoryLimit: string;
  /** A private directory to spill to; none: no spilling (a statement past the memory limit fails). */
  spillDirectory?: string;
  /** DuckDB `max_temp_directory_size`, with a spill directory only (default: DuckDB's). */
  maxSpillSize?: string;
  /** Settings that are not part of the hardening, SET right after creation (before anything reads a file). */
  settings?: Partial<Record<'preserve_insertion_order' | 'enable_progress_bar' | 'enable_progress_bar_print', boolean>>;
}

export interface FileAccess {
  /** Directories (and everything under them) that may be opened; a trailing `/` is added so a prefix cannot match. */
  allowedDirectories: readonly string[];
  /** Single files that may be opened. */
  allowedPaths: readonly string[];
}

export interface HardenedDuckDB {
  connection: DuckDBConnection;
  /** Closes the connection and the instance (once; later calls do nothing). */
  close(): void;
}

/** Step 1: a new in-memory instance with its limits; it is not shut in yet (see `shutIn`). */
export async function createHardenedDuckDB(limits: HardenedDuckDBLimits): Promise<HardenedDuckDB> {
  const instance = await DuckDBInstance.create(':memory:', {
    threads: String(limits.threads),
    memory_limit: limits.memoryLimit,
    temp_directory: limits.spillDirectory ?? '',
    ...(limits.spillDirectory !== undefined && limits.maxSpillSize !== undefined ? { max_temp_directory_size: limits.maxSpillSize } : {}),
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
    allow_community_extensions: 'false',
    allow_unsigned_extensions: 'false',
    allow_persistent_secrets: 'false',
  });
  let connection: DuckDBConnection;
  try {
    connection = await instance.connect();
  } catch (err) {
    instance.closeSync();
    throw err;
  }
  let closed = false;
  const db: HardenedDuckDB = {
    connection,
    close() {
      if (closed) return;
      closed = true;
      try {
        connection.closeSync();
      } finally {
        instance.closeSync();
      }
    },
  };
  try {
    for (const [name, value] of Object.entries(limits.settings ?? {})) {
      if (value !== undefined) await connection.run(`SET ${name} = ${value}`);
    }
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

/** Steps 2 and 3: the allow-lists, then external access off. */
export async function restrictFileAccess(connection: DuckDBConnection, access: FileAccess): Promise<void> {
  const dirs = access.allowedDirectories.map((d) => (d.endsWith('/') ? d : `${d}/`));
  await connection.run(`SET allowed_directories = ${quoteList(dirs)}`);
  await connection.run(`SET allowed_paths = ${quoteList(access.allowedPaths)}`);
  await connection.run(`SET enable_external_access = false`);
}

/** Step 5, last: the configuration is locked for good (no statement can undo it). */
export async function lockConfiguration(connection: DuckDBConnection): Promise<void> {
  await connection.run(`SET lock_configuration = true`);
}

/** Steps 2, 3 and 5: restricts file access to `access` and locks the configuration. */
export async function shutIn(connection: DuckDBConnection, access: FileAccess): Promise<void> {
  await restrictFileAccess(connection, access);
  await lockConfiguration(connection);
}

/** Steps 1–5 with nothing in between: an instance ready for its first statement (closed again if shutting in fails). */
export async function openHardenedDuckDB(limits: HardenedDuckDBLimits, access: FileAccess): Promise<HardenedDuckDB> {
  const db = await createHardenedDuckDB(limits);
  try {
    await shutIn(db.connection, access);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}
