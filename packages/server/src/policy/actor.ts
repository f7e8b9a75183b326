import type { OrganizationStatus, OrganizationType, Role } from '@shuyun/core';

/** Who is making a request, resolved once per request from a session cookie, a bearer token or an API key. */
export interface Actor {
  userId: string;
  username: string;
  orgId: string;
  orgType: OrganizationType;
  orgStatus: OrganizationStatus;
  roles: readonly Role[];
  via: 'session' | 'bearer' | 'api_key' | 'internal';
  /** Set when the request carries an API key: the actions the key was issued for. */
  apiKeyScopes?: readonly string[];
  sessionId?: string;
  apiKeyId?: string;
}

/** The database context of a request: the actor's tenant, for row-level security. */
export function tenantContext(actor: Actor): import('../db/database.ts').TxContext {
  return { kind: 'tenant', orgId: actor.orgId, orgType: actor.orgType, userId: actor.userId, roles: actor.roles };
}
