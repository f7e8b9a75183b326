// Values as integers at a declared precision: v ↦ round(v · 10^p). Noise is added on this integer lattice, so the
// released value is integer / 10^p and no floating-point arithmetic touches the noise.
import { DomainError } from '../errors/catalogue.ts';

export const MAX_PRECISION = 12;

const NUMBER_TEXT = /^([+-]?)(\d+)(?:\.(\d*))?(?:e([+-]?\d+))?$/i;

export function checkPrecision(precision: number, path = '/precision'): void {
  if (!Number.isInteger(precision) || precision < 0 || precision > MAX_PRECISION) {
    throw new DomainError('DP_SPEC_INVALID', [{ path, reason: 'precision_out_of_range' }]);
  }
}

/**
 * round(value · 10^precision), rounding half away from zero, exactly (a number is read through its shortest decimal
 * spelling). Returns undefined when the value is not a finite number or decimal. `exact: true` refuses rounding
 * (returns undefined when the value has more places than the precision): used for declared bounds.
 */
export function toScaledInteger(value: unknown, precision: number, options: { exact?: boolean } = {}): bigint | undefined {
  if (typeof value === 'bigint') return value * 10n ** BigInt(precision);
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    text = String(value);
  } else if (typeof value === 'string') {
    text = value.trim();
  } else {
    return undefined;
  }
  const m = NUMBER_TEXT.exec(text);
  if (!m) return undefined;
  const negative = m[1] === '-';
  const digits = (m[2] ?? '') + (m[3] ?? '');
  const exponent = Number(m[4] ?? '0') - (m[3] ?? '').length + precision; // value·10^p = digits · 10^exponent
  if (!Number.isSafeInteger(exponent) || exponent > 400) return undefined;
  let scaled: bigint;
  if (exponent >= 0) {
    scaled = BigInt(digits) * 10n ** BigInt(exponent);
  } else {
    const divisor = 10n ** BigInt(-exponent);
    const n = BigInt(digits);
    const q = n / divisor;
    const r = n % divisor;
    if (options.exact && r !== 0n) return undefined;
    scaled = r * 2n >= divisor ? q + 1n : q;
  }
  return negative ? -scaled : scaled;
}

/** Scaled integer → decimal string: `formatScaled(-1234n, 2)` → `"-12.34"`. */
export function formatScaled(scaled: bigint, precision: number): string {
  const negative = scaled < 0n;
  const abs = (negative ? -scaled : scaled).toString().padStart(precision + 1, '0');
  const whole = abs.slice(0, abs.length - precision);
  const frac = abs.slice(abs.length - precision);
  return (negative ? '-' : '') + (precision > 0 ? `${whole}.${frac}` : whole);
}

/** Scaled integer → number (post-processing of a released value, for JSON). */
export function scaledToNumber(scaled: bigint, precision: number): number {
  return Number(formatScaled(scaled, precision));
}
