// Narrow imports: the session's child process loads only what it needs of core.
import { DomainError, type ErrorCode, type FieldIssue } from '@shuyun/core/errors/catalogue';

/** The codes the sandbox refuses or fails with: its ENGINE_* block of the catalogue, and the catalog's not-open rule. */
export type EngineErrorCode = Extract<ErrorCode, `ENGINE_${string}`> | 'RESOURCE_NOT_OPEN';

/**
 * A refusal or failure of the sandbox. Its message is its code; `details` may say which rule or which kind of
 * engine error (e.g. `{ path: '/sql', reason: 'binder', message }`), never a data value: messages of errors DuckDB
 * raises while reading data (conversion, out of range, invalid input…) are dropped, not passed on.
 */
export class EngineError extends DomainError {
  declare readonly code: EngineErrorCode;
  constructor(code: EngineErrorCode, details?: ReadonlyArray<FieldIssue>) {
    super(code, details);
    this.name = 'EngineError';
  }

  toJSON(): SerializedEngineError {
    return { code: this.code, ...(this.details ? { details: this.details.map((d) => ({ ...d })) } : {}) };
  }

  static fromJSON(s: SerializedEngineError): EngineError {
    return new EngineError(s.code, s.details);
  }
}

export interface SerializedEngineError {
  code: EngineErrorCode;
  details?: FieldIssue[];
}

export function isEngineError(err: unknown): err is EngineError {
  return err instanceof EngineError;
}

/** The leading type of a DuckDB error message ("Binder Error: …" → "Binder"), or undefined. */
export function duckdbErrorType(err: unknown): string | undefined {
  const message = err instanceof Error ? err.message : typeof err === 'string' ? err : '';
  return /^([A-Za-z][A-Za-z ]{0,40}) Error:/.exec(message)?.[1];
}

/** Error types raised before any data is read, whose text names only the query's own words and the catalog. */
const COMPILE_TYPES: Record<string, string> = { Parser: 'parser', Syntax: 'parser', Binder: 'binder', Catalog: 'catalog' };

/** Error types after which DuckDB invalidates the database: the session must be replaced. */
const FATAL_TYPES = new Set(['FATAL', 'Fatal', 'INTERNAL', 'Internal']);

export function isFatalDuckDBError(err: unknown): boolean {
  const type = duckdbErrorType(err);
  if (type !== undefined && FATAL_TYPES.has(type)) return true;
  const message = err instanceof Error ? err.message : '';
  return /database has been invalidated/i.test(message);
}

/**
 * The text of a compile-time error that may be shown: without DuckDB's "LINE n: …" excerpt (the statement may have
 * been rewritten by the layers above, and it is the caller's own text anyway), and with every single-quoted string
 * replaced by '…' (literals are the only place a value could appear).
 */
export function redactCompileMessage(message: string): string {
  const withoutExcerpt = message.split(/\n\s*\nLINE \d+:|\nLINE \d+:/)[0] ?? '';
  return withoutExcerpt
    .replace(/^[A-Za-z ]{1,40} Error:\s*/, '')
    .replace(/'(?:[^']|'')*'/g, "'…'")
    .trim()
    .slice(0, 500);
}

/**
 * Maps an error DuckDB raised to an EngineError. `phase` is where it arose: while preparing (parse, bind, plan: no
 * data read beyond file schemas) or while executing and reading. Only compile-time parser, binder and catalog errors
 * keep a (redacted) text; everything else keeps only its kind.
 */
export function classifyDuckDBError(err: unknown, phase: 'prepare' | 'execute', timedOut: boolean): EngineError {
  if (err instanceof EngineError) return err;
  const type = duckdbErrorType(err);
  if (timedOut || type === 'INTERRUPT' || type === 'Interrupt') return new EngineError('ENGINE_TIMEOUT');
  if (type === 'Out of Memory') return new EngineError('ENGINE_OUT_OF_MEMORY');
  if (type === 'Permission') return new EngineError('ENGINE_ACCESS_DENIED', [{ path: '/sql', reason: 'permission' }]);
  const compileKind = type === undefined ? undefined : COMPILE_TYPES[type];
  if (phase === 'prepare' && compileKind !== undefined) {
    const message = err instanceof Error ? redactCompileMessage(err.message) : '';
    return new EngineError('ENGINE_SQL_INVALID', [{ path: '/sql', reason: compileKind, ...(message ? { message } : {}) }]);
  }
  const reason = type === undefined ? 'unknown' : type.toLowerCase().replaceAll(' ', '_');
  return new EngineError('ENGINE_QUERY_FAILED', [{ path: '/sql', reason }]);
}
