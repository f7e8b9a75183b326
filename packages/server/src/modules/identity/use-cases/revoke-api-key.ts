import { DomainError } from '@shuyun/core';
import type { Deps } from '../../../deps.ts';
import { type Actor, tenantContext } from '../../../policy/actor.ts';
import { authorize } from '../../../policy/decide.ts';
import { appendToLedger } from '../../ledger/index.ts';
import * as store from '../store.ts';
import { toApiKeyView } from './list-api-keys.ts';

/** Revokes a key at once: the next request that presents it gets 401. */
export async function revokeApiKey(deps: Pick<Deps, 'db' | 'clock'>, actor: Actor, keyId: string) {
  const now = deps.clock.now();
  return deps.db.tx(tenantContext(actor), async (tx) => {
    const key = await store.findApiKey(tx, keyId); // another tenant's key is invisible here (row-level security)
    if (!key) throw new DomainError('NOT_FOUND');
    authorize(actor, 'api_key.revoke', { orgId: key.orgId });
    if (key.revokedAt) throw new DomainError('API_KEY_ALREADY_REVOKED');
    await store.revokeApiKey(tx, key.id, now);
    await appendToLedger(tx, deps.clock, {
      actor: { userId: actor.userId, orgId: actor.orgId },
      action: 'api_key.revoked',
      entity: { type: 'api_key', id: key.id },
      payload: { revokedAt: now.toISOString() },
      derivedFrom: [{ type: 'api_key', id: key.id }],
    });
    return toApiKeyView({ ...key, revokedAt: now }, now);
  });
}
