// The DuckDB instance a twin is built in: in memory, one per build, shut in before it reads anything. It can open
// the source version and the twin's temporary output file and nothing else (plus a private spill directory when the
// caller gives one); no extension is installed or loaded; the configuration is locked before the first statement
// touches a file. The statements are ours — field names are quoted, no user SQL runs here — but the build reads
// a version of raw data, so it is held to the sandbox's settings all the same.
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { quoteList, quoteLiteral } from '../ingest/sql.ts';
import type { TwinLimits } from './types.ts';

const DEFAULT_THREADS = 2;
const DEFAULT_MEMORY_LIMIT = '512MB';

export interface TwinDuckDB {
  connection: DuckDBConnection;
  close(): void;
}

export async function openTwinDuckDB(limits: TwinLimits, readable: string, writable: string): Promise<TwinDuckDB> {
  const instance = await DuckDBInstance.create(':memory:', {
    threads: String(limits.threads ?? DEFAULT_THREADS),
    memory_limit: limits.memoryLimit ?? DEFAULT_MEMORY_LIMIT,
    // No spilling unless a private directory is given (DuckDB's default '.tmp' would be in the working directory).
    temp_directory: limits.spillDirectory ?? '',
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
  const close = () => {
    connection.closeSync();
    instance.closeSync();
  };
  try {
    const dirs = limits.spillDirectory === undefined ? [] : [limits.spillDirectory.endsWith('/') ? limits.spillDirectory : `${limits.spillDirectory}/`];
    // The allow-lists are only accepted while external access is still on; then it goes off, then the lock.
    await connection.run(`SET allowed_directories = ${quoteList(dirs)}`);
    await connection.run(`SET allowed_paths = ${quoteList([readable, writable])}`);
    await connection.run(`SET enable_external_access = false`);
    await connection.run(`SET preserve_insertion_order = true`);
    await connection.run(`SET enable_progress_bar = false`);
    await connection.run(`SET lock_configuration = true`);
  } catch (err) {
    close();
    throw err;
  }
  return { connection, close };
}

/** `read_parquet('<file>')`: the one file of the build, as a literal (a table function takes no bound parameter). */
export function readSource(file: string): string {
  return `read_parquet(${quoteLiteral(file)})`;
}
