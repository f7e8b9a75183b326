import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors/catalogue.ts';
import {
  canonicalYuan,
  chargeForUsage,
  divRoundHalfUp,
  fen,
  formatPercent,
  formatYuan,
  parsePercent,
  parseYuan,
  roundHalfUpToFen,
  sumAmounts,
  toFen,
} from './money.ts';

describe('money', () => {
  it('parses yuan decimals into 0.0001-yuan units and writes one canonical spelling', () => {
    expect(parseYuan('12.50')).toBe(125_000n);
    expect(parseYuan('0.0015')).toBe(15n);
    expect(parseYuan('20')).toBe(200_000n);
    expect(formatYuan(200_000n)).toBe('20.00');
    expect(formatYuan(15n)).toBe('0.0015');
    expect(formatYuan(1_500n)).toBe('0.15');
    expect(formatYuan(1_230n)).toBe('0.123');
    expect(canonicalYuan('0.2000')).toBe('0.20');
    expect(formatYuan(-25n)).toBe('-0.0025');
  });

  it('refuses anything that is not a plain yuan decimal', () => {
    for (const bad of ['1e3', '-1', '01', '1.23456', '', ' 1', '1.', '.5', '+2', 'NaN', 1.5, null]) {
      expect(() => parseYuan(bad)).toThrow(DomainError);
    }
    try {
      parseYuan('x', '/costs/0/amount');
    } catch (e) {
      expect((e as DomainError).code).toBe('BILLING_AMOUNT_INVALID');
      expect((e as DomainError).details?.[0]?.path).toBe('/costs/0/amount');
    }
  });

  it('rounds half up to the fen, exactly', () => {
    expect(roundHalfUpToFen(50n)).toBe(100n); // 0.0050 → 0.01
    expect(roundHalfUpToFen(49n)).toBe(0n); // 0.0049 → 0.00
    expect(roundHalfUpToFen(150n)).toBe(200n); // 0.0150 → 0.02
    expect(roundHalfUpToFen(-50n)).toBe(-100n); // away from zero for the (signed) deviation helpers
    expect(divRoundHalfUp(5n, 2n)).toBe(3n);
    expect(divRoundHalfUp(-5n, 2n)).toBe(-3n);
    expect(toFen(fen(1234))).toBe(1234n);
    expect(() => toFen(1n)).toThrow(RangeError);
  });

  it('charges usage as one exact fraction: price × measured ÷ unit size', () => {
    // 1.50 yuan per core-hour, 12 000 ms = 0.005 yuan exactly → 0.01
    expect(formatYuan(chargeForUsage(parseYuan('1.50'), 12_000n, 3_600_000n))).toBe('0.01');
    // 11 999 ms → 0.0049995 → 0.00
    expect(formatYuan(chargeForUsage(parseYuan('1.50'), 11_999n, 3_600_000n))).toBe('0.00');
    // beyond 2^53 bytes
    expect(formatYuan(chargeForUsage(parseYuan('0.0003'), 12_000_000_000_000_000n, 1_000_000_000n))).toBe('3600.00');
  });

  it('adds many small amounts without drift', () => {
    const tenth = parseYuan('0.1');
    const twentieth = parseYuan('0.2');
    expect(formatYuan(tenth + twentieth)).toBe('0.30');
    expect(formatYuan(sumAmounts(Array.from({ length: 10_000 }, () => parseYuan('0.01'))))).toBe('100.00');
    expect(formatYuan(sumAmounts(Array.from({ length: 3 }, () => parseYuan('0.0001'))))).toBe('0.0003');
  });

  it('reads percentages into millionths', () => {
    expect(parsePercent('2.35')).toBe(23_500n);
    expect(parsePercent(2.35)).toBe(23_500n);
    expect(parsePercent('6')).toBe(60_000n);
    expect(formatPercent(83_500n)).toBe('8.35');
    expect(formatPercent(-120_000n)).toBe('-12.00');
    expect(() => parsePercent('-1')).toThrow(DomainError);
    expect(() => parsePercent(1e-7)).toThrow(DomainError);
  });
});
