import type { Clock } from '@shuyun/core';
import { type EntityRef, payloadHash } from '@shuyun/core/ledger';
import type { Tx } from '../../db/database.ts';
import { type LedgerAction, ledgerActions } from './ledger-actions.ts';
import * as store from './store.ts';

export interface LedgerActorRef {
  userId: string | null;
  orgId: string | null;
}

export interface AppendInput {
  actor: LedgerActorRef;
  action: LedgerAction;
  entity: EntityRef;
  /** organizations whose objects this entry concerns, besides the actor's own (they may read it) */
  orgs?: readonly string[];
  /** identifiers only: reference or hash personal data, never copy it here */
  payload: Record<string, unknown>;
  /** the entities this one was derived from (lineage) */
  derivedFrom?: readonly EntityRef[];
}

/**
 * Appends an entry inside the caller's transaction: the entry exists exactly when the state change commits.
 * On a server the INSERT travels with the transaction's COMMIT (one prepared statement, no round trip of its own),
 * so it is not visible to later reads in the same transaction, and an entry the database refuses fails the
 * transaction at commit. Its sequence number and leaf hash come right after commit, from the sequencer (see sequencer.ts).
 */
export async function appendToLedger(tx: Tx, clock: Clock, input: AppendInput): Promise<void> {
  const actorOrg = input.actor.orgId;
  const orgs = input.orgs && input.orgs.length > 0 ? [...new Set([...(actorOrg ? [actorOrg] : []), ...input.orgs])].sort() : actorOrg ? [actorOrg] : [];
  const derivedFrom = (input.derivedFrom ?? []).map((r) => ({ type: r.type, id: r.id }));
  await store.appendEntry(tx, {
    time: clock.now(),
    actorUser: input.actor.userId,
    actorOrg,
    action: input.action,
    category: ledgerActions[input.action].category,
    entityType: input.entity.type,
    entityId: input.entity.id,
    orgs,
    payloadHash: payloadHash(input.payload), // also refuses payloads that are not plain JSON
    payloadJson: JSON.stringify(input.payload),
    derivedFrom,
  });
}
