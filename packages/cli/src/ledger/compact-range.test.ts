import { emptyRootHash, leafHash, rootHash } from '@shuyun/core/ledger';
import { describe, expect, it } from 'vitest';
import { CompactRange } from './compact-range.ts';

describe('CompactRange', () => {
  it('gives the RFC 9162 root of every prefix, holding at most one subtree per bit of the size', () => {
    const range = new CompactRange();
    const leaves: Uint8Array[] = [];
    expect(range.root()).toEqual(emptyRootHash());
    for (let i = 0; i < 300; i++) {
      const leaf = leafHash(Uint8Array.of(i % 256, i >> 8));
      leaves.push(leaf);
      range.append(leaf);
      expect(range.size).toBe(i + 1);
      expect(range.root()).toEqual(rootHash(leaves));
      expect((range as unknown as { subtrees: unknown[] }).subtrees.length).toBe((i + 1).toString(2).replaceAll('0', '').length);
    }
  });
});
