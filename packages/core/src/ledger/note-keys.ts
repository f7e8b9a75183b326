// Keys for signed notes (C2SP signed-note, tlog-cosignature): signature types, key IDs, vkey/skey strings.
//
// A signature line names its key by (key name, key ID). For every type we use the signed-note derivation
//
//     key ID = SHA-256(key name ‖ 0x0A ‖ type ‖ public key)[:4], read as a big-endian uint32
//
// with these `type` bytes:
//
//   0x01                   Ed25519 (signed-note). Public key 32 bytes, signature 64 bytes over the note text.
//   0x04                   Ed25519 cosignature/v1 (tlog-cosignature). Public key 32 bytes; signature
//                          = u64 big-endian POSIX time ‖ 64-byte Ed25519 signature over
//                          "cosignature/v1\ntime <time>\n" ‖ checkpoint body.
//   0xFF 0x07 "sm2-sm3"    SM2 with SM3 (GB/T 32918.2). Signed-note reserves 0xFF for types without an assigned
//                          byte and recommends a longer identifier after it; ours is one length byte (0x07) and
//                          the ASCII identifier "sm2-sm3", so type and key split apart without a registry.
//                          Public key = 65-byte uncompressed point 0x04 ‖ x ‖ y; signature = r ‖ s (2 × 32 bytes,
//                          big-endian) over e = SM3(Z_A ‖ note text), Z_A with the default ID "1234567812345678".
//                          So: key ID = SHA-256(name ‖ 0x0A ‖ 0xFF ‖ 0x07 ‖ "sm2-sm3" ‖ 0x04 ‖ x ‖ y)[:4].
//
// Key strings follow golang.org/x/mod/sumdb/note, so Go tooling reads our Ed25519 keys as-is:
//
//   vkey  <name>+<key ID, 8 hex>+<base64(type ‖ public key)>
//   skey  PRIVATE+KEY+<name>+<key ID, 8 hex>+<base64(type ‖ private key)>   (Ed25519: 32-byte seed; SM2: 32-byte d)
//
// The key ID in a key string must match the derivation; a mismatch is refused (it would never match a signature).
import { bytesEqual, concatBytes, decodeBase64, encodeBase64, sha256, utf8 } from './bytes.ts';
import { ED25519_KEY_SIZE, ED25519_SIGNATURE_SIZE, ed25519FromSeed, ed25519Sign, ed25519Verifier, randomEd25519Seed } from './ed25519.ts';
import { generateSm2KeyPair, isValidSm2PublicKey, sm2FromPrivateKey, sm2Sign, sm2Verifier, type Sm2KeyPair } from './sm2.ts';

export type SignatureType = 'ed25519' | 'sm2-sm3' | 'cosignature-v1';

const TYPE_BYTES: Record<SignatureType, Uint8Array> = {
  ed25519: Uint8Array.of(0x01),
  'cosignature-v1': Uint8Array.of(0x04),
  'sm2-sm3': concatBytes(Uint8Array.of(0xff, 7), utf8('sm2-sm3')),
};

export interface NoteKey {
  readonly name: string;
  readonly keyId: number;
  readonly type: SignatureType;
  /** The verifier key string to hand to whoever verifies this key's signatures. */
  readonly vkey: string;
}

export interface NoteSigner extends NoteKey {
  readonly type: 'ed25519' | 'sm2-sm3';
  /** Signs the note text (UTF-8 bytes, final newline included). */
  sign(text: Uint8Array): Uint8Array;
}

export interface Cosigner extends NoteKey {
  readonly type: 'cosignature-v1';
  /** The timestamped_signature over a checkpoint body: u64 time ‖ Ed25519 signature. */
  sign(checkpointBody: string, time: number): Uint8Array;
}

export interface NoteVerifier extends NoteKey {
  verify(text: Uint8Array, signature: Uint8Array): boolean;
}

export interface GeneratedKey<S> {
  readonly signer: S;
  /** The private key string: store it as a secret, load it back with signerFromPrivateKey / cosignerFromPrivateKey. */
  readonly skey: string;
}

export class NoteKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NoteKeyError';
  }
}

// ── names, key IDs, key strings ──────────────────────────────────────────────────────────────────────────

// Unicode White_Space (what Go's unicode.IsSpace accepts), plus the C0 controls a note may not contain.
const FORBIDDEN_IN_NAME = /[+\u0000-\u0020\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]|[\uD800-\uDFFF]/;
const KEY_ID = /^[0-9a-fA-F]{8}$/;

/** Non-empty, no Unicode spaces, no plus (signed-note). Lone surrogates are refused too: no UTF-8 form. */
export function isValidKeyName(name: string): boolean {
  return name.length > 0 && !FORBIDDEN_IN_NAME.test(name.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, 'x'));
}

export function computeKeyId(name: string, type: SignatureType, publicKey: Uint8Array): number {
  const digest = sha256(utf8(name), Uint8Array.of(0x0a), TYPE_BYTES[type], publicKey);
  return new DataView(digest.buffer, digest.byteOffset, 4).getUint32(0);
}

export function formatKeyId(keyId: number): string {
  return keyId.toString(16).padStart(8, '0');
}

function formatKeyString(prefix: string, name: string, keyId: number, type: SignatureType, key: Uint8Array): string {
  return `${prefix}${name}+${formatKeyId(keyId)}+${encodeBase64(concatBytes(TYPE_BYTES[type], key))}`;
}

interface ParsedKeyString {
  readonly name: string;
  readonly keyId: number;
  readonly type: SignatureType;
  readonly key: Uint8Array;
}

/** name+id+base64 — the name has no '+', the base64 may (split on the first two only). */
function parseKeyString(text: string, what: string): ParsedKeyString {
  const first = text.indexOf('+');
  const second = text.indexOf('+', first + 1);
  if (first < 0 || second < 0) throw new NoteKeyError(`malformed ${what}`);
  const name = text.slice(0, first);
  const id = text.slice(first + 1, second);
  const typeAndKey = decodeBase64(text.slice(second + 1));
  if (!isValidKeyName(name) || !KEY_ID.test(id) || typeAndKey === undefined) throw new NoteKeyError(`malformed ${what}`);
  const split = splitType(typeAndKey);
  if (split === undefined) throw new NoteKeyError(`${what} has an unsupported signature type`);
  return { name, keyId: Number.parseInt(id, 16), ...split };
}

function splitType(typeAndKey: Uint8Array): { type: SignatureType; key: Uint8Array } | undefined {
  for (const [type, prefix] of Object.entries(TYPE_BYTES) as [SignatureType, Uint8Array][]) {
    if (typeAndKey.length > prefix.length && bytesEqual(typeAndKey.subarray(0, prefix.length), prefix)) {
      return { type, key: typeAndKey.subarray(prefix.length) };
    }
  }
  return undefined;
}

function checkKeyId(parsed: ParsedKeyString, publicKey: Uint8Array, what: string): void {
  if (computeKeyId(parsed.name, parsed.type, publicKey) !== parsed.keyId) throw new NoteKeyError(`${what} key ID does not match its key`);
}

// ── verifiers ────────────────────────────────────────────────────────────────────────────────────────────

export function verifierFromVkey(vkey: string): NoteVerifier {
  const parsed = parseKeyString(vkey, 'verifier key');
  const { name, keyId, type, key } = parsed;
  checkKeyId(parsed, key, 'verifier key');
  const identity = { name, keyId, type, vkey: formatKeyString('', name, keyId, type, key) };
  switch (type) {
    case 'ed25519':
      return { ...identity, verify: keyVerifier(key, ED25519_KEY_SIZE, ed25519Verifier) };
    case 'sm2-sm3':
      if (!isValidSm2PublicKey(key)) throw new NoteKeyError('verifier key is not an SM2 public key');
      return { ...identity, verify: sm2Verifier(key) };
    case 'cosignature-v1': {
      const verifyEd25519 = keyVerifier(key, ED25519_KEY_SIZE, ed25519Verifier);
      return {
        ...identity,
        verify: (text, signature) => {
          const time = cosignatureTime(signature);
          if (time === undefined) return false;
          return verifyEd25519(concatBytes(cosignatureHeader(time), text), signature.subarray(8));
        },
      };
    }
  }
}

function keyVerifier<V>(key: Uint8Array, size: number, make: (key: Uint8Array) => V): V {
  if (key.length !== size) throw new NoteKeyError(`verifier key must hold a ${size}-byte public key`);
  return make(key);
}

// ── signers ──────────────────────────────────────────────────────────────────────────────────────────────

export function generateEd25519Signer(name: string): GeneratedKey<NoteSigner> {
  return ed25519Signer(name, randomEd25519Seed());
}

export function generateSm2Signer(name: string): GeneratedKey<NoteSigner> {
  return sm2Signer(name, generateSm2KeyPair());
}

export function generateCosigner(name: string): GeneratedKey<Cosigner> {
  return cosigner(name, randomEd25519Seed());
}

/** Loads an Ed25519 or SM2 note signer from its skey. */
export function signerFromPrivateKey(skey: string): NoteSigner {
  const parsed = parseSkey(skey);
  if (parsed.type === 'cosignature-v1') throw new NoteKeyError('a cosignature key signs checkpoints: load it with cosignerFromPrivateKey');
  const { signer } = parsed.type === 'ed25519' ? ed25519Signer(parsed.name, checkedSeed(parsed.key)) : sm2Signer(parsed.name, checkedSm2(parsed.key));
  return withMatchingKeyId(signer, parsed.keyId);
}

/**
 * Loads a witness cosigner. Accepts our type-0x04 skey, and a plain Ed25519 (0x01) skey as the Go witness tools
 * (transparency-dev/formats) issue them: the same key then cosigns under its 0x04 key ID.
 */
export function cosignerFromPrivateKey(skey: string): Cosigner {
  const parsed = parseSkey(skey);
  if (parsed.type === 'sm2-sm3') throw new NoteKeyError('cosignature/v1 keys are Ed25519');
  const seed = checkedSeed(parsed.key);
  const { signer } = cosigner(parsed.name, seed);
  // The skey's key ID is derived with the skey's own type byte.
  withMatchingKeyId(parsed.type === 'ed25519' ? ed25519Signer(parsed.name, seed).signer : signer, parsed.keyId);
  return signer;
}

function parseSkey(skey: string): ParsedKeyString {
  if (!skey.startsWith('PRIVATE+KEY+')) throw new NoteKeyError('malformed private key');
  return parseKeyString(skey.slice('PRIVATE+KEY+'.length), 'private key');
}

function checkedSeed(key: Uint8Array): Uint8Array {
  if (key.length !== ED25519_KEY_SIZE) throw new NoteKeyError(`an Ed25519 private key is a ${ED25519_KEY_SIZE}-byte seed`);
  return key;
}

function checkedSm2(key: Uint8Array): Sm2KeyPair {
  try {
    return sm2FromPrivateKey(key);
  } catch {
    throw new NoteKeyError('not an SM2 private key');
  }
}

function withMatchingKeyId<S extends NoteKey>(signer: S, keyId: number): S {
  if (signer.keyId !== keyId) throw new NoteKeyError('private key ID does not match its key');
  return signer;
}

function ed25519Signer(name: string, seed: Uint8Array): GeneratedKey<NoteSigner> {
  assertName(name);
  const { privateKey, publicKey } = ed25519FromSeed(seed);
  const keyId = computeKeyId(name, 'ed25519', publicKey);
  return {
    signer: {
      name,
      keyId,
      type: 'ed25519',
      vkey: formatKeyString('', name, keyId, 'ed25519', publicKey),
      sign: (text) => ed25519Sign(privateKey, text),
    },
    skey: formatKeyString('PRIVATE+KEY+', name, keyId, 'ed25519', seed),
  };
}

function sm2Signer(name: string, pair: Sm2KeyPair): GeneratedKey<NoteSigner> {
  assertName(name);
  const keyId = computeKeyId(name, 'sm2-sm3', pair.publicKey);
  return {
    signer: {
      name,
      keyId,
      type: 'sm2-sm3',
      vkey: formatKeyString('', name, keyId, 'sm2-sm3', pair.publicKey),
      sign: (text) => sm2Sign(pair, text),
    },
    skey: formatKeyString('PRIVATE+KEY+', name, keyId, 'sm2-sm3', pair.privateKey),
  };
}

function cosigner(name: string, seed: Uint8Array): GeneratedKey<Cosigner> {
  assertName(name);
  const { privateKey, publicKey } = ed25519FromSeed(seed);
  const keyId = computeKeyId(name, 'cosignature-v1', publicKey);
  return {
    signer: {
      name,
      keyId,
      type: 'cosignature-v1',
      vkey: formatKeyString('', name, keyId, 'cosignature-v1', publicKey),
      sign: (checkpointBody, time) =>
        concatBytes(encodeTime(time), ed25519Sign(privateKey, concatBytes(cosignatureHeader(time), utf8(checkpointBody)))),
    },
    skey: formatKeyString('PRIVATE+KEY+', name, keyId, 'cosignature-v1', seed),
  };
}

function assertName(name: string): void {
  if (!isValidKeyName(name)) throw new NoteKeyError('a key name must be non-empty, without spaces or "+"');
}

// ── cosignature/v1 framing ───────────────────────────────────────────────────────────────────────────────

const COSIGNATURE_SIZE = 8 + ED25519_SIGNATURE_SIZE;

/** "cosignature/v1\ntime <t>\n": prepended to the checkpoint body to form the signed message. */
function cosignatureHeader(time: number): Uint8Array {
  return utf8(`cosignature/v1\ntime ${time}\n`);
}

function encodeTime(time: number): Uint8Array {
  if (!Number.isSafeInteger(time) || time < 0) throw new RangeError('a cosignature time is a non-negative integer of POSIX seconds');
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(time));
  return bytes;
}

/**
 * The timestamp of a cosignature/v1 signature (bytes after the key ID), or undefined if it is not one.
 * The spec allows up to 2^63 − 1; beyond 2^53 (year 285 million) we refuse rather than lose precision.
 */
export function cosignatureTime(signature: Uint8Array): number | undefined {
  if (signature.length !== COSIGNATURE_SIZE) return undefined;
  const time = new DataView(signature.buffer, signature.byteOffset, 8).getBigUint64(0);
  return time <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(time) : undefined;
}
