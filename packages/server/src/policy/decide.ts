import { DomainError, isSupervisor } from '@shuyun/core';
import { type Action, actions, isReadAction, type ResourceFacts, scopeCovers } from './actions.ts';
import type { Actor } from './actor.ts';

export type Decision = { allowed: true } | { allowed: false; reason: 'scope' | 'rule' | 'suspended' | 'terminated' };

/**
 * The policy decision point: the one place that answers "may this actor do this action on this object?".
 * Routes call it before the handler (without an object); use cases call `authorize` once they have loaded one.
 */
export function decide(actor: Actor, action: Action, resource?: ResourceFacts): Decision {
  if (actor.apiKeyScopes && !scopeCovers(actor.apiKeyScopes, action)) return { allowed: false, reason: 'scope' };
  if (actor.orgStatus === 'terminated') return { allowed: false, reason: 'terminated' };
  // a suspended organization (Art. 29–30) may still read and log out, nothing else, from its very next request
  if (actor.orgStatus === 'suspended' && !isReadAction(action)) return { allowed: false, reason: 'suspended' };
  return actions[action].allow(actor, resource) ? { allowed: true } : { allowed: false, reason: 'rule' };
}

/**
 * Throws unless the actor may act on the object. An actor of another tenant who may not act on it learns
 * nothing about it: 404, as if it did not exist. One who can see it but may not act gets 403.
 */
export function authorize(actor: Actor, action: Action, resource: ResourceFacts, opts: { visibleToOthers?: boolean } = {}): void {
  const decision = decide(actor, action, resource);
  if (decision.allowed) return;
  if (decision.reason === 'suspended') throw new DomainError('ORGANIZATION_SUSPENDED');
  // supervisors (the authority, regulators) read across tenants: for them an object exists, it is just not theirs to change
  const hidden = (actions[action] as { hidden?: true }).hidden === true;
  const visible = !hidden && (resource.orgId === undefined || resource.orgId === actor.orgId || opts.visibleToOthers === true || isSupervisor(actor.orgType));
  throw new DomainError(visible ? 'FORBIDDEN' : 'NOT_FOUND');
}
