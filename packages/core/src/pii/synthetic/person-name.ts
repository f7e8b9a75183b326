// Synthetic personal names with a realistic surname mix: the 100 most frequent surnames by their population share
// (about 85% of draws), rarer surnames for most of the rest, compound surnames (歐陽, 司馬…) now and then.
import { isPersonName } from '../person-name.ts';
import type { Rng } from '../rng.ts';
import {
  COMMON_SURNAME_WEIGHTS,
  COMMON_SURNAMES_SIMPLIFIED,
  COMMON_SURNAMES_TRADITIONAL,
  COMPOUND_SURNAMES_SIMPLIFIED,
  COMPOUND_SURNAMES_TRADITIONAL,
  OTHER_SURNAMES_SIMPLIFIED,
  OTHER_SURNAMES_TRADITIONAL,
} from '../surnames.ts';
import { NAME_CHARS_SIMPLIFIED, NAME_CHARS_TRADITIONAL } from '../given-name-chars.ts';
import { RARE_NAME_CHARS_SIMPLIFIED, RARE_NAME_CHARS_TRADITIONAL } from './given-names.ts';
import type { Script } from './script.ts';

const COMMON_SHARE = 0.85;
const RARE_CHAR_SHARE = 0.15;
const COMPOUND_SHARE = 0.004;
const cumulative: number[] = [];
for (const w of COMMON_SURNAME_WEIGHTS) cumulative.push((cumulative.at(-1) ?? 0) + w);
const totalWeight = cumulative.at(-1) ?? 1;

function commonSurnameIndex(rng: Rng): number {
  const x = rng.next() * totalWeight;
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((cumulative[mid] as number) > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function surname(rng: Rng, script: Script): string {
  const trad = script === 'traditional';
  const roll = rng.next();
  if (roll < COMPOUND_SHARE) return rng.pick(trad ? COMPOUND_SURNAMES_TRADITIONAL : COMPOUND_SURNAMES_SIMPLIFIED);
  if (roll < COMMON_SHARE) return (trad ? COMMON_SURNAMES_TRADITIONAL : COMMON_SURNAMES_SIMPLIFIED)[commonSurnameIndex(rng)] as string;
  const others = trad ? OTHER_SURNAMES_TRADITIONAL : OTHER_SURNAMES_SIMPLIFIED;
  return others[rng.int(others.length)] as string;
}

function givenChar(rng: Rng, trad: boolean): string {
  const chars = rng.chance(RARE_CHAR_SHARE)
    ? trad ? RARE_NAME_CHARS_TRADITIONAL : RARE_NAME_CHARS_SIMPLIFIED
    : trad ? NAME_CHARS_TRADITIONAL : NAME_CHARS_SIMPLIFIED;
  return chars[rng.int(chars.length)] as string;
}

export function makePersonName(rng: Rng, opts: { script?: Script } = {}): string {
  const script = opts.script ?? 'traditional';
  const trad = script === 'traditional';
  for (;;) {
    let name = surname(rng, script) + givenChar(rng, trad);
    if (rng.chance(0.7)) name += givenChar(rng, trad);
    // a draw can spell a stop word (高峰 is a name and a word): draw again
    if (isPersonName(name)) return name;
  }
}
