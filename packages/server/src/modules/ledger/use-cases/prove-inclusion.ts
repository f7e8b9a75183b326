import { DomainError } from '@shuyun/core';
import { inclusionProof, inclusionProofNodes } from '@shuyun/core/ledger';
import type { Deps } from '../../../deps.ts';
import { type Actor, tenantContext } from '../../../policy/actor.ts';
import * as store from '../store.ts';
import { b64, checkpointView, entryView } from '../views.ts';

export type InclusionTarget = { seq: number } | { entityType: string; entityId: string };

/**
 * An inclusion proof of one entry in a tree, by default the latest signed checkpoint's, so the caller can check it
 * against a signed root. O(log n) node reads. Entries the actor may not see are not found.
 */
export async function proveInclusion(deps: Pick<Deps, 'db'>, actor: Actor, target: InclusionTarget, treeSize?: number) {
  return deps.db.tx(tenantContext(actor), async (tx) => {
    const entry = 'seq' in target ? await store.entryBySeq(tx, target.seq) : await store.latestEntryOf(tx, target.entityType, target.entityId);
    if (!entry || entry.seq === null) throw new DomainError('NOT_FOUND');
    const checkpoint = treeSize === undefined ? await store.latestCheckpoint(tx) : await store.checkpointAt(tx, treeSize);
    if (!checkpoint) throw new DomainError(treeSize === undefined ? 'LEDGER_ENTRY_NOT_IN_CHECKPOINT' : 'LEDGER_CHECKPOINT_UNKNOWN');
    if (entry.seq >= checkpoint.treeSize) throw new DomainError('LEDGER_ENTRY_NOT_IN_CHECKPOINT');
    const nodes = await store.readNodes(tx, inclusionProofNodes(entry.seq, checkpoint.treeSize));
    const proof = inclusionProof(entry.seq, checkpoint.treeSize, (level, index) => nodes.get(store.nodeKey(level, index))!);
    return {
      ...entryView(entry),
      treeSize: checkpoint.treeSize,
      proof: proof.map(b64),
      checkpoint: checkpointView(checkpoint, await store.cosignaturesOf(tx, checkpoint.treeSize)),
    };
  });
}
