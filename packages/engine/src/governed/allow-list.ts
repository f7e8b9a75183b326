import type { ColumnControl } from '@shuyun/core/policy/usage-policy';
import type { ColumnUse } from './types.ts';

// What a governed query may call. An allow-list: a name not here is refused, whatever it is (file readers, `query`,
// `query_table`, settings, `getenv`, `error`, `current_setting`, `duckdb_*` catalog functions, list/struct/JSON/regex
// functions, random numbers, sequences…). Kept short on purpose: each entry is a function of its arguments only,
// reads nothing outside the row, and cannot raise an error whose text carries a value.

/** Aggregates, and whether DISTINCT is accepted. */
export const AGGREGATES: ReadonlyMap<string, { distinct: boolean }> = new Map([
  ['count', { distinct: true }],
  ['count_star', { distinct: false }],
  ['sum', { distinct: false }],
  ['avg', { distinct: false }],
  ['mean', { distinct: false }],
  ['min', { distinct: false }],
  ['max', { distinct: false }],
]);

/** Scalar functions and the operators DuckDB's parser writes as functions (`+`, `||`, `~~` for LIKE…). */
export const SCALAR_FUNCTIONS: ReadonlySet<string> = new Set([
  // arithmetic
  '+', '-', '*', '/', '//', '%', 'abs', 'round', 'floor', 'ceil', 'ceiling', 'trunc', 'sign', 'greatest', 'least',
  // string basics (LIKE / NOT LIKE / ILIKE / NOT ILIKE are ~~, !~~, ~~*, !~~*)
  '||', 'concat', 'lower', 'upper', 'lcase', 'ucase', 'length', 'char_length', 'character_length', 'substring', 'substr',
  'trim', 'ltrim', 'rtrim', 'left', 'right', 'starts_with', 'prefix', 'suffix', 'ends_with', 'contains', 'replace',
  'lpad', 'rpad', '~~', '!~~', '~~*', '!~~*',
  // date parts and truncation (EXTRACT is date_part; INTERVAL literals are to_*)
  'date_part', 'datepart', 'date_trunc', 'datetrunc', 'year', 'month', 'day', 'quarter', 'week', 'weekofyear',
  'dayofweek', 'isodow', 'dayofmonth', 'dayofyear', 'hour', 'minute', 'second', 'date_diff', 'datediff', 'date_sub',
  'datesub', 'last_day', 'make_date', 'to_years', 'to_months', 'to_days', 'to_hours', 'to_minutes', 'to_seconds',
  // null handling
  'coalesce', 'ifnull', 'nullif',
]);

/**
 * Scalar functions that test or choose (a predicate or a conditional in a function's clothing): like comparisons and
 * CASE, they may not appear in the input of SUM/AVG/COUNT, where they would pick the rows that feed the aggregate
 * (analyze.ts, `#selecting`).
 */
export const SELECTING_FUNCTIONS: ReadonlySet<string> = new Set([
  '~~', '!~~', '~~*', '!~~*', 'starts_with', 'prefix', 'suffix', 'ends_with', 'contains',
  'coalesce', 'ifnull', 'nullif', 'greatest', 'least', 'sign',
]);

/** Expression operators (class OPERATOR) by their AST type. */
export const OPERATORS: ReadonlySet<string> = new Set([
  'OPERATOR_NOT',
  'OPERATOR_IS_NULL',
  'OPERATOR_IS_NOT_NULL',
  'COMPARE_IN',
  'COMPARE_NOT_IN',
  'OPERATOR_COALESCE',
  'OPERATOR_NULLIF',
]);

export const CONJUNCTIONS: ReadonlySet<string> = new Set(['CONJUNCTION_AND', 'CONJUNCTION_OR']);

/**
 * Which column controls allow which use (after SCQL's CCL; `plaintext` allows every use, `none` none):
 * - reveal      the value itself leaves in a row (non-aggregate output, ORDER BY of such output): `plaintext` only;
 * - group_key   the value leaves as the key of a group of ≥ minSubjects subjects: `plaintext_after_group_by`;
 * - aggregate   the value is an input of SUM/AVG (or of COUNT through an expression): `plaintext_after_aggregate`;
 * - min_max     the value is an input of MIN/MAX: `plaintext` only. MIN and MAX do not blend a group's values, they
 *               pick one exactly (the largest capital of an industry is one enterprise's capital, however many
 *               enterprises the group has), so they are no aggregate in the sense of `plaintext_after_aggregate`.
 *               A column that is a bare GROUP BY key of the query is the exception: its MIN/MAX is the group's own
 *               key and is checked as a `group_key` use (analyze.ts);
 * - count       COUNT(col) / COUNT(DISTINCT col) on the bare column: only a number of values leaves, so every control
 *               that allows the column in a computation allows it (SCQL lets even ENCRYPTED_ONLY be counted);
 * - compare     only a predicate's outcome is used (WHERE, JOIN ON beyond the keys, FILTER): `plaintext_after_compare`;
 * - join_key    a bare column on one side of an equality join condition: `join_key_only` or `plaintext_after_compare`.
 * The lattice is deliberately not cumulative beyond this: a GROUP BY key is not an aggregate input (MIN/MAX over a
 * larger group would release a rare value the group-by threshold would have withheld), and an aggregate input is
 * neither a comparable one nor a MIN/MAX input. `plaintext_as_join_payload` (carried to the other side of a join,
 * never revealed to the caller) allows no use in a governed query, whose only product is what the caller sees; it is
 * for approved jobs and PSI.
 */
export const PERMITTED: Readonly<Record<ColumnUse, ReadonlySet<ColumnControl>>> = {
  reveal: new Set<ColumnControl>(['plaintext']),
  group_key: new Set<ColumnControl>(['plaintext', 'plaintext_after_group_by']),
  aggregate: new Set<ColumnControl>(['plaintext', 'plaintext_after_aggregate']),
  min_max: new Set<ColumnControl>(['plaintext']),
  count: new Set<ColumnControl>(['plaintext', 'plaintext_after_group_by', 'plaintext_after_aggregate', 'plaintext_after_compare', 'join_key_only']),
  compare: new Set<ColumnControl>(['plaintext', 'plaintext_after_compare']),
  join_key: new Set<ColumnControl>(['plaintext', 'plaintext_after_compare', 'join_key_only']),
};
