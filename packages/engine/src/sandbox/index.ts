// The hardened DuckDB sandbox: sessions over granted Parquet versions, one child process each.
export { EngineHost, type EngineHostOptions, type EngineSession } from './host.ts';
export { openSession, SESSION_DENIED_FUNCTIONS, validateSessionSpec, type SandboxSession } from './session.ts';
export { EngineError, isEngineError, type EngineErrorCode, type SerializedEngineError } from './errors.ts';
export { SESSION_DEFAULTS, type CellValue, type QueryResult, type ResultColumn, type RunOptions, type SessionDataset, type SessionSpec } from './types.ts';
