// A labelled corpus for measuring the detectors: positives from the synthetic generators in every accepted dress
// (both scripts, grouped and international mobiles, X and x check characters, several card schemes and area
// codes), and near-miss negatives. Shared by the corpus test and bench/pii-detection.bench.ts.
import { makeNearMiss } from './near-miss.ts';
import type { Rng } from './rng.ts';
import { makeAddress } from './synthetic/address.ts';
import {
  makeBankCard,
  makeEmail,
  makeLandline,
  makeMobile,
  makeResidentId,
  makeSyntheticUscc,
  makeVehiclePlate,
  type MobileFormat,
} from './synthetic/identifiers.ts';
import { makePersonName } from './synthetic/person-name.ts';
import type { Script } from './synthetic/script.ts';
import { PII_TYPES, type PiiType } from './types.ts';

export interface LabelledValue {
  value: string;
  /** The type the value was made as (a positive) or made to resemble (a near-miss). */
  type: PiiType;
  positive: boolean;
}

const DIVISIONS = ['440304', '440303', '440305', '110105', '310104', '510107', '620102', '650102', '810000', '330106'];
const MOBILE_FORMATS: MobileFormat[] = ['plain', 'plain', 'plain', 'spaced', 'hyphenated', 'international'];
const CARD_PREFIXES = ['62', '62', '62', '60', '4', '5', '9558', '3530', '2221'];
const AREA_CODES = ['0755', '0755', '010', '020', '021', '0571', '0769', '0898'];
const PLATE_PREFIXES = ['粵B', '粤B', '京A', '滬C', '沪A', '川A', '新A', '蒙K', '閩D'];

function script(rng: Rng): Script {
  return rng.chance(0.5) ? 'traditional' : 'simplified';
}

export function makePositive(rng: Rng, type: PiiType): string {
  switch (type) {
    case 'resident_id': {
      const id = makeResidentId(rng, { division: rng.pick(DIVISIONS) });
      return rng.chance(0.5) ? id.toLowerCase() : id;
    }
    case 'mobile':
      return makeMobile(rng, { format: rng.pick(MOBILE_FORMATS) });
    case 'uscc':
      return makeSyntheticUscc(rng, { division: rng.pick(DIVISIONS), kind: rng.pick(['91', '91', '92', '93', '12', '51', '52'] as const) });
    case 'bank_card': {
      const prefix = rng.pick(CARD_PREFIXES);
      const length = prefix === '62' ? rng.pick([16, 17, 18, 19] as const) : 16;
      return makeBankCard(rng, { prefix, length });
    }
    case 'person_name':
      return makePersonName(rng, { script: script(rng) });
    case 'address':
      return makeAddress(rng, { script: script(rng) });
    case 'email':
      return makeEmail(rng);
    case 'landline':
      return makeLandline(rng, { areaCode: rng.pick(AREA_CODES) });
    case 'vehicle_plate':
      return makeVehiclePlate(rng, { prefix: rng.pick(PLATE_PREFIXES) });
  }
}

/** `perType` positives and `perType` near-misses of every type, shuffled. */
export function makeLabelledCorpus(rng: Rng, perType: number): LabelledValue[] {
  const corpus: LabelledValue[] = [];
  for (const type of PII_TYPES) {
    for (let i = 0; i < perType; i++) corpus.push({ value: makePositive(rng, type), type, positive: true });
    for (let i = 0; i < perType; i++) corpus.push({ value: makeNearMiss(rng, type), type, positive: false });
  }
  for (let i = corpus.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [corpus[i], corpus[j]] = [corpus[j] as LabelledValue, corpus[i] as LabelledValue];
  }
  return corpus;
}

export interface TypeScore {
  type: PiiType;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  recall: number;
  precision: number;
}

/** Recall and precision per type of a detector over a labelled corpus: a value detected as a type it was not made
 *  as — a near-miss, or a positive of another type — is a false positive of that type. */
export function scoreDetector(corpus: readonly LabelledValue[], detect: (value: string) => readonly PiiType[]): TypeScore[] {
  const tally = new Map(PII_TYPES.map((t) => [t, { tp: 0, fp: 0, fn: 0 }]));
  for (const { value, type, positive } of corpus) {
    const found = detect(value);
    for (const t of found) {
      const row = tally.get(t) as { tp: number; fp: number; fn: number };
      if (positive && t === type) row.tp++;
      else row.fp++;
    }
    if (positive && !found.includes(type)) (tally.get(type) as { fn: number }).fn++;
  }
  return PII_TYPES.map((type) => {
    const { tp, fp, fn } = tally.get(type) as { tp: number; fp: number; fn: number };
    return {
      type,
      truePositives: tp,
      falsePositives: fp,
      falseNegatives: fn,
      recall: tp + fn === 0 ? 1 : tp / (tp + fn),
      precision: tp + fp === 0 ? 1 : tp / (tp + fp),
    };
  });
}
