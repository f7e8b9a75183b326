import { DomainError } from '@shuyun/core';
import { parseUsagePolicy, toOdrl } from '@shuyun/core/policy';
import type { Deps } from '../../../deps.ts';
import { type Actor, tenantContext } from '../../../policy/actor.ts';
import * as store from '../store.ts';
import { grantView } from '../views.ts';

export async function listGrants(deps: Pick<Deps, 'db'>, actor: Actor) {
  return (await deps.db.tx(tenantContext(actor), (tx) => store.listGrants(tx))).map(grantView);
}

export async function getGrant(deps: Pick<Deps, 'db'>, actor: Actor, id: string) {
  const row = await deps.db.tx(tenantContext(actor), (tx) => store.findGrant(tx, id));
  if (!row) throw new DomainError('NOT_FOUND');
  return grantView(row);
}

/** The grant's usage policy as an ODRL 2.2 JSON-LD Agreement under the Shuyun profile. */
export async function grantOdrl(deps: Pick<Deps, 'db'>, actor: Actor, id: string) {
  const row = await deps.db.tx(tenantContext(actor), (tx) => store.findGrant(tx, id));
  if (!row) throw new DomainError('NOT_FOUND');
  return toOdrl(parseUsagePolicy(row.policy));
}

/** Who a grant concerns, for other modules' commands (in the caller's transaction). */
export async function grantFacts(tx: import('../../../db/database.ts').Tx, id: string) {
  const row = await store.findGrant(tx, id);
  if (!row) throw new DomainError('NOT_FOUND');
  return { assigneeOrgId: row.assigneeOrgId, operatorOrgId: row.operatorOrgId, parties: row.parties };
}

/**
 * The grant's ε budget and what its differentially private queries have spent, in micro-units (10⁻⁶ ε), for other
 * modules' commands (in the caller's transaction): `totalMicro` null when the grant sets no ε budget.
 */
export async function grantEpsilonBudget(tx: import('../../../db/database.ts').Tx, id: string) {
  const row = await store.findGrant(tx, id);
  if (!row) throw new DomainError('NOT_FOUND');
  return { totalMicro: row.epsilonTotalMicro, spentMicro: row.epsilonSpentMicro };
}
