// The automated checks of export review (出域審核, issue 7 §1): what they take and what they report.
//
// A report carries counts, column names, indexes of the raw datasets and the thresholds it was checked against —
// never a data value: it is shown to the requester and to reviewers, ledgered, and may leave the domain with the
// decision. Every finding and note type below is built from those only; nothing in the report is copied from a row.
import type { PiiType } from '@shuyun/core/pii';
import type { TwinLimits } from '../twin/types.ts';

/** What a column of the result is, as the job or the requester declares it. */
export type ResultColumnRole = 'quasi_identifier' | 'subject_count' | 'measure' | 'other';

export interface DeclaredResultColumn {
  name: string;
  role: ResultColumnRole;
}

/** A raw data version the result was computed from. */
export interface RawDatasetRef {
  /** The version's Parquet file (read only). */
  parquetPath: string;
  /** The column that identifies the data subject (resident ID, USCC, …). */
  subjectKey: string;
  /** The columns that together identify a raw row: no released row may equal a raw row on all of them. */
  identifyingColumns: readonly string[];
  /** A label for the report (a resource code, a version id): it is echoed, so it must not be a data value. */
  label?: string;
  /**
   * The subject key is public registry data (an enterprise's USCC) and the grant lets it be released: result values
   * equal to a subject key are still counted and reported, but do not block. Default false.
   */
  subjectKeyPublic?: boolean;
}

/** PII the grant lets the export carry: findings of that type (in those columns, or any) are reported, not blocking. */
export interface PermittedPii {
  type: PiiType;
  /** Only in these result columns (default: any column). */
  columns?: readonly string[];
}

export interface ExportCheckOptions extends TwinLimits {
  /** The job result to be exported: a Parquet file of the in-domain result store. */
  resultParquet: string;
  /**
   * Roles of the result's columns, when known. Quasi-identifiers drive k-anonymity; subject-count columns drive the
   * group-size check (and weigh each row's class in k-anonymity). Undeclared columns are `other`.
   */
  columns?: readonly DeclaredResultColumn[];
  /** A count-like column the caller names as a subject count (same as declaring it with role `subject_count`). */
  subjectCountColumn?: string;
  rawDatasets: readonly RawDatasetRef[];
  /** The grant's minimum aggregation threshold: every released group covers at least this many subjects. */
  minSubjects: number;
  /** Smallest allowed equivalence class over the quasi-identifiers. */
  k: number;
  /** Row cap from the grant (null: the grant sets none). */
  maxRows: number | null;
  /** Size cap in bytes of the result file from the grant (null: the grant sets none). */
  maxBytes: number | null;
  /**
   * The grant's differential-privacy budget status, in micro-units of ε (as grants store it): `null` when the grant
   * sets no ε budget (the `budget` check passes, not applicable); left out, the report has no `budget` check.
   */
  privacyBudget?: PrivacyBudgetStatus | null;
  /**
   * PII types the export may carry. Default: enterprises' USCCs (public registry data) in any column — reported with
   * their count, left to the grant and the reviewers. Pass `[]` to block them too.
   */
  permittedPii?: readonly PermittedPii[];
}

/** A grant's ε budget and what its differentially private queries have spent of it, in micro-units (10⁻⁶ ε). */
export interface PrivacyBudgetStatus {
  totalMicro: number;
  spentMicro: number;
}

export type ExportCheckName = 'pii_values' | 'group_size' | 'k_anonymity' | 'raw_overlap' | 'row_cap' | 'size_cap' | 'budget';

/** Why a PII finding does not block: the grant permits it, or a name-shaped value in a column that is not a name
 *  column (single words like 景田 or 方正 are name-shaped; the reviewer sees the count). */
export type PiiFindingBasis = 'detected' | 'permitted' | 'weak_evidence';

export type ExportFinding =
  /** `count` values of `column` validate as `piiType`, out of `scanned` non-empty values. */
  | { code: 'pii_detected'; column: string; piiType: PiiType; count: number; scanned: number; blocking: boolean; basis: PiiFindingBasis }
  /** a column whose values cannot be scanned (binary): every value unchecked */
  | { code: 'column_not_scanned'; column: string; type: string; blocking: true }
  /** `count` rows whose subject count is below `minSubjects` (or null) */
  | { code: 'group_below_threshold'; column: string; count: number; minSubjects: number; blocking: true }
  | { code: 'subject_count_not_numeric'; column: string; type: string; blocking: true }
  /** `count` equivalence classes smaller than k, holding `rows` rows; the smallest has `smallestClass` subjects */
  | { code: 'class_below_k'; columns: string[]; count: number; rows: number; smallestClass: number; k: number; blocking: true }
  /** `count` result rows equal a row of raw dataset `dataset` on all its identifying columns */
  | { code: 'raw_row_match'; dataset: number; label?: string; columns: string[]; count: number; blocking: true }
  /** `count` values of `column` equal a subject key of raw dataset `dataset` */
  | { code: 'subject_key_match'; dataset: number; label?: string; column: string; count: number; blocking: boolean }
  | { code: 'rows_over_cap'; rows: number; maxRows: number; blocking: true }
  | { code: 'bytes_over_cap'; bytes: number; maxBytes: number; blocking: true }
  /** the grant's ε budget is spent: `epsilonSpent` of `epsilonTotal` (ε, not micro-units) */
  | { code: 'budget_exhausted'; epsilonTotal: number; epsilonSpent: number; blocking: true };

export type ExportNote =
  | { code: 'no_subject_count_column' }
  | { code: 'no_quasi_identifiers' }
  | { code: 'no_cap' }
  /** the grant sets no ε budget */
  | { code: 'no_budget' }
  /** the grant's ε budget is not spent: `epsilonRemaining` of `epsilonTotal` left (ε) */
  | { code: 'budget_remaining'; epsilonTotal: number; epsilonRemaining: number }
  | { code: 'empty_result' }
  /** the result lacks some identifying columns of a raw dataset: no row-level comparison with it */
  | { code: 'identifying_columns_absent'; dataset: number; label?: string; missing: string[] }
  /** the result has no text column to compare with the raw version's subject keys */
  | { code: 'subject_key_not_compared'; dataset: number; label?: string; reason: 'no_text_columns' }
  | { code: 'no_raw_datasets' }
  /** columns whose types cannot hold an identifier (dates, booleans, small integers…): not scanned */
  | { code: 'columns_not_text'; columns: string[] };

export interface ExportCheck {
  name: ExportCheckName;
  /** false when a blocking finding was made */
  passed: boolean;
  /** the check could not apply (nothing declared to check against): passed, with a note saying why */
  skipped: boolean;
  findings: ExportFinding[];
  notes: ExportNote[];
}

export interface ExportCheckReport {
  /** every check passed (skipped checks count as passed: reviewers see them in the summary) */
  passed: boolean;
  rows: number;
  bytes: number;
  checks: ExportCheck[];
}
