import { DomainError, isSupervisor } from '@shuyun/core';
import { type Action, actions, type ResourceFacts, scopeCovers } from './actions.ts';
import type { Actor } from './actor.ts';

export type Decision = { allowed: true } | { allowed: false; reason: 'scope' | 'rule' | 'suspended' };

/**
 * The policy decision point: the one place that answers "may this actor do this action on this object?".
 * Routes call it before the handler (without an object); use cases call `authorize` once they have loaded one.
 */
export function decide(actor: Actor, action: Action, resource?: ResourceFacts): Decision {
  if (actor.apiKeyScopes && !scopeCovers(actor.apiKeyScopes, action)) return { allowed: false, reason: 'scope' };
  if (actor.orgStatus === 'terminated') return { allowed: false, reason: 'suspended' };
  return actions[action].allow(actor, resource) ? { allowed: true } : { allowed: false, reason: 'rule' };
}

/**
 * Throws unless the actor may act on the object. An actor of another tenant who may not act on it learns
 * nothing about it: 404, as if it did not exist. One who can see it but may not act gets 403.
 */
export function authorize(actor: Actor, action: Action, resource: ResourceFacts, opts: { visibleToOthers?: boolean } = {}): void {
  if (decide(actor, action, resource).allowed) return;
  // supervisors (the authority, regulators) read across tenants: for them an object exists, it is just not theirs to change
  const visible = resource.orgId === undefined || resource.orgId === actor.orgId || opts.visibleToOthers === true || isSupervisor(actor.orgType);
  throw new DomainError(visible ? 'FORBIDDEN' : 'NOT_FOUND');
}
