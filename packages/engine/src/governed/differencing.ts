import { createHash } from 'node:crypto';
import type { CellValue } from '../sandbox/types.ts';
import { GovernedError } from './errors.ts';
import type { GovernedResult, ReleaseFacts } from './types.ts';

// The differencing control of threshold-only grants (issue 6 §3: "differencing two queries").
//
// The attack. Each answer passes the threshold, but two answers about nested sets of subjects differ by a few of them:
// `sum(capital) … WHERE founded > 1998` (17 enterprises) minus `… WHERE founded > 1999` (15) is the capital of the two
// enterprises founded in 1999; per district, one enterprise each. Constants, predicates nested in AND/OR/NOT, a CTE,
// a BETWEEN, another measure (`sum(capital + 0)`), a join: all are ways of writing the two sets.
//
// The control (query-set-size control on differences, after Dobkin, Jones and Lipton, 1979). If S₂ ⊂ S₁ are the
// subject sets of two released values, their difference is a statistic over S₁ \ S₂, which has |S₁| − |S₂|
// subjects: the threshold asks that to be 0 or at least k (the grant's minSubjects). So every released value is
// remembered as (release key, distinct-subject count), and a new value whose count differs from a remembered count of
// the same key by more than 0 and fewer than k is withheld (counted, reason `differencing`), or, for a query without
// aggregation (whose rows are released as a whole), the answer is refused (GOVERNED_TOO_FEW_SUBJECTS, rule
// `differencing`). Nothing per subject is kept: a handful of counts per key, since the counts remembered for a key
// differ pairwise by 0 or ≥ k (a count is remembered only when it was released). The server keeps the memory in a
// table, written with the query's record and ledger entry, and compares an answer with everything released to the
// same organization under any of its grants (a renewed grant does not start from nothing); a new version of the data
// is no exception: a group that gained or lost 1..k−1 subjects is withheld, since the difference would be theirs.
//
// What "the same" is: the release key. Not the query's text, nor its shape (constants blanked), nor "the same SELECT
// list and GROUP BY, any WHERE": an attacker changes the measure (`sum(capital)` vs `sum(capital * 1)`), moves the
// predicate into a CTE or a JOIN ON, or adds a dummy measure, and every such key misses the pair. The key ignores the
// SELECT list, WHERE, JOIN conditions, CTEs, HAVING, ORDER BY and LIMIT entirely, and is, per view instance read:
//   (the instance's resource, the grouping, the group's values)
// where the grouping is, per GROUP BY expression that reads a field, the sorted list of fields it reads (not the
// expression: `GROUP BY district`, `GROUP BY district || ''` and a CTE column `d` that is `district` are one grouping,
// and their equal values one group), sorted, with its value in the row (as text). A global aggregate and a query
// without aggregation have the empty grouping (one key per resource), and so does a GROUP BY on constants only. Each
// view instance has its own count (a join's sides are counted separately: a difference on either side is caught).
// Comparing across every query with the same grouping is stronger than comparing queries of one shape and costs the
// same (one indexed look-up of the answer's keys): it is the chosen rule. Its price is false positives: two
// unrelated filters whose answers for a group differ by 1..k−1 subjects withhold the second (the first stays).
//
// The counted set must be the set the value is about, so one query cannot narrow an aggregate below its group
// either (analyze.ts): an aggregate FILTER is refused, and so is a predicate or conditional (CASE, comparisons,
// COALESCE/NULLIF, GREATEST/LEAST, LIKE…) in the input of SUM/AVG/COUNT, directly or through a derived table's
// column; HAVING is applied after the threshold (rewrite.ts), so the number of withheld groups says nothing about
// them.
//
// What it does not stop (documented limits; differential privacy — dp-query.ts, noise and a budget — is the answer):
//  - sets of the same size that differ (S₁ = A ∪ {x}, S₂ = A ∪ {y}): the counts are equal, the difference is
//    v(x) − v(y); it singles x out only to someone who knows v(y);
//  - groupings relabelled so that the group values differ (`'#' || district` against `district`), groupings that read
//    one more field to no effect, or a group written as a filter of a global aggregate (`WHERE industry = 'retail'`
//    against `GROUP BY industry`): different keys, not compared;
//  - arithmetic that acts as a selector inside an aggregate without a predicate (`capital * floor(capital / 9e8)`,
//    integer casts, division by a column): value-dependent weights, like MIN/MAX, single out outliers;
//  - trackers (Denning et al., 1979) built from several large queries whose combination isolates a subject.
// The count that is compared is distinct subjects, so an attacker cannot pad a set with rows of the same subjects.

/** How release keys are namespaced (a new scheme would start a new memory rather than compare apples and pears). */
const KEY_SCHEME = 'shuyun.release.v1';

/**
 * The release key of a view instance's count in a released row: SHA-256 (hex) of the resource, and the sorted
 * (grouping signature, group value as text) pairs. The group values are never kept in clear.
 */
export function releaseKey(resource: string, groupings: readonly string[], values: readonly CellValue[]): string {
  const pairs = [...new Set(groupings.map((g, j) => JSON.stringify([g, canonical(values[j])])))].sort();
  return createHash('sha256').update(JSON.stringify([KEY_SCHEME, resource, pairs])).digest('hex');
}

/** A group value as text: `1999`, `'1999'` (a BIGINT arrives as a string) and `1999.0` are the same group. */
function canonical(v: CellValue | undefined): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** The facts of a release: each view instance's key and count. */
export function releaseFacts(resources: readonly string[], groupings: readonly string[], subjects: readonly CellValue[], values: readonly CellValue[]): ReleaseFacts {
  return {
    keys: resources.map((r) => releaseKey(r, groupings, values)),
    subjects: resources.map((_, i) => {
      const n = Number(subjects[i] ?? NaN);
      if (!Number.isSafeInteger(n) || n < 0) throw new Error('governed query: a subject count is missing');
      return n;
    }),
  };
}

/** A (key, count) pair that an answer released and that was not remembered yet. */
export interface ReleasedCount {
  key: string;
  subjects: number;
}

/** Whether two counts of one key differ by a difference the threshold would have withheld. */
export function differsBySmallGroup(a: number, b: number, minSubjects: number): boolean {
  const d = Math.abs(a - b);
  return d > 0 && d < minSubjects;
}

/**
 * Applies the differencing control to an answer, given the counts released earlier under the grant for its keys
 * (`earlier`: key → counts). Rows whose count, for some view instance, differs from an earlier count of the same key
 * — or from one released by an earlier row of this very answer — by more than 0 and fewer than `minSubjects` are
 * withheld and counted in `withheld.differencing` (and `suppressed`); a query without aggregation is refused as a
 * whole (GOVERNED_TOO_FEW_SUBJECTS, rule `differencing`). Returns the answer as released and the (key, count) pairs to
 * remember (those not in `earlier`). Pure: the caller reads and writes the memory, in one transaction per grant.
 */
export function withholdDifferences(
  result: GovernedResult,
  earlier: ReadonlyMap<string, readonly number[]>,
  minSubjects: number,
): { result: GovernedResult; remember: ReleasedCount[] } {
  const known = new Map<string, Set<number>>();
  for (const [k, counts] of earlier) known.set(k, new Set(counts));
  const remember: ReleasedCount[] = [];
  /** Whether the facts conflict with what is known; if not, they become known (and are remembered). */
  const admit = (facts: ReleaseFacts): boolean => {
    const pending = new Map<string, Set<number>>();
    for (const [i, key] of facts.keys.entries()) {
      const n = facts.subjects[i]!;
      const seen = [...(known.get(key) ?? []), ...(pending.get(key) ?? [])];
      if (seen.some((s) => differsBySmallGroup(s, n, minSubjects))) return false;
      pending.set(key, (pending.get(key) ?? new Set()).add(n));
    }
    for (const [key, counts] of pending) {
      const set = known.get(key) ?? new Set<number>();
      for (const n of counts) {
        if (!set.has(n)) remember.push({ key, subjects: n });
        set.add(n);
      }
      known.set(key, set);
    }
    return true;
  };

  if (result.releases.unit === 'answer') {
    for (const facts of result.releases.facts) if (!admit(facts)) throw new GovernedError('GOVERNED_TOO_FEW_SUBJECTS', 'differencing', { message: DIFFERENCING_MESSAGE });
    return { result, remember };
  }
  const rows: GovernedResult['rows'] = [];
  const facts: ReleaseFacts[] = [];
  let withheld = 0;
  result.rows.forEach((row, i) => {
    const f = result.releases.facts[i];
    if (!f) throw new Error('governed query: a released row has no release facts');
    if (admit(f)) {
      rows.push(row);
      facts.push(f);
    } else {
      withheld++;
    }
  });
  return {
    result: {
      ...result,
      rows,
      suppressed: result.suppressed + withheld,
      withheld: { ...result.withheld, differencing: result.withheld.differencing + withheld },
      releases: { unit: 'row', facts },
    },
    remember,
  };
}

const DIFFERENCING_MESSAGE = 'the answer differs from an earlier answer of the grant by fewer data subjects than the minimum';
