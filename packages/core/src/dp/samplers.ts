// Exact samplers for the discrete Laplace and discrete Gaussian distributions, after Canonne, Kamath and Steinke,
// "The Discrete Gaussian for Differential Privacy" (NeurIPS 2020, arXiv:2004.00010), Algorithms 1–3.
//
// Every parameter is a BigInt rational and the only randomness is uniform integers drawn by rejection from whole
// random bytes: no floating point, no logarithms, no Math.random. The output distribution is therefore exactly the
// one the privacy proof assumes (unlike textbook Laplace noise on doubles, which leaks through the gaps and the
// rounding of floating-point arithmetic; Mironov, CCS 2012).
import { type Rational, rational } from './rational.ts';
import { type RandomSource, sampleUniformBelow } from './random.ts';

/** Bernoulli(p) for a rational p in [0, 1]. */
export function sampleBernoulli(p: Rational, source: RandomSource): boolean {
  if (p.num > p.den) throw new RangeError('sampleBernoulli: p must be at most 1');
  return sampleUniformBelow(p.den, source) < p.num;
}

/** Bernoulli(exp(−γ)) for a rational γ in [0, 1] (CKS Algorithm 1, first part; von Neumann's series trick). */
function sampleBernoulliExpAtMostOne(gamma: Rational, source: RandomSource): boolean {
  // Draw A_k ~ Bernoulli(γ / k) for k = 1, 2, … until the first failure; K = that k. Pr[K odd] = exp(−γ).
  let k = 1n;
  while (sampleUniformBelow(gamma.den * k, source) < gamma.num) k += 1n;
  return (k & 1n) === 1n;
}

/** Bernoulli(exp(−γ)) for any rational γ ≥ 0 (CKS Algorithm 1). */
export function sampleBernoulliExp(gamma: Rational, source: RandomSource): boolean {
  // exp(−γ) = exp(−1)^⌊γ⌋ · exp(−(γ − ⌊γ⌋)): ⌊γ⌋ independent Bernoulli(exp(−1)), then the fractional part.
  const one: Rational = { num: 1n, den: 1n };
  let whole = gamma.num / gamma.den;
  while (whole > 0n) {
    if (!sampleBernoulliExpAtMostOne(one, source)) return false;
    whole -= 1n;
  }
  return sampleBernoulliExpAtMostOne({ num: gamma.num % gamma.den, den: gamma.den }, source);
}

/**
 * Geometric with Pr[G = g] = (1 − e^(−x)) e^(−x g) for g = 0, 1, 2, … and rational x = s/t > 0
 * (CKS Algorithm 2, the fast version): U uniform on {0,…,t−1} accepted with probability e^(−U/t), V ~ Geometric(1−e^(−1)),
 * and ⌊(U + tV)/s⌋ has the wanted law. Expected running time O(1) whatever the size of s and t.
 */
export function sampleGeometricExp(x: Rational, source: RandomSource): bigint {
  if (x.num === 0n) throw new RangeError('sampleGeometricExp: x must be positive');
  const { num: s, den: t } = rational(x.num, x.den);
  let u: bigint;
  for (;;) {
    u = sampleUniformBelow(t, source);
    if (sampleBernoulliExp({ num: u, den: t }, source)) break;
  }
  let v = 0n;
  const one: Rational = { num: 1n, den: 1n };
  while (sampleBernoulliExp(one, source)) v += 1n;
  return (u + t * v) / s;
}

/**
 * Discrete Laplace on ℤ with Pr[Y = y] ∝ exp(−|y| / scale), for a rational scale > 0 (CKS Algorithm 2).
 * Adding it to an integer-valued query of L1 sensitivity Δ with scale = Δ/ε is ε-differentially private.
 * Variance: 2e^(−1/scale) / (1 − e^(−1/scale))².
 */
export function sampleDiscreteLaplace(scale: Rational, source: RandomSource): bigint {
  if (scale.num === 0n) throw new RangeError('sampleDiscreteLaplace: the scale must be positive');
  const x = rational(scale.den, scale.num); // 1 / scale
  for (;;) {
    const negative = sampleUniformBelow(2n, source) === 1n;
    const magnitude = sampleGeometricExp(x, source);
    if (negative && magnitude === 0n) continue; // so that 0 is not counted twice
    return negative ? -magnitude : magnitude;
  }
}

/** ⌊√x⌋ for a rational x ≥ 0, by comparisons only. */
function floorSqrt(x: Rational): bigint {
  let lo = 0n; // lo² ≤ x
  let hi = 1n; // hi² > x
  while (hi * hi * x.den <= x.num) hi *= 2n;
  while (lo + 1n < hi) {
    const mid = (lo + hi) / 2n;
    if (mid * mid * x.den <= x.num) lo = mid;
    else hi = mid;
  }
  return lo;
}

/**
 * Discrete Gaussian on ℤ with Pr[Y = y] ∝ exp(−y² / (2σ²)), for a rational σ² > 0 (CKS Algorithm 3: discrete Laplace
 * proposals with scale t = ⌊σ⌋ + 1, accepted with probability exp(−(|y| − σ²/t)² / (2σ²))). Gives zero-concentrated
 * DP (ρ = Δ² / (2σ²)); the platform's budgets are pure ε, so the mechanisms use the discrete Laplace and this is
 * offered for callers that account in zCDP.
 */
export function sampleDiscreteGaussian(sigma2: Rational, source: RandomSource): bigint {
  if (sigma2.num === 0n) throw new RangeError('sampleDiscreteGaussian: σ² must be positive');
  const t = floorSqrt(sigma2) + 1n;
  const scale: Rational = { num: t, den: 1n };
  for (;;) {
    const y = sampleDiscreteLaplace(scale, source);
    const abs = y < 0n ? -y : y;
    // (|y| − σ²/t)² / (2σ²) = (|y|·t·den − num)² / (t² · den²) / (2 num / den) = (|y| t den − num)² / (2 t² den num)
    const diff = abs * t * sigma2.den - sigma2.num;
    const gamma = rational(diff * diff, 2n * t * t * sigma2.den * sigma2.num);
    if (sampleBernoulliExp(gamma, source)) return y;
  }
}
