import { DomainError } from '@shuyun/core';
import { consistencyProof, consistencyProofNodes } from '@shuyun/core/ledger';
import type { Deps } from '../../../deps.ts';
import * as store from '../store.ts';
import { nodeGetter, type TreeNodes } from '../tree-nodes.ts';
import { b64 } from '../views.ts';

/**
 * A consistency proof between two tree sizes (0 < from ≤ to ≤ the integrated size). Public, like checkpoints: the
 * integrated size is the stored leaf count, one public read (the sequencer stores a leaf's node with its number).
 */
export async function proveConsistency(deps: Pick<Deps, 'db'>, tree: TreeNodes, from: number, to: number) {
  const size = await store.storedLeafCount(deps.db);
  if (from < 1 || from > to || to > size) throw new DomainError('LEDGER_TREE_SIZE_INVALID');
  const nodes = await tree.read(consistencyProofNodes(from, to));
  return { from, to, proof: consistencyProof(from, to, nodeGetter(nodes)).map(b64) };
}
