import type { Deps } from '../../../deps.ts';
import { type Actor, tenantContext } from '../../../policy/actor.ts';
import { appendToLedger } from '../../ledger/index.ts';
import * as store from '../store.ts';
import { sqlHash } from './grant-datasets.ts';

export interface QueryRecord {
  grantId: string;
  workspace: 'dev' | 'prod';
  sql: string;
  outcome: 'answered' | 'refused';
  refusalCode?: string;
  rows?: number;
  suppressed?: number;
  epsilonMicro?: number;
  /** the resources the query touched, by code and id */
  resources: Array<{ code: string; resourceId: string }>;
  elapsedMs: number;
  /** how each touched field was used and under which control: the policy decisions of the answer */
  policyDecisions?: string[];
}

/**
 * Every query, answered or refused, is recorded and ledgered with the hash of its text (never its results): the
 * text's hash, the decisions, the resources touched (lineage), rows withheld and ε spent.
 */
export async function recordQuery(deps: Pick<Deps, 'db' | 'clock'>, actor: Actor, q: QueryRecord): Promise<void> {
  const hash = sqlHash(q.sql);
  await deps.db.tx(tenantContext(actor), async (tx) => {
    await store.recordQuery(tx, {
      grantId: q.grantId,
      orgId: actor.orgId,
      userId: actor.userId,
      workspace: q.workspace,
      sqlHash: hash,
      outcome: q.outcome,
      refusalCode: q.refusalCode ?? null,
      rows: q.rows ?? null,
      suppressed: q.suppressed ?? null,
      epsilonMicro: q.epsilonMicro ?? null,
      resources: q.resources.map((r) => r.code),
      elapsedMs: q.elapsedMs,
      createdAt: deps.clock.now(),
      parties: [actor.orgId],
    });
    await appendToLedger(tx, deps.clock, {
      actor: { userId: actor.userId, orgId: actor.orgId },
      action: q.outcome === 'answered' ? (q.workspace === 'dev' ? 'workspace.dev_query' : 'workspace.query_answered') : 'workspace.query_refused',
      entity: { type: 'grant', id: q.grantId },
      payload: { workspace: q.workspace, sqlHash: hash, refusal: q.refusalCode ?? null, rows: q.rows ?? null, suppressed: q.suppressed ?? null, epsilonMicro: q.epsilonMicro ?? null, decisions: q.policyDecisions ?? [] },
      derivedFrom: q.resources.map((r) => ({ type: 'data_resource', id: r.resourceId })),
    });
  });
}
