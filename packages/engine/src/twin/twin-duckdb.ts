// The DuckDB instance a twin is built in: in memory, one per build, shut in before it reads anything. It can open
// the source version and the twin's temporary output file and nothing else (plus a private spill directory when the
// caller gives one); no extension is installed or loaded; the configuration is locked before the first statement
// touches a file. The statements are ours — field names are quoted, no user SQL runs here — but the build reads
// a version of raw data, so it is shut in as a session is (sandbox/hardened-duckdb.ts).
import { quoteLiteral } from '../ingest/sql.ts';
import { openHardenedDuckDB, type HardenedDuckDB } from '../sandbox/hardened-duckdb.ts';
import type { TwinLimits } from './types.ts';

const DEFAULT_THREADS = 2;
const DEFAULT_MEMORY_LIMIT = '512MB';

export type TwinDuckDB = HardenedDuckDB;

/** An instance that can read `readable` and write `writable` (and use the spill directory, if any), nothing else. */
export function openTwinDuckDB(limits: TwinLimits, readable: string, writable: string): Promise<TwinDuckDB> {
  return openHardenedDuckDB(
    {
      threads: limits.threads ?? DEFAULT_THREADS,
      memoryLimit: limits.memoryLimit ?? DEFAULT_MEMORY_LIMIT,
      ...(limits.spillDirectory === undefined ? {} : { spillDirectory: limits.spillDirectory }),
      settings: { preserve_insertion_order: true, enable_progress_bar: false },
    },
    { allowedDirectories: limits.spillDirectory === undefined ? [] : [limits.spillDirectory], allowedPaths: [readable, writable] },
  );
}

/** `read_parquet('<file>')`: the one file of the build, as a literal (a table function takes no bound parameter). */
export function readSource(file: string): string {
  return `read_parquet(${quoteLiteral(file)})`;
}
