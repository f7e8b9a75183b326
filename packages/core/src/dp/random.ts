// The randomness source of the DP mechanisms: injected, so that the mechanisms stay pure and testable.
//
// Production uses `cryptoRandomSource` (Web Crypto `getRandomValues`, a CSPRNG in Node and in browsers). Tests use
// `deterministicRandomSource(seed)`, which is NOT cryptographically secure and must never release real data.
// Nothing here, nor anywhere on the sampling path, calls Math.random or uses floating point.

/** Returns `length` uniformly random bytes. Must be cryptographically secure for any real release. */
export type RandomSource = (length: number) => Uint8Array;

const WEB_CRYPTO_MAX = 65_536;

/** The default source: `globalThis.crypto.getRandomValues`. */
export const cryptoRandomSource: RandomSource = (length) => {
  const out = new Uint8Array(length);
  const crypto = globalThis.crypto;
  if (!crypto || typeof crypto.getRandomValues !== 'function') {
    throw new Error('dp: no Web Crypto getRandomValues in this runtime');
  }
  for (let i = 0; i < length; i += WEB_CRYPTO_MAX) crypto.getRandomValues(out.subarray(i, Math.min(length, i + WEB_CRYPTO_MAX)));
  return out;
};

/**
 * A seeded, reproducible source for tests (xoshiro128** seeded through splitmix32). Not cryptographically secure:
 * noise drawn from it can be predicted, so it must never be used for a real release.
 */
export function deterministicRandomSource(seed: number): RandomSource {
  if (!Number.isSafeInteger(seed)) throw new RangeError('deterministicRandomSource: the seed must be an integer');
  let sm = (seed ^ Math.floor(seed / 2 ** 32)) >>> 0;
  const splitmix = (): number => {
    sm = (sm + 0x9e3779b9) >>> 0;
    let z = sm;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  if ((a | b | c | d) === 0) a = 1;
  const next = (): number => {
    const result = Math.imul(rotl(Math.imul(b, 5) >>> 0, 7), 9) >>> 0;
    const t = (b << 9) >>> 0;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return result;
  };
  return (length) => {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i += 4) {
      const w = next();
      out[i] = w & 0xff;
      if (i + 1 < length) out[i + 1] = (w >>> 8) & 0xff;
      if (i + 2 < length) out[i + 2] = (w >>> 16) & 0xff;
      if (i + 3 < length) out[i + 3] = w >>> 24;
    }
    return out;
  };
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

// ── Buffered reading and uniform integers ──────────────────────────────────────────────────────────────────────

const BUFFER_BYTES = 1024;

class ByteReader {
  private buffer: Uint8Array = new Uint8Array(0);
  private pos = 0;
  constructor(private readonly source: RandomSource) {}

  byte(): number {
    if (this.pos >= this.buffer.length) {
      const fresh = this.source(BUFFER_BYTES);
      if (!(fresh instanceof Uint8Array) || fresh.length !== BUFFER_BYTES) {
        throw new Error('dp: the random source returned the wrong number of bytes');
      }
      this.buffer = fresh;
      this.pos = 0;
    }
    return this.buffer[this.pos++]!;
  }
}

// One reader per source, so that buffered bytes are used once and never shared between sources.
const readers = new WeakMap<RandomSource, ByteReader>();

function readerOf(source: RandomSource): ByteReader {
  let r = readers.get(source);
  if (!r) {
    r = new ByteReader(source);
    readers.set(source, r);
  }
  return r;
}

const TWO_POW_32 = 1n << 32n;

/** A uniform integer in [0, m), m ≥ 1, by rejection sampling on whole random bits (exact: no modulo bias). */
export function sampleUniformBelow(m: bigint, source: RandomSource): bigint {
  if (m <= 0n) throw new RangeError('sampleUniformBelow: m must be positive');
  if (m === 1n) return 0n;
  const reader = readerOf(source);
  if (m <= TWO_POW_32) {
    // Fast path on 32-bit unsigned integers (exact: every value involved is an integer below 2^32).
    const max = Number(m - 1n);
    const bits = 32 - Math.clz32(max);
    const bytes = (bits + 7) >>> 3;
    const topMask = bits % 8 === 0 ? 0xff : (1 << (bits % 8)) - 1;
    for (;;) {
      let x = reader.byte() & topMask;
      for (let i = 1; i < bytes; i++) x = x * 256 + reader.byte();
      if (x <= max) return BigInt(x);
    }
  }
  const max = m - 1n;
  const bits = max.toString(2).length;
  const bytes = Math.ceil(bits / 8);
  const topMask = bits % 8 === 0 ? 0xff : (1 << (bits % 8)) - 1;
  for (;;) {
    let x = BigInt(reader.byte() & topMask);
    for (let i = 1; i < bytes; i++) x = (x << 8n) | BigInt(reader.byte());
    if (x <= max) return x;
  }
}
