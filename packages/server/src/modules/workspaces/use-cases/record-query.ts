import type { Clock } from '@shuyun/core';
import type { Tx } from '../../../db/database.ts';
import type { Deps } from '../../../deps.ts';
import { type Actor, tenantContext } from '../../../policy/actor.ts';
import { recordUsage } from '../../billing/index.ts';
import { appendToLedger } from '../../ledger/index.ts';
import * as store from '../store.ts';
import { sqlHash } from './grant-datasets.ts';

export interface QueryRecord {
  grantId: string;
  workspace: 'dev' | 'prod';
  sql: string;
  outcome: 'answered' | 'refused';
  refusalCode?: string;
  /** the rule that refused, when the refusal names one (e.g. `differencing` for GOVERNED_TOO_FEW_SUBJECTS) */
  refusalRule?: string;
  rows?: number;
  suppressed?: number;
  /** which rule withheld the `suppressed` rows: under the threshold, or differencing an earlier answer */
  withheld?: { minSubjects: number; differencing: number };
  epsilonMicro?: number;
  /** the resources the query touched, by code and id, with the size of the version read (metered as bytes scanned) */
  resources: Array<{ code: string; resourceId: string; bytes?: number }>;
  elapsedMs: number;
  /** masking operations spent building the twins this query needed (dev workspace) */
  maskingOperations?: number;
  /** how each touched field was used and under which control: the policy decisions of the answer */
  policyDecisions?: string[];
}

/**
 * Every query, answered or refused, is recorded and ledgered with the hash of its text (never its results): the
 * text's hash, the decisions, the resources touched (lineage), rows withheld and ε spent.
 */
export async function recordQuery(deps: Pick<Deps, 'db' | 'clock'>, actor: Actor, q: QueryRecord): Promise<void> {
  await deps.db.tx(tenantContext(actor), (tx) => recordQueryIn(tx, deps.clock, actor, q));
}

/** `recordQuery` inside the caller's transaction (with what else the answer writes, e.g. the differencing memory). */
export async function recordQueryIn(tx: Tx, clock: Clock, actor: Actor, q: QueryRecord): Promise<void> {
  const hash = sqlHash(q.sql);
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
    suppressedDifferencing: q.withheld?.differencing ?? null,
    epsilonMicro: q.epsilonMicro ?? null,
    resources: q.resources.map((r) => r.code),
    elapsedMs: q.elapsedMs,
    createdAt: clock.now(),
    parties: [actor.orgId],
  });
  await appendToLedger(tx, clock, {
    actor: { userId: actor.userId, orgId: actor.orgId },
    action: q.outcome === 'answered' ? (q.workspace === 'dev' ? 'workspace.dev_query' : 'workspace.query_answered') : 'workspace.query_refused',
    entity: { type: 'grant', id: q.grantId },
    payload: { workspace: q.workspace, sqlHash: hash, refusal: q.refusalCode ?? null, ...(q.refusalRule ? { refusalRule: q.refusalRule } : {}), rows: q.rows ?? null, suppressed: q.suppressed ?? null, ...(q.withheld ? { withheld: q.withheld } : {}), epsilonMicro: q.epsilonMicro ?? null, decisions: q.policyDecisions ?? [] },
    derivedFrom: q.resources.map((r) => ({ type: 'data_resource', id: r.resourceId })),
  });
  // metered (計量): compute for every query that reached the engine, scans for answered ones, twin masking when built
  const metered = { orgId: actor.orgId, grantId: q.grantId, parties: [actor.orgId] };
  await recordUsage(tx, clock, [
    { ...metered, kind: 'compute_ms', quantity: q.elapsedMs },
    { ...metered, kind: 'bytes_scanned', quantity: q.outcome === 'answered' ? q.resources.reduce((sum, r) => sum + (r.bytes ?? 0), 0) : 0 },
    { ...metered, kind: 'masking_operations', quantity: q.maskingOperations ?? 0 },
  ]);
}
