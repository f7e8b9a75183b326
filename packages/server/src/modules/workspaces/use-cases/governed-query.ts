import { DomainError } from '@shuyun/core';
import { analyzeGovernedQuery, governedContextFromPolicy, runGovernedQuery } from '@shuyun/engine';
import type { Deps } from '../../../deps.ts';
import { type Actor, tenantContext } from '../../../policy/actor.ts';
import { requireUsableGrant } from '../../grants/index.ts';
import { workspaceSessions } from '../sessions.ts';
import { grantDatasets, sessionKey } from './grant-datasets.ts';
import { recordQuery } from './record-query.ts';

/** The most rows one governed answer may carry (a grant's own cap may be lower). */
export const GOVERNED_MAX_ROWS = 10_000;

/**
 * A governed query on real data (prod workspace): one SELECT, analysed on the DuckDB syntax tree against the grant's
 * column controls, rewritten so that every released row covers at least the grant's minimum number of distinct data
 * subjects (smaller groups are withheld and only counted), run in a hardened session over the granted versions.
 * Refusals name the rule, never a data value. Answered or refused, the query is recorded and ledgered.
 */
export async function governedQuery(deps: Pick<Deps, 'db' | 'clock' | 'config' | 'engine'>, actor: Actor, grantId: string, sql: string) {
  const policy = await deps.db.tx(tenantContext(actor), (tx) => requireUsableGrant(tx, actor, grantId, { mode: 'governed_query' }, deps.clock.now()));
  const datasets = await grantDatasets(deps, policy);
  const views = Object.fromEntries(datasets.map((d) => [d.view, { resource: d.code, subjectKey: d.subjectKey ?? '' }]));
  const started = Date.now();
  try {
    const analysis = await analyzeGovernedQuery(sql, governedContextFromPolicy(policy, views, GOVERNED_MAX_ROWS));
    const session = await workspaceSessions(deps.engine).get(sessionKey(grantId, 'prod', datasets), async () => ({
      datasets: Object.fromEntries(datasets.map((d) => [d.view, { parquetPath: d.parquetPath, openness: d.openness }])),
      maxRows: GOVERNED_MAX_ROWS + 1,
    }));
    const result = await runGovernedQuery(session, analysis);
    const touched = datasets.filter((d) => analysis.touched.some((t) => t.resource === d.code));
    await recordQuery(deps, actor, { grantId, workspace: 'prod', sql, outcome: 'answered', rows: result.rows.length, suppressed: result.suppressed, resources: touched, elapsedMs: Date.now() - started, policyDecisions: analysis.touched.map((t) => `${t.resource}.${t.field}:${t.control}:${t.uses.join('+')}`) });
    return { columns: result.columns, rows: result.rows, suppressed: result.suppressed, truncated: result.truncated, minSubjects: policy.minSubjects };
  } catch (err) {
    if (err instanceof DomainError) await recordQuery(deps, actor, { grantId, workspace: 'prod', sql, outcome: 'refused', refusalCode: err.code, resources: datasets, elapsedMs: Date.now() - started });
    throw err;
  }
}
