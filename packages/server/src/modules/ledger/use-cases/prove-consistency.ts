import { DomainError } from '@shuyun/core';
import { consistencyProof, consistencyProofNodes } from '@shuyun/core/ledger';
import type { Deps } from '../../../deps.ts';
import { systemContext } from '../../../db/database.ts';
import * as store from '../store.ts';
import { b64 } from '../views.ts';

/** A consistency proof between two tree sizes (0 < from ≤ to ≤ the integrated size). Public, like checkpoints. */
export async function proveConsistency(deps: Pick<Deps, 'db'>, from: number, to: number) {
  return deps.db.tx(systemContext('consistency proof'), async (tx) => {
    const size = await store.treeSize(tx);
    if (from < 1 || from > to || to > size) throw new DomainError('LEDGER_TREE_SIZE_INVALID');
    const nodes = await store.readNodes(tx, consistencyProofNodes(from, to));
    const proof = consistencyProof(from, to, (level, index) => nodes.get(store.nodeKey(level, index))!);
    return { from, to, proof: proof.map(b64) };
  });
}
