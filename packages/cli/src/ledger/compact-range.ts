// The right edge of an RFC 9162 tree built leaf by leaf: one perfect subtree per set bit of the size, so
// O(log n) hashes in memory however long the log. The root is their right fold, exactly as MTH splits at the
// largest power of two (the same fold the core uses over stored nodes).
import { emptyRootHash, nodeHash } from '@shuyun/core/ledger';

export class CompactRange {
  /** roots of the perfect subtrees tiling [0, size), largest (leftmost) first */
  private readonly subtrees: Uint8Array[] = [];
  private leaves = 0;

  get size(): number {
    return this.leaves;
  }

  append(leafHash: Uint8Array): void {
    this.subtrees.push(leafHash);
    // leaf index i completes one perfect subtree per trailing 1-bit of i (division: sizes may exceed 2^31)
    for (let i = this.leaves; i % 2 === 1; i = (i - 1) / 2) {
      const right = this.subtrees.pop()!;
      const left = this.subtrees.pop()!;
      this.subtrees.push(nodeHash(left, right));
    }
    this.leaves++;
  }

  root(): Uint8Array {
    let hash = this.subtrees.at(-1);
    if (hash === undefined) return emptyRootHash();
    for (let i = this.subtrees.length - 2; i >= 0; i--) hash = nodeHash(this.subtrees[i]!, hash);
    return hash;
  }
}
