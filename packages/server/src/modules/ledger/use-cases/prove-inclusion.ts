import { DomainError } from '@shuyun/core';
import { inclusionProof, inclusionProofNodes } from '@shuyun/core/ledger';
import type { Deps } from '../../../deps.ts';
import { type Actor, tenantContext } from '../../../policy/actor.ts';
import * as store from '../store.ts';
import { nodeGetter, type TreeNodes } from '../tree-nodes.ts';
import { b64, checkpointView, entryView } from '../views.ts';

export type InclusionTarget = { seq: number } | { entityType: string; entityId: string };

/**
 * An inclusion proof of one entry in a tree, by default the latest signed checkpoint's, so the caller can check it
 * against a signed root. The entry is read as the actor (entries they may not see are not found); the proof's
 * O(log n) tree nodes are public and come from the tree's cache or one read.
 */
export async function proveInclusion(deps: Pick<Deps, 'db'>, tree: TreeNodes, actor: Actor, target: InclusionTarget, treeSize?: number) {
  const { entry, checkpoint, cosignatures } = await deps.db.tx(tenantContext(actor), async (tx) => {
    const entry = 'seq' in target ? await store.entryBySeq(tx, target.seq) : await store.latestEntryOf(tx, target.entityType, target.entityId);
    if (!entry || entry.seq === null) throw new DomainError('NOT_FOUND');
    const checkpoint = treeSize === undefined ? await store.latestCheckpoint(tx) : await store.checkpointAt(tx, treeSize);
    if (!checkpoint) throw new DomainError(treeSize === undefined ? 'LEDGER_ENTRY_NOT_IN_CHECKPOINT' : 'LEDGER_CHECKPOINT_UNKNOWN');
    if (entry.seq >= checkpoint.treeSize) throw new DomainError('LEDGER_ENTRY_NOT_IN_CHECKPOINT');
    return { entry, checkpoint, cosignatures: await store.cosignaturesOf(tx, checkpoint.treeSize) };
  });
  const seq = entry.seq!;
  const nodes = await tree.read(inclusionProofNodes(seq, checkpoint.treeSize));
  return {
    ...entryView(entry),
    treeSize: checkpoint.treeSize,
    proof: inclusionProof(seq, checkpoint.treeSize, nodeGetter(nodes)).map(b64),
    checkpoint: checkpointView(checkpoint, cosignatures),
  };
}
