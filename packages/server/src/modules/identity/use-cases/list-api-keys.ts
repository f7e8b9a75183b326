import type { Deps } from '../../../deps.ts';
import { type Actor, tenantContext } from '../../../policy/actor.ts';
import { authorize } from '../../../policy/decide.ts';
import * as store from '../store.ts';

type ApiKeyRow = Awaited<ReturnType<typeof store.insertApiKey>>;

export function toApiKeyView(row: ApiKeyRow, now: Date) {
  const status = row.revokedAt ? 'revoked' : row.expiresAt <= now ? 'expired' : 'active';
  return {
    id: row.id,
    name: row.name,
    prefix: row.keyPrefix,
    scopes: row.scopes,
    status: status as 'active' | 'revoked' | 'expired',
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  };
}

export async function listOwnApiKeys(deps: Pick<Deps, 'db' | 'clock'>, actor: Actor) {
  authorize(actor, 'api_key.list', { orgId: actor.orgId });
  const rows = await deps.db.tx(tenantContext(actor), (tx) => store.listApiKeys(tx));
  const now = deps.clock.now();
  return rows.map((r) => toApiKeyView(r, now));
}
