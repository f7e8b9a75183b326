import type { Clock } from '@shuyun/core';
import type { Deps } from '../../../deps.ts';
import { systemContext, type Tx } from '../../../db/database.ts';
import type { Actor } from '../../../policy/actor.ts';
import { appendToLedger } from '../../ledger/index.ts';
import * as store from '../store.ts';

/** Ends the active grants that match (a partner's exit, an operator's termination, a superseded agreement). */
export async function endGrants(
  tx: Tx,
  clock: Clock,
  actor: Actor,
  filter: { assigneeOrgId?: string; operatorOrgId?: string; agreementId?: string; orgInvolved?: string },
  state: 'terminated',
  reason: string,
): Promise<number> {
  const ended = await store.activeGrantsWhere(tx, filter);
  for (const grant of ended) {
    await store.endGrant(tx, grant.id, state, clock.now());
    await appendToLedger(tx, clock, {
      actor: { userId: actor.userId, orgId: actor.orgId },
      action: 'grant.terminated',
      entity: { type: 'grant', id: grant.id },
      orgs: grant.parties,
      payload: { reason },
    });
  }
  return ended.length;
}

/** The scheduler's step: grants past their term expire (their use is refused already; this records it). */
export async function expireGrants(deps: Pick<Deps, 'db' | 'clock'>): Promise<number> {
  return deps.db.tx(systemContext('grant expiry'), async (tx) => {
    const expired = await store.lockExpiredGrants(tx, deps.clock.now());
    for (const grant of expired) {
      await store.endGrant(tx, grant.id, 'expired', deps.clock.now());
      await appendToLedger(tx, deps.clock, {
        actor: { userId: null, orgId: null },
        action: 'grant.expired',
        entity: { type: 'grant', id: grant.id },
        orgs: grant.parties,
        payload: { validUntil: grant.validUntil.toISOString() },
      });
    }
    return expired.length;
  });
}
