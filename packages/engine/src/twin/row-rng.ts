// Randomness for synthetic twins that depends only on (seed, column, row, attempt): each row's values are drawn
// from their own stream, so DuckDB may evaluate rows in any order, on any thread and in any chunking and the twin
// comes out the same. sfc32 (128 bits of state) seeded with those four inputs laid into separate state words, so no
// two rows of a twin share a stream (a 32-bit seed would repeat every ~65,000 rows by the birthday bound).
import { type Rng, rngOver } from '@shuyun/core/pii';

export interface RowRng extends Rng {
  reseed(seed: number, column: number, row: number, attempt: number): this;
}

const TWO32 = 4294967296;

export function createRowRng(): RowRng {
  let a = 0;
  let b = 0;
  let c = 0;
  let d = 0;
  const next32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  const next = (): number => next32() / TWO32;
  const rng: RowRng = {
    ...rngOver(next),
    reseed(seed, column, row, attempt) {
      a = seed >>> 0;
      b = (Math.floor(seed / TWO32) ^ Math.imul(column + 1, 0x9e3779b1)) >>> 0;
      c = row >>> 0;
      d = (Math.floor(row / TWO32) ^ Math.imul(attempt + 1, 0x85ebca77)) >>> 0;
      for (let i = 0; i < 12; i++) next32();
      return this;
    },
  };
  return rng;
}

/** A uniform integer in [0, total) for (seed, column, row): 53 bits from two draws, then scaled. */
export function drawIndex(rng: RowRng, seed: number, column: number, row: number, total: number): number {
  rng.reseed(seed, column, row, 0x7fff);
  const x = Math.floor(rng.next() * 2097152) * TWO32 + Math.floor(rng.next() * TWO32); // 21 + 32 bits
  return Math.floor((x / 9007199254740992) * total);
}
