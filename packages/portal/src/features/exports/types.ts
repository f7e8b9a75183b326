// Response types of the export-review API (出域審核, /api/v1/exports), as the server's routes declare them.
import type { Job } from '../../api.ts';

export type ExportState = 'blocked' | 'awaiting_review' | 'approved' | 'rejected';
export type ExportFormat = 'csv' | 'parquet';
export type ExportCheckName = 'pii_values' | 'group_size' | 'k_anonymity' | 'raw_overlap' | 'row_cap' | 'size_cap' | 'budget';

/** One automated check: counts, column names and thresholds only (never a data value). */
export interface ExportCheck {
  name: ExportCheckName | string;
  passed: boolean;
  skipped: boolean;
  findings: Array<{ code: string; blocking?: boolean; column?: string; columns?: string[]; count?: number }>;
  notes: Array<{ code: string }>;
}

export interface ExportCheckReport {
  passed: boolean;
  rows: number;
  bytes: number;
  checks: ExportCheck[];
}

export interface ExportReview {
  reviewerUserId: string;
  decision: 'approve' | 'reject' | string;
  reasons: string | null;
  decidedAt: string;
}

export interface ExportRequest {
  id: string;
  grantId: string;
  orgId: string;
  resultTableId: string;
  format: ExportFormat;
  purpose: string;
  state: ExportState;
  /** the automated checks' report (`checks.checks` is the list) */
  checks: Partial<ExportCheckReport> & Record<string, unknown>;
  requiredReviewers: number;
  reviews: ExportReview[];
  releaseSha256: string | null;
  requestedAt: string;
  decidedAt: string | null;
  /** one line per check, then per finding (indented "  - ") and note ("  · "), in the reader's language (detail only) */
  summary?: string[];
}

export interface NewExport {
  resultTableId: string;
  format: ExportFormat;
  purpose: string;
  quasiIdentifiers: string[];
  subjectCountColumn: string | null;
  measureColumns: Array<{ name: string; decimals: number }>;
}

export interface DownloadLink {
  url: string;
  expiresAt: string;
}

/** The jobs API returns each result table with its id (the portal's shared Job type leaves it out). */
export interface ResultTableRef {
  id: string;
  name: string;
  rows: number;
  bytes: number;
  sha256: string;
  createdAt: string;
}
export type JobWithResults = Omit<Job, 'results'> & { results: ResultTableRef[] };

/** A result table with where it came from: its job and grant, and the columns the job's dev run showed. */
export interface ResultTableInfo {
  result: ResultTableRef;
  job: JobWithResults;
  grantId: string;
  columns: { name: string; type: string }[];
}
