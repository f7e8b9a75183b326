// Money and rates as integers, so no bill and no price cap ever depends on binary floating point.
//
// - An amount is a bigint count of 0.0001 yuan (one hundredth of a fen, 分). Four places is the precision of every
//   fee standard the platform stores (`yuanAmountSchema`: "12.50", "0.0015"), so a unit price is always exact.
// - Invoice line amounts are rounded once, half up, to the fen (a multiple of 100 units); subtotals and totals are
//   exact sums of rounded lines. All invoice amounts are non-negative, so "half up" and "half away from zero" agree;
//   the helpers below round half away from zero for negative values (used only for signed deviations).
// - A rate is a bigint count of millionths (1 = 0.0001 percentage point): "2.35" percent is 23 500.
//
// Amounts and rates travel as decimal strings: one canonical spelling per value (at least 2, at most 4 places; no
// sign, no exponent, no leading zeros), so the same invoice always has the same canonical bytes.
import { DomainError } from '../errors/catalogue.ts';

/** Amount in units of 0.0001 yuan. */
export type Amount = bigint;
/** Rate in millionths (percent × 10 000). */
export type Rate = bigint;

/** 0.0001 yuan units per yuan. */
export const UNITS_PER_YUAN = 10_000n;
/** 0.0001 yuan units per fen (分). */
export const UNITS_PER_FEN = 100n;
/** millionths per 1 (100 %). */
export const RATE_ONE = 1_000_000n;
/** millionths per percentage point. */
export const RATE_POINT = 10_000n;

const DECIMAL = /^(0|[1-9]\d{0,14})(?:\.(\d{1,4}))?$/;

function parseScaled(text: string): bigint | undefined {
  const m = DECIMAL.exec(text);
  if (!m) return undefined;
  return BigInt(m[1]!) * 10_000n + BigInt((m[2] ?? '').padEnd(4, '0'));
}

/**
 * Parses a yuan decimal string ("12.50", "0.0015", "20") into 0.0001-yuan units. Refuses signs, exponents, more than
 * four places, leading zeros and anything that is not a string: `BILLING_AMOUNT_INVALID` with the given path.
 */
export function parseYuan(text: unknown, path = '/amount'): Amount {
  const value = typeof text === 'string' ? parseScaled(text) : undefined;
  if (value === undefined) throw new DomainError('BILLING_AMOUNT_INVALID', [{ path, reason: 'not_a_yuan_decimal' }]);
  return value;
}

/** Whether the text is a yuan amount `parseYuan` accepts. */
export function isYuan(text: unknown): text is string {
  return typeof text === 'string' && parseScaled(text) !== undefined;
}

function formatScaled(value: bigint): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const whole = abs / 10_000n;
  let frac = (abs % 10_000n).toString().padStart(4, '0');
  while (frac.length > 2 && frac.endsWith('0')) frac = frac.slice(0, -1);
  return `${negative ? '-' : ''}${whole}.${frac}`;
}

/** The canonical spelling of an amount: yuan with 2 to 4 places ("0.20", "0.0015", "1083500.00"). */
export function formatYuan(amount: Amount): string {
  return formatScaled(amount);
}

/** The canonical spelling of a yuan string: `formatYuan(parseYuan(text))` ("20" → "20.00", "0.2000" → "0.20"). */
export function canonicalYuan(text: string, path?: string): string {
  return formatYuan(parseYuan(text, path));
}

/** Amount from a whole number of fen. */
export function fen(count: bigint | number): Amount {
  return BigInt(count) * UNITS_PER_FEN;
}

/** The amount as a whole number of fen; throws RangeError when it is not a whole number of fen. */
export function toFen(amount: Amount): bigint {
  if (amount % UNITS_PER_FEN !== 0n) throw new RangeError('toFen: the amount is not a whole number of fen');
  return amount / UNITS_PER_FEN;
}

/**
 * round(numerator / denominator) to an integer, half away from zero (half up for non-negative values), exactly.
 * The denominator must be positive.
 */
export function divRoundHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new RangeError('divRoundHalfUp: the denominator must be positive');
  const negative = numerator < 0n;
  const abs = negative ? -numerator : numerator;
  const q = (abs * 2n + denominator) / (denominator * 2n);
  return negative ? -q : q;
}

/** floor(numerator / denominator) for a positive denominator. */
export function divFloor(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new RangeError('divFloor: the denominator must be positive');
  const q = numerator / denominator;
  return numerator < 0n && q * denominator !== numerator ? q - 1n : q;
}

/** The invoice rounding rule: an amount (possibly a fraction of a fen) rounded half up to the fen. */
export function roundHalfUpToFen(amount: Amount): Amount {
  return divRoundHalfUp(amount, UNITS_PER_FEN) * UNITS_PER_FEN;
}

/**
 * The charge for `measured` units of usage at `unitPrice` per `unitSize` units, rounded half up to the fen:
 * round(unitPrice × measured / unitSize), computed as one exact fraction (no intermediate rounding).
 */
export function chargeForUsage(unitPrice: Amount, measured: bigint, unitSize: bigint): Amount {
  if (unitPrice < 0n || measured < 0n) throw new RangeError('chargeForUsage: negative price or quantity');
  return divRoundHalfUp(unitPrice * measured, unitSize * UNITS_PER_FEN) * UNITS_PER_FEN;
}

/** Exact sum. */
export function sumAmounts(amounts: Iterable<Amount>): Amount {
  let total = 0n;
  for (const a of amounts) total += a;
  return total;
}

// ── Rates ────────────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * Parses a percentage written as a decimal ("2.35" for 2.35 %, "6" for 6 points) into millionths. A JS number is read
 * through its shortest decimal spelling (2.35 → "2.35"); exponents, signs and more than four places are refused.
 */
export function parsePercent(value: unknown, path = '/rate'): Rate {
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
  const scaled = typeof text === 'string' ? parseScaled(text) : undefined;
  if (scaled === undefined) throw new DomainError('BILLING_RATE_INVALID', [{ path, reason: 'not_a_percentage' }]);
  return scaled; // percent with 4 places × 10 000 = millionths of one
}

/** A rate in millionths as a percentage string with 2 to 4 places ("8.35", "12.00"); a negative rate keeps its sign. */
export function formatPercent(rate: Rate): string {
  return formatScaled(rate);
}

/** numerator / denominator as a rate (millionths), rounded half away from zero; denominator positive. */
export function ratio(numerator: bigint, denominator: bigint): Rate {
  return divRoundHalfUp(numerator * RATE_ONE, denominator);
}
