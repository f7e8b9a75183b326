// Ed25519 (RFC 8032) on raw bytes — 32-byte seeds and public keys as signed-note carries them — over
// node:crypto, which only speaks KeyObjects: the fixed DER prefixes below wrap raw keys as PKCS#8 / SPKI.
import { createPrivateKey, createPublicKey, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { concatBytes, decodeHex } from './bytes.ts';

export const ED25519_KEY_SIZE = 32;
export const ED25519_SIGNATURE_SIZE = 64;

const PKCS8_PREFIX = decodeHex('302e020100300506032b657004220420');
const SPKI_PREFIX = decodeHex('302a300506032b6570032100');

export interface Ed25519KeyPair {
  readonly privateKey: KeyObject;
  readonly publicKey: Uint8Array;
}

export function randomEd25519Seed(): Uint8Array {
  return new Uint8Array(randomBytes(ED25519_KEY_SIZE));
}

export function ed25519FromSeed(seed: Uint8Array): Ed25519KeyPair {
  if (seed.length !== ED25519_KEY_SIZE) throw new RangeError(`an Ed25519 seed is ${ED25519_KEY_SIZE} bytes`);
  const privateKey = createPrivateKey({ key: Buffer.from(concatBytes(PKCS8_PREFIX, seed)), format: 'der', type: 'pkcs8' });
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  return { privateKey, publicKey: new Uint8Array(spki.subarray(SPKI_PREFIX.length)) };
}

export function ed25519Sign(privateKey: KeyObject, message: Uint8Array): Uint8Array {
  return new Uint8Array(sign(null, message, privateKey));
}

/** Parses the public key once, so a verifier checking many notes does not redo it. */
export function ed25519Verifier(publicKey: Uint8Array): (message: Uint8Array, signature: Uint8Array) => boolean {
  if (publicKey.length !== ED25519_KEY_SIZE) throw new RangeError(`an Ed25519 public key is ${ED25519_KEY_SIZE} bytes`);
  const key = createPublicKey({ key: Buffer.from(concatBytes(SPKI_PREFIX, publicKey)), format: 'der', type: 'spki' });
  return (message, signature) => {
    if (signature.length !== ED25519_SIGNATURE_SIZE) return false;
    try {
      return verify(null, message, key, signature);
    } catch {
      return false;
    }
  };
}
