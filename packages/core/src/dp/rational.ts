// Exact non-negative rationals over BigInt: the only number type on the sampling path (no floating point).

/** num / den with den > 0, num ≥ 0, always in lowest terms when built by `rational`. */
export interface Rational {
  readonly num: bigint;
  readonly den: bigint;
}

export function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/** num / den in lowest terms; den must be positive and num non-negative. */
export function rational(num: bigint | number, den: bigint | number = 1n): Rational {
  const n = typeof num === 'bigint' ? num : toBigInt(num);
  const d = typeof den === 'bigint' ? den : toBigInt(den);
  if (d <= 0n) throw new RangeError('rational: the denominator must be positive');
  if (n < 0n) throw new RangeError('rational: the numerator must be non-negative');
  const g = gcd(n, d);
  return g > 1n ? { num: n / g, den: d / g } : { num: n, den: d };
}

function toBigInt(n: number): bigint {
  if (!Number.isSafeInteger(n)) throw new RangeError('rational: integers only');
  return BigInt(n);
}

export function mulRational(a: Rational, b: Rational): Rational {
  return rational(a.num * b.num, a.den * b.den);
}

export function divRational(a: Rational, b: Rational): Rational {
  if (b.num === 0n) throw new RangeError('rational: division by zero');
  return rational(a.num * b.den, a.den * b.num);
}

export function addRational(a: Rational, b: Rational): Rational {
  return rational(a.num * b.den + b.num * a.den, a.den * b.den);
}

export function compareRational(a: Rational, b: Rational): -1 | 0 | 1 {
  const l = a.num * b.den;
  const r = b.num * a.den;
  return l < r ? -1 : l > r ? 1 : 0;
}

/** For display and accuracy reporting only (never on the sampling path). */
export function rationalToNumber(r: Rational): number {
  return Number(r.num) / Number(r.den);
}
