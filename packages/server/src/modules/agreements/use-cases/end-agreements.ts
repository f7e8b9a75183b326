import { beijingDateOf, type Clock } from '@shuyun/core';
import type { Deps } from '../../../deps.ts';
import { systemContext, type Tx } from '../../../db/database.ts';
import type { Actor } from '../../../policy/actor.ts';
import { appendToLedger } from '../../ledger/index.ts';
import * as store from '../store.ts';

/** Terminates the agreements that match (a partner's exit, an operator's termination), in the caller's transaction. */
export async function endAgreementsOf(tx: Tx, clock: Clock, actor: Actor, filter: { admissionId?: string; orgInvolved?: string }, state: 'terminated', reason: string): Promise<number> {
  const ended = await store.agreementsWhere(tx, { ...filter, states: ['awaiting_signatures', 'in_force'] });
  for (const a of ended) {
    await store.updateAgreement(tx, a.id, { state, endedAt: clock.now(), endReason: reason });
    await appendToLedger(tx, clock, {
      actor: { userId: actor.userId, orgId: actor.orgId },
      action: 'agreement.terminated',
      entity: { type: 'agreement', id: a.id },
      orgs: a.parties,
      payload: { number: a.number, reason },
    });
  }
  return ended.length;
}

/** The scheduler's step: agreements past their last day expire by themselves (Beijing dates). */
export async function expireAgreements(deps: Pick<Deps, 'db' | 'clock'>): Promise<number> {
  return deps.db.tx(systemContext('agreement expiry'), async (tx) => {
    const expired = await store.lockExpiredAgreements(tx, beijingDateOf(deps.clock.now()));
    for (const a of expired) {
      await store.updateAgreement(tx, a.id, { state: 'expired', endedAt: deps.clock.now(), endReason: 'term ended' });
      await appendToLedger(tx, deps.clock, {
        actor: { userId: null, orgId: null },
        action: 'agreement.expired',
        entity: { type: 'agreement', id: a.id },
        orgs: a.parties,
        payload: { number: a.number, validUntil: a.validUntil },
      });
    }
    return expired.length;
  });
}
