import type { ColumnControl } from '@shuyun/core/policy/usage-policy';
import { DomainError, type ErrorCode, type FieldIssue } from '@shuyun/core/errors/catalogue';
import type { ColumnUse } from './types.ts';

/** The codes a governed query is refused with: the GOVERNED_* block of the catalogue. */
export type GovernedErrorCode = Extract<ErrorCode, `GOVERNED_${string}`>;

/**
 * Why the analyser refused a query. The text says which rule refused and, when a column is at fault, which column
 * (`view.field`, written as the grant names it), which control it has and which use was refused. Column, function and
 * view names are the query's own words and the grant's; a data value never appears (literals are never echoed).
 */
export class GovernedError extends DomainError {
  declare readonly code: GovernedErrorCode;
  readonly rule: string;
  readonly column: string | undefined;
  readonly control: ColumnControl | undefined;
  readonly use: ColumnUse | undefined;

  constructor(code: GovernedErrorCode, rule: string, opts: { column?: string; control?: ColumnControl; use?: ColumnUse; message?: string } = {}) {
    const message = opts.message ?? (opts.column === undefined ? undefined : describeColumn(opts.column, opts.control, opts.use));
    const detail: FieldIssue = { path: '/sql', reason: rule, ...(message === undefined ? {} : { message }) };
    super(code, [detail]);
    this.name = 'GovernedError';
    this.rule = rule;
    this.column = opts.column;
    this.control = opts.control;
    this.use = opts.use;
  }

  toJSON(): { code: GovernedErrorCode; details: FieldIssue[] } {
    return { code: this.code, details: (this.details ?? []).map((d) => ({ ...d })) };
  }
}

export function isGovernedError(err: unknown): err is GovernedError {
  return err instanceof GovernedError;
}

function describeColumn(column: string, control: ColumnControl | undefined, use: ColumnUse | undefined): string {
  if (control === undefined || use === undefined) return column;
  return `${column} (${control}) may not be used as ${USE_WORDS[use]}`;
}

const USE_WORDS: Record<ColumnUse, string> = {
  reveal: 'a released value',
  group_key: 'a GROUP BY key',
  aggregate: 'an aggregate input',
  min_max: 'a MIN/MAX input (an exact value of the group)',
  count: 'a counted value',
  compare: 'a compared value (WHERE, ON, FILTER)',
  join_key: 'an equality join key',
};
