// API shapes of the ledger (packages/server/src/modules/ledger/schemas.ts), as the portal reads them.

export interface EntityRef {
  type: string;
  id: string;
}

/** The hashed form of an entry: leaf hash = SHA-256(0x00 ‖ JCS({v:1, …leaf})). */
export interface LedgerLeaf {
  seq: number;
  time: string;
  actor: { user: string | null; org: string | null };
  action: string;
  category: 'state' | 'access';
  entity: EntityRef;
  orgs: string[];
  payloadHash: string;
  derivedFrom: EntityRef[];
}

export interface LedgerEntry {
  seq: number | null;
  leaf: LedgerLeaf | null;
  leafHash: string | null;
  payload: unknown;
}

export interface LedgerCheckpoint {
  treeSize: number;
  rootHash: string;
  createdAt: string;
  note: string;
  cosignatures: { witness: string; signedAt: string }[];
}

export interface InclusionProof extends LedgerEntry {
  treeSize: number;
  proof: string[];
  checkpoint: LedgerCheckpoint;
}

export interface LineageEdge {
  parentType: string;
  parentId: string;
  childType: string;
  childId: string;
  depth: number;
}

export interface Lineage {
  entity: EntityRef;
  upstream: LineageEdge[];
  downstream: LineageEdge[];
  entries: LedgerEntry[];
}

export interface Witness {
  name: string;
  vkey: string;
  orgId: string;
  createdAt: string;
}

export interface LogKeys {
  origin: string;
  keys: { name: string; type: string; keyId: string; vkey: string }[];
  keyIdScheme: string;
  witnesses: Witness[];
}
