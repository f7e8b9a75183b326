import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors/catalogue.ts';
import {
  addEpsilon,
  canSpend,
  debitOrThrow,
  epsilonFromMicros,
  multiplyEpsilon,
  parseEpsilon,
  planDebit,
  remainingEpsilon,
} from './epsilon.ts';

function reasonOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError) return `${e.code}:${e.details?.[0]?.reason}`;
    throw e;
  }
  return undefined;
}

describe('parseEpsilon', () => {
  it('reads decimals with at most 6 places into micro-ε and a rational', () => {
    expect(parseEpsilon('0.1')).toMatchObject({ micros: 100_000, text: '0.1', rational: { num: 1n, den: 10n } });
    expect(parseEpsilon(0.25)).toMatchObject({ micros: 250_000, text: '0.25', rational: { num: 1n, den: 4n } });
    expect(parseEpsilon('1')).toMatchObject({ micros: 1_000_000, text: '1', rational: { num: 1n, den: 1n } });
    expect(parseEpsilon('0.000001').micros).toBe(1);
    expect(parseEpsilon('2.500000').text).toBe('2.5');
    expect(parseEpsilon(100).micros).toBe(100_000_000);
  });

  it('refuses more than 6 decimals, non-positive values, exponents and junk', () => {
    expect(reasonOf(() => parseEpsilon('0.0000001'))).toBe('DP_EPSILON_INVALID:more_than_6_decimals');
    expect(reasonOf(() => parseEpsilon(1e-7))).toBe('DP_EPSILON_INVALID:more_than_6_decimals');
    expect(reasonOf(() => parseEpsilon(0.1 + 0.2))).toBe('DP_EPSILON_INVALID:more_than_6_decimals');
    expect(reasonOf(() => parseEpsilon('0'))).toBe('DP_EPSILON_INVALID:not_positive');
    expect(reasonOf(() => parseEpsilon(0))).toBe('DP_EPSILON_INVALID:not_positive');
    expect(reasonOf(() => parseEpsilon('0.000000'))).toBe('DP_EPSILON_INVALID:not_positive');
    expect(reasonOf(() => parseEpsilon(-0.5))).toBe('DP_EPSILON_INVALID:not_positive');
    expect(reasonOf(() => parseEpsilon('-1'))).toBe('DP_EPSILON_INVALID:not_positive');
    expect(reasonOf(() => parseEpsilon(Number.NaN))).toBe('DP_EPSILON_INVALID:not_finite');
    expect(reasonOf(() => parseEpsilon(Infinity))).toBe('DP_EPSILON_INVALID:not_finite');
    for (const bad of ['1e-3', '.5', '1.', '01', '+1', '', 'abc', '1,5']) {
      expect(reasonOf(() => parseEpsilon(bad))).toBe('DP_EPSILON_INVALID:not_a_decimal');
    }
    expect(reasonOf(() => parseEpsilon('100.000001'))).toBe('DP_EPSILON_INVALID:too_large');
    expect(parseEpsilon('0', { allowZero: true }).micros).toBe(0);
    expect(parseEpsilon('250', { max: false }).micros).toBe(250_000_000);
  });
});

describe('budget arithmetic in micro-ε', () => {
  it('0.1 × 10 == 1.0 exactly (float accumulation would not)', () => {
    let floatSpent = 0;
    for (let i = 0; i < 10; i++) floatSpent += 0.1;
    expect(floatSpent).not.toBe(1); // 0.9999999999999999

    let spent = epsilonFromMicros(0);
    for (let i = 0; i < 10; i++) {
      expect(canSpend('1', spent, '0.1')).toBe(true);
      spent = addEpsilon(spent, 0.1);
    }
    expect(spent.micros).toBe(1_000_000);
    expect(spent.text).toBe('1');
    expect(canSpend(1, spent, '0.000001')).toBe(false);
    expect(remainingEpsilon(1, spent).micros).toBe(0);
    expect(multiplyEpsilon('0.1', 10).micros).toBe(parseEpsilon('1').micros);
    expect(addEpsilon(0.1, 0.2).text).toBe('0.3');
  });

  it('canSpend is exact at the boundary and refuses non-positive costs', () => {
    expect(canSpend('1', '0.7', '0.3')).toBe(true);
    expect(canSpend('1', '0.7', '0.300001')).toBe(false);
    expect(canSpend(0.5, 0, 0.5)).toBe(true);
    expect(() => canSpend(1, 0, 0)).toThrow(DomainError);
  });

  it('planDebit refuses when exhausted, over the per-query limit, or without a budget', () => {
    const budget = { epsilonTotal: 1, epsilonPerQuery: 0.5 };
    expect(planDebit(undefined, 0, '0.1')).toMatchObject({ allowed: false, reason: 'no_budget', code: 'GRANT_BUDGET_EXHAUSTED' });
    expect(planDebit(budget, 0, '0.6')).toMatchObject({ allowed: false, reason: 'per_query_limit' });
    const ok = planDebit(budget, '0.5', '0.5');
    expect(ok).toMatchObject({ allowed: true });
    if (ok.allowed) {
      expect(ok.spentAfter.text).toBe('1');
      expect(ok.remainingAfter.micros).toBe(0);
    }
    expect(planDebit(budget, '0.9', '0.2')).toMatchObject({ allowed: false, reason: 'exhausted', code: 'GRANT_BUDGET_EXHAUSTED' });

    let spent = parseEpsilon('0', { allowZero: true });
    for (let i = 0; i < 10; i++) spent = debitOrThrow({ epsilonTotal: 1 }, spent, 0.1);
    expect(spent.micros).toBe(1_000_000);
    expect(reasonOf(() => debitOrThrow({ epsilonTotal: 1 }, spent, 0.1))).toBe('GRANT_BUDGET_EXHAUSTED:exhausted');
  });
});
