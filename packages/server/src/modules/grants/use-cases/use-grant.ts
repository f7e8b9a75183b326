import { DomainError } from '@shuyun/core';
import { type ComputationMode, checkPolicyAllows, parseUsagePolicy, type UsagePolicy } from '@shuyun/core/policy';
import type { Deps } from '../../../deps.ts';
import type { Tx } from '../../../db/database.ts';
import { type Actor, tenantContext } from '../../../policy/actor.ts';
import { authorize } from '../../../policy/decide.ts';
import * as store from '../store.ts';

export interface GrantUse {
  /** the computation mode; none for the dev workspace, which works on masked twins to prepare any permitted mode */
  mode?: ComputationMode;
  resources?: ReadonlyArray<{ resource: string; fields: readonly string[] }>;
  scenario?: string;
}

/**
 * The check every use of data makes first (a workspace session, a governed query, a job, a product call): the grant
 * exists for the caller, is not terminated, is within its term, neither its holder nor its operator nor the
 * partnership is suspended, and its usage policy allows this mode on these fields. Read fresh on every request.
 */
export async function requireUsableGrant(tx: Tx, actor: Actor, grantId: string, use: GrantUse, at: Date): Promise<UsagePolicy> {
  const found = await store.grantWithStanding(tx, grantId);
  if (!found || found.grant.assigneeOrgId !== actor.orgId) throw new DomainError('NOT_FOUND');
  authorize(actor, 'grant.use', { orgId: found.grant.assigneeOrgId });
  const { grant } = found;
  if (grant.state === 'terminated') throw new DomainError('GRANT_TERMINATED');
  if (grant.state === 'expired') throw new DomainError('GRANT_NOT_IN_FORCE');
  const suspended =
    found.assigneeStatus !== 'active' ||
    (grant.operatorOrgId !== null && (found.operatorStatus !== 'active' || found.admissionState !== 'admitted'));
  if (suspended) throw new DomainError(found.operatorStatus === 'terminated' || (grant.operatorOrgId !== null && found.admissionState === null) ? 'GRANT_TERMINATED' : 'GRANT_SUSPENDED');
  const policy = parseUsagePolicy(grant.policy);
  const decision = checkPolicyAllows(policy, { ...use, mode: use.mode ?? policy.modes[0]!, at, epsilonSpent: grant.epsilonSpentMicro / 1e6 });
  if (!decision.allowed) {
    throw new DomainError(decision.code, decision.field ? [{ path: `/resources/${decision.resource}/${decision.field}`, reason: decision.reason }] : [{ path: '', reason: decision.reason }]);
  }
  return policy;
}

/** `POST /grants/:id/check`: whether the caller may use its grant this way now (the same check as a real use). */
export async function checkGrantUse(deps: Pick<Deps, 'db' | 'clock'>, actor: Actor, grantId: string, use: GrantUse) {
  await deps.db.tx(tenantContext(actor), (tx) => requireUsableGrant(tx, actor, grantId, use, deps.clock.now()));
  return { allowed: true as const };
}
