import type { LedgerLeaf } from '@shuyun/core/ledger';
import type { EntryRow } from './store.ts';

/** The hashed form of a stored entry, once it has its sequence number. */
export function leafOf(row: EntryRow, seq = row.seq): LedgerLeaf {
  if (seq === null) throw new Error('entry is not sequenced yet');
  return {
    seq,
    time: row.time.toISOString(),
    actor: { user: row.actorUser, org: row.actorOrg },
    action: row.action,
    category: row.category,
    entity: { type: row.entityType, id: row.entityId },
    orgs: [...row.orgs],
    payloadHash: row.payloadHash,
    derivedFrom: row.derivedFrom,
  };
}
