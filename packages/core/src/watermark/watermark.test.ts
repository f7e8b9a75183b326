import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { binomialUpperTail, detectInRows, markValue, openSeal, rowContext, sealRecipient, deriveWatermarkKeys, watermarkRows, recipientCodeword, type Cell } from './index.ts';

const KEY = 'platform-watermark-secret-0123456789';
const COLUMNS = ['district', 'category', 'population', 'income', 'year'];
const CARRIERS = [
  { name: 'population', decimals: 0 },
  { name: 'income', decimals: 2 },
];

/** A deterministic result table: 500 rows, text columns and two numeric ones. */
function table(n = 500): Cell[][] {
  let s = 7;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  return Array.from({ length: n }, (_, i) => [
    `福田區-街道${i % 37}`,
    `category ${String.fromCharCode(65 + (i % 11))}${i}`,
    String(Math.floor(rnd() * 90_000) + 100),
    (rnd() * 100_000).toFixed(2),
    i % 3 === 0 ? null : '2024',
  ]);
}

function shuffleAndDrop(rows: Cell[][], keep: number, seed = 3): Cell[][] {
  let s = seed;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const copy = rows.slice();
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy.slice(0, Math.round(copy.length * keep));
}

describe('watermark scheme', () => {
  const candidates = Array.from({ length: 1000 }, () => randomUUID());
  const recipient = candidates[417]!;
  const other = candidates[58]!;
  const original = table();
  const marked = watermarkRows(COLUMNS, original, { recipientId: recipient, key: KEY, numericColumns: CARRIERS }).rows;

  it('changes each carrier by at most one unit in the last declared place and nothing else', () => {
    let changed = 0;
    marked.forEach((row, i) => {
      const src = original[i]!;
      expect([row[0], row[1], row[4]]).toEqual([src[0], src[1], src[4]]);
      expect(Math.abs(Number(row[2]) - Number(src[2]))).toBeLessThanOrEqual(1);
      expect(Math.abs(Math.round(Number(row[3]) * 100) - Math.round(Number(src[3]) * 100))).toBeLessThanOrEqual(1);
      expect(row[3]).toMatch(/^\d+\.\d{2}$/);
      if (row[2] !== src[2] || row[3] !== src[3]) changed++;
    });
    expect(changed).toBeGreaterThan(100);
  });

  it('names the recipient among 1,000 candidates, and decodes it without candidates', () => {
    const withCandidates = detectInRows(COLUMNS, marked, KEY, { candidates });
    expect(withCandidates).toMatchObject({ found: true, recipientId: recipient, method: 'candidates', channel: 'numeric' });
    expect(withCandidates.confidence).toBeGreaterThan(0.999999);
    expect(withCandidates.columns.map((c) => c.name).sort()).toEqual(['income', 'population']);
    expect(detectInRows(COLUMNS, marked, KEY)).toMatchObject({ found: true, recipientId: recipient, method: 'decoded' });
  });

  it('survives shuffling and losing 30% of rows', () => {
    const damaged = shuffleAndDrop(marked, 0.7);
    expect(detectInRows(COLUMNS, damaged, KEY, { candidates })).toMatchObject({ found: true, recipientId: recipient });
    const result = detectInRows(COLUMNS, damaged, KEY);
    if (result.found) expect(result.recipientId).toBe(recipient);
  });

  it('a file for A is not detected as B, nor under another key; an unmarked file reports none', () => {
    const withoutA = candidates.filter((c) => c !== recipient);
    expect(detectInRows(COLUMNS, marked, KEY, { candidates: withoutA })).toMatchObject({ found: false, recipientId: null });
    expect(detectInRows(COLUMNS, marked, KEY, { candidates: [other] }).found).toBe(false);
    expect(detectInRows(COLUMNS, marked, 'another-platform-secret-abcdef', { candidates }).found).toBe(false);
    const clean = detectInRows(COLUMNS, original, KEY, { candidates });
    expect(clean).toMatchObject({ found: false, recipientId: null, method: 'none' });
    expect(detectInRows(COLUMNS, original, KEY).found).toBe(false);
  });

  it('row order carries the mark when there is no numeric column (weaker: no reordering)', () => {
    const textual = original.map((r) => [r[0]!, r[1]!]);
    const out = watermarkRows(['district', 'category'], textual, { recipientId: recipient, key: KEY, numericColumns: [] });
    expect(out.channel).toBe('row-order');
    expect(detectInRows(['district', 'category'], out.rows, KEY, { candidates })).toMatchObject({ found: true, recipientId: recipient, channel: 'row-order' });
    expect(detectInRows(['district', 'category'], textual, KEY, { candidates }).found).toBe(false);
  });

  it('keeps the context of a row whatever is done to its numbers', () => {
    expect(rowContext(['a', '12.30', null, 'b'])).toBe(rowContext(['b', '12.31', 'a']));
    const keys = deriveWatermarkKeys(KEY);
    const word = recipientCodeword(recipient, keys);
    expect(markValue('9.99', 2, '', keys, word)).toMatch(/^9\.9[89]$/);
    expect(markValue('0', 0, '', keys, word)).toMatch(/^[01]$/);
    expect(markValue('-12.3', 2, '', keys, word)).toMatch(/^-12\.3[01]$/);
    expect(markValue('1.234', 2, '', keys, word)).toBe('1.234');
    expect(markValue('n/a', 2, '', keys, word)).toBe('n/a');
  });

  it('seals the recipient for the key holder only', () => {
    const keys = deriveWatermarkKeys(KEY);
    const seal = sealRecipient(recipient, keys, new Uint8Array(12).fill(5));
    expect(openSeal(seal, keys)).toBe(recipient);
    expect(openSeal(seal, deriveWatermarkKeys('another-platform-secret-abcdef'))).toBeNull();
  });

  it('binomial tail', () => {
    expect(binomialUpperTail(10, 10)).toBeCloseTo(1 / 1024, 12);
    expect(binomialUpperTail(10, 0)).toBe(1);
    expect(binomialUpperTail(2, 1)).toBeCloseTo(0.75, 12);
    expect(binomialUpperTail(1000, 500)).toBeCloseTo(0.5126, 3);
    expect(binomialUpperTail(160, 160)).toBeCloseTo(2 ** -160, 60);
  });

  it('refuses bad input', () => {
    expect(() => watermarkRows(COLUMNS, original, { recipientId: 'not-a-uuid', key: KEY, numericColumns: CARRIERS })).toThrow('WATERMARK_RECIPIENT_INVALID');
    expect(() => watermarkRows(COLUMNS, original, { recipientId: recipient, key: 'short', numericColumns: CARRIERS })).toThrow('WATERMARK_KEY_INVALID');
    expect(() => watermarkRows(COLUMNS, original, { recipientId: recipient, key: KEY, numericColumns: [{ name: 'nope', decimals: 0 }] })).toThrow('WATERMARK_COLUMN_INVALID');
  });
});
