// The shapes the ledger API answers with, as the CLI reads them (see the server's OpenAPI at /openapi.json).
// The CLI never trusts them for anything that matters: every fact it acts on is re-derived from signed notes,
// proofs and hashes.
import type { LedgerLeaf } from '@shuyun/core/ledger';

export interface LogKeysDoc {
  origin: string;
  keys: Array<{ name: string; type: string; keyId: string; vkey: string }>;
  witnesses: WitnessDoc[];
}

export interface WitnessDoc {
  name: string;
  vkey: string;
  orgId: string;
}

export interface CheckpointDoc {
  treeSize: number;
  rootHash: string;
  createdAt: string;
  /** the log's signed note with every witness cosignature appended */
  note: string;
  cosignatures: Array<{ witness: string; signedAt: string }>;
}

export interface EntryDoc {
  seq: number | null;
  leaf: LedgerLeaf | null;
  leafHash: string | null;
  payload: unknown;
}

export interface ConsistencyDoc {
  from: number;
  to: number;
  proof: string[];
}

export const PATHS = {
  wellKnown: '/.well-known/shuyun-ledger',
  checkpoint: '/api/v1/ledger/checkpoint',
  checkpoints: '/api/v1/ledger/checkpoints',
  entries: '/api/v1/ledger/entries',
  consistency: '/api/v1/ledger/proofs/consistency',
  cosignatures: (size: number) => `/api/v1/ledger/checkpoints/${size}/cosignatures`,
} as const;

/** The server's largest page (entries and checkpoints). */
export const PAGE_LIMIT = 1000;
