import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  completedNodesAfterAppend,
  completedNodesAfterAppendAsync,
  consistencyProof,
  consistencyProofAsync,
  consistencyProofNodes,
  emptyRootHash,
  inclusionProof,
  inclusionProofAsync,
  inclusionProofNodes,
  leafHash,
  nodeHash,
  rootHash,
  rootHashFromNodes,
  rootHashFromNodesAsync,
  verifyConsistency,
  verifyInclusion,
  type NodeReader,
} from './merkle.ts';

// ── the transparency-dev/merkle vectors (RFC 6962 / 9162) ────────────────────────────────────────────────────

const repoRoot = resolve(fileURLToPath(import.meta.url), '../../../../..');
const vectorDirs = [join(repoRoot, 'data/rfc9162-vectors'), resolve(repoRoot, '../shared/data/rfc9162-vectors')];
const vectorDir = vectorDirs.find((dir) => existsSync(join(dir, 'inclusion')));

interface Vector {
  readonly file: string;
  readonly json: Record<string, unknown>;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : name.endsWith('.json') ? [path] : [];
  });
}

function vectors(kind: 'inclusion' | 'consistency'): Vector[] {
  if (vectorDir === undefined) throw new Error(`RFC 9162 vectors not found in ${vectorDirs.join(' or ')}`);
  return walk(join(vectorDir, kind))
    .sort()
    .map((path) => ({ file: relative(vectorDir, path), json: JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown> }));
}

const b64 = (value: unknown): Uint8Array => new Uint8Array(Buffer.from(String(value), 'base64'));
const proofOf = (value: unknown): Uint8Array[] => ((value as string[] | null) ?? []).map(b64);

// The leaves behind the vectors (transparency-dev/merkle proof/verify_test.go).
const goLeaves = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map(
  (hex) => leafHash(new Uint8Array(Buffer.from(hex, 'hex'))),
);

describe('RFC 9162 vectors', () => {
  const inclusion = vectors('inclusion');
  const consistency = vectors('consistency');

  it('finds every vector folder', () => {
    expect(inclusion.length + consistency.length).toBeGreaterThan(190);
    expect(new Set(inclusion.map((v) => v.file.split('/').slice(0, -1).join('/')))).toEqual(
      new Set(['inclusion/0', 'inclusion/1', 'inclusion/2', 'inclusion/3', 'inclusion/4', 'inclusion/single-entry',
        'inclusion/additional/0', 'inclusion/additional/1', 'inclusion/additional/2', 'inclusion/additional/3']),
    );
  });

  it.each(inclusion.map((v) => [v.file, v.json] as const))('inclusion %s', (_file, v) => {
    const ok = verifyInclusion(b64(v.leafHash), v.leafIdx as number, v.treeSize as number, proofOf(v.proof), b64(v.root));
    expect(ok).toBe(!v.wantErr);
  });

  it.each(consistency.map((v) => [v.file, v.json] as const))('consistency %s', (_file, v) => {
    const ok = verifyConsistency(v.size1 as number, v.size2 as number, proofOf(v.proof), b64(v.root1), b64(v.root2));
    expect(ok).toBe(!v.wantErr);
  });

  it('generates exactly the happy-path proofs from a node store of the same leaves', () => {
    const store = storeOf(goLeaves);
    const happy = (list: Vector[]) => list.filter((v) => v.file.endsWith('happy-path.json')).map((v) => v.json);
    for (const v of happy(inclusion)) {
      const [index, size] = [v.leafIdx as number, v.treeSize as number];
      if (size > goLeaves.length) continue;
      expect(inclusionProof(index, size, store.reader(size))).toEqual(proofOf(v.proof));
      expect(rootHashFromNodes(size, store.reader(size))).toEqual(b64(v.root));
    }
    for (const v of happy(consistency)) {
      const [m, n] = [v.size1 as number, v.size2 as number];
      expect(consistencyProof(m, n, store.reader(n))).toEqual(proofOf(v.proof));
      expect(rootHashFromNodes(n, store.reader(n))).toEqual(b64(v.root2));
    }
  });
});

// ── the node store, against the RFC's recursive definitions ──────────────────────────────────────────────────

/** An append-only store fed only by completedNodesAfterAppend; a reader for size n refuses nodes not yet complete. */
function storeOf(leaves: readonly Uint8Array[]) {
  const nodes = new Map<string, Uint8Array>();
  const all: NodeReader = (level, index) => nodes.get(`${level}:${index}`) ?? fail(`missing (${level}, ${index})`);
  leaves.forEach((leaf, i) => {
    for (const node of completedNodesAfterAppend(i, leaf, all)) nodes.set(`${node.level}:${node.index}`, node.hash);
  });
  return {
    size: () => nodes.size,
    reader: (treeSize: number): NodeReader => (level, index) => {
      if ((index + 1) * 2 ** level > treeSize) fail(`node (${level}, ${index}) is not complete at size ${treeSize}`);
      return all(level, index);
    },
  };
}

function fail(message: string): never {
  throw new Error(message);
}

// RFC 9162 §2.1.1, §2.1.3.1, §2.1.4.1 written out literally, over D[start:end] of `leaves` (MTH memoized).
function reference(leaves: readonly Uint8Array[]) {
  const k = (n: number) => 2 ** Math.ceil(Math.log2(n) - 1);
  const memo = new Map<string, Uint8Array>();
  const mth = (a: number, b: number): Uint8Array => {
    const key = `${a}:${b}`;
    let hash = memo.get(key);
    if (hash === undefined) {
      const n = b - a;
      hash = n === 0 ? emptyRootHash() : n === 1 ? leaves[a]! : nodeHash(mth(a, a + k(n)), mth(a + k(n), b));
      memo.set(key, hash);
    }
    return hash;
  };
  const path = (m: number, a: number, b: number): Uint8Array[] => {
    const n = b - a;
    if (n <= 1) return [];
    return m < k(n) ? [...path(m, a, a + k(n)), mth(a + k(n), b)] : [...path(m - k(n), a + k(n), b), mth(a, a + k(n))];
  };
  const subproof = (m: number, a: number, b: number, complete: boolean): Uint8Array[] => {
    const n = b - a;
    if (m === n) return complete ? [] : [mth(a, b)];
    return m <= k(n)
      ? [...subproof(m, a, a + k(n), complete), mth(a + k(n), b)]
      : [...subproof(m - k(n), a + k(n), b, false), mth(a, a + k(n))];
  };
  return {
    root: (n: number) => mth(0, n),
    path: (m: number, n: number) => path(m, 0, n),
    proof: (m: number, n: number) => (m === n ? [] : subproof(m, 0, n, true)),
  };
}

/** Hashes as one hex string: comparing thousands of proofs with deep equality is needlessly slow. */
const hex = (hashes: readonly Uint8Array[]) => hashes.map((h) => Buffer.from(h).toString('hex')).join(',');

function flipBit(bytes: Uint8Array, bit: number): Uint8Array {
  const copy = Uint8Array.from(bytes);
  copy[(bit >> 3) % copy.length]! ^= 1 << (bit & 7);
  return copy;
}

describe('proofs from the node store, every tree size up to 64', () => {
  const leaves = Array.from({ length: 64 }, (_, i) => leafHash(new TextEncoder().encode(`entry ${i}`)));
  const store = storeOf(leaves);
  const rfc = reference(leaves);

  it('stores each node once: 2n − 1 nodes for n = 64', () => {
    expect(store.size()).toBe(127);
  });

  it('computes every root from O(log n) stored nodes, equal to MTH', () => {
    for (let n = 0; n <= 64; n++) {
      expect(rootHashFromNodes(n, store.reader(n))).toEqual(rfc.root(n));
      expect(rootHash(leaves.slice(0, n))).toEqual(rfc.root(n));
    }
  });

  it('generates the RFC PATH for every leaf of every size; it verifies, and any flipped bit breaks it', () => {
    for (let n = 1; n <= 64; n++) {
      const root = rfc.root(n);
      for (let i = 0; i < n; i++) {
        const proof = inclusionProof(i, n, store.reader(n));
        expect(hex(proof)).toBe(hex(rfc.path(i, n)));
        expect(inclusionProofNodes(i, n).length).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(n)) + 1);
        const leaf = leaves[i]!;
        expect(verifyInclusion(leaf, i, n, proof, root)).toBe(true);
        expect(verifyInclusion(leaf, i, n, proof, flipBit(root, i * 7 + n))).toBe(false);
        expect(verifyInclusion(flipBit(leaf, i), i, n, proof, root)).toBe(false);
        proof.forEach((_, j) => {
          const bad = proof.map((h, x) => (x === j ? flipBit(h, i * 31 + j * 7 + n) : h));
          expect(verifyInclusion(leaf, i, n, bad, root)).toBe(false);
        });
        if (n > 1) expect(verifyInclusion(leaf, i === 0 ? 1 : i - 1, n, proof, root)).toBe(false);
      }
    }
  });

  it('generates the RFC PROOF for every 0 < m ≤ n ≤ 64; it verifies, and any flipped bit breaks it', () => {
    for (let n = 1; n <= 64; n++) {
      const newRoot = rfc.root(n);
      for (let m = 1; m <= n; m++) {
        const oldRoot = rfc.root(m);
        const proof = consistencyProof(m, n, store.reader(n));
        expect(hex(proof)).toBe(hex(rfc.proof(m, n)));
        expect(consistencyProofNodes(m, n).length).toBeLessThanOrEqual(3 * Math.ceil(Math.log2(n)) + 1);
        expect(verifyConsistency(m, n, proof, oldRoot, newRoot)).toBe(true);
        expect(verifyConsistency(m, n, proof, flipBit(oldRoot, m), newRoot)).toBe(false);
        expect(verifyConsistency(m, n, proof, oldRoot, flipBit(newRoot, n))).toBe(false);
        proof.forEach((_, j) => {
          const bad = proof.map((h, x) => (x === j ? flipBit(h, m * 31 + j * 7 + n) : h));
          expect(verifyConsistency(m, n, bad, oldRoot, newRoot)).toBe(false);
        });
      }
    }
  });

  it('refuses proofs that do not exist rather than inventing them', () => {
    const reader = store.reader(8);
    expect(() => inclusionProof(8, 8, reader)).toThrow(RangeError);
    expect(() => inclusionProof(-1, 8, reader)).toThrow(RangeError);
    expect(() => consistencyProof(0, 8, reader)).toThrow(RangeError);
    expect(() => consistencyProof(9, 8, reader)).toThrow(RangeError);
    expect(() => inclusionProof(0, 2 ** 53, reader)).toThrow(RangeError);
  });
});

describe('a server on an async store', () => {
  const leaves = Array.from({ length: 1000 }, (_, i) => leafHash(new TextEncoder().encode(`entry ${i}`)));
  const rfc = reference(leaves);

  it('appends, proves and roots with one batched read of O(log n) nodes each', async () => {
    const nodes = new Map<string, Uint8Array>();
    let reads = 0;
    const getNode = async (level: number, index: number) => {
      reads++;
      return nodes.get(`${level}:${index}`) ?? fail(`missing (${level}, ${index})`);
    };
    let maxAppendReads = 0;
    for (const [i, leaf] of leaves.entries()) {
      reads = 0;
      for (const node of await completedNodesAfterAppendAsync(i, leaf, getNode)) nodes.set(`${node.level}:${node.index}`, node.hash);
      maxAppendReads = Math.max(maxAppendReads, reads);
    }
    expect(maxAppendReads).toBeLessThanOrEqual(10);

    reads = 0;
    const root = await rootHashFromNodesAsync(1000, getNode);
    expect(root).toEqual(rfc.root(1000));
    expect(reads).toBe(6); // 1000 = 512 + 256 + 128 + 64 + 32 + 8

    reads = 0;
    const inclusion = await inclusionProofAsync(777, 1000, getNode);
    expect(reads).toBe(inclusionProofNodes(777, 1000).length);
    expect(verifyInclusion(leaves[777]!, 777, 1000, inclusion, root)).toBe(true);

    const consistency = await consistencyProofAsync(300, 1000, getNode);
    expect(verifyConsistency(300, 1000, consistency, rfc.root(300), root)).toBe(true);
  });
});
