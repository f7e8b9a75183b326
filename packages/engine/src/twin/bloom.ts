// A Bloom filter of a source column's values: the synthetic twin redraws any generated identifier the filter may
// contain, so no value of the source can appear (no false negatives), at the price of a rare needless redraw (false
// positives, ~0.05% at 16 bits a value). It takes about 2 bytes a source row, far less than the values themselves.
const HASHES = 8;

export class BloomFilter {
  readonly #bits: Uint32Array;
  readonly #mask: number;

  constructor(expected: number) {
    let m = 1 << 16;
    while (m < expected * 16 && m < 2 ** 31) m *= 2;
    this.#bits = new Uint32Array(m / 32);
    this.#mask = m - 1;
  }

  add(value: string): void {
    const [h1, h2] = hashes(value);
    for (let i = 0; i < HASHES; i++) {
      const bit = (h1 + Math.imul(i, h2)) & this.#mask;
      this.#bits[bit >>> 5]! |= 1 << (bit & 31);
    }
  }

  has(value: string): boolean {
    const [h1, h2] = hashes(value);
    for (let i = 0; i < HASHES; i++) {
      const bit = (h1 + Math.imul(i, h2)) & this.#mask;
      if ((this.#bits[bit >>> 5]! & (1 << (bit & 31))) === 0) return false;
    }
    return true;
  }
}

/** Two independent 32-bit hashes (FNV-1a and a murmur-style mix) over the UTF-16 units. */
function hashes(value: string): [number, number] {
  let h1 = 0x811c9dc5;
  let h2 = 0x9747b28c;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  h1 ^= h1 >>> 16;
  h1 = Math.imul(h1, 0x85ebca6b);
  h1 ^= h1 >>> 13;
  h2 = Math.imul(h2 ^ (h2 >>> 16), 0xc2b2ae35);
  h2 ^= h2 >>> 16;
  return [h1 >>> 0, (h2 | 1) >>> 0];
}
