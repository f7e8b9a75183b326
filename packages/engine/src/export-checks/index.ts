// Export review (出域審核, issue 7 §1): the automated checks of a result before it may leave the domain.
export { checkExport } from './check-export.ts';
export { DEFAULT_PERMITTED_PII } from './pii-values.ts';
export { MIN_KEY_LENGTH } from './raw-overlap.ts';
export { summarizeExportChecks } from './summary.ts';
export type {
  DeclaredResultColumn,
  ExportCheck,
  ExportCheckName,
  ExportCheckOptions,
  ExportCheckReport,
  ExportFinding,
  ExportNote,
  PermittedPii,
  PiiFindingBasis,
  PrivacyBudgetStatus,
  RawDatasetRef,
  ResultColumnRole,
} from './types.ts';
