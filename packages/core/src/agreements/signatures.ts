// Party signatures over the canonical agreement hash, with each organization's SM2 key (GB/T 32918.2 with SM3, the
// same choices as the ledger's "sm2-sm3" signatures: default user ID, signature r ‖ s as 64 bytes).
//
// What is signed is not the bare hash but a short, labelled text, so that a signature made for an agreement can
// never be replayed as a signature of something else made with the same key (a ledger note, another protocol):
//
//   shuyun-agreement-signature/v1 LF <64 lower-case hex digits of the agreement hash> LF
//
// Anyone can check a signature with any SM2 implementation: verify (r ‖ s) over those bytes with the party's
// public key and the user ID 1234567812345678.
import { decodeHex, encodeHex, utf8 } from '../ledger/bytes.ts';
import { sm2FromPrivateKey, sm2Sign, sm2Verifier } from '../ledger/sm2.ts';
import { AGREEMENT_HASH_PATTERN, agreementHash } from './hash.ts';
import type { AgreementDocument, AgreementParty } from './model.ts';

export const AGREEMENT_SIGNATURE_LABEL = 'shuyun-agreement-signature/v1';

const HEX = /^(?:[0-9a-fA-F]{2})*$/;

function bytesOf(value: Uint8Array | string, what: string): Uint8Array {
  if (typeof value !== 'string') return value;
  if (!HEX.test(value)) throw new RangeError(`${what} is not hex`);
  return decodeHex(value);
}

/** The exact bytes a party signs for an agreement hash. */
export function agreementSigningMessage(hash: string): Uint8Array {
  if (!AGREEMENT_HASH_PATTERN.test(hash)) throw new RangeError('an agreement hash is 64 lower-case hex digits (SM3)');
  return utf8(`${AGREEMENT_SIGNATURE_LABEL}\n${hash}\n`);
}

/** Signs an agreement hash with an SM2 private key (32 bytes, or 64 hex digits); returns r ‖ s as 128 hex digits. */
export function signAgreementHash(hash: string, sm2PrivateKey: Uint8Array | string): string {
  const pair = sm2FromPrivateKey(bytesOf(sm2PrivateKey, 'the private key'));
  return encodeHex(sm2Sign(pair, agreementSigningMessage(hash)));
}

/**
 * True when `signature` (r ‖ s, bytes or hex) is a valid SM2 signature of the agreement hash by the holder of
 * `sm2PublicKey` (65-byte uncompressed point, bytes or hex). Never throws: malformed input is simply not valid.
 */
export function verifyAgreementSignature(hash: string, signature: Uint8Array | string, sm2PublicKey: Uint8Array | string): boolean {
  try {
    const verify = verifierFor(bytesOf(sm2PublicKey, 'the public key'));
    return verify(agreementSigningMessage(hash), bytesOf(signature, 'the signature'));
  } catch {
    return false;
  }
}

// Preparing a verifier (the key's precomputed multiples) costs ~200 ms; using one, ~4 ms. Organizations are few and
// their keys long-lived, so verifiers are kept, a bounded number, oldest dropped first.
const VERIFIER_CACHE_SIZE = 256;
const verifiers = new Map<string, (message: Uint8Array, signature: Uint8Array) => boolean>();

function verifierFor(publicKey: Uint8Array): (message: Uint8Array, signature: Uint8Array) => boolean {
  const key = encodeHex(publicKey);
  let verify = verifiers.get(key);
  if (!verify) {
    verify = sm2Verifier(publicKey); // throws on a key that is not a point of the curve: not cached
    if (verifiers.size >= VERIFIER_CACHE_SIZE) verifiers.delete(verifiers.keys().next().value as string);
    verifiers.set(key, verify);
  }
  return verify;
}

/** One party's signature as stored: the caller vouches that `publicKey` is the key registered for the organization. */
export interface AgreementSignature {
  organizationId: string;
  /** hex, 65-byte uncompressed SM2 point */
  publicKey: string;
  /** hex, r ‖ s */
  signature: string;
  /** ISO 8601 instant the signature was received */
  signedAt: string;
}

export interface AgreementSignatureStatus {
  hash: string;
  /** parties with a valid signature */
  signed: AgreementParty[];
  /** parties without a valid signature */
  missing: AgreementParty[];
  /** signatures that do not verify, or are by an organization that is not a party */
  rejected: Array<{ organizationId: string; reason: 'not_a_party' | 'does_not_verify' }>;
  /** every party has signed */
  complete: boolean;
  /** when the last party signed (complete only) */
  completedAt?: string;
}

/** Which parties have validly signed this very document (a signature over another text does not count). */
export function agreementSignatureStatus(document: AgreementDocument, signatures: readonly AgreementSignature[]): AgreementSignatureStatus {
  const hash = agreementHash(document);
  const valid = new Map<string, AgreementSignature>();
  const rejected: AgreementSignatureStatus['rejected'] = [];
  for (const s of signatures) {
    if (!document.parties.some((p) => p.organizationId === s.organizationId)) rejected.push({ organizationId: s.organizationId, reason: 'not_a_party' });
    else if (!verifyAgreementSignature(hash, s.signature, s.publicKey)) rejected.push({ organizationId: s.organizationId, reason: 'does_not_verify' });
    else if (!valid.has(s.organizationId)) valid.set(s.organizationId, s);
  }
  const signed = document.parties.filter((p) => valid.has(p.organizationId));
  const missing = document.parties.filter((p) => !valid.has(p.organizationId));
  const complete = missing.length === 0;
  const status: AgreementSignatureStatus = { hash, signed, missing, rejected, complete };
  if (complete) {
    status.completedAt = [...valid.values()].map((s) => s.signedAt).reduce((a, b) => (Date.parse(a) >= Date.parse(b) ? a : b));
  }
  return status;
}
