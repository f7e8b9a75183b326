import type { Deps } from '../../../deps.ts';
import { type Actor, tenantContext } from '../../../policy/actor.ts';
import * as store from '../store.ts';

export async function listQueries(deps: Pick<Deps, 'db'>, actor: Actor, grantId: string) {
  const rows = await deps.db.tx(tenantContext(actor), (tx) => store.queriesOf(tx, grantId));
  return rows.map((q) => ({
    id: q.id,
    workspace: q.workspace,
    sqlHash: q.sqlHash,
    outcome: q.outcome,
    refusalCode: q.refusalCode,
    rows: q.rows,
    suppressed: q.suppressed,
    differencing: q.suppressedDifferencing,
    epsilon: q.epsilonMicro === null ? null : q.epsilonMicro / 1e6,
    resources: q.resources,
    createdAt: q.createdAt.toISOString(),
  }));
}
