import { DomainError } from '@shuyun/core';
import type { Deps } from '../../../deps.ts';
import { type Actor, tenantContext } from '../../../policy/actor.ts';
import * as store from '../store.ts';

export async function getMe(deps: Pick<Deps, 'db'>, actor: Actor) {
  const user = await deps.db.tx(tenantContext(actor), (tx) => store.findUserWithOrganization(tx, { id: actor.userId }));
  if (!user) throw new DomainError('AUTH_REQUIRED');
  return {
    user: { id: user.id, username: user.username, displayName: user.displayName },
    organization: { id: user.orgId, code: user.orgCode, nameZh: user.orgNameZh, nameEn: user.orgNameEn, type: user.orgType, status: user.orgStatus },
    roles: user.roles,
    via: actor.via,
    scopes: actor.apiKeyScopes ? [...actor.apiKeyScopes] : null,
  };
}
