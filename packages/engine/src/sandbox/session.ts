import { StatementType, type DuckDBExtractedStatements, type DuckDBPreparedStatement } from '@duckdb/node-api';
import { isOperable } from '@shuyun/core/catalog/classification';
import { statSync } from 'node:fs';
import path from 'node:path';
import { quoteIdentifier, quoteLiteral } from '../ingest/sql.ts';
import { classifyDuckDBError, duckdbErrorType, EngineError, isFatalDuckDBError, redactCompileMessage } from './errors.ts';
import { createHardenedDuckDB, lockConfiguration, restrictFileAccess, type HardenedDuckDB } from './hardened-duckdb.ts';
import { SESSION_DEFAULTS, type CellValue, type QueryResult, type RunOptions, type SessionSpec } from './types.ts';

// A hardened DuckDB session: one in-memory instance per session, so no catalog, temp object, macro, secret or
// setting is shared with any other session. The order of the set-up matters (hardened-duckdb.ts):
//   1. at instance creation: threads, memory limit, no spilling (or a private spill directory), extension
//      autoload/autoinstall off, community/unsigned extensions off, no persistent secrets;
//   2. the allow-lists (`allowed_paths` = the datasets' files, `allowed_directories` = the spec's extra
//      directories): DuckDB accepts them only while external access is still enabled;
//   3. `enable_external_access = false`: from here on only the allow-listed paths can be opened;
//   4. the read-only views over the Parquet files (created after 3, so a dataset outside the allow-list fails here);
//   5. `lock_configuration = true`, last: no SET/RESET afterwards.
// Statements: exactly one, prepared, of type SELECT. DuckDB's settings are one layer, not the sandbox: this module
// runs inside a child process (host.ts) and the governed-SQL analysis above it allow-lists functions.

/** View names: a letter or `_`, then letters, digits or `_` (Unicode letters allowed), at most 63 characters. */
const DATASET_NAME = /^[\p{L}_][\p{L}\p{N}_]{0,62}$/u;
const GLOB_CHARS = /[*?[\]{}]/;
const MEMORY_LIMIT = /^\d+(\.\d+)?\s*(B|KB|MB|GB|KiB|MiB|GiB)$/i;
/** How often the interrupt is repeated while a timed-out statement has not yet stopped. */
const INTERRUPT_REPEAT_MS = 100;
const MAX_ROWS_LIMIT = 1_000_000;

export interface SandboxSession {
  /** Runs exactly one SELECT statement under the wall-clock limit and row cap. */
  run(sql: string, opts?: RunOptions): Promise<QueryResult>;
  /** The dataset view names visible in the session. */
  readonly datasetNames: readonly string[];
  /** True once DuckDB reported a fatal error: the session must be replaced. */
  readonly broken: boolean;
  close(): void;
}

/** Checks a spec before anything is opened; throws an EngineError (not_open) or a TypeError (a caller's mistake). */
export function validateSessionSpec(spec: SessionSpec): void {
  const seen = new Set<string>();
  for (const [name, ds] of Object.entries(spec.datasets)) {
    // The engine-layer not-open check: such a resource can never be previewed or computed on.
    if (!isOperable(ds.openness)) throw new EngineError('RESOURCE_NOT_OPEN', [{ path: `/datasets/${name}`, reason: 'not_open' }]);
    if (!DATASET_NAME.test(name)) throw new TypeError(`dataset name is not a plain identifier: ${JSON.stringify(name)}`);
    const folded = name.toLowerCase();
    if (seen.has(folded)) throw new TypeError(`two datasets named ${JSON.stringify(name)} (names are case-insensitive)`);
    seen.add(folded);
    checkPath(ds.parquetPath, `dataset ${name}`);
  }
  for (const dir of spec.allowedDirectories ?? []) checkPath(dir, 'allowed directory');
  if (spec.spillDirectory !== undefined) checkPath(spec.spillDirectory, 'spill directory');
  if (spec.memoryLimit !== undefined && !MEMORY_LIMIT.test(spec.memoryLimit)) throw new TypeError(`memory limit is not a size: ${spec.memoryLimit}`);
  if (spec.maxSpillSize !== undefined && !MEMORY_LIMIT.test(spec.maxSpillSize)) throw new TypeError(`spill size is not a size: ${spec.maxSpillSize}`);
  if (spec.threads !== undefined && !(Number.isInteger(spec.threads) && spec.threads >= 1 && spec.threads <= 64)) throw new TypeError('threads must be an integer from 1 to 64');
  if (spec.timeoutMs !== undefined) checkTimeout(spec.timeoutMs);
  if (spec.maxRows !== undefined) checkMaxRows(spec.maxRows);
}

function checkPath(p: string, what: string): void {
  if (!path.isAbsolute(p) || path.normalize(p) !== p) throw new TypeError(`${what}: the path must be absolute and normalized`);
  if (GLOB_CHARS.test(p)) throw new TypeError(`${what}: the path may not contain glob characters`);
  if (p.includes('\u0000') || p.includes("'") || p.includes('\n')) throw new TypeError(`${what}: the path contains a forbidden character`);
}

function checkTimeout(ms: number): void {
  if (!(Number.isFinite(ms) && ms > 0 && ms <= 3_600_000)) throw new TypeError('timeoutMs must be between 1 ms and 1 hour');
}

function checkMaxRows(n: number): void {
  if (!(Number.isInteger(n) && n >= 0 && n <= MAX_ROWS_LIMIT)) throw new TypeError(`maxRows must be an integer from 0 to ${MAX_ROWS_LIMIT}`);
}

/** Opens a hardened session in this thread. The server uses `EngineHost` (a child process per session) instead. */
export async function openSession(spec: SessionSpec): Promise<SandboxSession> {
  validateSessionSpec(spec);
  const datasets = Object.entries(spec.datasets);
  for (const [name, ds] of datasets) {
    let isFile = false;
    try {
      isFile = statSync(ds.parquetPath).isFile();
    } catch {
      isFile = false;
    }
    if (!isFile) throw new EngineError('ENGINE_DATASET_UNAVAILABLE', [{ path: `/datasets/${name}`, reason: 'missing' }]);
  }

  const db = await createHardenedDuckDB({
    threads: spec.threads ?? SESSION_DEFAULTS.threads,
    memoryLimit: spec.memoryLimit ?? SESSION_DEFAULTS.memoryLimit,
    // No spilling unless the host gives a private directory.
    ...(spec.spillDirectory === undefined ? {} : { spillDirectory: spec.spillDirectory, maxSpillSize: spec.maxSpillSize ?? '2GB' }),
  });
  try {
    await restrictFileAccess(db.connection, { allowedDirectories: spec.allowedDirectories ?? [], allowedPaths: datasets.map(([, ds]) => ds.parquetPath) });
    for (const [name, ds] of datasets) {
      try {
        await db.connection.run(`CREATE VIEW ${quoteIdentifier(name)} AS SELECT * FROM read_parquet(${quoteLiteral(ds.parquetPath)})`);
      } catch {
        // Not a Parquet file, or unreadable: DuckDB's message may quote the file's bytes, so it is dropped.
        throw new EngineError('ENGINE_DATASET_UNAVAILABLE', [{ path: `/datasets/${name}`, reason: 'unreadable' }]);
      }
    }
    await lockConfiguration(db.connection);
  } catch (err) {
    db.close();
    throw err;
  }

  return new HardenedSession(db, spec, datasets.map(([name]) => name));
}

class HardenedSession implements SandboxSession {
  #closed = false;
  #broken = false;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: HardenedDuckDB,
    private readonly spec: SessionSpec,
    readonly datasetNames: readonly string[],
  ) {}

  get broken(): boolean {
    return this.#broken;
  }

  run(sql: string, opts: RunOptions = {}): Promise<QueryResult> {
    // One statement at a time per session: a connection runs one query anyway; queue so timeouts stay per call.
    const next = this.#queue.then(() => this.#run(sql, opts));
    this.#queue = next.catch(() => undefined);
    return next;
  }

  async #run(sql: string, opts: RunOptions): Promise<QueryResult> {
    if (this.#closed) throw new EngineError('ENGINE_SESSION_CLOSED');
    if (this.#broken) throw new EngineError('ENGINE_SESSION_CRASHED');
    const timeoutMs = opts.timeoutMs ?? this.spec.timeoutMs ?? SESSION_DEFAULTS.timeoutMs;
    const maxRows = opts.maxRows ?? this.spec.maxRows ?? SESSION_DEFAULTS.maxRows;
    checkTimeout(timeoutMs);
    checkMaxRows(maxRows);
    if (typeof sql !== 'string' || sql.trim() === '' || sql.includes('\u0000')) {
      throw new EngineError('ENGINE_SQL_INVALID', [{ path: '/sql', reason: 'empty' }]);
    }

    const started = performance.now();
    let timedOut = false;
    let repeat: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      this.db.connection.interrupt();
      // An interrupt that arrives between two phases (prepare → execute) may be cleared by the next one: repeat it.
      repeat = setInterval(() => this.db.connection.interrupt(), INTERRUPT_REPEAT_MS);
    }, timeoutMs);

    let phase: 'prepare' | 'execute' = 'prepare';
    let prepared: DuckDBPreparedStatement | undefined;
    try {
      let count: number;
      let extracted: DuckDBExtractedStatements;
      try {
        extracted = await this.db.connection.extractStatements(sql);
        count = extracted.count;
      } catch (err) {
        // Only blanks, semicolons or comments: DuckDB's extractor fails without a typed message.
        if (duckdbErrorType(err) === undefined) throw new EngineError('ENGINE_SQL_INVALID', [{ path: '/sql', reason: 'empty' }]);
        throw err;
      }
      if (count !== 1) {
        throw count === 0
          ? new EngineError('ENGINE_SQL_INVALID', [{ path: '/sql', reason: 'empty' }])
          : new EngineError('ENGINE_MULTI_STATEMENT', [{ path: '/sql', reason: 'statements', message: String(count) }]);
      }
      // The statement's kind, from the parser alone: nothing of a non-SELECT statement is bound or planned (binding
      // a COPY or an ATTACH already touches files and catalogs).
      await this.#checkIsSelect(sql);
      prepared = await extracted.prepare(0);
      if (prepared.statementType !== StatementType.SELECT) {
        throw new EngineError('ENGINE_STATEMENT_NOT_ALLOWED', [{ path: '/sql', reason: statementTypeName(prepared.statementType) }]);
      }
      if (prepared.parameterCount > 0) throw new EngineError('ENGINE_SQL_INVALID', [{ path: '/sql', reason: 'parameters' }]);
      if (timedOut) throw new EngineError('ENGINE_TIMEOUT');
      phase = 'execute';
      const reader = await prepared.streamAndReadUntil(maxRows + 1);
      if (timedOut) throw new EngineError('ENGINE_TIMEOUT');
      const columns = reader.columnNames().map((name, i) => ({ name, type: reader.columnType(i).toString() }));
      const all = reader.getRowsJson() as CellValue[][];
      const truncated = all.length > maxRows;
      return { columns, rows: truncated ? all.slice(0, maxRows) : all, truncated, elapsedMs: Math.round(performance.now() - started) };
    } catch (err) {
      if (isFatalDuckDBError(err)) this.#broken = true;
      throw classifyDuckDBError(err, phase, timedOut);
    } finally {
      clearTimeout(timer);
      if (repeat) clearInterval(repeat);
      try {
        prepared?.destroySync();
      } catch {
        // already destroyed with its connection
      }
    }
  }

  /** Refuses anything but one SELECT by parsing it with `json_serialize_sql`, which serializes SELECT statements only. */
  async #checkIsSelect(sql: string): Promise<void> {
    const reader = await this.db.connection.runAndReadAll('SELECT json_serialize_sql($sql::VARCHAR)', { sql });
    const text = reader.getRowsJson()[0]?.[0];
    const parsed = typeof text === 'string' ? (JSON.parse(text) as { error?: boolean; error_type?: string; error_message?: string }) : { error: true };
    if (!parsed.error) {
      const denied = functionNames(parsed).find((name) => SESSION_DENIED_FUNCTIONS.has(name));
      if (denied !== undefined) throw new EngineError('ENGINE_FUNCTION_NOT_ALLOWED', [{ path: '/sql', reason: 'function', message: denied }]);
      return;
    }
    if (parsed.error_type === 'parser') {
      const message = redactCompileMessage(parsed.error_message ?? '');
      throw new EngineError('ENGINE_SQL_INVALID', [{ path: '/sql', reason: 'parser', ...(message ? { message } : {}) }]);
    }
    throw new EngineError('ENGINE_STATEMENT_NOT_ALLOWED', [{ path: '/sql', reason: 'not_select' }]);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.db.close();
  }
}

/**
 * Functions refused in every session, whatever the layers above allow. Called from a SELECT they would change the
 * instance behind DuckDB's configuration lock (logging to files, profiling that prints query text, the parser),
 * run SQL given as a string or a serialized plan (which no name check could then see), or scan raw memory pointers.
 * This is a floor, not the allow-list: the governed-SQL analysis admits only listed functions.
 */
export const SESSION_DENIED_FUNCTIONS: ReadonlySet<string> = new Set([
  'enable_logging',
  'disable_logging',
  'truncate_duckdb_logs',
  'enable_profiling',
  'disable_profiling',
  'enable_peg_parser',
  'disable_peg_parser',
  'check_peg_parser',
  'checkpoint',
  'force_checkpoint',
  'query',
  'query_table',
  'json_execute_serialized_sql',
  'sql_auto_complete',
  'arrow_scan',
  'arrow_scan_dumb',
]);

/** Every function name called anywhere in a `json_serialize_sql` tree (scalar, aggregate, window and table functions). */
function functionNames(tree: unknown): string[] {
  const names: string[] = [];
  const stack: unknown[] = [tree];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) stack.push(...node);
    else if (node !== null && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'function_name' && typeof value === 'string') names.push(value.toLowerCase());
        else if (value !== null && typeof value === 'object') stack.push(value);
      }
    }
  }
  return names;
}

function statementTypeName(type: StatementType): string {
  const name = (StatementType as unknown as Record<number, string>)[type];
  return typeof name === 'string' ? name.toLowerCase() : 'unknown';
}
