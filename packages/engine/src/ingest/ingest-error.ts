import type { IngestErrorCode, IngestProblem } from './types.ts';

/** At most this many problems of one kind in one column are listed; the rest are counted. */
export const EXAMPLES_PER_GROUP = 5;
/** At most this many problems in all. */
export const MAX_PROBLEMS = 100;

export interface ProblemGroup {
  kind: IngestProblem['kind'];
  column?: string;
  /**
   * How many rows have this problem: exact for checks on the whole version (integers, required fields, JSON
   * lines); for rows the CSV reader rejects, counted up to the first 10,000 rejected rows.
   */
  count: number;
}

/**
 * A version refused. `problems` list where and what, never a data value; `groups` count each kind per column
 * (only the first few of each are listed). Nothing of the version was stored.
 */
export class IngestError extends Error {
  override readonly name = 'IngestError';
  readonly code: IngestErrorCode;
  readonly problems: IngestProblem[];
  readonly groups: ProblemGroup[];

  constructor(code: IngestErrorCode, problems: IngestProblem[], opts: { groups?: ProblemGroup[]; summary?: string; cause?: unknown } = {}) {
    const listed = limitProblems(problems);
    const groups = opts.groups ?? groupProblems(problems);
    super(opts.summary ?? summarize(code, listed, groups), opts.cause === undefined ? undefined : { cause: opts.cause });
    this.code = code;
    this.problems = listed;
    this.groups = groups;
  }
}

function groupKey(p: { kind: string; column?: string }): string {
  return `${p.kind}\u0000${p.column ?? ''}`;
}

export function groupProblems(problems: readonly IngestProblem[]): ProblemGroup[] {
  const groups = new Map<string, ProblemGroup>();
  for (const p of problems) {
    const key = groupKey(p);
    const g = groups.get(key);
    if (g) g.count++;
    else groups.set(key, { kind: p.kind, ...(p.column === undefined ? {} : { column: p.column }), count: 1 });
  }
  return [...groups.values()];
}

/** The first few of each kind and column, in source order, capped in all. */
export function limitProblems(problems: readonly IngestProblem[]): IngestProblem[] {
  const perGroup = new Map<string, number>();
  const kept: IngestProblem[] = [];
  const position = (p: IngestProblem) => p.line ?? p.row ?? 0;
  for (const p of [...problems].sort((a, b) => position(a) - position(b))) {
    const key = groupKey(p);
    const n = perGroup.get(key) ?? 0;
    if (n >= EXAMPLES_PER_GROUP) continue;
    perGroup.set(key, n + 1);
    kept.push(p);
    if (kept.length >= MAX_PROBLEMS) break;
  }
  return kept;
}

const TITLES: Record<IngestErrorCode, string> = {
  FIELDS_MISMATCH: 'the columns do not match the declared fields',
  MALFORMED_ROWS: 'some rows do not match the declared fields',
  ENCODING: 'the text encoding could not be read',
  SOURCE_UNREADABLE: 'the source could not be read',
  VERSION_EXISTS: 'this version is already stored',
};

function summarize(code: IngestErrorCode, listed: readonly IngestProblem[], groups: readonly ProblemGroup[]): string {
  const parts = groups.map((g) => {
    const where = listed
      .filter((p) => p.kind === g.kind && p.column === g.column)
      .map((p) => (p.line !== undefined ? `line ${p.line}` : p.row !== undefined ? `row ${p.row}` : undefined))
      .filter((x): x is string => x !== undefined);
    const more = g.count > where.length && where.length > 0 ? ` … ${g.count} in all` : '';
    return `${g.kind.replaceAll('_', ' ')}${g.column === undefined ? '' : ` in column "${g.column}"`}${where.length ? ` (${where.join(', ')}${more})` : ''}`;
  });
  return `ingest refused: ${TITLES[code]}${parts.length ? `: ${parts.join('; ')}` : ''}`;
}

/**
 * What may be kept of a DuckDB error as the cause of a refusal: its type ("Invalid Input Error"), not its
 * message, which can quote the line it choked on.
 */
export function redactedCause(err: unknown): Error {
  const message = err instanceof Error ? err.message : '';
  const type = /^([A-Za-z ]{1,40} Error):/.exec(message)?.[1];
  return new Error(`DuckDB: ${type ?? 'error'} (message withheld: it may quote the data)`);
}

/** A file-system failure on our side (disk full, permissions): not the source's fault, so not a refusal. */
export function isSystemError(err: unknown): boolean {
  return typeof (err as NodeJS.ErrnoException | undefined)?.code === 'string' && !(err instanceof IngestError);
}
