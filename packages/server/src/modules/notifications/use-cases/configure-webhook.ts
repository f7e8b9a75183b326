import { randomBytes } from 'node:crypto';
import { DomainError } from '@shuyun/core';
import type { Deps } from '../../../deps.ts';
import { type Actor, tenantContext } from '../../../policy/actor.ts';
import { authorize } from '../../../policy/decide.ts';
import { appendToLedger } from '../../ledger/index.ts';
import * as store from '../store.ts';

/**
 * An organization names the URL its notifications are posted to. The answer carries the signing secret once:
 * each delivery has `X-Shuyun-Signature: sha256=<HMAC-SHA256(secret, body)>`.
 */
export async function configureWebhook(deps: Pick<Deps, 'db' | 'clock'>, actor: Actor, url: string) {
  authorize(actor, 'webhook.configure', { orgId: actor.orgId });
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DomainError('WEBHOOK_URL_INVALID');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new DomainError('WEBHOOK_URL_INVALID');
  const secret = randomBytes(32).toString('base64url');
  await deps.db.tx(tenantContext(actor), async (tx) => {
    await store.upsertEndpoint(tx, { orgId: actor.orgId, url: parsed.toString(), secret, updatedAt: deps.clock.now() });
    await appendToLedger(tx, deps.clock, {
      actor: { userId: actor.userId, orgId: actor.orgId },
      action: 'webhook.configured',
      entity: { type: 'organization', id: actor.orgId },
      payload: { origin: parsed.origin },
    });
  });
  return { url: parsed.toString(), secret };
}
