import type { ColumnControl } from '@shuyun/core/policy/usage-policy';
import type { CellValue, ResultColumn } from '../sandbox/types.ts';

/** One granted dataset as the governed query sees it: a view of the session, with the grant's column controls. */
export interface GovernedDataset {
  /** The resource code the view reads (for lineage and refusals). */
  resource: string;
  /** The column holding the data subject's identifier (e.g. `uscc`): distinct values are counted per output row. */
  subjectKey: string;
  /**
   * The view's columns and their controls under the grant. A column not listed here cannot be referenced at all
   * (`SELECT *` is expanded to the listed columns only, so a column of the file that the grant omits never leaves).
   */
  fields: ReadonlyArray<{ name: string; control: ColumnControl }>;
}

export interface GovernedContext {
  /** The datasets visible to the query, by view name (the session's view names; case-insensitive in SQL). */
  datasets: Readonly<Record<string, GovernedDataset>>;
  /** Every released row covers at least this many distinct subjects of every dataset it reads (the grant's). */
  minSubjects: number;
  /** At most this many rows are released. */
  maxRows: number;
}

/** How a column is used at one place of a query; each use is allowed by a set of column controls (`PERMITTED`). */
export type ColumnUse = 'reveal' | 'group_key' | 'aggregate' | 'min_max' | 'count' | 'compare' | 'join_key';

/** A (view, field) pair a query touches, with the uses made of it (for the ledger's lineage and policy decisions). */
export interface TouchedField {
  view: string;
  resource: string;
  field: string;
  control: ColumnControl;
  uses: ColumnUse[];
}

export interface GovernedAnalysis {
  /** The statement as submitted. */
  readonly sql: string;
  /** The statement actually executed: the analysed query, wrapped so that small groups are counted and withheld. */
  readonly executedSql: string;
  /** Whether each output row is a group of an aggregate (`true`) or a row of the views (`false`). */
  readonly aggregate: boolean;
  /** Names of the released columns, in order (aliases, field names, or DuckDB's spelling of the expression). */
  readonly columns: readonly string[];
  readonly minSubjects: number;
  readonly maxRows: number;
  /** How many view instances the query reads (each has its own distinct-subject count; 0: the query reads no data). */
  readonly subjectCounts: number;
  /** The resource each view instance reads, in the order of the executed statement's `__s<k>` counts. */
  readonly subjectResources: readonly string[];
  /**
   * The signature of each GROUP BY expression that reads a field (the sorted `resource.field` list it depends on), in
   * the order of the executed statement's `__g<j>` columns; empty for a global aggregate or a query without aggregation.
   */
  readonly groupings: readonly string[];
  /**
   * The query's shape: SHA-256 (hex) of its normalised syntax tree with every constant blanked, so that queries that
   * differ only in their constants share it. Recorded with what the answer released (differencing.ts).
   */
  readonly shape: string;
  /** The fields the query reads, and how. */
  readonly touched: readonly TouchedField[];
}

/**
 * What one release is about, for the differencing control (differencing.ts): internal, never shown to the caller. For
 * each view instance the query reads: the release key (a digest of the resource, the grouping and the row's group
 * values) and the number of distinct subjects of that instance the released value covers.
 */
export interface ReleaseFacts {
  keys: string[];
  subjects: number[];
}

export interface GovernedResult {
  columns: ResultColumn[];
  rows: CellValue[][];
  /**
   * Output rows withheld (only their number is reported): the sum of `withheld`'s counts.
   */
  suppressed: number;
  /**
   * Why rows were withheld: `minSubjects`, the row covered fewer subjects than the grant's minimum; `differencing`, its
   * subject count differed from an earlier release of the same group by more than 0 and fewer than the minimum
   * (differencing.ts). Counts only.
   */
  withheld: { minSubjects: number; differencing: number };
  /**
   * Internal (never shown): what was released. `unit: 'row'` (an aggregate query): one entry of `facts` per row of
   * `rows`, in order; `unit: 'answer'` (a query without aggregation): one entry for the whole answer, whose rows
   * together cover the counted subjects (none when the query reads no data).
   */
  releases: { unit: 'row' | 'answer'; facts: ReleaseFacts[] };
  /** Whether more than `maxRows` rows passed the threshold (only the first `maxRows` are in `rows`). */
  truncated: boolean;
  elapsedMs: number;
}
