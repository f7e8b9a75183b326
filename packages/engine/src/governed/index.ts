// Governed SQL on real data: the analyser, the threshold rewrite, and the run helper (issue 6 §3).
export { analyzeGovernedQuery } from './rewrite.ts';
export { runGovernedQuery, type GovernedSession } from './run.ts';
export { differsBySmallGroup, releaseKey, withholdDifferences, type ReleasedCount } from './differencing.ts';
export { governedContextFromPolicy } from './context.ts';
export { GovernedError, isGovernedError, type GovernedErrorCode } from './errors.ts';
export { PERMITTED as GOVERNED_PERMITTED_CONTROLS } from './allow-list.ts';
export type { ColumnUse, GovernedAnalysis, GovernedContext, GovernedDataset, GovernedResult, ReleaseFacts, TouchedField } from './types.ts';
export { buildDpSql, planDpQuery, probeColumnTypes, runDpQuery, DP_MAX_GROUPS, type ColumnTypes, type DpCondition, type DpMeasure, type DpQueryPlan, type DpQueryRequest, type DpQueryResult, type DpQuerySql, type DpScalar, type RunDpQueryOptions } from './dp-query.ts';
