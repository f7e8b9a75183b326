export { ingestVersion } from './ingest-version.ts';
export { IngestError, type ProblemGroup } from './ingest-error.ts';
export { detectEncoding, type TextEncodingName } from './encoding.ts';
export { removeIngestLeftovers, versionFileName } from './version-store.ts';
export type {
  DeclaredField,
  FieldType,
  IngestedColumn,
  IngestErrorCode,
  IngestOptions,
  IngestProblem,
  IngestProblemKind,
  IngestProgress,
  IngestPhase,
  IngestResult,
  IngestSource,
  IngestTarget,
  SourceEncoding,
  SourceFormat,
} from './types.ts';
