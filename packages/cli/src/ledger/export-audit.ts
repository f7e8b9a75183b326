// The checks of `shuyun ledger verify`, one line of the export at a time. Memory stays O(log n) plus the
// checkpoints that arrived before their entries (normally none: the export writes each after its last entry).
import { entryLeafHash, type NoteVerifier, payloadHash, verifyConsistency } from '@shuyun/core/ledger';
import { CompactRange } from './compact-range.ts';
import { fromBase64, sameBytes, toBase64 } from './encoding.ts';
import type { CheckpointLine, EntryLine, ExportHeader } from './export-format.ts';
import { count } from '../io.ts';
import { CheckpointRejected, openSignedCheckpoint } from './signed-checkpoint.ts';

/** The first thing wrong with the export: what, and where. */
export class VerifyProblem extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VerifyProblem';
  }
}

interface SignedHead {
  size: number;
  root: Uint8Array;
}

export interface AuditResult {
  entries: number;
  checkpoints: number;
  treeSize: number;
  root: Uint8Array;
  cosignatures: number;
  witnesses: string[];
}

export class ExportAudit {
  private readonly tree = new CompactRange();
  private readonly waiting: SignedHead[] = []; // checkpoints ahead of their entries
  private nextSeq = 0;
  private entries = 0;
  private checkpoints = 0;
  private cosignatures = 0;
  private readonly witnesses = new Set<string>();
  private previous: SignedHead | undefined;
  private lastMatched: number | undefined;

  constructor(
    private readonly header: ExportHeader,
    private readonly log: readonly NoteVerifier[],
    private readonly witnessKeys: readonly NoteVerifier[],
  ) {}

  private get full(): boolean {
    return !this.header.partial;
  }

  entry(line: EntryLine, where: string): void {
    const { seq, leaf, payload } = line;
    if (!Number.isSafeInteger(seq) || typeof leaf !== 'object' || leaf === null || typeof leaf.entity !== 'object' || leaf.entity === null) {
      throw new VerifyProblem(`${where}: not an entry of a shuyun ledger export`);
    }
    const what = `entry ${seq} (${leaf.action}, ${leaf.entity.type} ${leaf.entity.id})`;
    if (this.full && seq > this.nextSeq) throw new VerifyProblem(`entry ${this.nextSeq}${seq - this.nextSeq > 1 ? `–${seq - 1}` : ''} missing: the export goes from entry ${this.nextSeq - 1} to entry ${seq} (${where})`);
    if (seq < this.nextSeq) throw new VerifyProblem(`${what} is out of order or repeated, after entry ${this.nextSeq - 1} (${where})`);
    if (seq >= this.header.treeSize) throw new VerifyProblem(`${what} lies beyond the export's tree size ${count(this.header.treeSize)} (${where})`);
    if (leaf.seq !== seq) throw new VerifyProblem(`${what}: its leaf says sequence number ${leaf.seq} (${where})`);
    if (!this.payloadMatches(payload, leaf.payloadHash)) throw new VerifyProblem(`${what}: payload does not match the payload hash in its leaf (${where})`);
    const stored = fromBase64(line.leafHash);
    const computed = this.leafHashOf(leaf);
    if (!stored || !computed || !sameBytes(computed, stored)) throw new VerifyProblem(`${what}: content does not match its leaf hash (${where})`);
    this.nextSeq = seq + 1;
    this.entries++;
    if (!this.full) return;
    this.tree.append(computed);
    while (this.waiting[0]?.size === this.tree.size) this.compareRoot(this.waiting.shift()!);
  }

  checkpoint(line: CheckpointLine, where: string): void {
    let head: SignedHead;
    try {
      const { checkpoint, cosignedBy } = openSignedCheckpoint(line.note, this.header.origin, this.log, this.witnessKeys);
      head = { size: checkpoint.size, root: checkpoint.rootHash };
      for (const name of cosignedBy) this.witnesses.add(name);
      this.cosignatures += cosignedBy.length;
    } catch (err) {
      if (err instanceof CheckpointRejected) throw new VerifyProblem(`checkpoint ${line.treeSize}: ${err.message} (${where})`);
      throw new VerifyProblem(`checkpoint ${line.treeSize}: ${(err as Error).message} (${where})`);
    }
    const label = `checkpoint ${count(head.size)}`;
    if (line.treeSize !== head.size || line.rootHash !== toBase64(head.root)) {
      throw new VerifyProblem(`${label}: its listed size or root differs from what the log signed (${where})`);
    }
    this.checkChain(line, head, label, where);
    this.previous = head;
    this.checkpoints++;
    if (!this.full) return;
    if (head.size < this.tree.size) throw new VerifyProblem(`${label} comes after entry ${this.tree.size - 1}; it belongs right after entry ${head.size - 1} (${where})`);
    if (head.size === this.tree.size) this.compareRoot(head);
    else this.waiting.push(head);
  }

  finish(): AuditResult {
    const last = this.previous;
    if (!last) throw new VerifyProblem('the export holds no checkpoint: nothing signed to verify against');
    const waiting = this.waiting[0];
    if (waiting) throw new VerifyProblem(`checkpoint ${count(waiting.size)} covers ${count(waiting.size)} entries, but the export ends after ${count(this.tree.size)} (truncated?)`);
    if (this.entries !== this.header.entries) throw new VerifyProblem(`the header announces ${count(this.header.entries)} entries, the file holds ${count(this.entries)} (truncated?)`);
    if (last.size !== this.header.treeSize) throw new VerifyProblem(`the export's last checkpoint is ${count(last.size)}, but its header announces tree size ${count(this.header.treeSize)} (truncated?)`);
    if (this.full && this.entries !== this.header.treeSize) throw new VerifyProblem(`the export ends after entry ${this.entries - 1}, but its tree size is ${count(this.header.treeSize)} (truncated?)`);
    return {
      entries: this.entries,
      checkpoints: this.checkpoints,
      treeSize: last.size,
      root: last.root,
      cosignatures: this.cosignatures,
      witnesses: [...this.witnesses].sort(),
    };
  }

  private leafHashOf(leaf: EntryLine['leaf']): Uint8Array | undefined {
    try {
      return entryLeafHash(leaf);
    } catch {
      return undefined; // not canonical JSON (a lone surrogate, a non-finite number): no leaf the log could have hashed
    }
  }

  private payloadMatches(payload: unknown, expected: unknown): boolean {
    try {
      return payloadHash(payload) === expected;
    } catch {
      return false; // not canonical JSON at all
    }
  }

  /**
   * Every later checkpoint must extend the earlier one. With the consistency proof carried in the export this
   * holds even for a partial export; for a full one, recomputing each root from the leaves proves it again.
   */
  private checkChain(line: CheckpointLine, head: SignedHead, label: string, where: string): void {
    const previous = this.previous;
    if (!previous) return;
    if (head.size <= previous.size) throw new VerifyProblem(`${label} is out of order: it follows checkpoint ${count(previous.size)} (${where})`);
    const consistency = line.consistency;
    if (!consistency) {
      if (this.full) return;
      throw new VerifyProblem(`${label}: a partial export needs the consistency proof from checkpoint ${count(previous.size)}, and it has none (${where})`);
    }
    const proof = Array.isArray(consistency.proof) ? consistency.proof.map(fromBase64) : [undefined];
    const valid = consistency.from === previous.size && proof.every((p) => p !== undefined);
    if (!valid || !verifyConsistency(previous.size, head.size, proof as Uint8Array[], previous.root, head.root)) {
      throw new VerifyProblem(`${label} is not consistent with checkpoint ${count(previous.size)}: the consistency proof does not verify (${where})`);
    }
  }

  /** A root mismatch although every leaf matched its hash: the change lies in the entries since the last good root. */
  private compareRoot(head: SignedHead): void {
    if (sameBytes(this.tree.root(), head.root)) {
      this.lastMatched = head.size;
      return;
    }
    const from = this.lastMatched ?? 0;
    const since = this.lastMatched === undefined ? 'from the start of the log' : `since checkpoint ${count(this.lastMatched)}, the last that matched`;
    throw new VerifyProblem(
      `checkpoint ${count(head.size)}: its signed root ${toBase64(head.root)} is not the root of the exported entries (${toBase64(this.tree.root())}); ` +
        `each entry matches its own leaf hash, so entries ${from}–${head.size - 1} (${since}) are not the entries the log signed: rewritten with their leaf hashes, added or removed`,
    );
  }
}
