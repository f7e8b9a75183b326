import { DomainError } from '@shuyun/core';
import { type DpQueryRequest, governedContextFromPolicy, runDpQuery } from '@shuyun/engine';
import type { Deps } from '../../../deps.ts';
import { type Actor, tenantContext } from '../../../policy/actor.ts';
import { debitGrantEpsilon, requireUsableGrant } from '../../grants/index.ts';
import { appendToLedger } from '../../ledger/index.ts';
import { workspaceSessions } from '../sessions.ts';
import { grantDatasets, sessionKey } from './grant-datasets.ts';
import { GOVERNED_MAX_ROWS } from './governed-query.ts';
import { recordQuery } from './record-query.ts';

/**
 * A differentially private aggregate on real data: a structured request (groups, filters, COUNT / SUM / AVG with
 * declared bounds) so that each subject's contribution is bounded in SQL; discrete Laplace noise; groups whose noisy
 * count is below the grant's minimum dropped. The query's ε is debited from the grant's budget atomically (one guarded
 * UPDATE, with its ledger entry) after the query ran and before any noise is drawn: an exhausted budget releases nothing.
 */
export async function dpQuery(deps: Pick<Deps, 'db' | 'clock' | 'config' | 'engine'>, actor: Actor, grantId: string, request: DpQueryRequest) {
  const policy = await deps.db.tx(tenantContext(actor), (tx) => requireUsableGrant(tx, actor, grantId, { mode: 'governed_query' }, deps.clock.now()));
  const datasets = await grantDatasets(deps, policy);
  const views = Object.fromEntries(datasets.map((d) => [d.view, { resource: d.code, subjectKey: d.subjectKey ?? '' }]));
  const session = await workspaceSessions(deps.engine).get(sessionKey(grantId, 'prod', datasets), async () => ({
    datasets: Object.fromEntries(datasets.map((d) => [d.view, { parquetPath: d.parquetPath, openness: d.openness }])),
    maxRows: GOVERNED_MAX_ROWS + 1,
  }));
  const started = Date.now();
  const sql = JSON.stringify(request); // the request is the query's text: its hash is recorded
  let debited = 0;
  try {
    const result = await runDpQuery(session, request, governedContextFromPolicy(policy, views, GOVERNED_MAX_ROWS), {
      debit: async (micros) => {
        await deps.db.tx(tenantContext(actor), async (tx) => {
          const per = policy.privacyBudget?.epsilonPerQuery;
          if (per !== undefined && micros > Math.round(per * 1e6)) throw new DomainError('GRANT_BUDGET_EXHAUSTED', [{ path: '/epsilon', reason: 'per_query_limit' }]);
          const spent = await debitGrantEpsilon(tx, grantId, micros);
          if (spent === undefined) throw new DomainError('GRANT_BUDGET_EXHAUSTED', [{ path: '/epsilon', reason: 'exhausted' }]);
          await appendToLedger(tx, deps.clock, {
            actor: { userId: actor.userId, orgId: actor.orgId },
            action: 'grant.epsilon_spent',
            entity: { type: 'grant', id: grantId },
            payload: { epsilonMicro: micros, spentMicro: spent },
          });
        });
        debited = micros;
      },
    });
    const touched = datasets.filter((d) => d.view === request.view);
    await recordQuery(deps, actor, { grantId, workspace: 'prod', sql, outcome: 'answered', rows: result.rows.length, epsilonMicro: debited, resources: touched, elapsedMs: Date.now() - started });
    return { columns: result.columns, rows: result.rows, epsilon: result.epsilon, delta: result.delta, noise: result.noise, minSubjects: result.minSubjects, truncated: result.truncated };
  } catch (err) {
    if (err instanceof DomainError) await recordQuery(deps, actor, { grantId, workspace: 'prod', sql, outcome: 'refused', refusalCode: err.code, ...(debited ? { epsilonMicro: debited } : {}), resources: datasets, elapsedMs: Date.now() - started });
    throw err;
  }
}
