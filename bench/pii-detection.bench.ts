// PII detection: detectValue over a mixed generated corpus of ~1M values (positives of every type in every accepted
// dress, and near-misses one slip from valid), against a minimal regex-only loop over the same values in the same
// run — the shape checks a hurried implementation would stop at. The ratio says what the check characters,
// calendars, segment tables and surname sets cost; recall and precision say what they buy (the regex loop's
// precision is reported too: near-misses fool it by construction).
import { makeLabelledCorpus, scoreDetector, type LabelledValue, type TypeScore } from '../packages/core/src/pii/corpus.ts';
import { detectValue } from '../packages/core/src/pii/detect-value.ts';
import { createRng } from '../packages/core/src/pii/rng.ts';
import type { PiiType } from '../packages/core/src/pii/types.ts';
import type { Benchmark, BenchContext, BenchResult } from './support/harness.ts';
import { nowMs } from './support/stats.ts';

const PER_TYPE = Number(process.env.SHUYUN_BENCH_PII_PER_TYPE ?? 55_556); // × 9 types × (positive + near-miss) ≈ 1M
const ROUNDS = 5; // alternating passes over the whole corpus; the best pass of each side counts

const REGEX_ONLY: ReadonlyArray<readonly [PiiType, RegExp]> = [
  ['resident_id', /^\d{17}[\dXx]$/],
  ['mobile', /^1[3-9]\d{9}$/],
  ['uscc', /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/],
  ['bank_card', /^\d{16,19}$/],
  ['person_name', /^[\u4e00-\u9fff]{2,4}$/],
  ['address', /[省市區区縣县].*\d+[號号]/],
  ['email', /^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$/],
  ['landline', /^0\d{2,3}-?\d{7,8}$/],
  ['vehicle_plate', /^[京津滬沪渝冀豫雲云遼辽黑湘皖魯鲁新蘇苏浙贛赣鄂桂甘晉晋蒙陝陕吉閩闽貴贵粵粤青藏川寧宁瓊琼][A-Z][A-Z0-9]{5,6}$/],
];

function regexOnly(value: string): PiiType[] {
  const found: PiiType[] = [];
  for (const [type, pattern] of REGEX_ONLY) if (pattern.test(value)) found.push(type);
  return found;
}

/** One pass over every value; returns values/s. The match count is a sink the JIT cannot drop. */
function pass(values: readonly string[], detect: (value: string) => readonly PiiType[], sink: { n: number }): number {
  const t0 = nowMs();
  let n = 0;
  for (let i = 0; i < values.length; i++) n += detect(values[i] as string).length;
  const seconds = (nowMs() - t0) / 1000;
  sink.n += n;
  return values.length / seconds;
}

function worst(scores: readonly TypeScore[], key: 'recall' | 'precision'): TypeScore {
  return scores.reduce((a, b) => (b[key] < a[key] ? b : a));
}

async function run(ctx: BenchContext): Promise<BenchResult> {
  const t0 = nowMs();
  const corpus: LabelledValue[] = makeLabelledCorpus(createRng(20260302), PER_TYPE);
  const values = corpus.map((e) => e.value);
  ctx.progress(`generated ${values.length.toLocaleString('en-US')} values in ${((nowMs() - t0) / 1000).toFixed(1)} s`);

  const sink = { n: 0 };
  const candidate = (v: string) => detectValue(v);
  pass(values.slice(0, 100_000), candidate, sink); // warm-up of both paths
  pass(values.slice(0, 100_000), regexOnly, sink);
  const rates = { candidate: [] as number[], baseline: [] as number[] };
  for (let round = 0; round < ROUNDS; round++) {
    if (round % 2 === 0) {
      rates.candidate.push(pass(values, candidate, sink));
      rates.baseline.push(pass(values, regexOnly, sink));
    } else {
      rates.baseline.push(pass(values, regexOnly, sink));
      rates.candidate.push(pass(values, candidate, sink));
    }
    ctx.progress(`round ${round + 1}/${ROUNDS}: detectValue ${Math.round(rates.candidate.at(-1) ?? 0).toLocaleString('en-US')} values/s, regex-only ${Math.round(rates.baseline.at(-1) ?? 0).toLocaleString('en-US')} values/s`);
  }
  const best = (xs: number[]) => Math.max(...xs);

  const scores = scoreDetector(corpus, candidate);
  const regexScores = scoreDetector(corpus, regexOnly);
  const minRecall = worst(scores, 'recall');
  const minPrecision = worst(scores, 'precision');
  const fmt = (s: TypeScore) => `${s.type} ${s.recall.toFixed(4)}/${s.precision.toFixed(4)}`;
  return {
    metrics: [
      { name: 'detectValue', value: best(rates.candidate), unit: 'values/s', digits: 0 },
      { name: 'baseline regex-only loop', value: best(rates.baseline), unit: 'values/s', digits: 0 },
      { name: 'ratio detectValue / regex-only', value: best(rates.candidate) / best(rates.baseline), unit: '×', digits: 2 },
      { name: 'detectValue recall (worst type)', value: minRecall.recall, unit: '', digits: 4, target: { op: '>=', value: 0.99 }, note: minRecall.type },
      { name: 'detectValue precision (worst type)', value: minPrecision.precision, unit: '', digits: 4, target: { op: '>=', value: 0.99 }, note: minPrecision.type },
      { name: 'regex-only precision (worst type)', value: worst(regexScores, 'precision').precision, unit: '', digits: 4, note: worst(regexScores, 'precision').type },
    ],
    notes: [
      `${values.length.toLocaleString('en-US')} values: ${PER_TYPE.toLocaleString('en-US')} positives and as many near-misses of each of 9 types, shuffled; ${ROUNDS} alternating passes per side, best pass reported (sink ${sink.n}).`,
      `detectValue recall/precision per type: ${scores.map(fmt).join(', ')}.`,
      `regex-only recall/precision per type: ${regexScores.map(fmt).join(', ')}.`,
      'names and addresses are scored per value against structural near-misses only; against name-shaped words (高興, 林木) per-value precision is not reachable and the promise is the column one (scanColumn, see packages/core/src/pii/scan-column.test.ts).',
    ],
  };
}

const benchmark: Benchmark = { name: 'pii-detection', title: 'detectValue vs a regex-only loop over ~1M mixed values', run };
export default benchmark;
