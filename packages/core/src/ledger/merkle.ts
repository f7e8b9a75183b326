// RFC 9162 §2.1 Merkle tree: hashing, proofs served from a store of perfect subtrees, and the RFC's own
// verification algorithms (§2.1.3.2, §2.1.4.2) rather than "rebuild and compare", so a verifier needs nothing
// but the proof.
//
// The store: node (level, index) is the hash of the perfect subtree over leaves [index·2^level, (index+1)·2^level);
// level 0 holds the leaf hashes. A node is written once, when its last leaf is appended, and never changes.
// Every subtree hash a proof of a tree of size n needs — MTH(D[a:b]) with b ≤ n — is a right fold over the
// O(log n) perfect nodes that tile [a, b), so a server answers any proof with O(log n) reads and appends with
// O(log n) writes, without ever rebuilding the tree.
//
// Sizes and indexes are JS numbers (safe integers, < 2^53): arithmetic uses division, never 32-bit bitwise ops.
import { bytesEqual, sha256 } from './bytes.ts';

export const HASH_SIZE = 32;

export interface NodeId {
  readonly level: number;
  readonly index: number;
}

export interface StoredNode extends NodeId {
  readonly hash: Uint8Array;
}

/** Reads a complete node; must throw if the store does not have it (that is a bug, not a proof failure). */
export type NodeReader = (level: number, index: number) => Uint8Array;
export type AsyncNodeReader = (level: number, index: number) => Promise<Uint8Array>;

const LEAF_PREFIX = Uint8Array.of(0x00);
const NODE_PREFIX = Uint8Array.of(0x01);

export function leafHash(leaf: Uint8Array): Uint8Array {
  return sha256(LEAF_PREFIX, leaf);
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  return sha256(NODE_PREFIX, left, right);
}

/** MTH({}) = SHA-256 of the empty string. */
export function emptyRootHash(): Uint8Array {
  return sha256();
}

/** MTH over leaf hashes held in memory (offline verification of an exported log). */
export function rootHash(leafHashes: readonly Uint8Array[]): Uint8Array {
  return leafHashes.length === 0 ? emptyRootHash() : mthOfLeaves(leafHashes, 0, leafHashes.length);
}

function mthOfLeaves(leaves: readonly Uint8Array[], start: number, end: number): Uint8Array {
  if (end - start === 1) return leaves[start] ?? missing(0, start);
  const k = largestPowerOfTwoBelow(end - start);
  return nodeHash(mthOfLeaves(leaves, start, start + k), mthOfLeaves(leaves, start + k, end));
}

// ── the store ────────────────────────────────────────────────────────────────────────────────────────────

/** Perfect nodes tiling [start, end), left to right: the binary decomposition of the range. */
function tilingNodes(start: number, end: number): NodeId[] {
  const nodes: NodeId[] = [];
  let position = start;
  while (position < end) {
    let level = 0;
    while (position % 2 ** (level + 1) === 0 && position + 2 ** (level + 1) <= end) level++;
    nodes.push({ level, index: position / 2 ** level });
    position += 2 ** level;
  }
  return nodes;
}

/**
 * MTH(D[start:end]) from stored nodes. Valid for the ranges RFC 9162's recursion produces (start is aligned to
 * the power of two at or above end − start), where MTH splits at the largest power of two exactly as the tiling
 * does, so a right fold of the tiles reproduces it.
 */
function foldRange(start: number, end: number, getNode: NodeReader): Uint8Array {
  const tiles = tilingNodes(start, end);
  let hash: Uint8Array | undefined;
  for (let i = tiles.length - 1; i >= 0; i--) {
    const tile = tiles[i]!;
    const tileHash = readNode(getNode, tile);
    hash = hash === undefined ? tileHash : nodeHash(tileHash, hash);
  }
  return hash ?? emptyRootHash();
}

function readNode(getNode: NodeReader, { level, index }: NodeId): Uint8Array {
  const hash = getNode(level, index);
  if (hash.length !== HASH_SIZE) throw new Error(`node store returned ${hash.length} bytes for node (${level}, ${index})`);
  return hash;
}

/** The nodes to write when leaf `leafIndex` is appended: the leaf and every perfect subtree it completes. */
export function completedNodesAfterAppend(leafIndex: number, leaf: Uint8Array, getNode: NodeReader): StoredNode[] {
  assertIndex(leafIndex, 'leafIndex');
  assertHash(leaf, 'leaf hash');
  const nodes: StoredNode[] = [{ level: 0, index: leafIndex, hash: leaf }];
  let { level, index, hash } = nodes[0]!;
  while (index % 2 === 1) {
    hash = nodeHash(readNode(getNode, { level, index: index - 1 }), hash);
    level += 1;
    index = (index - 1) / 2;
    nodes.push({ level, index, hash });
  }
  return nodes;
}

/** The left siblings `completedNodesAfterAppend` reads (fetch them in one query). */
export function appendSiblingNodes(leafIndex: number): NodeId[] {
  assertIndex(leafIndex, 'leafIndex');
  const nodes: NodeId[] = [];
  for (let level = 0, index = leafIndex; index % 2 === 1; level++, index = (index - 1) / 2) {
    nodes.push({ level, index: index - 1 });
  }
  return nodes;
}

export async function completedNodesAfterAppendAsync(leafIndex: number, leaf: Uint8Array, getNode: AsyncNodeReader): Promise<StoredNode[]> {
  return completedNodesAfterAppend(leafIndex, leaf, await prefetch(appendSiblingNodes(leafIndex), getNode));
}

export function rootHashNodes(treeSize: number): NodeId[] {
  assertIndex(treeSize, 'treeSize');
  return tilingNodes(0, treeSize);
}

export function rootHashFromNodes(treeSize: number, getNode: NodeReader): Uint8Array {
  assertIndex(treeSize, 'treeSize');
  return foldRange(0, treeSize, getNode);
}

export async function rootHashFromNodesAsync(treeSize: number, getNode: AsyncNodeReader): Promise<Uint8Array> {
  return rootHashFromNodes(treeSize, await prefetch(rootHashNodes(treeSize), getNode));
}

/** Reads the listed nodes concurrently, then serves them synchronously to the proof builders. */
async function prefetch(nodes: readonly NodeId[], getNode: AsyncNodeReader): Promise<NodeReader> {
  const hashes = await Promise.all(nodes.map(({ level, index }) => getNode(level, index)));
  const byKey = new Map(nodes.map((node, i) => [nodeKey(node.level, node.index), hashes[i]!]));
  return (level, index) => byKey.get(nodeKey(level, index)) ?? missing(level, index);
}

function nodeKey(level: number, index: number): string {
  return `${level}:${index}`;
}

function missing(level: number, index: number): never {
  throw new Error(`node (${level}, ${index}) is not available`);
}

// ── proofs: RFC 9162 §2.1.3.1 PATH and §2.1.4.1 SUBPROOF as lists of subtree ranges ─────────────────────────

type Range = readonly [start: number, end: number];

/** PATH(m, D[start:end]): sibling subtree ranges, leaf to root. */
function inclusionRanges(m: number, start: number, end: number, out: Range[]): Range[] {
  if (end - start <= 1) return out;
  const split = start + largestPowerOfTwoBelow(end - start);
  if (m < split) {
    inclusionRanges(m, start, split, out);
    out.push([split, end]);
  } else {
    inclusionRanges(m, split, end, out);
    out.push([start, split]);
  }
  return out;
}

/** SUBPROOF(m, D[start:end], complete): `complete` is true while D[start:start+m] is the old tree's own root. */
function consistencyRanges(m: number, start: number, end: number, complete: boolean, out: Range[]): Range[] {
  if (m === end - start) {
    if (!complete) out.push([start, end]);
    return out;
  }
  const k = largestPowerOfTwoBelow(end - start);
  if (m <= k) {
    consistencyRanges(m, start, start + k, complete, out);
    out.push([start + k, end]);
  } else {
    consistencyRanges(m - k, start + k, end, false, out);
    out.push([start, start + k]);
  }
  return out;
}

function nodesOf(ranges: readonly Range[]): NodeId[] {
  const seen = new Set<string>();
  const nodes: NodeId[] = [];
  for (const [start, end] of ranges) {
    for (const node of tilingNodes(start, end)) {
      const key = nodeKey(node.level, node.index);
      if (!seen.has(key)) {
        seen.add(key);
        nodes.push(node);
      }
    }
  }
  return nodes;
}

function checkInclusionArgs(index: number, treeSize: number): Range[] {
  assertIndex(index, 'index');
  assertIndex(treeSize, 'treeSize');
  if (index >= treeSize) throw new RangeError(`index ${index} is not below tree size ${treeSize}`);
  return inclusionRanges(index, 0, treeSize, []);
}

function checkConsistencyArgs(oldSize: number, newSize: number): Range[] {
  assertIndex(oldSize, 'oldSize');
  assertIndex(newSize, 'newSize');
  // RFC 9162 defines the proof for 0 < m ≤ n only: an empty tree has nothing to be consistent with.
  if (oldSize === 0 || oldSize > newSize) throw new RangeError(`no consistency proof from size ${oldSize} to ${newSize}`);
  return oldSize === newSize ? [] : consistencyRanges(oldSize, 0, newSize, true, []);
}

export function inclusionProofNodes(index: number, treeSize: number): NodeId[] {
  return nodesOf(checkInclusionArgs(index, treeSize));
}

export function inclusionProof(index: number, treeSize: number, getNode: NodeReader): Uint8Array[] {
  return checkInclusionArgs(index, treeSize).map(([start, end]) => foldRange(start, end, getNode));
}

export async function inclusionProofAsync(index: number, treeSize: number, getNode: AsyncNodeReader): Promise<Uint8Array[]> {
  return inclusionProof(index, treeSize, await prefetch(inclusionProofNodes(index, treeSize), getNode));
}

export function consistencyProofNodes(oldSize: number, newSize: number): NodeId[] {
  return nodesOf(checkConsistencyArgs(oldSize, newSize));
}

export function consistencyProof(oldSize: number, newSize: number, getNode: NodeReader): Uint8Array[] {
  return checkConsistencyArgs(oldSize, newSize).map(([start, end]) => foldRange(start, end, getNode));
}

export async function consistencyProofAsync(oldSize: number, newSize: number, getNode: AsyncNodeReader): Promise<Uint8Array[]> {
  return consistencyProof(oldSize, newSize, await prefetch(consistencyProofNodes(oldSize, newSize), getNode));
}

// ── verification: RFC 9162 §2.1.3.2 and §2.1.4.2, step for step ─────────────────────────────────────────────

/** Never throws: any malformed input is simply a proof that does not verify. */
export function verifyInclusion(
  leaf: Uint8Array,
  index: number,
  treeSize: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  if (!isIndex(index) || !isIndex(treeSize) || index >= treeSize) return false;
  if (leaf.length !== HASH_SIZE || !proof.every((hash) => hash.length === HASH_SIZE)) return false;
  let fn = index;
  let sn = treeSize - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      while (fn % 2 === 0 && fn !== 0) [fn, sn] = [fn / 2, Math.floor(sn / 2)];
    } else {
      r = nodeHash(r, p);
    }
    [fn, sn] = [Math.floor(fn / 2), Math.floor(sn / 2)];
  }
  return sn === 0 && bytesEqual(r, root);
}

/**
 * Never throws. Old size 0 never verifies (RFC 9162 defines proofs for 0 < m only, and the transparency-dev
 * vectors require the refusal even for 0 → 0): callers accept "I had nothing" without asking for a proof.
 */
export function verifyConsistency(
  oldSize: number,
  newSize: number,
  proof: readonly Uint8Array[],
  oldRoot: Uint8Array,
  newRoot: Uint8Array,
): boolean {
  if (!isIndex(oldSize) || !isIndex(newSize) || oldSize === 0 || oldSize > newSize) return false;
  // Equal sizes prove only that the roots are equal (any bytes, as in transparency-dev/merkle's vectors).
  if (oldSize === newSize) return proof.length === 0 && bytesEqual(oldRoot, newRoot);
  if (proof.length === 0 || oldRoot.length !== HASH_SIZE || newRoot.length !== HASH_SIZE) return false;
  if (!proof.every((hash) => hash.length === HASH_SIZE)) return false;
  // Step 2: when the old tree is a perfect subtree its root is the proof's implicit first element.
  const path = isPowerOfTwo(oldSize) ? [oldRoot, ...proof] : proof;
  let fn = oldSize - 1;
  let sn = newSize - 1;
  while (fn % 2 === 1) [fn, sn] = [(fn - 1) / 2, Math.floor(sn / 2)];
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (fn % 2 === 0 && fn !== 0) [fn, sn] = [fn / 2, Math.floor(sn / 2)];
    } else {
      sr = nodeHash(sr, c);
    }
    [fn, sn] = [Math.floor(fn / 2), Math.floor(sn / 2)];
  }
  return sn === 0 && bytesEqual(fr, oldRoot) && bytesEqual(sr, newRoot);
}

// ── arithmetic ───────────────────────────────────────────────────────────────────────────────────────────

function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function isPowerOfTwo(n: number): boolean {
  let k = 1;
  while (k < n) k *= 2;
  return k === n;
}

function isIndex(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0;
}

function assertIndex(n: number, what: string): void {
  if (!isIndex(n)) throw new RangeError(`${what} must be a non-negative safe integer`);
}

function assertHash(hash: Uint8Array, what: string): void {
  if (hash.length !== HASH_SIZE) throw new RangeError(`${what} must be ${HASH_SIZE} bytes`);
}
