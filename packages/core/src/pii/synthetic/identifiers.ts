// Synthetic identifiers for the demo district and test corpora: every value passes its detector (each generator
// checks its own output), and none is derived from a real person or company — sequence numbers, subscriber
// numbers and serials are random. A random valid-format number can still coincide with a real one; that is a
// property of any valid-format generator, and the values carry no link to anyone.
import { makeUscc } from '../../identifiers/uscc.ts';
import { luhnCheckDigit, isBankCard } from '../bank-card.ts';
import { isEmail } from '../email.ts';
import { isLandline } from '../landline.ts';
import { isMobile, MOBILE_SEGMENTS } from '../mobile.ts';
import { residentIdCheck, isResidentId } from '../resident-id.ts';
import type { Rng } from '../rng.ts';
import { isUscc } from '../uscc.ts';
import { isVehiclePlate } from '../vehicle-plate.ts';
import type { Script } from './script.ts';

/** 福田區 (Shenzhen): the demo district's division code. */
export const FUTIAN_DIVISION = '440304';

function checked(value: string, valid: boolean, what: string): string {
  if (!valid) throw new Error(`synthetic ${what} does not validate: ${value}`);
  return value;
}

export interface ResidentIdOptions {
  /** Six-digit division code (default 440304, Futian). */
  division?: string;
  /** YYYY-MM-DD, YYYYMMDD or a Date (read in UTC); default a random date in 1940–2006. */
  birthDate?: string | Date;
  sex?: 'male' | 'female';
}

function birthDigits(rng: Rng, birthDate: string | Date | undefined): string {
  if (birthDate instanceof Date) return birthDate.toISOString().slice(0, 10).replaceAll('-', '');
  if (birthDate !== undefined) return birthDate.replaceAll('-', '');
  const day = new Date(Date.UTC(1940, 0, 1) + rng.int(67 * 365) * 86_400_000);
  return day.toISOString().slice(0, 10).replaceAll('-', '');
}

export function makeResidentId(rng: Rng, opts: ResidentIdOptions = {}): string {
  const sex = opts.sex ?? (rng.chance(0.5) ? 'male' : 'female');
  const sexDigit = 2 * rng.int(5) + (sex === 'male' ? 1 : 0);
  const first17 = (opts.division ?? FUTIAN_DIVISION) + birthDigits(rng, opts.birthDate) + rng.digits(2) + sexDigit;
  const id = first17 + residentIdCheck(first17);
  return checked(id, isResidentId(id), 'resident ID');
}

export type MobileFormat = 'plain' | 'spaced' | 'hyphenated' | 'international';

export function makeMobile(rng: Rng, opts: { format?: MobileFormat } = {}): string {
  const d = rng.pick(MOBILE_SEGMENTS) + rng.digits(8);
  const [a, b, c] = [d.slice(0, 3), d.slice(3, 7), d.slice(7)];
  const formatted =
    opts.format === 'spaced' ? `${a} ${b} ${c}`
    : opts.format === 'hyphenated' ? `${a}-${b}-${c}`
    : opts.format === 'international' ? `+86 ${d}`
    : d;
  return checked(formatted, isMobile(formatted), 'mobile number');
}

/** A UnionPay (62) card: 19 digits (debit) or 16 (credit) unless `length` says otherwise. */
export function makeBankCard(rng: Rng, opts: { length?: 16 | 17 | 18 | 19; prefix?: string } = {}): string {
  const length = opts.length ?? (rng.chance(0.6) ? 19 : 16);
  const prefix = opts.prefix ?? '62';
  for (;;) {
    const partial = prefix + rng.digits(length - prefix.length - 1);
    const card = partial + luhnCheckDigit(partial);
    // an 18-digit draw can spell a province and a birth date, which the detector reads as a mistyped ID: redraw
    if (isBankCard(card)) return card;
  }
}

const ORG_CODE_CHARS = [...'0123456789ABCDEFGHJKLMNPQRTUWXY'];

export interface UsccOptions {
  division?: string;
  /** Registration authority and organization type: 91 enterprise (default), 92 individual business, 93
   *  farmers' cooperative, 12 public institution, 51 social group, 52 private non-enterprise unit. */
  kind?: '91' | '92' | '93' | '12' | '51' | '52';
}

/** A USCC of the post-2015 kind (organization code body MA…), built by identifiers/uscc.ts. */
export function makeSyntheticUscc(rng: Rng, opts: UsccOptions = {}): string {
  const kind = opts.kind ?? '91';
  let body = 'MA';
  for (let i = 0; i < 6; i++) body += rng.pick(ORG_CODE_CHARS);
  const code = makeUscc(kind[0] as string, kind[1] as string, opts.division ?? FUTIAN_DIVISION, body);
  return checked(code, isUscc(code), 'USCC');
}

/** Shenzhen (0755) numbers by default; Shenzhen subscriber numbers start with 2, 3 or 8. */
export function makeLandline(rng: Rng, opts: { areaCode?: string } = {}): string {
  const areaCode = opts.areaCode ?? '0755';
  const length = areaCode.length === 3 || rng.chance(0.9) ? 8 : 7;
  const value = `${areaCode}-${rng.pick(['2', '3', '8'])}${rng.digits(length - 1)}`;
  return checked(value, isLandline(value), 'landline');
}

const PLATE_LETTERS = [...'ABCDEFGHJKLMNPQRSTUVWXYZ'];
const PLATE_CHARS = [...PLATE_LETTERS, ...'0123456789'];

/** 粵B (Shenzhen) plates by default: ordinary, or new-energy small-car plates one time in five. */
export function makeVehiclePlate(rng: Rng, opts: { prefix?: string; script?: Script } = {}): string {
  const prefix = opts.prefix ?? (opts.script === 'simplified' ? '粤B' : '粵B');
  let serial: string;
  if (rng.chance(0.2)) serial = rng.pick(['D', 'F']) + rng.pick(PLATE_CHARS) + rng.digits(4);
  else {
    serial = rng.digits(5);
    // one letter in some ordinary serials, as issued
    if (rng.chance(0.5)) {
      const at = rng.int(5);
      serial = serial.slice(0, at) + rng.pick(PLATE_LETTERS) + serial.slice(at + 1);
    }
  }
  return checked(prefix + serial, isVehiclePlate(prefix + serial), 'vehicle plate');
}

const SYLLABLES = 'wang li zhang liu chen yang huang zhao wu zhou xu sun ma hu lin gao wei fang jing min hua jun yu xin'.split(' ');
const EXAMPLE_DOMAINS = ['example.com', 'example.net', 'example.org', 'mail.example.com'];

/** Addresses at reserved example domains (RFC 2606), so no mail can ever reach anyone. */
export function makeEmail(rng: Rng): string {
  const dot = rng.chance(0.5) ? '.' : '';
  const digits = rng.chance(0.6) ? rng.digits(rng.between(2, 4)) : '';
  const value = `${rng.pick(SYLLABLES)}${dot}${rng.pick(SYLLABLES)}${digits}@${rng.pick(EXAMPLE_DOMAINS)}`;
  return checked(value, isEmail(value), 'e-mail address');
}
