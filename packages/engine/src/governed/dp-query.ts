import { DomainError, type FieldIssue } from '@shuyun/core/errors/catalogue';
import {
  type ColumnNoise,
  type DpColumnShape,
  type DpSpec,
  type Epsilon,
  type RandomSource,
  allocateEpsilon,
  cryptoRandomSource,
  epsilonCost,
  parseEpsilon,
  releaseAggregates,
  sumBounds,
} from '@shuyun/core/dp';
import type { ColumnControl } from '@shuyun/core/policy/usage-policy';
import { quoteIdentifier, quoteLiteral } from '../ingest/sql.ts';
import type { CellValue } from '../sandbox/types.ts';
import { PERMITTED } from './allow-list.ts';
import { GovernedError } from './errors.ts';
import type { GovernedSession } from './run.ts';
import type { ColumnUse, GovernedContext, TouchedField } from './types.ts';

// Differentially private aggregates on real data (issue 6 §3): a structured request (view, filters, group keys,
// COUNT/SUM/AVG measures with declared bounds, ε), never free SQL, so that the per-subject contribution bounding the
// privacy proof needs is done by SQL this module writes and nothing else.
//
// What runs (`buildDpSql`), for a view v with subject key k, group keys g…, a measured column x with bounds [L, U]
// and precision p:
//
//   WITH "__rows" AS (SELECT g…, k AS "__subject", CAST(x AS DOUBLE) AS "__v0" FROM v WHERE k IS NOT NULL AND <filters>),
//   "__per_subject" AS (                                   -- 1. one row per (group, subject): the subject's total,
//     SELECT g…, "__subject",                              --    scaled to the 10^-p grid and clamped to [L·10^p, U·10^p]
//            CASE WHEN sum("__v0") IS NULL THEN NULL
//                 ELSE CAST(least(greatest(round(sum("__v0") * 10^p), L·10^p), U·10^p) AS BIGINT) END AS "__b0"
//     , hash("__subject", g…) AS "__h"                     --    (with group keys: the hash step 2 orders by)
//     FROM "__rows" GROUP BY g…, "__subject"),
//   "__one_group" AS (                                     -- 2. at most one group per subject: its row of the
//     SELECT arg_min_null(g, "__h") AS g, …, arg_min_null("__b0", "__h") AS "__b0"   -- smallest hash
//     FROM "__per_subject" GROUP BY "__subject")
//   SELECT g…, count(*) AS "__n", sum("__b0") AS "__s0", count("__b0") AS "__c0"   -- 3. per group
//   FROM "__one_group" GROUP BY g… ORDER BY g…
//
// Then the ε is debited (the server's callback, atomic against the grant's budget), discrete Laplace noise is added
// to every cell (`releaseAggregates` of @shuyun/core/dp: exact sampling on the integer lattice, no floating point on
// the noise path), and groups whose NOISY subject count is below the grant's minimum are dropped.
//
// Choices, and why:
// - Neighbours differ by one data subject with all their rows. After step 2 a subject adds exactly one row to one
//   group: +1 to its subject count (Δ = 1) and a value in [L·10^p, U·10^p] to each sum (Δ = max(|L|, |U|)·10^p).
//   Groups are then disjoint in subjects (parallel composition), so the query costs the sum of its measures' ε.
// - Which group a subject keeps (step 2): the one with the smallest hash of (subject, group keys). It depends on that
//   subject's own rows only (a choice that looked at other subjects, e.g. "the largest group", would let one subject
//   move others between groups), it is deterministic (the same data gives the same bounded input) unless two groups
//   of one subject hash alike (2^-64 per pair; then either may be picked, each column by its own arg_min_null, which
//   still gives one row of that subject's own values, in bounds), and hashing the subject with the keys spreads
//   subjects that span several groups evenly over them instead of sending them all to the same group (hashing the
//   keys alone, or taking the smallest key, would bias every such subject towards one group). The hash is DuckDB's
//   `hash()`: not secret and not needed to be. One aggregation per subject does it; a window ordered by the hash and
//   the keys (the exact tie-break) cost a sort of every subject's rows for the 2^-64 case.
// - Rows without a subject (k IS NULL) are left out: they cannot be attributed, and pooling them as one pseudo-subject
//   would let a real subject move that pool's clamped total by up to U − L, more than the sensitivity assumed.
// - Values are summed as DOUBLE and clamped after scaling: no step can raise a data-dependent error (an overflow, a
//   failed cast) that would answer a question about the data outside the noise. Measured columns must be numeric
//   (checked on the view's types first), so the cast to DOUBLE never fails; NaN and ±∞ clamp to a bound. Rounding
//   the subject's total (rather than each value, as the reference `boundContributions` does) moves a total by less
//   than one grid step and never outside the bounds, which is what the sensitivity rests on.
// - AVG is noisy SUM / noisy COUNT over the same subjects (the mean of the subjects' clamped totals), each with half
//   the measure's ε (mechanisms.ts). COUNT counts distinct subjects per group.
// - Filter values never reach the SQL as text to be parsed as SQL: each is a quoted literal (quotes doubled) inside
//   `TRY_CAST(… AS <the column's own type>)`, checked beforehand by a query that reads no data, so a value that does
//   not convert is refused up front instead of failing (or not) while rows are read — a data-dependent error would be
//   a one-bit oracle. Identifiers are the grant's field names, resolved case-insensitively and quoted.
//
// Threshold and (ε, δ). Which groups appear at all is data-dependent: a group one subject alone creates is present
// with that subject and absent without. Dropping groups whose noisy count is below the grant's minimum k is
// post-processing of the noisy count, so what is released about the groups that exist is ε-DP; the presence of a
// group created by one subject is hidden except with probability δ = Pr[1 + Z ≥ k] = e^{−ε_c(k−1)} / (1 + e^{−ε_c}),
// Z the count's discrete Laplace noise with ε_c its ε. The release is therefore (ε, δ)-DP, not pure ε-DP, with the
// δ reported per query (0 when there are no group keys: the single row always exists). A small k with a small ε_c
// gives a large δ; the grant's minimum should be chosen with it in mind. For the same reason the number of groups
// dropped is not reported (it would count groups without noise).
//
// Budget. The request's ε is split evenly over its measures (rounded down to whole micro-ε: the debit may be a few
// micro-ε below the request, never above), `debit(micros)` is called once the SQL has run and before any noise is
// drawn; if it throws, nothing is released. If anything fails after the debit the ε stays spent (fail closed).

/** A filter value: written into the SQL as a quoted literal cast to the column's type. */
export type DpScalar = string | number | boolean;

export type DpComparison = '=' | '<>' | '<' | '<=' | '>' | '>=' | 'in';

export interface DpCondition {
  column: string;
  op: DpComparison;
  /** a scalar, or for `in` a non-empty array of at most 1,000 scalars */
  value: DpScalar | readonly DpScalar[];
}

export interface DpCountMeasure {
  kind: 'count';
  /** output column name (default `count`) */
  name?: string;
}

export interface DpSumMeasure {
  kind: 'sum' | 'avg';
  column: string;
  /** bounds of one subject's total in a group, decimals with at most `precision` places */
  lower: number | string;
  upper: number | string;
  /** decimal places of the released grid (0…12; default: the places the bounds are written with) */
  precision?: number;
  /** output column name (default `sum_<column>` / `avg_<column>`) */
  name?: string;
}

export type DpMeasure = DpCountMeasure | DpSumMeasure;

export interface DpQueryRequest {
  /** a view of the grant's session */
  view: string;
  /** conditions joined with AND */
  where?: readonly DpCondition[];
  groupBy: readonly string[];
  measures: readonly DpMeasure[];
  /** the query's total ε, a decimal with at most 6 places */
  epsilon: string;
  /** groups one subject may contribute to: only 1 is supported */
  maxGroupsPerSubject?: 1;
}

/** DuckDB types of the view's columns, by column name (from `probeColumnTypes`). */
export type ColumnTypes = Readonly<Record<string, string>>;

export interface DpQueryPlan {
  view: string;
  resource: string;
  subjectKey: string;
  /** group keys, as the grant spells them (the released key columns) */
  groupBy: string[];
  /** the released columns: group keys, then measures (a COUNT is always among them: the threshold needs it) */
  columns: string[];
  /** the noise specification `releaseAggregates` applies (sources `__n`, `__s<i>`, `__c<i>`) */
  spec: DpSpec;
  /** the ε debited: `epsilonCost(spec)` */
  cost: Epsilon;
  /** the released COUNT column the threshold reads */
  countColumn: string;
  /** whether the COUNT was added because the request had none */
  implicitCount: boolean;
  touched: TouchedField[];
}

export interface DpQuerySql {
  /** the statement the engine runs (module comment) */
  sql: string;
  /**
   * The hand-written equivalent nested query, for the benchmark only: per (group, subject) the clamped total, one
   * group per subject (row_number over the subject by the same hash), then per group the subject count and the sum —
   * as an analyst would write it, without the grid, the NULL-safe clamp, the typed literals or the ordering. Its
   * values are unnoised: never release them.
   */
  handWrittenSql: string;
  plan: DpQueryPlan;
}

export interface DpQueryResult {
  /** group keys, then measures */
  columns: string[];
  /** noisy rows of groups whose noisy subject count reached the minimum, ordered by the group keys */
  rows: CellValue[][];
  /** the ε debited (decimal) and in micro-ε */
  epsilon: string;
  epsilonMicros: number;
  /** the δ of the group-presence threshold (module comment); 0 without group keys */
  delta: number;
  minSubjects: number;
  /** public noise parameters per measure (mechanism, ε, sensitivity, scale, standard deviation) */
  noise: Record<string, ColumnNoise>;
  /** whether more than `maxRows` groups passed the threshold (only the first `maxRows` are in `rows`) */
  truncated: boolean;
  /** the fields read, and how (for the ledger's lineage) */
  touched: TouchedField[];
  implicitCount: boolean;
  elapsedMs: number;
}

export interface RunDpQueryOptions {
  /**
   * Debits the grant's budget by this many micro-ε atomically, throwing when it would be exceeded. Called exactly
   * once, after the SQL ran and before any noise is drawn; when it throws nothing is released.
   */
  debit: (epsilonMicros: number) => Promise<void>;
  /** the noise's randomness (default: Web Crypto); a seeded source is for tests only */
  random?: RandomSource;
  timeoutMs?: number;
}

/** Groups the SQL may return before the query is refused (the sandbox's row cap). */
export const DP_MAX_GROUPS = 999_999;
const MAX_CONDITIONS = 64;
const MAX_IN_VALUES = 1000;
const MAX_LITERAL_LENGTH = 1000;
const MAX_MEASURES = 32;
const MAX_GROUP_KEYS = 16;
/** max(|L|, |U|)·10^p stays well inside the doubles' exact integers (2^53 ≈ 9·10^15). */
const MAX_SCALED_BOUND = 10n ** 15n;

const IDENT = /^[\p{L}_][\p{L}\p{N}_]{0,62}$/u;
const OPS: ReadonlySet<string> = new Set(['=', '<>', '<', '<=', '>', '>=', 'in']);
const NUMERIC_TYPE = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL\(\d{1,2},\d{1,2}\))$/;
const COMPARABLE_TYPE = /^(BOOLEAN|TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL\(\d{1,2},\d{1,2}\)|VARCHAR|DATE|TIME|TIMESTAMP|TIMESTAMP_S|TIMESTAMP_MS|TIMESTAMP_NS|TIMESTAMP WITH TIME ZONE)$/;

function invalid(path: string, reason: string): DomainError {
  return new DomainError('DP_QUERY_INVALID', [{ path, reason }]);
}

function typeError(path: string, reason: string, column: string): DomainError {
  return new DomainError('DP_QUERY_COLUMN_TYPE', [{ path, reason, message: column } satisfies FieldIssue]);
}

/** A name from the request, shown only if it looks like an identifier (never free text). */
function safeName(name: unknown): string | undefined {
  return typeof name === 'string' && IDENT.test(name) ? name : undefined;
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function onlyKeys(x: Record<string, unknown>, allowed: readonly string[], path: string): void {
  for (const k of Object.keys(x)) if (!allowed.includes(k)) throw invalid(`${path}/${safeName(k) ?? '?'}`, 'unknown_property');
}

// ── Planning: validation against the grant ───────────────────────────────────────────────────────────────────

interface Resolved {
  view: string;
  resource: string;
  subjectKey: string;
  fields: Map<string, { name: string; control: ColumnControl }>;
}

interface MeasurePlan {
  kind: 'count' | 'sum' | 'avg';
  name: string;
  column?: string;
  lower?: string;
  upper?: string;
  precision?: number;
}

interface ConditionPlan {
  column: string;
  op: DpComparison;
  values: string[];
}

interface FullPlan extends DpQueryPlan {
  measures: MeasurePlan[];
  conditions: ConditionPlan[];
}

function checkContext(context: GovernedContext): void {
  if (!(Number.isInteger(context.minSubjects) && context.minSubjects >= 1)) throw new TypeError('minSubjects must be a positive integer');
  if (!(Number.isInteger(context.maxRows) && context.maxRows >= 0 && context.maxRows < 1_000_000)) throw new TypeError('maxRows must be an integer from 0 to 999,999');
}

function resolveView(context: GovernedContext, view: unknown): Resolved {
  if (typeof view !== 'string' || view === '') throw invalid('/view', 'not_a_name');
  const entry = Object.entries(context.datasets).find(([name]) => name.toLowerCase() === view.toLowerCase());
  if (!entry) throw new GovernedError('GOVERNED_RELATION_NOT_ALLOWED', 'relation_not_granted', safeName(view) === undefined ? {} : { message: view });
  const [name, ds] = entry;
  if (!IDENT.test(name) || !IDENT.test(ds.subjectKey)) throw new TypeError(`view ${JSON.stringify(name)} or its subject key is not a plain identifier`);
  const fields = new Map<string, { name: string; control: ColumnControl }>();
  for (const f of ds.fields) {
    if (!IDENT.test(f.name) || f.name.startsWith('__')) throw new TypeError(`field of ${name} is not a plain identifier: ${JSON.stringify(f.name)}`);
    fields.set(f.name.toLowerCase(), { name: f.name, control: f.control });
  }
  return { view: name, resource: ds.resource, subjectKey: ds.subjectKey, fields };
}

/** Resolves a column of the request to a granted field and checks the use against its control (as the analyser does). */
function useColumn(r: Resolved, column: unknown, use: ColumnUse, path: string, touched: Map<string, TouchedField>): string {
  if (typeof column !== 'string' || column === '') throw invalid(path, 'not_a_name');
  const field = r.fields.get(column.toLowerCase());
  if (!field) throw new GovernedError('GOVERNED_COLUMN_UNRESOLVED', 'unknown_column', safeName(column) === undefined ? {} : { message: column });
  const t = touched.get(field.name) ?? { view: r.view, resource: r.resource, field: field.name, control: field.control, uses: [] };
  if (!t.uses.includes(use)) t.uses.push(use);
  touched.set(field.name, t);
  if (!PERMITTED[use].has(field.control)) {
    throw new GovernedError('GOVERNED_COLUMN_CONTROL', `${use}_not_permitted`, { column: `${r.view}.${field.name}`, control: field.control, use });
  }
  return field.name;
}

function literalText(v: unknown, path: string): string {
  if (typeof v === 'string') {
    if (v.length > MAX_LITERAL_LENGTH) throw invalid(path, 'value_too_long');
    if (v.includes('\u0000')) throw invalid(path, 'value_contains_nul');
    return v;
  }
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw invalid(path, 'value_not_finite');
    return String(v);
  }
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  throw invalid(path, 'value_not_a_scalar');
}

function decimalsOf(v: number | string): number {
  const m = /\.(\d+)$/.exec(String(v).trim());
  return m ? m[1]!.length : 0;
}

function boundText(v: unknown, path: string): string | number {
  if (typeof v === 'number' || typeof v === 'string') return v;
  throw invalid(path, 'not_a_decimal');
}

/**
 * Validates a request against the grant and plans it: every column resolved to a granted field and each use checked
 * against its control (group keys: `group_key`, measured columns: `aggregate`, filtered columns: `compare`), the
 * measures' bounds, the noise specification and the ε it costs. Throws GovernedError (columns, view) or
 * DomainError (DP_QUERY_INVALID, DP_SPEC_INVALID, DP_EPSILON_INVALID); runs nothing.
 */
export function planDpQuery(request: DpQueryRequest, context: GovernedContext): DpQueryPlan {
  return plan(request, context);
}

function plan(request: DpQueryRequest, context: GovernedContext): FullPlan {
  checkContext(context);
  if (!isRecord(request)) throw invalid('', 'not_an_object');
  onlyKeys(request, ['view', 'where', 'groupBy', 'measures', 'epsilon', 'maxGroupsPerSubject'], '');
  if (request.maxGroupsPerSubject !== undefined && request.maxGroupsPerSubject !== 1) throw invalid('/maxGroupsPerSubject', 'only_1_supported');
  if (typeof request.epsilon !== 'string') throw new DomainError('DP_EPSILON_INVALID', [{ path: '/epsilon', reason: 'not_a_decimal' }]);
  parseEpsilon(request.epsilon);
  const r = resolveView(context, request.view);
  const touched = new Map<string, TouchedField>();

  if (!Array.isArray(request.groupBy)) throw invalid('/groupBy', 'not_an_array');
  if (request.groupBy.length > MAX_GROUP_KEYS) throw invalid('/groupBy', 'too_many');
  const groupBy: string[] = [];
  request.groupBy.forEach((g, i) => {
    const name = useColumn(r, g, 'group_key', `/groupBy/${i}`, touched);
    if (groupBy.includes(name)) throw invalid(`/groupBy/${i}`, 'duplicate');
    groupBy.push(name);
  });

  const conditions: ConditionPlan[] = [];
  if (request.where !== undefined) {
    if (!Array.isArray(request.where)) throw invalid('/where', 'not_an_array');
    if (request.where.length > MAX_CONDITIONS) throw invalid('/where', 'too_many');
    request.where.forEach((c, i) => {
      const path = `/where/${i}`;
      if (!isRecord(c)) throw invalid(path, 'not_an_object');
      onlyKeys(c, ['column', 'op', 'value'], path);
      if (typeof c.op !== 'string' || !OPS.has(c.op)) throw invalid(`${path}/op`, 'unknown_operator');
      const column = useColumn(r, c.column, 'compare', `${path}/column`, touched);
      let values: string[];
      if (c.op === 'in') {
        if (!Array.isArray(c.value) || c.value.length === 0 || c.value.length > MAX_IN_VALUES) throw invalid(`${path}/value`, 'not_a_list_of_1_to_1000');
        values = (c.value as unknown[]).map((v, j) => literalText(v, `${path}/value/${j}`));
      } else {
        values = [literalText(c.value, `${path}/value`)];
      }
      conditions.push({ column, op: c.op as DpComparison, values });
    });
  }

  if (!Array.isArray(request.measures) || request.measures.length === 0) throw invalid('/measures', 'no_measure');
  if (request.measures.length > MAX_MEASURES) throw invalid('/measures', 'too_many');
  const measures: MeasurePlan[] = [];
  let countIndex = -1;
  request.measures.forEach((m, i) => {
    const path = `/measures/${i}`;
    if (!isRecord(m)) throw invalid(path, 'not_an_object');
    if (m.name !== undefined && (typeof m.name !== 'string' || !IDENT.test(m.name) || m.name.startsWith('__'))) throw invalid(`${path}/name`, 'not_a_name');
    if (m.kind === 'count') {
      onlyKeys(m, ['kind', 'name'], path);
      if (countIndex >= 0) throw invalid(path, 'second_count');
      countIndex = measures.length;
      measures.push({ kind: 'count', name: (m.name as string | undefined) ?? 'count' });
      return;
    }
    if (m.kind !== 'sum' && m.kind !== 'avg') throw invalid(`${path}/kind`, 'unknown_kind');
    onlyKeys(m, ['kind', 'column', 'lower', 'upper', 'precision', 'name'], path);
    const column = useColumn(r, m.column, 'aggregate', `${path}/column`, touched);
    const lower = boundText(m.lower, `${path}/lower`);
    const upper = boundText(m.upper, `${path}/upper`);
    const precision = m.precision === undefined ? Math.max(decimalsOf(lower), decimalsOf(upper)) : m.precision;
    if (typeof precision !== 'number') throw invalid(`${path}/precision`, 'not_an_integer');
    const bounds = sumBounds({ lower, upper, precision }, path);
    if (bounds.sensitivity > MAX_SCALED_BOUND) throw invalid(path, 'bounds_too_large_at_precision');
    measures.push({
      kind: m.kind,
      name: (m.name as string | undefined) ?? `${m.kind}_${column}`,
      column,
      lower: bounds.lower.toString(),
      upper: bounds.upper.toString(),
      precision,
    });
  });
  let implicitCount = false;
  if (countIndex < 0) {
    // The threshold reads a noisy subject count: a query without one gets one (its ε share is part of the cost).
    implicitCount = true;
    countIndex = 0;
    measures.unshift({ kind: 'count', name: 'count' });
  }
  const names = new Set(groupBy.map((g) => g.toLowerCase()));
  measures.forEach((m, i) => {
    if (names.has(m.name.toLowerCase())) throw invalid(`/measures/${implicitCount ? i - 1 : i}/name`, implicitCount && i === 0 ? 'implicit_count_name_taken' : 'duplicate_name');
    names.add(m.name.toLowerCase());
  });

  const shapes: DpColumnShape[] = measures.map((m, i) =>
    m.kind === 'count'
      ? { kind: 'count', name: m.name, source: '__n' }
      : m.kind === 'sum'
        ? { kind: 'sum', name: m.name, source: `__s${i}`, lower: scaledText(m), upper: scaledText(m, true), precision: m.precision! }
        : { kind: 'avg', name: m.name, sumSource: `__s${i}`, countSource: `__c${i}`, lower: scaledText(m), upper: scaledText(m, true), precision: m.precision! },
  );
  const spec = allocateEpsilon(shapes, request.epsilon, { groupBy, maxGroupsPerSubject: 1 });
  return {
    view: r.view,
    resource: r.resource,
    subjectKey: r.subjectKey,
    groupBy,
    columns: [...groupBy, ...measures.map((m) => m.name)],
    spec,
    cost: epsilonCost(spec),
    countColumn: measures[countIndex]!.name,
    implicitCount,
    touched: [...touched.values()],
    measures,
    conditions,
  };
}

/** A measure's scaled bound back as a decimal at its precision (what `sumBounds` accepts). */
function scaledText(m: MeasurePlan, upper = false): string {
  const scaled = BigInt(upper ? m.upper! : m.lower!);
  const p = m.precision!;
  const negative = scaled < 0n;
  const digits = (negative ? -scaled : scaled).toString().padStart(p + 1, '0');
  const text = p > 0 ? `${digits.slice(0, digits.length - p)}.${digits.slice(digits.length - p)}` : digits;
  return negative ? `-${text}` : text;
}

// ── SQL ──────────────────────────────────────────────────────────────────────────────────────────────────────

function typeOf(types: ColumnTypes, column: string): string | undefined {
  const hit = Object.entries(types).find(([name]) => name.toLowerCase() === column.toLowerCase());
  return hit?.[1];
}

/** Refuses measured columns that are not numeric and filtered columns whose type is not a plain comparable scalar. */
function checkTypes(p: FullPlan, types: ColumnTypes): void {
  p.measures.forEach((m, i) => {
    if (m.column === undefined) return;
    const t = typeOf(types, m.column);
    if (t === undefined || !NUMERIC_TYPE.test(t)) throw typeError(`/measures/${p.implicitCount ? i - 1 : i}/column`, 'not_numeric', m.column);
  });
  p.conditions.forEach((c, i) => {
    const t = typeOf(types, c.column);
    if (t === undefined || !COMPARABLE_TYPE.test(t)) throw typeError(`/where/${i}/column`, 'not_comparable', c.column);
  });
}

/** A filter value as SQL: the quoted literal, converted to the column's type (a constant: nothing reads data). */
function typedLiteral(value: string, type: string): string {
  return `TRY_CAST(${quoteLiteral(value)} AS ${type})`;
}

function whereSql(p: FullPlan, types: ColumnTypes): string[] {
  return p.conditions.map((c) => {
    const t = typeOf(types, c.column)!;
    const col = quoteIdentifier(c.column);
    return c.op === 'in' ? `${col} IN (${c.values.map((v) => typedLiteral(v, t)).join(', ')})` : `${col} ${c.op} ${typedLiteral(c.values[0]!, t)}`;
  });
}

function buildFromPlan(p: FullPlan, types: ColumnTypes): DpQuerySql {
  checkTypes(p, types);
  const id = quoteIdentifier;
  const keys = p.groupBy.map(id);
  const subject = id('__subject');
  const valueCols = [...new Set(p.measures.flatMap((m) => (m.column === undefined ? [] : [m.column])))];
  const valueAlias = (column: string) => id(`__v${valueCols.indexOf(column)}`);

  const rowsSelect = [...keys, `${id(p.subjectKey)} AS ${subject}`, ...valueCols.map((c) => `CAST(${id(c)} AS DOUBLE) AS ${valueAlias(c)}`)];
  const filters = [`${id(p.subjectKey)} IS NOT NULL`, ...whereSql(p, types)];
  const rowsCte = `SELECT ${rowsSelect.join(', ')} FROM ${id(p.view)} WHERE ${filters.map((f) => `(${f})`).join(' AND ')}`;

  const bounded: string[] = [];
  const boundedNames: string[] = [];
  const outer: string[] = [];
  p.measures.forEach((m, i) => {
    if (m.kind === 'count') {
      outer.push(`count(*) AS ${id('__n')}`);
      return;
    }
    const total = `sum(${valueAlias(m.column!)})`;
    const scaled = m.precision! > 0 ? `round(${total} * ${(10n ** BigInt(m.precision!)).toString()})` : `round(${total})`;
    bounded.push(`CASE WHEN ${total} IS NULL THEN NULL ELSE CAST(least(greatest(${scaled}, ${m.lower}), ${m.upper}) AS BIGINT) END AS ${id(`__b${i}`)}`);
    boundedNames.push(`__b${i}`);
    outer.push(`sum(${id(`__b${i}`)}) AS ${id(`__s${i}`)}`);
    if (m.kind === 'avg') outer.push(`count(${id(`__b${i}`)}) AS ${id(`__c${i}`)}`);
  });
  const groupList = [...keys, subject].join(', ');
  // With group keys, each (group, subject) row also gets the hash its subject's choice of one group orders by.
  const choiceHash = keys.length > 0 ? [`hash(${[subject, ...keys].join(', ')}) AS ${id('__h')}`] : [];
  const perSubject = `SELECT ${[...keys, subject, ...bounded, ...choiceHash].join(', ')} FROM ${id('__rows')} GROUP BY ${groupList}`;
  const ctes = [`${id('__rows')} AS (${rowsCte})`, `${id('__per_subject')} AS (${perSubject})`];
  let source = id('__per_subject');
  if (keys.length > 0) {
    // At most one group per subject (module comment): every column of its row of the smallest hash, by one
    // aggregation per subject. arg_min_null, not arg_min: a NULL total stays NULL instead of another row's value.
    const carried = [...keys, ...boundedNames.map(id)];
    ctes.push(`${id('__one_group')} AS (SELECT ${carried.map((c) => `arg_min_null(${c}, ${id('__h')}) AS ${c}`).join(', ')} FROM ${id('__per_subject')} GROUP BY ${subject})`);
    source = id('__one_group');
  }
  const tail = keys.length > 0 ? ` GROUP BY ${keys.join(', ')} ORDER BY ${keys.join(', ')}` : '';
  const sql = `WITH ${ctes.join(', ')} SELECT ${[...keys, ...outer].join(', ')} FROM ${source}${tail}`;

  // The hand-written equivalent (benchmark baseline): the same release as an analyst would write it, unnoised.
  const handInner: string[] = [];
  const handOuter: string[] = [];
  p.measures.forEach((m, i) => {
    if (m.kind === 'count') {
      handOuter.push(`count(*) AS ${id(m.name)}`);
      return;
    }
    handInner.push(`least(greatest(sum(${id(m.column!)}), ${scaledText(m)}), ${scaledText(m, true)}) AS ${id(`b${i}`)}`);
    handOuter.push(m.kind === 'sum' ? `sum(${id(`b${i}`)}) AS ${id(m.name)}` : `avg(${id(`b${i}`)}) AS ${id(m.name)}`);
  });
  const handWhere = ` WHERE ${[`${id(p.subjectKey)} IS NOT NULL`, ...whereSql(p, types)].join(' AND ')}`;
  const handGroup = keys.length > 0 ? ` GROUP BY ${keys.join(', ')}` : '';
  const handOneGroup = keys.length > 0 ? ` QUALIFY row_number() OVER (PARTITION BY ${id(p.subjectKey)} ORDER BY hash(${[id(p.subjectKey), ...keys].join(', ')})) = 1` : '';
  const handWrittenSql =
    `SELECT ${[...keys, ...handOuter].join(', ')} FROM (SELECT ${[...keys, id(p.subjectKey), ...handInner].join(', ')} FROM ${id(p.view)}${handWhere} ` +
    `GROUP BY ${[...keys, id(p.subjectKey)].join(', ')}${handOneGroup})${handGroup}`;

  const { measures: _m, conditions: _c, ...publicPlan } = p;
  return { sql, handWrittenSql, plan: publicPlan };
}

/**
 * The SQL of a request (module comment): the statement the engine runs and the hand-written equivalent. `columnTypes`
 * are the view's DuckDB types (`probeColumnTypes`): measured columns must be numeric, and filter values are cast to
 * their column's type. Validates as `planDpQuery` does.
 */
export function buildDpSql(request: DpQueryRequest, context: GovernedContext, columnTypes: ColumnTypes): DpQuerySql {
  return buildFromPlan(plan(request, context), columnTypes);
}

/** The DuckDB types of a view's columns (reads the Parquet footer only: `LIMIT 0`). */
export async function probeColumnTypes(session: GovernedSession, view: string, opts: { timeoutMs?: number } = {}): Promise<Record<string, string>> {
  if (!IDENT.test(view)) throw new TypeError('view name is not a plain identifier');
  const r = await session.run(`SELECT * FROM ${quoteIdentifier(view)} LIMIT 0`, { maxRows: 0, ...(opts.timeoutMs === undefined ? {} : { timeoutMs: opts.timeoutMs }) });
  return Object.fromEntries(r.columns.map((c) => [c.name, c.type]));
}

/** Refuses filter values that do not convert to their column's type, with a query over constants only. */
async function checkLiterals(session: GovernedSession, p: FullPlan, types: ColumnTypes, timeoutMs: number | undefined): Promise<void> {
  const checks: Array<{ sql: string; path: string; column: string }> = [];
  p.conditions.forEach((c, i) =>
    c.values.forEach((v, j) => checks.push({ sql: `${typedLiteral(v, typeOf(types, c.column)!)} IS NULL`, path: c.op === 'in' ? `/where/${i}/value/${j}` : `/where/${i}/value`, column: c.column })),
  );
  if (checks.length === 0) return;
  const r = await session.run(`SELECT ${checks.map((c, k) => `${c.sql} AS ${quoteIdentifier(`__l${k}`)}`).join(', ')}`, { maxRows: 1, ...(timeoutMs === undefined ? {} : { timeoutMs }) });
  const row = r.rows[0] ?? [];
  const bad = checks.findIndex((_, k) => row[k] !== false);
  if (bad >= 0) throw typeError(checks[bad]!.path, 'value_not_of_column_type', checks[bad]!.column);
}

function deltaOf(p: DpQueryPlan, minSubjects: number): number {
  if (p.groupBy.length === 0) return 0;
  const count = p.spec.columns.find((c) => c.name === p.countColumn)!;
  const eps = parseEpsilon(count.epsilon).micros / 1_000_000;
  return Math.exp(-eps * (minSubjects - 1)) / (1 + Math.exp(-eps));
}

/**
 * Runs a differentially private aggregate: plans and checks the request, runs the bounding SQL, debits the ε through
 * `debit` (once, after the SQL succeeded, before any noise is drawn), noises every cell with discrete Laplace noise,
 * and drops groups whose noisy subject count is below the grant's minimum. What is returned holds the group keys,
 * the noisy measures and the public noise parameters, never an unnoised value or a noise draw.
 */
export async function runDpQuery(session: GovernedSession, request: DpQueryRequest, context: GovernedContext, options: RunDpQueryOptions): Promise<DpQueryResult> {
  if (typeof options?.debit !== 'function') throw new TypeError('runDpQuery: a debit callback is required');
  const started = performance.now();
  const p = plan(request, context);
  const timeoutMs = options.timeoutMs;
  const types = await probeColumnTypes(session, p.view, timeoutMs === undefined ? {} : { timeoutMs });
  const built = buildFromPlan(p, types);
  await checkLiterals(session, p, types, timeoutMs);

  const result = await session.run(built.sql, { maxRows: DP_MAX_GROUPS, ...(timeoutMs === undefined ? {} : { timeoutMs }) });
  if (result.truncated) throw new DomainError('DP_QUERY_TOO_MANY_GROUPS', [{ path: '/groupBy', reason: 'too_many_groups' }]);
  const names = [...p.groupBy, ...result.columns.slice(p.groupBy.length).map((c) => c.name)];
  const bounded = result.rows.map((row) => Object.fromEntries(names.map((n, i) => [n, row[i]])));
  result.rows.length = 0;

  await options.debit(p.cost.micros);

  const release = releaseAggregates(bounded, p.spec, p.cost, options.random ?? cryptoRandomSource);
  bounded.length = 0;
  const kept = release.rows.filter((row) => Number(row[p.countColumn]) >= context.minSubjects);
  const rows = kept.slice(0, context.maxRows).map((row) => p.columns.map((c) => row[c] as CellValue));
  return {
    columns: [...p.columns],
    rows,
    epsilon: release.epsilon,
    epsilonMicros: release.epsilonMicros,
    delta: deltaOf(p, context.minSubjects),
    minSubjects: context.minSubjects,
    noise: release.noise,
    truncated: kept.length > context.maxRows,
    touched: p.touched,
    implicitCount: p.implicitCount,
    elapsedMs: Math.round(performance.now() - started),
  };
}
