// Differentially private release of a grouped aggregate result: noise on every output cell, the query's ε by
// sequential composition, and a reference implementation of the per-subject contribution bounding the engine's SQL
// performs before the noise.
//
// Composition. Each noisy column c is released with its own ε_c in every group. Groups partition the subjects when
// each subject contributes to at most one group (`maxGroupsPerSubject` = 1, the default): a subject then affects one
// cell per column, and the query costs Σ ε_c (parallel composition over groups, sequential over columns). When a
// subject may contribute to up to g groups (the engine must enforce that cap), the query costs g · Σ ε_c.
// An AVG column spends its ε_c as ε_c/2 on its sum and ε_c/2 on its count (mechanisms.ts).
//
// Group keys. The set of groups that appear is itself data-dependent: a group present in the output reveals that at
// least one subject has that key. These functions release the groups they are given; the caller must either take the
// group keys from a public domain (declared values, filling absent groups with 0 before noise) or apply the grant's
// minimum-subject threshold, and treat group-key disclosure under its column controls (`plaintext_after_group_by`).
//
// Use: spec → `epsilonCost(spec)` → debit the grant atomically (epsilon.ts) → `releaseAggregates(rows, spec, cost)`.
import { DomainError } from '../errors/catalogue.ts';
import { toScaledInteger } from './decimal.ts';
import { type Epsilon, type EpsilonInput, epsilonFromMicros, parseEpsilon } from './epsilon.ts';
import {
  type AverageNoiseInfo,
  type NoiseInfo,
  averageNoise,
  countNoise,
  countSensitivity,
  releaseAverage,
  releaseCount,
  releaseSum,
  sumBounds,
  sumNoise,
} from './mechanisms.ts';
import { type RandomSource, cryptoRandomSource } from './random.ts';

interface ColumnBase {
  /** output column name */
  name: string;
  /** ε spent on this column in each group (decimal, ≤ 6 places) */
  epsilon: EpsilonInput;
}

export interface CountColumnSpec extends ColumnBase {
  kind: 'count';
  /** input column holding the bounded count (default: `name`) */
  source?: string;
  /** rows one subject may contribute to one group (default 1: distinct subjects) */
  maxRowsPerSubject?: number;
}

export interface SumColumnSpec extends ColumnBase {
  kind: 'sum';
  /** input column holding Σ over subjects of clamp(subject's total in units of 10^-p, L·10^p, U·10^p) (default: `name`) */
  source?: string;
  lower: number | string;
  upper: number | string;
  precision: number;
}

export interface AverageColumnSpec extends ColumnBase {
  kind: 'avg';
  /** input column holding the bounded scaled sum (as for `sum`) */
  sumSource: string;
  /** input column holding the bounded count of the same rows (as for `count`) */
  countSource: string;
  lower: number | string;
  upper: number | string;
  precision: number;
  maxRowsPerSubject?: number;
}

export type DpColumnSpec = CountColumnSpec | SumColumnSpec | AverageColumnSpec;

/** Any column spec without its ε (for `allocateEpsilon`). */
export type DpColumnShape = Omit<CountColumnSpec, 'epsilon'> | Omit<SumColumnSpec, 'epsilon'> | Omit<AverageColumnSpec, 'epsilon'>;

export interface DpSpec {
  /** group-by columns, passed through unchanged (see the module comment on group keys) */
  groupBy: readonly string[];
  /** the noisy columns, at least one */
  columns: readonly DpColumnSpec[];
  /** groups one subject may contribute to (enforced by the engine); default 1 */
  maxGroupsPerSubject?: number;
}

export type ColumnNoise = NoiseInfo | AverageNoiseInfo;

export interface DpRelease {
  /** one row per input row: the group-by values and the noisy columns, nothing else (plain JSON: no bigint) */
  rows: Record<string, unknown>[];
  /** the ε the release cost (equal to `epsilonCost(spec)`), as its decimal spelling and in micro-ε */
  epsilon: string;
  epsilonMicros: number;
  /** the noise of each column (the same in every group) */
  noise: Record<string, ColumnNoise>;
}

const MAX_COLUMNS = 64;
const MAX_GROUPS_PER_SUBJECT = 1_000_000;

function specError(path: string, reason: string): DomainError {
  return new DomainError('DP_SPEC_INVALID', [{ path, reason }]);
}

/** The input columns a noisy column reads. */
function sourcesOf(c: DpColumnSpec | DpColumnShape): string[] {
  return c.kind === 'avg' ? [c.sumSource, c.countSource] : [c.source ?? c.name];
}

/** Validates a spec (throws `DP_SPEC_INVALID` / `DP_EPSILON_INVALID` with the path of the first problem). */
export function validateDpSpec(spec: DpSpec): void {
  if (!Array.isArray(spec.groupBy)) throw specError('/groupBy', 'not_an_array');
  if (!Array.isArray(spec.columns) || spec.columns.length === 0) throw specError('/columns', 'no_noisy_column');
  if (spec.columns.length > MAX_COLUMNS) throw specError('/columns', 'too_many');
  maxGroups(spec);
  const outputs = new Set<string>();
  spec.groupBy.forEach((g, i) => {
    if (typeof g !== 'string' || g === '') throw specError(`/groupBy/${i}`, 'not_a_name');
    if (outputs.has(g)) throw specError(`/groupBy/${i}`, 'duplicate');
    outputs.add(g);
  });
  const groupKeys = new Set(spec.groupBy);
  spec.columns.forEach((c, i) => {
    const path = `/columns/${i}`;
    if (typeof c.name !== 'string' || c.name === '') throw specError(`${path}/name`, 'not_a_name');
    if (outputs.has(c.name)) throw specError(`${path}/name`, 'duplicate');
    outputs.add(c.name);
    try {
      parseEpsilon(c.epsilon);
    } catch (e) {
      if (e instanceof DomainError) throw new DomainError('DP_EPSILON_INVALID', [{ path: `${path}/epsilon`, reason: e.details?.[0]?.reason ?? 'invalid' }]);
      throw e;
    }
    switch (c.kind) {
      case 'count':
        countSensitivity(c, path);
        break;
      case 'sum':
        sumBounds(c, path);
        break;
      case 'avg':
        sumBounds(c, path);
        countSensitivity(c, path);
        if (c.sumSource === c.countSource) throw specError(`${path}/countSource`, 'same_as_sum_source');
        break;
      default:
        throw specError(`${path}/kind`, 'unknown_kind');
    }
    for (const s of sourcesOf(c)) {
      if (typeof s !== 'string' || s === '') throw specError(path, 'source_not_a_name');
      if (groupKeys.has(s)) throw specError(path, 'source_is_a_group_key');
    }
  });
}

function maxGroups(spec: DpSpec): number {
  const g = spec.maxGroupsPerSubject ?? 1;
  if (!Number.isInteger(g) || g < 1 || g > MAX_GROUPS_PER_SUBJECT) throw specError('/maxGroupsPerSubject', 'out_of_range');
  return g;
}

/** The ε a release under `spec` costs: maxGroupsPerSubject × Σ over noisy columns of ε_c, exactly (micro-ε). */
export function epsilonCost(spec: DpSpec): Epsilon {
  validateDpSpec(spec);
  let micros = 0;
  for (const c of spec.columns) micros += parseEpsilon(c.epsilon).micros;
  return epsilonFromMicros(micros * maxGroups(spec));
}

/**
 * Splits a query's total ε evenly over its noisy columns (and the groups a subject may reach), rounding each share
 * down to a whole micro-ε so that `epsilonCost` of the result never exceeds `total`.
 */
export function allocateEpsilon(
  columns: readonly DpColumnShape[],
  total: EpsilonInput,
  options: { groupBy?: readonly string[]; maxGroupsPerSubject?: number } = {},
): DpSpec {
  const t = parseEpsilon(total, { max: false });
  const g = options.maxGroupsPerSubject ?? 1;
  const n = columns.length;
  if (n === 0) throw specError('/columns', 'no_noisy_column');
  if (!Number.isInteger(g) || g < 1 || g > MAX_GROUPS_PER_SUBJECT) throw specError('/maxGroupsPerSubject', 'out_of_range');
  const share = Math.floor(t.micros / (n * g));
  if (share === 0) throw new DomainError('DP_EPSILON_INVALID', [{ path: '/epsilon', reason: 'too_small_to_split' }]);
  const spec: DpSpec = {
    groupBy: options.groupBy ?? [],
    columns: columns.map((c) => ({ ...c, epsilon: epsilonFromMicros(share).text }) as DpColumnSpec),
    maxGroupsPerSubject: g,
  };
  validateDpSpec(spec);
  return spec;
}

/**
 * Noises every cell of a grouped result. `rows` hold the group-by columns and the bounded aggregates named by the
 * spec's sources (and nothing else: any other column is refused, so that no unnoised value can pass through).
 * `epsilon` is the ε debited for this release: it must equal `epsilonCost(spec)` (DP_EPSILON_MISMATCH otherwise),
 * so that noise is never drawn for more ε than was debited. The unnoised values never appear in the result.
 */
export function releaseAggregates(
  rows: readonly Record<string, unknown>[],
  spec: DpSpec,
  epsilon: EpsilonInput,
  source: RandomSource = cryptoRandomSource,
): DpRelease {
  const cost = epsilonCost(spec);
  const debited = parseEpsilon(epsilon, { max: false });
  if (debited.micros !== cost.micros) {
    throw new DomainError('DP_EPSILON_MISMATCH', [{ path: '/epsilon', reason: 'differs_from_spec_cost' }]);
  }
  const allowed = new Set<string>(spec.groupBy);
  for (const c of spec.columns) for (const s of sourcesOf(c)) allowed.add(s);
  // The noise parameters are public and the same in every group (reported even for an empty result).
  const noise: Record<string, ColumnNoise> = {};
  for (const c of spec.columns) {
    const eps = parseEpsilon(c.epsilon);
    noise[c.name] = c.kind === 'count' ? countNoise(c, eps) : c.kind === 'sum' ? sumNoise(c, eps) : averageNoise(c, eps);
  }
  const out: Record<string, unknown>[] = [];
  rows.forEach((row) => {
    for (const key of Object.keys(row)) {
      if (!allowed.has(key)) throw specError(`/rows/${key}`, 'column_not_in_spec');
    }
    const released: Record<string, unknown> = {};
    for (const g of spec.groupBy) {
      if (!(g in row)) throw specError(`/rows/${g}`, 'missing_group_key');
      released[g] = row[g];
    }
    for (const c of spec.columns) {
      const eps = parseEpsilon(c.epsilon);
      for (const s of sourcesOf(c)) if (!(s in row)) throw specError(`/rows/${s}`, 'missing_aggregate');
      const cell =
        c.kind === 'count'
          ? releaseCount(cellOf(row, c.source ?? c.name), c, eps, source)
          : c.kind === 'sum'
            ? releaseSum(cellOf(row, c.source ?? c.name), c, eps, source)
            : releaseAverage(cellOf(row, c.sumSource), cellOf(row, c.countSource), c, eps, source);
      released[c.name] = cell.value;
    }
    out.push(released);
  });
  return { rows: out, epsilon: cost.text, epsilonMicros: cost.micros, noise };
}

function cellOf(row: Record<string, unknown>, column: string): bigint | number | string | null | undefined {
  const v = row[column];
  if (v === null || v === undefined || typeof v === 'bigint' || typeof v === 'number' || typeof v === 'string') return v;
  throw new DomainError('DP_VALUE_INVALID', [{ path: `/rows/${column}`, reason: 'not_an_integer_in_declared_units' }]);
}

// ── Contribution bounding (reference) ───────────────────────────────────────────────────────────────────────────

export interface BoundingOptions {
  /** the column identifying the data subject */
  subject: string;
  /** for each sum/avg output column, the raw field it aggregates */
  fields: Readonly<Record<string, string>>;
}

interface SubjectCell {
  rows: number;
  /** per column: kept rows, and the scaled total of kept non-null values */
  kept: Map<string, { rows: number; total: bigint }>;
}

function canonicalKey(values: readonly unknown[]): string {
  return JSON.stringify(values, (_k, v: unknown) => (typeof v === 'bigint' ? { $bigint: v.toString() } : v));
}

/**
 * Bounds each subject's contribution and aggregates per group, in memory: the reference for the engine's SQL (and
 * for tests). Per subject, only the first `maxGroupsPerSubject` groups it appears in (input order) are kept. Per
 * (group, subject) and column:
 * - count: the first `maxRowsPerSubject` rows;
 * - sum:   the subject's non-null values, each rounded to v·10^p, summed, and the total clamped to [L·10^p, U·10^p];
 * - avg:   the first `maxRowsPerSubject` non-null values; their scaled total clamped as for sum, and their number.
 * Selections depend only on the subject's own rows, so adding or removing a subject changes no one else's.
 * Returns the rows `releaseAggregates` takes (group-by values and the spec's sources), groups in order of appearance.
 */
export function boundContributions(
  records: readonly Record<string, unknown>[],
  spec: DpSpec,
  options: BoundingOptions,
): Record<string, unknown>[] {
  validateDpSpec(spec);
  const g = maxGroups(spec);
  const groupsOfSubject = new Map<string, Set<string>>();
  const groups = new Map<string, { keyValues: Record<string, unknown>; subjects: Map<string, SubjectCell> }>();
  const fieldOf = (c: DpColumnSpec): string => {
    const f = options.fields[c.name];
    if (typeof f !== 'string' || f === '') throw specError(`/fields/${c.name}`, 'missing_field');
    return f;
  };
  for (const c of spec.columns) if (c.kind !== 'count') fieldOf(c);

  for (const record of records) {
    const subjectValue = record[options.subject];
    if (subjectValue === null || subjectValue === undefined) {
      throw new DomainError('DP_VALUE_INVALID', [{ path: `/rows/${options.subject}`, reason: 'missing_subject' }]);
    }
    const subject = canonicalKey([subjectValue]);
    const keyValues = spec.groupBy.map((k) => record[k]);
    const groupKey = canonicalKey(keyValues);
    let seen = groupsOfSubject.get(subject);
    if (!seen) groupsOfSubject.set(subject, (seen = new Set()));
    if (!seen.has(groupKey)) {
      if (seen.size >= g) continue; // this subject already reached its cap on groups
      seen.add(groupKey);
    }
    let group = groups.get(groupKey);
    if (!group) {
      group = { keyValues: Object.fromEntries(spec.groupBy.map((k, i) => [k, keyValues[i]])), subjects: new Map() };
      groups.set(groupKey, group);
    }
    let cell = group.subjects.get(subject);
    if (!cell) group.subjects.set(subject, (cell = { rows: 0, kept: new Map() }));
    cell.rows += 1;
    for (const c of spec.columns) {
      let acc = cell.kept.get(c.name);
      if (!acc) cell.kept.set(c.name, (acc = { rows: 0, total: 0n }));
      if (c.kind === 'count') {
        if (acc.rows < (c.maxRowsPerSubject ?? 1)) acc.rows += 1;
        continue;
      }
      const field = fieldOf(c);
      const raw = record[field];
      if (raw === null || raw === undefined) continue;
      if (c.kind === 'avg' && acc.rows >= (c.maxRowsPerSubject ?? 1)) continue;
      const scaled = toScaledInteger(raw, c.precision);
      if (scaled === undefined) throw new DomainError('DP_VALUE_INVALID', [{ path: `/rows/${field}`, reason: 'not_a_number' }]);
      acc.rows += 1;
      acc.total += scaled;
    }
  }

  const out: Record<string, unknown>[] = [];
  for (const group of groups.values()) {
    const row: Record<string, unknown> = { ...group.keyValues };
    for (const c of spec.columns) {
      let count = 0n;
      let total = 0n;
      const bounds = c.kind === 'count' ? undefined : sumBounds(c);
      for (const cell of group.subjects.values()) {
        const acc = cell.kept.get(c.name);
        if (!acc || acc.rows === 0) continue;
        count += BigInt(acc.rows);
        if (bounds) total += acc.total < bounds.lower ? bounds.lower : acc.total > bounds.upper ? bounds.upper : acc.total;
      }
      if (c.kind === 'count') row[c.source ?? c.name] = count;
      else if (c.kind === 'sum') row[c.source ?? c.name] = total;
      else {
        row[c.sumSource] = total;
        row[c.countSource] = count;
      }
    }
    out.push(row);
  }
  return out;
}
