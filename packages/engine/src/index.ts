// @shuyun/engine — the privacy compute engine on DuckDB. Public API only: other packages import from here.
export * from './ingest/index.ts';
export { profileVersion, type ColumnQuality, type ProfiledField, type VersionProfile } from './profile/profile-version.ts';
export { isValidRulePattern } from './profile/rule-pattern.ts';
export * from './sandbox/index.ts';
export * from './twin/index.ts';
export * from './governed/index.ts';
export { writeResultTable, type ResultTableFile } from './results/write-result-table.ts';
export * from './export-checks/index.ts';
export * from './watermark/index.ts';
export { readResultTable } from './results/read-result-table.ts';
