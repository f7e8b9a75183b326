import { createHash } from 'node:crypto';
import { canonicalBytes } from './jcs.ts';
import { leafHash } from './merkle.ts';

/** A reference to a platform object: what an entry is about, or what it was derived from (lineage). */
export interface EntityRef {
  type: string;
  id: string;
}

/**
 * One ledger entry as it is hashed into the log. Everything a verifier needs is here; the payload itself is
 * kept beside it and committed to by `payloadHash`. Identifiers only: never raw personal data.
 */
export interface LedgerLeaf {
  seq: number;
  time: string; // ISO 8601, UTC, milliseconds
  actor: { user: string | null; org: string | null };
  action: string;
  category: 'state' | 'access';
  entity: EntityRef;
  orgs: string[]; // organizations the entry concerns, sorted
  payloadHash: string; // sha256:<hex> of JCS(payload)
  derivedFrom: EntityRef[];
}

export const LEAF_FORMAT_VERSION = 1;

/** The bytes a leaf hash covers: RFC 8785 canonical JSON of the entry with its format version. */
export function leafBytes(leaf: LedgerLeaf): Uint8Array {
  return canonicalBytes({ v: LEAF_FORMAT_VERSION, ...leaf });
}

export function entryLeafHash(leaf: LedgerLeaf): Uint8Array {
  return leafHash(leafBytes(leaf));
}

export function payloadHash(payload: unknown): string {
  return `sha256:${createHash('sha256').update(canonicalBytes(payload)).digest('hex')}`;
}
