import type { OpennessClass } from '@shuyun/core/catalog/classification';

/** One dataset a session may read: the Parquet file of one version of a resource. */
export interface SessionDataset {
  /** Absolute path of the version's Parquet file (no glob characters). */
  parquetPath: string;
  /** The resource's openness class: a `not_open` resource is refused when the session opens. */
  openness: OpennessClass;
}

/** What one session (one grant or workspace) may see and use. */
export interface SessionSpec {
  /**
   * The datasets visible in the session, by view name (a plain identifier: letters, digits, `_`; names are
   * case-insensitive in SQL, so two names may not differ only by case). Each becomes a read-only view over its file.
   */
  datasets: Readonly<Record<string, SessionDataset>>;
  /** DuckDB `memory_limit` of the session's instance, e.g. `'512MB'` (default `'512MB'`). */
  memoryLimit?: string;
  /** DuckDB worker threads of the session's instance (default 1). */
  threads?: number;
  /** Default wall-clock limit of one statement, in ms (default 30 s); `run` may lower or raise it per call. */
  timeoutMs?: number;
  /** Default row cap of one result (default 10,000). */
  maxRows?: number;
  /**
   * Extra directories the session may read (DuckDB `allowed_directories`); none by default. The datasets' own
   * files are always allowed one by one (`allowed_paths`), never their directories, so other versions and other
   * resources stored next to them stay out of reach.
   */
  allowedDirectories?: readonly string[];
  /**
   * Where the instance may spill to disk when a query exceeds its memory; none by default (spilling off: such a
   * query fails with ENGINE_OUT_OF_MEMORY). DuckDB lets an instance read its own temp directory, so it must be
   * private to the session: `EngineHost` makes a fresh subdirectory of this one per child and removes it when the
   * child ends; `openSession` (in-process) uses it as given. Never a directory with anything else in it.
   */
  spillDirectory?: string;
  /** At most this much is spilled (DuckDB `max_temp_directory_size`; default `'2GB'`). */
  maxSpillSize?: string;
}

export interface RunOptions {
  /** Wall-clock limit of this statement in ms (default: the session's). */
  timeoutMs?: number;
  /** At most this many rows are returned; `truncated` says whether there were more (default: the session's). */
  maxRows?: number;
}

export interface ResultColumn {
  name: string;
  /** DuckDB type, e.g. `BIGINT`, `VARCHAR`, `DECIMAL(18,2)`. */
  type: string;
}

/** A JSON value as DuckDB's JSON conversion gives it: 64-bit and wider integers and decimals as strings. */
export type CellValue = null | boolean | number | string | CellValue[] | { [key: string]: CellValue };

export interface QueryResult {
  columns: ResultColumn[];
  rows: CellValue[][];
  /** Whether the query had more rows than `maxRows` (only the first `maxRows` are in `rows`). */
  truncated: boolean;
  /** Wall-clock time of prepare + execution + reading, in ms. */
  elapsedMs: number;
}

export const SESSION_DEFAULTS = {
  memoryLimit: '512MB',
  threads: 1,
  timeoutMs: 30_000,
  maxRows: 10_000,
} as const;
