import { DomainError } from '@shuyun/core';
import type { Deps } from '../../../deps.ts';
import { isValidScope } from '../../../policy/actions.ts';
import { type Actor, tenantContext } from '../../../policy/actor.ts';
import { authorize } from '../../../policy/decide.ts';
import { API_KEY_PREFIX, newSecret, secretHash } from '../secrets.ts';
import { appendToLedger } from '../../ledger/index.ts';
import * as store from '../store.ts';
import { toApiKeyView } from './list-api-keys.ts';

export const MAX_API_KEY_DAYS = 365;

/** Issues a machine credential for the actor's organization. The secret is shown once and stored only hashed. */
export async function createApiKey(deps: Pick<Deps, 'db' | 'clock'>, actor: Actor, input: { name: string; scopes: string[]; expiresInDays: number }) {
  authorize(actor, 'api_key.create', { orgId: actor.orgId });
  const badScopes = input.scopes.map((s, i) => ({ s, i })).filter(({ s }) => !isValidScope(s));
  if (badScopes.length > 0) throw new DomainError('API_KEY_SCOPE_INVALID', badScopes.map(({ i }) => ({ path: `/body/scopes/${i}`, reason: 'unknown_action' })));
  if (input.expiresInDays > MAX_API_KEY_DAYS) throw new DomainError('API_KEY_EXPIRY_INVALID', [{ path: '/body/expiresInDays', reason: 'too_big' }]);
  const secret = newSecret(API_KEY_PREFIX);
  const now = deps.clock.now();
  const row = await deps.db.tx(tenantContext(actor), async (tx) => {
    const key = await store.insertApiKey(tx, {
      orgId: actor.orgId,
      createdBy: actor.userId,
      name: input.name,
      keyPrefix: secret.slice(0, 12),
      keyHash: secretHash(secret),
      scopes: [...new Set(input.scopes)].sort(),
      createdAt: now,
      expiresAt: new Date(now.getTime() + input.expiresInDays * 86_400_000),
    });
    await appendToLedger(tx, deps.clock, {
      actor: { userId: actor.userId, orgId: actor.orgId },
      action: 'api_key.created',
      entity: { type: 'api_key', id: key.id },
      payload: { scopes: key.scopes, expiresAt: key.expiresAt.toISOString() },
      derivedFrom: [{ type: 'user', id: actor.userId }],
    });
    return key;
  });
  return { ...toApiKeyView(row, now), secret };
}
