import type { NodeId } from '@shuyun/core/ledger';
import type { Database } from '../../db/database.ts';
import { nodeKey, readNodeRun, readNodesPublic, storedLeafCount } from './store.ts';

const HASH_BYTES = 32;
/** Nodes one storage read brings into the mirror while it loads (1.6 MB of hashes). */
const LOAD_RUN = 50_000;
/** The smallest buffer a mirrored level gets, in nodes (the top levels hold one or two). */
const MIN_CAPACITY = 64;

export const DEFAULT_PROOF_MIRROR_BYTES = 256 * 1024 * 1024;

export interface TreeNodesOptions {
  /** memory the mirror may take (SHUYUN_LEDGER_PROOF_CACHE_MB); 0 reads every proof's nodes from storage */
  budgetBytes: number;
  /** where a background load that failed is reported */
  log?: { error(obj: object, msg: string): void };
}

/** One mirrored level: its complete nodes 0 … count−1, node i at bytes [32·i, 32·i + 32). */
interface MirroredLevel {
  hashes: Buffer;
  count: number;
}

/**
 * The Merkle tree's stored subtree hashes, for proofs, mirrored in memory. A proof costs a few microseconds from
 * memory and a round trip (1–2 ms at p99) from storage, so this process keeps a copy of the stored tree.
 *
 * The copy is exact and cheap because of how the tree grows: node (level, i) is complete once leaves
 * 0 … (i+1)·2^level − 1 exist, and never changes after. The complete nodes of each level are therefore a prefix
 * of it, and a level is mirrored as one buffer of 32-byte hashes for indices [0, count): lookup is an offset, the
 * sequencer's new nodes are appends (`remember`), and a process that did not sequence them catches up by reading
 * what lies beyond each prefix, in index order (`loadFromStorage`). Nodes outside the prefixes come from one
 * public read, as before the mirror existed.
 *
 * Memory: every entry adds one node at level 0, half a node at level 1 … so the whole tree is 64 bytes per entry
 * (1M entries: 64 MB). Buffers grow by doubling and are counted as allocated against `budgetBytes`; the default
 * 256 MB holds about 4M entries entirely. Levels are mirrored from the top down while they fit: when a level would
 * not, the lowest mirrored levels are given up (for good: the tree only grows) and their nodes are read from
 * storage, one round trip per proof. The top levels, which every proof needs, stay. The mirror holds hashes only:
 * the tree is public, and no entry content or personal data is in it.
 */
export class TreeNodes {
  private readonly levels: Array<MirroredLevel | undefined> = [];
  /** levels below this one are not mirrored; it only rises */
  private lowestLevel = 0;
  private allocatedBytes = 0;
  private loading: Promise<number> | undefined;
  private closed = false;
  private readonly budgetBytes: number;
  private readonly log: TreeNodesOptions['log'];

  constructor(
    private readonly db: Database,
    options: TreeNodesOptions = { budgetBytes: DEFAULT_PROOF_MIRROR_BYTES },
  ) {
    this.budgetBytes = options.budgetBytes;
    this.log = options.log;
  }

  /** The nodes `ids`, keyed by `nodeKey`: from the mirror, the others in one public read. */
  async read(ids: readonly NodeId[]): Promise<Map<string, Uint8Array>> {
    const found = new Map<string, Uint8Array>();
    let missing: NodeId[] | undefined;
    let behind = false;
    for (const id of ids) {
      const hash = this.mirrored(id.level, id.index);
      if (hash) {
        found.set(nodeKey(id.level, id.index), hash);
        continue;
      }
      (missing ??= []).push(id);
      if (id.level >= this.lowestLevel) behind = true; // another process sequenced it, or the mirror is still loading
    }
    if (!missing) return found;
    if (behind) this.catchUp();
    const read = await readNodesPublic(this.db, missing);
    for (const id of missing) {
      const hash = read.get(nodeKey(id.level, id.index));
      if (!hash) continue;
      found.set(nodeKey(id.level, id.index), hash);
      this.remember(id.level, id.index, hash);
    }
    return found;
  }

  /**
   * A node the sequencer has just committed (or read from storage): mirrored when it is the next one of its level;
   * otherwise ignored, and the next load brings it.
   */
  remember(level: number, index: number, hash: Uint8Array): void {
    this.append(level, index, hash);
  }

  /**
   * Brings the mirror up to what storage holds: every level that fits, from the top down, each from the end of its
   * prefix, in runs of 50,000 nodes. One load at a time (a call during a load joins it); reads go on meanwhile,
   * served from what is mirrored so far. Resolves to the number of nodes added.
   */
  loadFromStorage(): Promise<number> {
    this.loading ??= this.load().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  /** Stops loading (at the next run) and waits for a load under way. */
  async close(): Promise<void> {
    this.closed = true;
    await this.loading?.catch(() => undefined);
  }

  /** What the mirror holds now. */
  mirrorSize(): { nodes: number; allocatedBytes: number; lowestLevel: number } {
    let nodes = 0;
    for (const level of this.levels) nodes += level?.count ?? 0;
    return { nodes, allocatedBytes: this.allocatedBytes, lowestLevel: this.lowestLevel };
  }

  private catchUp(): void {
    if (this.closed || this.loading) return;
    this.loadFromStorage().catch((err: unknown) => this.log?.error({ err: { message: (err as Error).message } }, 'ledger proof mirror failed to load'));
  }

  private async load(): Promise<number> {
    if (this.closed) return 0;
    const leaves = await storedLeafCount(this.db);
    let added = 0;
    for (let level = topLevel(leaves); level >= this.lowestLevel && !this.closed; level--) {
      const complete = Math.floor(leaves / 2 ** level);
      if (!this.reserve(level, complete)) break; // this level and those below it do not fit
      for (let have = this.count(level); have < complete && level >= this.lowestLevel && !this.closed; have = this.count(level)) {
        const run = await readNodeRun(this.db, level, have, Math.min(LOAD_RUN, complete - have));
        if (run.length === 0) throw new Error(`ledger nodes at level ${level} end at index ${have}, before ${complete}`);
        this.append(level, have, run);
        added += this.count(level) - have;
      }
    }
    return added;
  }

  private mirrored(level: number, index: number): Uint8Array | undefined {
    const mirror = this.levels[level];
    if (!mirror || index >= mirror.count) return undefined;
    return mirror.hashes.subarray(index * HASH_BYTES, (index + 1) * HASH_BYTES);
  }

  private count(level: number): number {
    return this.levels[level]?.count ?? 0;
  }

  /** Appends the hashes `run` (32 bytes each) of nodes start, start+1, … of `level`, past what is already there. */
  private append(level: number, start: number, run: Uint8Array): void {
    if (level < this.lowestLevel) return;
    const have = this.count(level);
    const end = start + run.length / HASH_BYTES;
    if (start > have || end <= have) return; // a gap (a load fills it) or nothing new
    if (!this.reserve(level, end)) return;
    const mirror = this.levels[level]!;
    mirror.hashes.set(run.subarray((have - start) * HASH_BYTES), have * HASH_BYTES);
    mirror.count = end;
  }

  /**
   * Room for `count` nodes at `level`, within the budget: the lowest mirrored levels are given up until it fits.
   * False when `level` itself had to go.
   */
  private reserve(level: number, count: number): boolean {
    if (level < this.lowestLevel) return false;
    const mirror = this.levels[level];
    const capacity = mirror ? mirror.hashes.length / HASH_BYTES : 0;
    if (count <= capacity) return true;
    const grown = capacityFor(count);
    const extra = (grown - capacity) * HASH_BYTES;
    while (this.allocatedBytes + extra > this.budgetBytes) {
      this.giveUp(this.lowestLevel++);
      if (level < this.lowestLevel) return false;
    }
    const hashes = Buffer.allocUnsafeSlow(grown * HASH_BYTES); // only [0, count) is ever read
    if (mirror) mirror.hashes.copy(hashes, 0, 0, mirror.count * HASH_BYTES);
    this.levels[level] = { hashes, count: mirror?.count ?? 0 };
    this.allocatedBytes += extra;
    return true;
  }

  private giveUp(level: number): void {
    this.allocatedBytes -= this.levels[level]?.hashes.length ?? 0;
    this.levels[level] = undefined;
  }
}

/** The highest level with a complete node in a tree of `leaves` leaves (−1 when empty). */
function topLevel(leaves: number): number {
  let level = -1;
  while (2 ** (level + 1) <= leaves) level++;
  return level;
}

/** The power of two at or above `count`, at least `MIN_CAPACITY`. */
function capacityFor(count: number): number {
  let capacity = MIN_CAPACITY;
  while (capacity < count) capacity *= 2;
  return capacity;
}

export function nodeGetter(nodes: Map<string, Uint8Array>) {
  return (level: number, index: number): Uint8Array => {
    const hash = nodes.get(nodeKey(level, index));
    if (!hash) throw new Error(`ledger node (${level}, ${index}) is missing`);
    return hash;
  };
}
