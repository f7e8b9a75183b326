import { afterEach, describe, expect, it, vi } from 'vitest';
import { DomainError } from '../errors/catalogue.ts';
import { formatScaled, toScaledInteger } from './decimal.ts';
import { releaseAverage, releaseCount, releaseSum, sumNoise } from './mechanisms.ts';
import { deterministicRandomSource } from './random.ts';
import { type DpSpec, allocateEpsilon, boundContributions, epsilonCost, releaseAggregates } from './release.ts';

afterEach(() => vi.restoreAllMocks());

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError) return `${e.code}:${e.details?.[0]?.reason}`;
    throw e;
  }
  return undefined;
}

const spec: DpSpec = {
  groupBy: ['district'],
  columns: [
    { kind: 'count', name: 'people', epsilon: '0.1' },
    { kind: 'sum', name: 'income', epsilon: '0.2', lower: 0, upper: '100.5', precision: 1 },
    { kind: 'avg', name: 'avg_income', epsilon: '0.3', sumSource: 'avg_sum', countSource: 'avg_n', lower: 0, upper: 100.5, precision: 1 },
  ],
};

const records = [
  { person: 'a', district: 'Futian', income: 10 },
  { person: 'a', district: 'Futian', income: 20 }, // a's second row: counted once, summed then clamped
  { person: 'b', district: 'Futian', income: 1e9 }, // outlier: clamped to 100.5
  { person: 'c', district: 'Futian', income: null },
  { person: 'd', district: 'Nanshan', income: -50 }, // below the lower bound: clamped to 0
  { person: 'd', district: 'Luohu', income: 40 }, // d's second group: dropped (one group per subject)
  { person: 'e', district: 'Nanshan', income: '33.33' }, // rounded to 33.3
];

describe('contribution bounding (reference)', () => {
  it('dedups counts per subject, clamps per-subject sums, caps groups per subject', () => {
    const rows = boundContributions(records, spec, { subject: 'person', fields: { income: 'income', avg_income: 'income' } });
    expect(rows).toEqual([
      // people: a, b, c; income: clamp(300) + clamp(1e10) = 300 + 1005 (scaled ×10); avg over the first row of each
      { district: 'Futian', people: 3n, income: 1305n, avg_sum: 100n + 1005n, avg_n: 2n },
      { district: 'Nanshan', people: 2n, income: 0n + 333n, avg_sum: 0n + 333n, avg_n: 2n },
    ]);
  });

  it('clamping bounds every sum: n subjects move it by at most n·max(|L|, |U|)', () => {
    const s: DpSpec = { groupBy: [], columns: [{ kind: 'sum', name: 'v', epsilon: '1', lower: -10, upper: 25, precision: 0 }] };
    for (let trial = 0; trial < 50; trial++) {
      const recs = Array.from({ length: 40 }, (_, i) => ({ id: `s${i % 20}`, v: ((trial * 7919 + i * 104729) % 2001) - 1000 }));
      const [row] = boundContributions(recs, s, { subject: 'id', fields: { v: 'v' } });
      const total = row!.v as bigint;
      expect(total >= -10n * 20n && total <= 25n * 20n).toBe(true);
    }
  });

  it('keeps up to maxRowsPerSubject rows and maxGroupsPerSubject groups when declared', () => {
    const s: DpSpec = {
      groupBy: ['g'],
      columns: [{ kind: 'count', name: 'n', epsilon: '0.5', maxRowsPerSubject: 2 }],
      maxGroupsPerSubject: 2,
    };
    const recs = [
      { id: 1, g: 'x' },
      { id: 1, g: 'x' },
      { id: 1, g: 'x' },
      { id: 1, g: 'y' },
      { id: 1, g: 'z' },
    ];
    expect(boundContributions(recs, s, { subject: 'id', fields: {} })).toEqual([
      { g: 'x', n: 2n },
      { g: 'y', n: 1n },
    ]);
    expect(epsilonCost(s).text).toBe('1');
  });
});

describe('ε of a release', () => {
  it('is the sum over noisy columns, times the groups a subject may reach, exactly', () => {
    expect(epsilonCost(spec).text).toBe('0.6');
    expect(epsilonCost({ ...spec, maxGroupsPerSubject: 3 }).micros).toBe(1_800_000);
  });

  it('allocateEpsilon splits a total without exceeding it', () => {
    const s = allocateEpsilon(
      [
        { kind: 'count', name: 'n' },
        { kind: 'sum', name: 's', lower: 0, upper: 1, precision: 0 },
        { kind: 'count', name: 'm', source: 'n2' },
      ],
      '1',
      { groupBy: ['g'] },
    );
    expect(s.columns.map((c) => c.epsilon)).toEqual(['0.333333', '0.333333', '0.333333']);
    expect(epsilonCost(s).micros).toBe(999_999);
    expect(codeOf(() => allocateEpsilon([{ kind: 'count', name: 'n' }], '0.000001', { maxGroupsPerSubject: 2 }))).toBe(
      'DP_EPSILON_INVALID:too_small_to_split',
    );
  });

  it('refuses invalid specifications', () => {
    const bad = (column: object) => codeOf(() => epsilonCost({ groupBy: [], columns: [column as never] }));
    expect(bad({ kind: 'sum', name: 's', epsilon: '1', lower: 5, upper: 1, precision: 0 })).toBe('DP_SPEC_INVALID:lower_above_upper');
    expect(bad({ kind: 'sum', name: 's', epsilon: '1', lower: 0, upper: 1.25, precision: 1 })).toBe('DP_SPEC_INVALID:not_a_decimal_at_precision');
    expect(bad({ kind: 'sum', name: 's', epsilon: '1', lower: 0, upper: 1, precision: 13 })).toBe('DP_SPEC_INVALID:precision_out_of_range');
    expect(bad({ kind: 'sum', name: 's', epsilon: '1', lower: 0, upper: 0, precision: 0 })).toBe('DP_SPEC_INVALID:zero_bounds');
    expect(bad({ kind: 'count', name: 'n', epsilon: '1', maxRowsPerSubject: 0 })).toBe('DP_SPEC_INVALID:out_of_range');
    expect(bad({ kind: 'count', name: 'n', epsilon: '0.0000001' })).toBe('DP_EPSILON_INVALID:more_than_6_decimals');
    expect(bad({ kind: 'count', name: 'n', epsilon: 0 })).toBe('DP_EPSILON_INVALID:not_positive');
    expect(bad({ kind: 'median', name: 'n', epsilon: 1 })).toBe('DP_SPEC_INVALID:unknown_kind');
    expect(codeOf(() => epsilonCost({ groupBy: ['n'], columns: [{ kind: 'count', name: 'n', epsilon: 1 }] }))).toBe('DP_SPEC_INVALID:duplicate');
    expect(codeOf(() => epsilonCost({ groupBy: [], columns: [] }))).toBe('DP_SPEC_INVALID:no_noisy_column');
  });
});

describe('releaseAggregates', () => {
  const rows = boundContributions(records, spec, { subject: 'person', fields: { income: 'income', avg_income: 'income' } });

  it('noises every cell and returns only group keys and noisy values, with the noise scale', () => {
    const out = releaseAggregates(rows, spec, '0.6', deterministicRandomSource(1));
    expect(out.epsilon).toBe('0.6');
    expect(out.epsilonMicros).toBe(600_000);
    expect(() => JSON.stringify(out)).not.toThrow();
    expect(out.rows).toHaveLength(2);
    for (const row of out.rows) {
      expect(Object.keys(row).sort()).toEqual(['avg_income', 'district', 'income', 'people']);
      expect(Number.isInteger(row.people) && (row.people as number) >= 0).toBe(true);
      expect(typeof row.income).toBe('number');
      expect(row.avg_income as number).toBeGreaterThanOrEqual(0);
      expect(row.avg_income as number).toBeLessThanOrEqual(100.5);
    }
    expect(out.noise.people).toMatchObject({ mechanism: 'discrete_laplace', epsilon: '0.1', sensitivity: '1', scale: 10 });
    expect(out.noise.income).toMatchObject({ epsilon: '0.2', sensitivity: '100.5' });
    expect((out.noise.income as { scale: number }).scale).toBeCloseTo(502.5, 9);
    expect(out.noise.avg_income).toMatchObject({
      mechanism: 'noisy_sum_over_noisy_count',
      epsilon: '0.3',
      sum: { epsilon: '0.15', sensitivity: '100.5' },
      count: { epsilon: '0.15', sensitivity: '1' },
    });
  });

  it('refuses an ε that differs from the cost, columns outside the spec, and non-integer cells (without echoing them)', () => {
    expect(codeOf(() => releaseAggregates(rows, spec, '0.5', deterministicRandomSource(1)))).toBe('DP_EPSILON_MISMATCH:differs_from_spec_cost');
    const withExtra = rows.map((r) => ({ ...r, raw_income: 123456789 }));
    expect(codeOf(() => releaseAggregates(withExtra, spec, '0.6', deterministicRandomSource(1)))).toBe('DP_SPEC_INVALID:column_not_in_spec');
    const withFloat = rows.map((r) => ({ ...r, income: 1234.5678 }));
    try {
      releaseAggregates(withFloat, spec, '0.6', deterministicRandomSource(1));
      expect.unreachable();
    } catch (e) {
      expect((e as DomainError).code).toBe('DP_VALUE_INVALID');
      expect(JSON.stringify((e as DomainError).details) + (e as Error).message).not.toContain('1234');
    }
    expect(codeOf(() => releaseAggregates([{ district: 'x', people: 1, income: 2 }], spec, '0.6', deterministicRandomSource(1)))).toBe(
      'DP_SPEC_INVALID:missing_aggregate',
    );
  });

  it('reports the noise of an empty result, and uses the crypto source by default', () => {
    const crypto = vi.spyOn(globalThis.crypto, 'getRandomValues');
    expect(releaseAggregates([], spec, '0.6').noise.people).toMatchObject({ scale: 10 });
    expect(releaseAggregates(rows, spec, 0.6).rows).toHaveLength(2);
    expect(crypto).toHaveBeenCalled();
  });
});

describe('scaled decimals', () => {
  it('round half away from zero, exactly, and format back', () => {
    expect(toScaledInteger(0.125, 2)).toBe(13n);
    expect(toScaledInteger(-0.125, 2)).toBe(-13n);
    expect(toScaledInteger('1e-7', 6)).toBe(0n);
    expect(toScaledInteger(1e21, 0)).toBe(10n ** 21n);
    expect(toScaledInteger('12.3456', 2)).toBe(1235n);
    expect(toScaledInteger('1.25', 1, { exact: true })).toBeUndefined();
    expect(toScaledInteger(Number.NaN, 1)).toBeUndefined();
    expect(toScaledInteger('abc', 1)).toBeUndefined();
    expect(formatScaled(-5n, 2)).toBe('-0.05');
    expect(formatScaled(1234n, 0)).toBe('1234');
  });
});

describe('single mechanisms', () => {
  it('noisy counts are integers ≥ 0 (post-processing), even for a true count of 0', () => {
    const rng = deterministicRandomSource(4);
    let zeros = 0;
    for (let i = 0; i < 2000; i++) {
      const r = releaseCount(0n, {}, '0.5', rng);
      expect(Number.isInteger(r.value) && r.value >= 0).toBe(true);
      expect(r.exact).toBe(String(r.value));
      if (r.value === 0) zeros++;
    }
    expect(zeros).toBeGreaterThan(1000); // about half the noise is ≤ 0
  });

  it('the empirical noise of a sum matches the reported standard deviation', () => {
    const rng = deterministicRandomSource(8);
    const params = { lower: -2, upper: '3.75', precision: 2 };
    const info = sumNoise(params, '0.5');
    expect(info.scale).toBeCloseTo(7.5, 12);
    const n = 20_000;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const r = releaseSum(100_000n, params, '0.5', rng); // true sum 1000.00
      expect(r.exact).toMatch(/^-?\d+\.\d{2}$/);
      s2 += (r.value - 1000) ** 2;
    }
    expect(Math.abs(Math.sqrt(s2 / n) / info.standardDeviation - 1)).toBeLessThan(0.03);
  });

  it('averages are noisy sum over noisy count, clamped to the bounds', () => {
    const rng = deterministicRandomSource(12);
    const params = { lower: 10, upper: 20, precision: 0 };
    const values: number[] = [];
    for (let i = 0; i < 3000; i++) {
      const r = releaseAverage(15_000n, 1000n, params, '1', rng); // true mean 15
      expect(r.value).toBeGreaterThanOrEqual(0);
      expect(r.value).toBeLessThanOrEqual(20);
      values.push(r.value);
    }
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    expect(Math.abs(mean - 15)).toBeLessThan(0.2);
    const tiny = releaseAverage(0n, 0n, params, '0.1', rng);
    expect(tiny.value).toBeGreaterThanOrEqual(0);
    expect(tiny.value).toBeLessThanOrEqual(20);
  });
});
