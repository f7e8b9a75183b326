import { describe, expect, it } from 'vitest';
import { makeLabelledCorpus, scoreDetector } from './corpus.ts';
import { detectValue } from './detect-value.ts';
import { createRng } from './rng.ts';
import { scanColumn } from './scan-column.ts';
import { PII_TYPES } from './types.ts';

const PER_TYPE = 10_000;

describe('detectValue on a generated corpus (10,000 positives and 10,000 near-misses per type)', () => {
  const corpus = makeLabelledCorpus(createRng(20260302), PER_TYPE);
  const scores = scoreDetector(corpus, (value) => detectValue(value));

  for (const type of PII_TYPES) {
    it(`${type}: recall and precision ≥ 0.99`, () => {
      const score = scores.find((s) => s.type === type);
      expect(score?.truePositives).toBeGreaterThan(0);
      expect(score?.recall).toBeGreaterThanOrEqual(0.99);
      expect(score?.precision).toBeGreaterThanOrEqual(0.99);
    });
  }

  // Names and addresses meet the bar per value only against structural near-misses (wrong length, no surname, no
  // house number). Against words that look like names (高興, 林木) per-value precision is not reachable; there the
  // promise is the column one, checked here and in scan-column.test.ts.
  it('names and addresses: every column of positives is suggested, no column of near-misses is', () => {
    for (const type of ['person_name', 'address'] as const) {
      const positives = corpus.filter((e) => e.type === type && e.positive).map((e) => e.value);
      const negatives = corpus.filter((e) => e.type === type && !e.positive).map((e) => e.value);
      for (let i = 0; i < 10; i++) {
        const slice = (values: string[]) => values.slice(i * 1000, (i + 1) * 1000);
        expect(scanColumn(slice(positives))[0]?.type).toBe(type);
        expect(scanColumn(slice(negatives))).toEqual([]);
      }
    }
  });
});
