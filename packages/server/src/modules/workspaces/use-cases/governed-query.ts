import { DomainError } from '@shuyun/core';
import { analyzeGovernedQuery, governedContextFromPolicy, isGovernedError, runGovernedQuery, withholdDifferences } from '@shuyun/engine';
import type { Deps } from '../../../deps.ts';
import { type Actor, tenantContext } from '../../../policy/actor.ts';
import { requireUsableGrant } from '../../grants/index.ts';
import { workspaceSessions } from '../sessions.ts';
import * as store from '../store.ts';
import { grantDatasets, sessionKey, sqlHash } from './grant-datasets.ts';
import { recordQuery, recordQueryIn } from './record-query.ts';

/** The most rows one governed answer may carry (a grant's own cap may be lower). */
export const GOVERNED_MAX_ROWS = 10_000;

/**
 * A governed query on real data (prod workspace): one SELECT, analysed on the DuckDB syntax tree against the grant's
 * column controls, rewritten so that every released row covers at least the grant's minimum number of distinct data
 * subjects (smaller groups are withheld and only counted), run in a hardened session over the granted versions.
 * Then the differencing control (engine: governed/differencing.ts): a row whose subject count differs from an
 * earlier release of the same group to the organization by more than 0 and fewer than the minimum is withheld too
 * (a query without aggregation is refused as a whole), so that two answers cannot be subtracted to single out a few
 * subjects. What is released is remembered (key digests and counts, no values) in the same transaction as the
 * query's record and ledger entry, under the organization's lock. Refusals name the rule, never a data value.
 * Answered or refused, the query is recorded and ledgered.
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
    const raw = await runGovernedQuery(session, analysis);
    const touched = datasets.filter((d) => analysis.touched.some((t) => t.resource === d.code));
    const result = await deps.db.tx(tenantContext(actor), async (tx) => {
      await store.lockReleases(tx, actor.orgId);
      const keys = [...new Set(raw.releases.facts.flatMap((f) => f.keys))];
      const earlier = await store.releasedCounts(tx, actor.orgId, keys);
      const { result, remember } = withholdDifferences(raw, earlier, policy.minSubjects);
      const releasedAt = deps.clock.now();
      const hash = sqlHash(sql);
      await store.rememberReleases(tx, remember.map((r) => ({ grantId, groupKeyHash: r.key, subjects: r.subjects, shapeHash: analysis.shape, sqlHash: hash, orgId: actor.orgId, releasedAt, parties: [actor.orgId] })));
      await recordQueryIn(tx, deps.clock, actor, {
        grantId,
        workspace: 'prod',
        sql,
        outcome: 'answered',
        rows: result.rows.length,
        suppressed: result.suppressed,
        withheld: result.withheld,
        resources: touched,
        elapsedMs: Date.now() - started,
        policyDecisions: analysis.touched.map((t) => `${t.resource}.${t.field}:${t.control}:${t.uses.join('+')}`),
      });
      return result;
    });
    return { columns: result.columns, rows: result.rows, suppressed: result.suppressed, withheld: result.withheld, truncated: result.truncated, minSubjects: policy.minSubjects };
  } catch (err) {
    if (err instanceof DomainError) {
      await recordQuery(deps, actor, { grantId, workspace: 'prod', sql, outcome: 'refused', refusalCode: err.code, ...(isGovernedError(err) ? { refusalRule: err.rule } : {}), resources: datasets, elapsedMs: Date.now() - started });
    }
    throw err;
  }
}
