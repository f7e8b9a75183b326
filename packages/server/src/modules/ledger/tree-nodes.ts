import type { NodeId } from '@shuyun/core/ledger';
import type { Database } from '../../db/database.ts';
import { nodeKey } from './store.ts';

const READ_NODES = `select n.level, n.idx, encode(n.hash, 'hex') as hash
  from ledger_nodes n join unnest($1::smallint[], $2::bigint[]) as w(level, idx) on n.level = w.level and n.idx = w.idx`;

/**
 * The Merkle tree's stored subtree hashes, for proofs. A complete node never changes once written, so this
 * process keeps the ones it has seen (bounded, oldest first out); the rest come in one public read.
 */
export class TreeNodes {
  private readonly cache = new Map<string, Uint8Array>();

  constructor(
    private readonly db: Database,
    private readonly capacity = 500_000,
  ) {}

  async read(ids: readonly NodeId[]): Promise<Map<string, Uint8Array>> {
    const found = new Map<string, Uint8Array>();
    const missing: NodeId[] = [];
    for (const id of ids) {
      const key = nodeKey(id.level, id.index);
      const hash = this.cache.get(key);
      if (hash) found.set(key, hash);
      else missing.push(id);
    }
    if (missing.length === 0) return found;
    const rows = await this.db.publicRead('ledger_read_nodes', READ_NODES, [missing.map((n) => n.level), missing.map((n) => n.index)]);
    for (const r of rows) {
      const key = nodeKey(Number(r.level), Number(r.idx));
      const hash = new Uint8Array(Buffer.from(String(r.hash), 'hex'));
      found.set(key, hash);
      this.remember(key, hash);
    }
    return found;
  }

  /** Nodes the sequencer has just committed. */
  remember(key: string, hash: Uint8Array): void {
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
