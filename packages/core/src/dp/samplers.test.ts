import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cryptoRandomSource, deterministicRandomSource, sampleUniformBelow } from './random.ts';
import { rational } from './rational.ts';
import {
  sampleBernoulli,
  sampleBernoulliExp,
  sampleDiscreteGaussian,
  sampleDiscreteLaplace,
  sampleGeometricExp,
} from './samplers.ts';

function moments(xs: readonly bigint[]): { mean: number; variance: number } {
  let s = 0;
  let s2 = 0;
  for (const x of xs) {
    const v = Number(x);
    s += v;
    s2 += v * v;
  }
  const mean = s / xs.length;
  return { mean, variance: s2 / xs.length - mean * mean };
}

/** Var of Pr[k] ∝ e^(−|k|/b): 2e^(−1/b) / (1 − e^(−1/b))². */
function discreteLaplaceVariance(b: number): number {
  const x = 1 / b;
  return (2 * Math.exp(-x)) / Math.expm1(-x) ** 2;
}

afterEach(() => vi.restoreAllMocks());

describe('uniform integers', () => {
  it('are exact and cover the range, on the 32-bit and the BigInt paths', () => {
    const rng = deterministicRandomSource(1);
    expect(sampleUniformBelow(1n, rng)).toBe(0n);
    const counts = [0, 0, 0];
    for (let i = 0; i < 30_000; i++) counts[Number(sampleUniformBelow(3n, rng))]! += 1;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500);
    const big = (1n << 70n) + 12345n;
    let sawHigh = false;
    for (let i = 0; i < 200; i++) {
      const x = sampleUniformBelow(big, rng);
      expect(x >= 0n && x < big).toBe(true);
      if (x > 1n << 69n) sawHigh = true;
    }
    expect(sawHigh).toBe(true);
    expect(() => sampleUniformBelow(0n, rng)).toThrow(RangeError);
  });

  it('the deterministic test source is reproducible per seed', () => {
    expect(sampleSeq(7)).toEqual(sampleSeq(7));
    expect(sampleSeq(7)).not.toEqual(sampleSeq(8));
  });
});

function sampleSeq(seed: number): bigint[] {
  const rng = deterministicRandomSource(seed);
  return Array.from({ length: 20 }, () => sampleDiscreteLaplace(rational(3), rng));
}

describe('Bernoulli samplers', () => {
  it('Bernoulli(p) and Bernoulli(exp(−γ)) have the right frequencies', () => {
    const rng = deterministicRandomSource(2);
    const n = 100_000;
    let hits = 0;
    for (let i = 0; i < n; i++) if (sampleBernoulli(rational(1, 3), rng)) hits++;
    expect(Math.abs(hits / n - 1 / 3)).toBeLessThan(0.006);
    for (const [num, den] of [
      [1, 2],
      [3, 2],
      [7, 3],
    ] as const) {
      let h = 0;
      for (let i = 0; i < n; i++) if (sampleBernoulliExp(rational(num, den), rng)) h++;
      const p = Math.exp(-num / den);
      expect(Math.abs(h / n - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / n) + 1e-4);
    }
    for (let i = 0; i < 100; i++) expect(sampleBernoulliExp(rational(0), rng)).toBe(true);
  });

  it('geometric(1 − e^(−x)) has mean e^(−x) / (1 − e^(−x))', () => {
    const rng = deterministicRandomSource(3);
    const n = 50_000;
    const xs = Array.from({ length: n }, () => sampleGeometricExp(rational(2, 5), rng));
    const q = Math.exp(-0.4);
    const { mean } = moments(xs);
    expect(Math.abs(mean / (q / (1 - q)) - 1)).toBeLessThan(0.03);
    expect(xs.every((x) => x >= 0n)).toBe(true);
  });
});

describe('discrete Laplace (CKS 2020)', () => {
  it('200k samples at scale 2 (ε = 1/2, Δ = 1): mean 0, variance as theory, symmetric, Pr[0] as theory', () => {
    const rng = deterministicRandomSource(20_200_000);
    const n = 200_000;
    const b = 2;
    const xs = Array.from({ length: n }, () => sampleDiscreteLaplace(rational(b), rng));
    const theory = discreteLaplaceVariance(b); // ≈ 7.83
    const { mean, variance } = moments(xs);
    expect(Math.abs(mean)).toBeLessThan(4 * Math.sqrt(theory / n));
    expect(Math.abs(variance / theory - 1)).toBeLessThan(0.03);

    const freq = new Map<bigint, number>();
    for (const x of xs) freq.set(x, (freq.get(x) ?? 0) + 1);
    const q = Math.exp(-1 / b);
    const p0 = (1 - q) / (1 + q);
    expect(Math.abs((freq.get(0n) ?? 0) / n - p0)).toBeLessThan(4 * Math.sqrt((p0 * (1 - p0)) / n));
    for (let k = 1n; k <= 6n; k++) {
      const plus = freq.get(k) ?? 0;
      const minus = freq.get(-k) ?? 0;
      const expected = n * p0 * q ** Number(k);
      // symmetry: the two tails agree within sampling error, and each matches the theoretical mass
      expect(Math.abs(plus - minus)).toBeLessThan(5 * Math.sqrt(plus + minus) + 1);
      expect(Math.abs(plus - expected)).toBeLessThan(5 * Math.sqrt(expected) + 1);
    }
  });

  it('fractional and large scales (a sum with Δ = 10⁸ at ε = 0.123457) keep the variance', () => {
    const rng = deterministicRandomSource(5);
    for (const [scale, n, tol] of [
      [rational(10, 3), 50_000, 0.05],
      [rational(100_000_000n * 1_000_000n, 123_457n), 30_000, 0.06],
    ] as const) {
      const b = Number(scale.num) / Number(scale.den);
      const xs = Array.from({ length: n }, () => sampleDiscreteLaplace(scale, rng));
      const { variance } = moments(xs);
      expect(Math.abs(variance / discreteLaplaceVariance(b) - 1)).toBeLessThan(tol);
    }
  });

  it('refuses a zero scale', () => {
    expect(() => sampleDiscreteLaplace(rational(0), deterministicRandomSource(1))).toThrow(RangeError);
  });
});

describe('discrete Gaussian (CKS 2020)', () => {
  it('σ² = 4: mean 0, variance ≈ σ²', () => {
    const rng = deterministicRandomSource(6);
    const n = 60_000;
    const xs = Array.from({ length: n }, () => sampleDiscreteGaussian(rational(4), rng));
    const { mean, variance } = moments(xs);
    expect(Math.abs(mean)).toBeLessThan(4 * Math.sqrt(4 / n));
    expect(Math.abs(variance / 4 - 1)).toBeLessThan(0.03);
  });
});

describe('no floating point and no Math.random on the sampling path', () => {
  it('never calls Math.random (default crypto source and the test source)', () => {
    const spy = vi.spyOn(Math, 'random').mockImplementation(() => {
      throw new Error('Math.random called');
    });
    const crypto = vi.spyOn(globalThis.crypto, 'getRandomValues');
    for (const rng of [cryptoRandomSource, deterministicRandomSource(9)]) {
      for (let i = 0; i < 500; i++) {
        sampleDiscreteLaplace(rational(7, 3), rng);
        sampleDiscreteGaussian(rational(9, 2), rng);
      }
    }
    expect(spy).not.toHaveBeenCalled();
    expect(crypto).toHaveBeenCalled();
  });

  it('the sampler sources use no Math.random, logarithm, exponential or float parsing', () => {
    for (const file of ['samplers.ts', 'random.ts', 'rational.ts']) {
      const code = readFileSync(new URL(`./${file}`, import.meta.url), 'utf8')
        .split('\n')
        .filter((l) => !l.trimStart().startsWith('//') && !l.trimStart().startsWith('*'))
        .join('\n');
      expect(code).not.toMatch(/Math\.(random|log|exp|pow|sqrt)|parseFloat|\*\*\s*-/);
    }
    const all = ['samplers.ts', 'random.ts', 'rational.ts', 'mechanisms.ts', 'release.ts', 'epsilon.ts', 'decimal.ts'];
    for (const file of all) expect(readFileSync(new URL(`./${file}`, import.meta.url), 'utf8')).not.toContain('Math.random(');
  });
});
