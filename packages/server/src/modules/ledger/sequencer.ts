import {
  appendSiblingNodes,
  completedNodesAfterAppend,
  entryLeafHash,
  formatCheckpoint,
  rootHashFromNodes,
  rootHashNodes,
  signNote,
  type StoredNode,
} from '@shuyun/core/ledger';
import type { Deps } from '../../deps.ts';
import type { Tx } from '../../db/database.ts';
import { leafOf } from './leaf.ts';
import type { LedgerSigners } from './signing-keys.ts';
import * as store from './store.ts';
import { DEFAULT_PROOF_MIRROR_BYTES, nodeGetter, TreeNodes } from './tree-nodes.ts';

export interface CheckpointPolicy {
  /** make a checkpoint once this many entries were added since the last one */
  everyEntries: number;
  /** … or once this many seconds passed since the last one and something was added */
  everySeconds: number;
}

const SEQUENCER = { kind: 'system', reason: 'ledger sequencer', role: 'sequencer' } as const;
const BATCH = 2000;

/**
 * Gives committed entries their gap-free sequence numbers and leaf hashes, stores the new complete subtree
 * hashes, and signs checkpoints. Any process may run it; an advisory lock lets one integrate at a time, so
 * sequence numbers stay gap-free and strictly increasing across every server process on one PostgreSQL.
 */
export class LedgerSequencer {
  readonly tree: TreeNodes;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly deps: Pick<Deps, 'db' | 'clock' | 'log'>,
    readonly signers: LedgerSigners,
    private readonly policy: CheckpointPolicy,
    /** memory for the tree's mirror that serves proofs (see TreeNodes) */
    proofMirrorBytes = DEFAULT_PROOF_MIRROR_BYTES,
  ) {
    this.tree = new TreeNodes(deps.db, { budgetBytes: proofMirrorBytes, log: deps.log });
  }

  /** Integrates everything committed so far; then checkpoints when due (or always, with `force`). */
  async sync(opts: { forceCheckpoint?: boolean } = {}): Promise<{ size: number; checkpointSize: number | undefined }> {
    const run = this.running.then(() => this.syncOnce(opts));
    this.running = run.catch(() => undefined);
    return run;
  }

  start(intervalMs: number): void {
    this.timer = setInterval(() => {
      this.sync().catch((err: unknown) => this.deps.log.error({ err: { message: (err as Error).message } }, 'ledger sequencer failed'));
    }, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
    await this.tree.close();
  }

  private async syncOnce(opts: { forceCheckpoint?: boolean }) {
    for (;;) {
      const { sequenced, locked, created } = await this.deps.db.tx(SEQUENCER, (tx) => this.integrateBatch(tx));
      for (const node of created) this.tree.remember(node.level, node.index, node.hash); // committed now
      if (!locked) break; // another process is integrating; it will checkpoint too
      if (sequenced < BATCH) break;
    }
    return this.deps.db.tx(SEQUENCER, async (tx) => {
      const size = await store.treeSize(tx);
      const checkpoint = await this.checkpointIfDue(tx, size, opts.forceCheckpoint === true);
      return { size, checkpointSize: checkpoint };
    });
  }

  private async integrateBatch(tx: Tx): Promise<{ sequenced: number; locked: boolean; created: StoredNode[] }> {
    if (!(await store.trySequencerLock(tx))) return { sequenced: 0, locked: false, created: [] };
    const pending = await store.pendingEntries(tx, BATCH);
    if (pending.length === 0) return { sequenced: 0, locked: true, created: [] };
    const size = await store.treeSize(tx);

    // every sibling an append needs either exists already (complete before this batch) or is made in it
    const needed = new Map<string, { level: number; index: number }>();
    pending.forEach((_, i) => {
      for (const n of appendSiblingNodes(size + i)) if ((n.index + 1) * 2 ** n.level <= size) needed.set(store.nodeKey(n.level, n.index), n);
    });
    const nodes = await store.readNodes(tx, [...needed.values()]);
    const created: StoredNode[] = [];
    const assignments = pending.map((row, i) => {
      const seq = size + i;
      const hash = entryLeafHash(leafOf(row, seq));
      for (const node of completedNodesAfterAppend(seq, hash, nodeGetter(nodes))) {
        nodes.set(store.nodeKey(node.level, node.index), node.hash);
        created.push(node);
      }
      return { id: row.id, seq, leafHash: hash };
    });
    await store.setSequence(tx, assignments);
    await store.insertNodes(tx, created);
    return { sequenced: pending.length, locked: true, created };
  }

  private async checkpointIfDue(tx: Tx, size: number, force: boolean): Promise<number | undefined> {
    const last = await store.latestCheckpoint(tx);
    if (size === 0 || (last && last.treeSize >= size)) return last?.treeSize;
    const now = this.deps.clock.now();
    const due =
      force ||
      !last ||
      size - last.treeSize >= this.policy.everyEntries ||
      now.getTime() - last.createdAt.getTime() >= this.policy.everySeconds * 1000;
    if (!due) return last.treeSize;
    const nodes = await store.readNodes(tx, rootHashNodes(size));
    const rootHash = rootHashFromNodes(size, nodeGetter(nodes));
    const body = formatCheckpoint({ origin: this.signers.origin, size, rootHash });
    const note = signNote(body, [this.signers.ed25519, this.signers.sm2]);
    await store.insertCheckpoint(tx, { treeSize: size, rootHash, note, createdAt: now });
    return size;
  }
}
