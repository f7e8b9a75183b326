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
 * Its sequence number and leaf hash come right after commit, from the sequencer (see sequencer.ts).
 */
export async function appendToLedger(tx: Tx, clock: Clock, input: AppendInput): Promise<{ id: number }> {
  const orgs = [...new Set([...(input.actor.orgId ? [input.actor.orgId] : []), ...(input.orgs ?? [])])].sort();
  const derivedFrom = (input.derivedFrom ?? []).map((r) => ({ type: r.type, id: r.id }));
  const id = await store.insertEntry(tx, {
    time: clock.now(),
    actorUser: input.actor.userId,
    actorOrg: input.actor.orgId,
    action: input.action,
    category: ledgerActions[input.action].category,
    entityType: input.entity.type,
    entityId: input.entity.id,
    orgs,
    payload: input.payload,
    payloadHash: payloadHash(input.payload), // also refuses payloads that are not plain JSON
    derivedFrom,
  });
  if (derivedFrom.length > 0) {
    await store.insertLineage(tx, derivedFrom.map((parent) => ({ entryId: id, parentType: parent.type, parentId: parent.id, childType: input.entity.type, childId: input.entity.id, orgs })));
  }
  return { id };
}
