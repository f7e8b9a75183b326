// Aggregate mechanisms with contribution bounding, on integers (counts, and sums scaled by a declared precision),
// noised with the exact discrete Laplace sampler.
//
// Neighbouring datasets differ by adding or removing one data subject with all their rows (unbounded DP). The
// caller (the engine's SQL, or `boundContributions` in release.ts) must bound each subject's contribution to a cell
// BEFORE the value reaches these functions:
// - COUNT: a subject contributes at most `maxRowsPerSubject` rows (default 1: count distinct subjects). Δ = that bound.
// - SUM:   a subject's total in the cell, v·10^p rounded to an integer, is clamped to [L·10^p, U·10^p].
//          Δ = max(|L|, |U|)·10^p (adding or removing a subject moves the sum by at most that much).
// - AVG:   noisy SUM / noisy COUNT over the same bounded rows; the column's ε is split evenly: ε/2 for the sum and
//          ε/2 for the count (sequential composition: ε/2 + ε/2 = ε). The split is fixed, not tuned to the data,
//          so that the cost of a query depends on its specification alone.
// What leaves is the noisy value after post-processing (which keeps DP): counts rounded to integers ≥ 0, averages
// clamped to the hull of the bounds, plus the noise scale. The unnoised value is never returned.
import { DomainError } from '../errors/catalogue.ts';
import { checkPrecision, formatScaled, scaledToNumber, toScaledInteger } from './decimal.ts';
import { type Epsilon, type EpsilonInput, parseEpsilon } from './epsilon.ts';
import { type RandomSource, cryptoRandomSource } from './random.ts';
import { type Rational, rational } from './rational.ts';
import { sampleDiscreteLaplace } from './samplers.ts';

/** An integer cell as the engine returns it: bigint (DuckDB BIGINT/HUGEINT), safe-integer number, or digits. */
export type IntegerLike = bigint | number | string | null | undefined;

export interface CountParams {
  /** rows one subject may contribute to one cell (after the engine's per-subject cap); default 1 */
  maxRowsPerSubject?: number;
}

export interface SumParams {
  /** bounds of one subject's contribution to one cell, decimals with at most `precision` places */
  lower: number | string;
  upper: number | string;
  /** decimal places kept: values are scaled to integers v·10^precision (0…12) */
  precision: number;
}

export type AverageParams = SumParams & CountParams;

export interface NoiseInfo {
  mechanism: 'discrete_laplace';
  /** ε spent on this cell */
  epsilon: string;
  /** L1 sensitivity, in the released value's units */
  sensitivity: string;
  /** Laplace scale b = Δ/ε, in the released value's units */
  scale: number;
  /** standard deviation of the noise, in the released value's units */
  standardDeviation: number;
}

export interface AverageNoiseInfo {
  mechanism: 'noisy_sum_over_noisy_count';
  epsilon: string;
  sum: NoiseInfo;
  count: NoiseInfo;
}

export interface NoisyValue<N = NoiseInfo> {
  /** the released (noisy, post-processed) value */
  value: number;
  /** the same value written exactly (decimal with `precision` places; an integer for counts) */
  exact: string;
  noise: N;
}

// ── Parameters ───────────────────────────────────────────────────────────────────────────────────────────────────

const MAX_ROWS_PER_SUBJECT = 1_000_000;

function specError(path: string, reason: string): DomainError {
  return new DomainError('DP_SPEC_INVALID', [{ path, reason }]);
}

export function countSensitivity(params: CountParams = {}, path = ''): bigint {
  const k = params.maxRowsPerSubject ?? 1;
  if (!Number.isInteger(k) || k < 1 || k > MAX_ROWS_PER_SUBJECT) throw specError(`${path}/maxRowsPerSubject`, 'out_of_range');
  return BigInt(k);
}

export interface ResolvedSumBounds {
  lower: bigint;
  upper: bigint;
  /** max(|lower|, |upper|), in scaled units */
  sensitivity: bigint;
  precision: number;
}

/** The bounds as scaled integers; refuses bounds that are not exact at the precision, or lower > upper, or 0 = 0. */
export function sumBounds(params: SumParams, path = ''): ResolvedSumBounds {
  checkPrecision(params.precision, `${path}/precision`);
  const lower = toScaledInteger(params.lower, params.precision, { exact: true });
  const upper = toScaledInteger(params.upper, params.precision, { exact: true });
  if (lower === undefined) throw specError(`${path}/lower`, 'not_a_decimal_at_precision');
  if (upper === undefined) throw specError(`${path}/upper`, 'not_a_decimal_at_precision');
  if (lower > upper) throw specError(`${path}/lower`, 'lower_above_upper');
  const abs = (x: bigint) => (x < 0n ? -x : x);
  const sensitivity = abs(lower) > abs(upper) ? abs(lower) : abs(upper);
  if (sensitivity === 0n) throw specError(`${path}/upper`, 'zero_bounds');
  return { lower, upper, sensitivity, precision: params.precision };
}

/** Parses an integer cell; null/undefined (SQL SUM over no value) is 0. Errors name the column, never the value. */
export function toInteger(value: IntegerLike, path = ''): bigint {
  if (value === null || value === undefined) return 0n;
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  if (typeof value === 'string' && /^-?\d{1,60}$/.test(value.trim())) return BigInt(value.trim());
  throw new DomainError('DP_VALUE_INVALID', [{ path, reason: 'not_an_integer_in_declared_units' }]);
}

// ── The noise ────────────────────────────────────────────────────────────────────────────────────────────────────

/** value + discrete Laplace noise of scale Δ/ε (ε-DP for an integer query of L1 sensitivity Δ). Exact. */
export function addDiscreteLaplaceNoise(value: bigint, sensitivity: bigint, epsilon: Rational, source: RandomSource): bigint {
  if (sensitivity <= 0n) throw new RangeError('addDiscreteLaplaceNoise: the sensitivity must be positive');
  if (epsilon.num <= 0n) throw new RangeError('addDiscreteLaplaceNoise: ε must be positive');
  return value + sampleDiscreteLaplace(rational(sensitivity * epsilon.den, epsilon.num), source);
}

/** Noise description (public parameters only; floating point is fine here, it never touches the noise). */
export function noiseInfo(sensitivity: bigint, epsilon: Rational, precision: number): NoiseInfo {
  const eps = Number(epsilon.num) / Number(epsilon.den);
  const unit = 10 ** precision;
  const x = eps / Number(sensitivity); // Pr[k] ∝ e^(−x|k|) on the integer lattice
  const variance = (2 * Math.exp(-x)) / Math.expm1(-x) ** 2;
  return {
    mechanism: 'discrete_laplace',
    epsilon: formatRational(epsilon),
    sensitivity: formatScaled(sensitivity, precision),
    scale: Number(sensitivity) / eps / unit,
    standardDeviation: Math.sqrt(variance) / unit,
  };
}

function formatRational(r: Rational): string {
  // ε values here are multiples of 10⁻⁶ or halves of them: print up to 7 places exactly, else a rounded value.
  for (let places = 0; places <= 7; places++) {
    const scaled = r.num * 10n ** BigInt(places);
    if (scaled % r.den === 0n) return formatScaled(scaled / r.den, places);
  }
  return String(Number(r.num) / Number(r.den));
}

function epsilonRational(epsilon: EpsilonInput | Rational): Rational {
  if (typeof epsilon === 'object' && 'num' in epsilon) {
    if (epsilon.num <= 0n || epsilon.den <= 0n) throw new DomainError('DP_EPSILON_INVALID', [{ path: '/epsilon', reason: 'not_positive' }]);
    return rational(epsilon.num, epsilon.den);
  }
  return parseEpsilon(epsilon as EpsilonInput | Epsilon, { max: false }).rational;
}

/** The noise a COUNT with these parameters receives (no sampling). */
export function countNoise(params: CountParams, epsilon: EpsilonInput | Rational): NoiseInfo {
  return noiseInfo(countSensitivity(params), epsilonRational(epsilon), 0);
}

/** The noise a SUM with these parameters receives (no sampling). */
export function sumNoise(params: SumParams, epsilon: EpsilonInput | Rational): NoiseInfo {
  const bounds = sumBounds(params);
  return noiseInfo(bounds.sensitivity, epsilonRational(epsilon), bounds.precision);
}

/** The noise an AVG with these parameters receives (no sampling). */
export function averageNoise(params: AverageParams, epsilon: EpsilonInput | Rational): AverageNoiseInfo {
  const eps = epsilonRational(epsilon);
  const half = rational(eps.num, eps.den * 2n);
  const bounds = sumBounds(params);
  return {
    mechanism: 'noisy_sum_over_noisy_count',
    epsilon: formatRational(eps),
    sum: noiseInfo(bounds.sensitivity, half, bounds.precision),
    count: noiseInfo(countSensitivity(params), half, 0),
  };
}

// ── Mechanisms ───────────────────────────────────────────────────────────────────────────────────────────────────

/** Noisy bounded COUNT, rounded to an integer ≥ 0. */
export function releaseCount(
  boundedCount: IntegerLike,
  params: CountParams,
  epsilon: EpsilonInput | Rational,
  source: RandomSource = cryptoRandomSource,
): NoisyValue {
  const eps = epsilonRational(epsilon);
  const sensitivity = countSensitivity(params);
  const count = toInteger(boundedCount, '/count');
  if (count < 0n) throw new DomainError('DP_VALUE_INVALID', [{ path: '/count', reason: 'negative_count' }]);
  const noisy = addDiscreteLaplaceNoise(count, sensitivity, eps, source);
  const released = noisy < 0n ? 0n : noisy;
  return { value: Number(released), exact: released.toString(), noise: noiseInfo(sensitivity, eps, 0) };
}

/** Noisy bounded SUM: `boundedScaledSum` is Σ over subjects of clamp(round(subject total · 10^p), L·10^p, U·10^p). */
export function releaseSum(
  boundedScaledSum: IntegerLike,
  params: SumParams,
  epsilon: EpsilonInput | Rational,
  source: RandomSource = cryptoRandomSource,
): NoisyValue {
  const eps = epsilonRational(epsilon);
  const bounds = sumBounds(params);
  const sum = toInteger(boundedScaledSum, '/sum');
  const noisy = addDiscreteLaplaceNoise(sum, bounds.sensitivity, eps, source);
  return {
    value: scaledToNumber(noisy, bounds.precision),
    exact: formatScaled(noisy, bounds.precision),
    noise: noiseInfo(bounds.sensitivity, eps, bounds.precision),
  };
}

/**
 * Noisy AVG = noisy SUM / noisy COUNT, each with half the column's ε. The count is floored at 1, and the average is
 * clamped to [min(L, 0), max(U, 0)] (every true average of bounded contributions lies there): post-processing.
 * `exact` is the average rounded half away from zero to `precision` places.
 */
export function releaseAverage(
  boundedScaledSum: IntegerLike,
  boundedCount: IntegerLike,
  params: AverageParams,
  epsilon: EpsilonInput | Rational,
  source: RandomSource = cryptoRandomSource,
): NoisyValue<AverageNoiseInfo> {
  const eps = epsilonRational(epsilon);
  const half = rational(eps.num, eps.den * 2n);
  const bounds = sumBounds(params);
  const countSens = countSensitivity(params);
  const sum = toInteger(boundedScaledSum, '/sum');
  const count = toInteger(boundedCount, '/count');
  if (count < 0n) throw new DomainError('DP_VALUE_INVALID', [{ path: '/count', reason: 'negative_count' }]);
  const noisySum = addDiscreteLaplaceNoise(sum, bounds.sensitivity, half, source);
  const noisyCountRaw = addDiscreteLaplaceNoise(count, countSens, half, source);
  const noisyCount = noisyCountRaw < 1n ? 1n : noisyCountRaw;
  // round(noisySum / noisyCount), half away from zero, in scaled units
  const negative = noisySum < 0n;
  const abs = negative ? -noisySum : noisySum;
  let avg = (2n * abs + noisyCount) / (2n * noisyCount);
  if (negative) avg = -avg;
  const lo = bounds.lower < 0n ? bounds.lower : 0n;
  const hi = bounds.upper > 0n ? bounds.upper : 0n;
  if (avg < lo) avg = lo;
  if (avg > hi) avg = hi;
  return {
    value: scaledToNumber(avg, bounds.precision),
    exact: formatScaled(avg, bounds.precision),
    noise: averageNoise(params, eps),
  };
}
