import { addSignatures, type LedgerLeaf } from '@shuyun/core/ledger';
import { leafOf } from './leaf.ts';
import type { CheckpointRow, EntryRow } from './store.ts';

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

export function entryView(row: EntryRow): { seq: number | null; leaf: LedgerLeaf | null; leafHash: string | null; payload: unknown } {
  return { seq: row.seq, leaf: row.seq === null ? null : leafOf(row), leafHash: row.leafHash ? b64(row.leafHash) : null, payload: row.payload };
}

/** A checkpoint as served: the log's note with every stored witness cosignature appended. */
export function checkpointView(row: CheckpointRow, cosignatures: Array<{ witness: string; signatureLine: string; signedAt: Date }>) {
  return {
    treeSize: row.treeSize,
    rootHash: b64(row.rootHash),
    createdAt: row.createdAt.toISOString(),
    note: cosignatures.length ? addSignatures(row.note, cosignatures.map((c) => c.signatureLine)) : row.note,
    cosignatures: cosignatures.map((c) => ({ witness: c.witness, signedAt: c.signedAt.toISOString() })),
  };
}

export { b64 };
