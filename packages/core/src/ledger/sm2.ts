// SM2 signatures with SM3 (GB/T 32918.2, GB/T 32905) on the recommended curve, through sm-crypto-v2.
//
// Fixed choices (they are part of the "sm2-sm3" signature type, see note-keys.ts):
// - e = SM3(Z_A ‖ M) with the default distinguishing identifier "1234567812345678" (GB/T 35276 / GM/T 0009),
//   i.e. sm-crypto-v2's `hash: true`; without it the library signs the raw message as e, which is not SM2.
// - Signature bytes are r ‖ s, each 32 bytes big-endian (64 bytes). Not DER: a fixed width has one spelling,
//   where DER admits several encodings of the same (r, s) and needs a strict parser. Convert a DER signature
//   from a signing device to r ‖ s before putting it in a note.
// - Public key bytes are the 65-byte uncompressed point 0x04 ‖ x ‖ y.
// The library's verifier trusts its input, so ranges and lengths are checked here first.
import { sm2 } from 'sm-crypto-v2';
import { decodeHex, encodeHex } from './bytes.ts';

export const SM2_DEFAULT_USER_ID = '1234567812345678';
export const SM2_PRIVATE_KEY_SIZE = 32;
export const SM2_PUBLIC_KEY_SIZE = 65;
export const SM2_SIGNATURE_SIZE = 64;

const CURVE_ORDER = BigInt('0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123');

export interface Sm2KeyPair {
  readonly privateKey: Uint8Array;
  readonly publicKey: Uint8Array;
}

export function generateSm2KeyPair(): Sm2KeyPair {
  for (;;) {
    const { privateKey } = sm2.generateKeyPairHex();
    // GB/T 32918.1 §6.1: d ∈ [1, n−2] (d = n−1 makes 1 + d non-invertible). Vanishingly rare; still checked.
    if (isValidPrivateScalar(BigInt(`0x${privateKey}`))) return sm2FromPrivateKey(decodeHex(privateKey));
  }
}

export function sm2FromPrivateKey(privateKey: Uint8Array): Sm2KeyPair {
  if (privateKey.length !== SM2_PRIVATE_KEY_SIZE || !isValidPrivateScalar(toBigInt(privateKey))) {
    throw new RangeError('an SM2 private key is a 32-byte scalar in [1, n−2]');
  }
  const publicKey = decodeHex(sm2.getPublicKeyFromPrivateKey(encodeHex(privateKey)));
  return { privateKey, publicKey };
}

export function sm2Sign({ privateKey, publicKey }: Sm2KeyPair, message: Uint8Array): Uint8Array {
  const signature = sm2.doSignature(message, encodeHex(privateKey), {
    hash: true,
    publicKey: encodeHex(publicKey),
    userId: SM2_DEFAULT_USER_ID,
  });
  return decodeHex(signature);
}

export function isValidSm2PublicKey(publicKey: Uint8Array): boolean {
  if (publicKey.length !== SM2_PUBLIC_KEY_SIZE || publicKey[0] !== 0x04) return false;
  try {
    return sm2.verifyPublicKey(encodeHex(publicKey));
  } catch {
    return false;
  }
}

/** Precomputes the public key's multiples once, so a verifier checking many notes stays fast. */
export function sm2Verifier(publicKey: Uint8Array): (message: Uint8Array, signature: Uint8Array) => boolean {
  if (!isValidSm2PublicKey(publicKey)) throw new RangeError('an SM2 public key is an uncompressed point on the curve');
  const point = sm2.precomputePublicKey(encodeHex(publicKey));
  return (message, signature) => {
    if (signature.length !== SM2_SIGNATURE_SIZE) return false;
    const r = toBigInt(signature.subarray(0, 32));
    const s = toBigInt(signature.subarray(32));
    // GB/T 32918.2 §7.1 B1–B2: r, s ∈ [1, n−1].
    if (r < 1n || r >= CURVE_ORDER || s < 1n || s >= CURVE_ORDER) return false;
    try {
      return sm2.doVerifySignature(message, encodeHex(signature), point, { hash: true, userId: SM2_DEFAULT_USER_ID });
    } catch {
      return false;
    }
  };
}

function isValidPrivateScalar(d: bigint): boolean {
  return d >= 1n && d <= CURVE_ORDER - 2n;
}

function toBigInt(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${encodeHex(bytes)}`);
}
