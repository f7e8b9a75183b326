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
  /** The fields the query reads, and how. */
  readonly touched: readonly TouchedField[];
}

export interface GovernedResult {
  columns: ResultColumn[];
  rows: CellValue[][];
  /** Output rows withheld because they covered fewer than `minSubjects` subjects (only their number is reported). */
  suppressed: number;
  /** Whether more than `maxRows` rows passed the threshold (only the first `maxRows` are in `rows`). */
  truncated: boolean;
  elapsedMs: number;
}
