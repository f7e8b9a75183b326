// The offline export: JSON lines, so a log of millions of entries is written and checked as a stream.
//   line 1   header: the log's origin and keys (and registered witnesses) as the server published them
//   then     entries in sequence order; each checkpoint right after the entry that completes its tree, with the
//            consistency proof from the previous checkpoint (so even a partial export proves the chain)
import type { LedgerLeaf } from '@shuyun/core/ledger';
import type { CheckpointDoc, WitnessDoc } from './api-types.ts';

export const EXPORT_FORMAT = 'shuyun-ledger-export/1';

export interface ExportHeader {
  format: typeof EXPORT_FORMAT;
  origin: string;
  /** the log's vkeys (Ed25519 and SM2) */
  keys: string[];
  witnesses: WitnessDoc[];
  server: string;
  exportedAt: string;
  /** size of the latest checkpoint exported: entries 0 … treeSize − 1 */
  treeSize: number;
  entries: number;
  /** true when the API key could not see every entry (not the authority or a regulator) */
  partial: boolean;
}

export interface CheckpointLine extends CheckpointDoc {
  kind: 'checkpoint';
  consistency?: { from: number; proof: string[] };
}

export interface EntryLine {
  kind: 'entry';
  seq: number;
  leaf: LedgerLeaf;
  /** base64 leaf hash as the log stored it */
  leafHash: string;
  payload: unknown;
}
