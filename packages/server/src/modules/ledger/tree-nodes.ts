import type { NodeId } from '@shuyun/core/ledger';
import type { Database } from '../../db/database.ts';
import { nodeKey, readNodesPublic } from './store.ts';

/** Nodes at this level and above (one per 1,024 leaves or fewer) stay cached for good; every proof reads some. */
const PINNED_LEVEL = 10;

/**
 * The Merkle tree's stored subtree hashes, for proofs. A complete node never changes once written, so this
 * process keeps the ones it has seen: the upper levels for good (they are few, and every proof needs some), the
 * lower ones bounded, oldest first out. The rest come in one public read.
 */
export class TreeNodes {
  private readonly pinned = new Map<string, Uint8Array>();
  private readonly cache = new Map<string, Uint8Array>();

  constructor(
    private readonly db: Database,
    private readonly capacity = 500_000,
  ) {}

  async read(ids: readonly NodeId[]): Promise<Map<string, Uint8Array>> {
    const found = new Map<string, Uint8Array>();
    let missing: NodeId[] | undefined;
    for (const id of ids) {
      const key = nodeKey(id.level, id.index);
      const hash = (id.level >= PINNED_LEVEL ? this.pinned : this.cache).get(key);
      if (hash) found.set(key, hash);
      else (missing ??= []).push(id);
    }
    if (!missing) return found;
    for (const [key, hash] of await readNodesPublic(this.db, missing)) {
      found.set(key, hash);
      this.remember(key, hash);
    }
    return found;
  }

  /** Nodes the sequencer has just committed, or read from storage. */
  remember(key: string, hash: Uint8Array): void {
    if (Number(key.slice(0, key.indexOf(':'))) >= PINNED_LEVEL) {
      this.pinned.set(key, hash);
      return;
    }
    if (this.cache.has(key)) return;
    if (this.cache.size >= this.capacity) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, hash);
  }
}

export function nodeGetter(nodes: Map<string, Uint8Array>) {
  return (level: number, index: number): Uint8Array => {
    const hash = nodes.get(nodeKey(level, index));
    if (!hash) throw new Error(`ledger node (${level}, ${index}) is missing`);
    return hash;
  };
}
