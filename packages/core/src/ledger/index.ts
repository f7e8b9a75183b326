// The verifiable ledger's pure parts: canonical payloads, the RFC 9162 Merkle tree, and signed checkpoints.
// Uses node:crypto (hashing, Ed25519): import it from server and CLI code, not from the browser portal.
export { canonicalBytes, canonicalJson, CanonicalJsonError } from './jcs.ts';
export {
  appendSiblingNodes,
  completedNodesAfterAppend,
  completedNodesAfterAppendAsync,
  consistencyProof,
  consistencyProofAsync,
  consistencyProofNodes,
  emptyRootHash,
  HASH_SIZE,
  inclusionProof,
  inclusionProofAsync,
  inclusionProofNodes,
  leafHash,
  nodeHash,
  rootHash,
  rootHashFromNodes,
  rootHashFromNodesAsync,
  rootHashNodes,
  verifyConsistency,
  verifyInclusion,
  type AsyncNodeReader,
  type NodeId,
  type NodeReader,
  type StoredNode,
} from './merkle.ts';
export {
  computeKeyId,
  cosignerFromPrivateKey,
  formatKeyId,
  generateCosigner,
  generateEd25519Signer,
  generateSm2Signer,
  isValidKeyName,
  NoteKeyError,
  signerFromPrivateKey,
  verifierFromVkey,
  type Cosigner,
  type GeneratedKey,
  type NoteKey,
  type NoteSigner,
  type NoteVerifier,
  type SignatureType,
} from './note-keys.ts';
export {
  addSignatures,
  formatSignatureLine,
  MAX_NOTE_SIGNATURES,
  NoteError,
  openNote,
  parseNote,
  parseSignatureLine,
  signNote,
  type NoteErrorCode,
  type NoteSignature,
  type OpenedNote,
  type ParsedNote,
  type VerifiedSignature,
} from './signed-note.ts';
export { CheckpointError, formatCheckpoint, parseCheckpoint, type Checkpoint } from './checkpoint.ts';
export { cosign, verifyCosignature } from './cosignature.ts';
export { SM2_DEFAULT_USER_ID } from './sm2.ts';
export { entryLeafHash, leafBytes, LEAF_FORMAT_VERSION, payloadHash, type EntityRef, type LedgerLeaf } from './entry.ts';
export { decodeHex, encodeHex } from './bytes.ts';
export { generateSm2KeyPair, isValidSm2PublicKey } from './sm2.ts';
