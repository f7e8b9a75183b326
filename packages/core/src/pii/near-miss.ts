// Near-miss negatives: values one slip away from a valid identifier (a wrong check character, 30 February, ten
// digits, a segment never allocated…). Detectors must refuse them; the corpus test and the benchmark measure
// precision against them. Names and addresses get structural near-misses here (wrong length, no surname, no
// house number); that a word like 高新 is name-shaped is a column-level question (scan-column.ts).
import { luhnCheckDigit } from './bank-card.ts';
import { residentIdCheck } from './resident-id.ts';
import type { Rng } from './rng.ts';
import { FUTIAN_ROADS, FUTIAN_SUBDISTRICTS } from './synthetic/futian.ts';
import {
  makeBankCard,
  makeEmail,
  makeLandline,
  makeMobile,
  makeResidentId,
  makeSyntheticUscc,
  makeVehiclePlate,
} from './synthetic/identifiers.ts';
import { makeAddress } from './synthetic/address.ts';
import { makePersonName } from './synthetic/person-name.ts';
import { inScript } from './synthetic/script.ts';
import { COMPOUND_SURNAMES_SIMPLIFIED, COMPOUND_SURNAMES_TRADITIONAL } from './surnames.ts';
import type { PiiType } from './types.ts';
import { usccCheck } from '../identifiers/uscc.ts';

type NearMiss = (rng: Rng) => string;

function replaceAt(value: string, at: number, ch: string): string {
  return value.slice(0, at) + ch + value.slice(at + 1);
}

function otherThan(rng: Rng, alphabet: string, not: string): string {
  for (;;) {
    const c = alphabet[rng.int(alphabet.length)] as string;
    if (c !== not) return c;
  }
}

function withCheck(first17: string): string {
  return first17 + residentIdCheck(first17);
}

const NOT_PROVINCES = ['00', '10', '19', '20', '24', '30', '38', '40', '47', '55', '60', '66', '70', '72', '80', '90', '99'];
const IMPOSSIBLE_DATES = ['19990230', '20010229', '19850431', '19721301', '19680000', '19900100', '18991231', '20770101', '19950631'];

const residentId: NearMiss[] = [
  (rng) => {
    const id = makeResidentId(rng);
    return replaceAt(id, 17, otherThan(rng, '0123456789X', id[17] as string));
  },
  (rng) => withCheck(`440304${rng.pick(IMPOSSIBLE_DATES)}${rng.digits(3)}`),
  (rng) => withCheck(rng.pick(NOT_PROVINCES) + makeResidentId(rng).slice(2, 17)),
  (rng) => makeResidentId(rng).slice(0, 17),
  (rng) => `${makeResidentId(rng)}${rng.digits(1)}`,
  (rng) => replaceAt(makeResidentId(rng), rng.between(6, 15), 'X'),
];

const UNALLOCATED_SEGMENTS = '154 179 194 140 141 142 143 144 160 161 163 164 168 169 100 110 120 127'.split(' ');

const mobile: NearMiss[] = [
  (rng) => makeMobile(rng).slice(0, 10),
  (rng) => makeMobile(rng) + rng.digits(1),
  (rng) => rng.pick(UNALLOCATED_SEGMENTS) + rng.digits(8),
  (rng) => {
    const d = makeMobile(rng);
    return `${d.slice(0, 4)} ${d.slice(4, 7)} ${d.slice(7)}`; // 4-3-4
  },
  (rng) => {
    const d = makeMobile(rng);
    return `${d.slice(0, 3)} ${d.slice(3, 7)}-${d.slice(7)}`; // mixed separators
  },
  (rng) => `2${rng.digits(10)}`,
];

const uscc: NearMiss[] = [
  (rng) => {
    const code = makeSyntheticUscc(rng);
    return replaceAt(code, 17, otherThan(rng, '0123456789ABCDEFGHJKLMNPQRTUWXY', code[17] as string));
  },
  (rng) => {
    // break the embedded organization-code check, then repair the outer check so only the inner one fails
    const code = makeSyntheticUscc(rng);
    const first17 = replaceAt(code, 16, otherThan(rng, '0123456789', code[16] as string)).slice(0, 17);
    return first17 + usccCheck(first17);
  },
  (rng) => replaceAt(makeSyntheticUscc(rng), rng.between(10, 15), rng.pick(['I', 'O', 'Z', 'S', 'V'])),
  (rng) => makeSyntheticUscc(rng).slice(0, 17),
  (rng) => {
    const code = makeSyntheticUscc(rng);
    const first17 = rng.pick(['94', '99', 'B1', '0A']) + code.slice(2, 17); // no such authority or type
    return first17 + usccCheck(first17);
  },
];

const bankCard: NearMiss[] = [
  (rng) => {
    const card = makeBankCard(rng);
    return replaceAt(card, card.length - 1, otherThan(rng, '0123456789', card.at(-1) as string));
  },
  (rng) => {
    const partial = `62${rng.digits(12)}`;
    return partial + luhnCheckDigit(partial); // 15 digits
  },
  (rng) => {
    const partial = `62${rng.digits(17)}`;
    return partial + luhnCheckDigit(partial); // 20 digits
  },
  (rng) => {
    const partial = rng.pick(['1', '7', '8', '0', '99', '30', '56']) + rng.digits(rng.pick([14, 15, 17]));
    return partial + luhnCheckDigit(partial); // no Chinese issuer behind this prefix
  },
];

const NON_SURNAME_CHARS = [...'的我你他她它这們们就都也还很把被让给对从每某此其本该貨票訊讯网網据據'];

const personName: NearMiss[] = [
  (rng) => rng.pick(NON_SURNAME_CHARS) + makePersonName(rng).slice(1),
  (rng) => {
    const name = makePersonName(rng);
    return name.length >= 3 ? `${name}${makePersonName(rng).slice(-2)}` : `${name}${makePersonName(rng)}`; // 5+ chars
  },
  (rng) => makePersonName(rng).slice(0, 1),
  (rng) => `${rng.pick([...COMPOUND_SURNAMES_SIMPLIFIED, ...COMPOUND_SURNAMES_TRADITIONAL])}${makePersonName(rng).slice(-1)}明輝`,
  (rng) => `${makePersonName(rng).slice(0, 1)}${rng.digits(1)}`,
  (rng) => `${makePersonName(rng).slice(0, 1)}${rng.pick(['局', '部', '廳', '處', '號', '區', '站'])}`,
];

const address: NearMiss[] = [
  (rng) => `深圳市福田區${inScript(rng.pick(FUTIAN_SUBDISTRICTS), 'traditional')}街道`,
  (rng) => `${inScript(rng.pick(FUTIAN_ROADS), 'traditional')}${rng.between(1, 999)}號`,
  (rng) => `深圳市福田區${inScript(rng.pick(FUTIAN_SUBDISTRICTS), 'traditional')}街道辦事處`,
  (rng) => rng.pick(['深圳市福田區市場監督管理局', '福田區人民醫院', '深圳市道路運輸局', '福田区教育局', '深圳市福田區人民政府']),
  (rng) => `深圳市福田區${inScript(rng.pick(FUTIAN_ROADS), 'traditional')}`,
  (rng) => makeAddress(rng).repeat(8).slice(0, 81 + rng.int(20)),
  (rng) => `福田區${rng.between(1, 9)}號`,
];

const email: NearMiss[] = [
  (rng) => makeEmail(rng).replace('@', ''),
  (rng) => makeEmail(rng).replace('@', '@a@'),
  (rng) => `${makeEmail(rng).split('@')[0]}@localhost`,
  (rng) => makeEmail(rng).replace('@', '..x@'),
  (rng) => `.${makeEmail(rng)}`,
  (rng) => makeEmail(rng).replace('@', ' @'),
  (rng) => `${makeEmail(rng)}.${rng.digits(3)}`,
  (rng) => makeEmail(rng).replace('@', '@-'),
];

const landline: NearMiss[] = [
  (rng) => makeLandline(rng).slice(1), // no trunk 0
  (rng) => `0755-${rng.pick(['2', '8'])}${rng.digits(5)}`, // 6 digits
  (rng) => `0755-${rng.pick(['2', '8'])}${rng.digits(8)}`, // 9 digits
  (rng) => `0755-${rng.pick(['0', '1', '9'])}${rng.digits(7)}`,
  (rng) => `010-${rng.pick(['6', '8'])}${rng.digits(6)}`, // Beijing numbers have 8 digits
  (rng) => `${rng.pick(['011', '001', '0000'])}-8${rng.digits(7)}`,
  (rng) => makeLandline(rng).slice(0, -2) + rng.pick(['AB', 'x?']),
];

const vehiclePlate: NearMiss[] = [
  (rng) => `粵${rng.pick(['I', 'O'])}${rng.digits(5)}`,
  (rng) => replaceAt(makeVehiclePlate(rng), rng.between(2, 6), rng.pick(['I', 'O'])),
  (rng) => `${rng.pick(['港', '台', '中', '澳', '深'])}B${rng.digits(5)}`,
  (rng) => `粵B${rng.digits(4)}`,
  (rng) => `粵B${rng.digits(7)}`,
  (rng) => `粵b${rng.digits(5)}`,
  (rng) => `粵B${rng.pick(['X', 'Y', 'M'])}${rng.digits(5)}`,
  (rng) => `粵BABCD${rng.digits(1)}`,
];

export const NEAR_MISSES: Readonly<Record<PiiType, readonly NearMiss[]>> = {
  resident_id: residentId,
  mobile,
  uscc,
  bank_card: bankCard,
  person_name: personName,
  address,
  email,
  landline,
  vehicle_plate: vehiclePlate,
};

export function makeNearMiss(rng: Rng, type: PiiType): string {
  return rng.pick(NEAR_MISSES[type])(rng);
}
