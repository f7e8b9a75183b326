// Dev-workspace twins (issue 6 §2): a masked copy of a version, or a synthetic one that keeps its marginals.
export { buildMaskedTwin } from './build-masked-twin.ts';
export { buildSyntheticTwin } from './build-synthetic-twin.ts';
export { maskExpression } from './mask-sql.ts';
export type { MaskedTwinOptions, SyntheticTwinOptions, TwinField, TwinLimits, TwinResult } from './types.ts';
