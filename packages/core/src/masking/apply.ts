// One value through one rule. The engine's DuckDB expressions (engine/src/twin/mask-sql.ts) implement the same
// definitions column-wise; characters are Unicode code points on both sides (DuckDB's left/right/length count
// code points), so a surname outside the Basic Multilingual Plane (𠀋) is one character, as a reader sees it.
import { sm3 } from 'sm-crypto-v2';
import { COMPOUND_SURNAMES_SIMPLIFIED, COMPOUND_SURNAMES_TRADITIONAL } from '../pii/surnames.ts';
import { ADDRESS_DISTRICT_PATTERN, ADDRESS_STREET_PATTERN, LANDLINE_AREA_PATTERN } from './patterns.ts';
import { DEFAULT_AGE_TOP, DEFAULT_HASH_LENGTH, type Generalization, type MaskingRule } from './rule.ts';

export type MaskableValue = string | number | bigint | boolean | Date | null | undefined;

export interface MaskingContext {
  /** The grant's pseudonym key (at least 16 bytes): required by `hash` rules only. */
  hashKey?: Uint8Array;
}

/** Every compound surname in both scripts (歐陽 欧阳 司馬 司马 …): the masking keeps these two characters. */
export const COMPOUND_SURNAMES: readonly string[] = [...new Set([...COMPOUND_SURNAMES_SIMPLIFIED, ...COMPOUND_SURNAMES_TRADITIONAL])];
const COMPOUND = new Set(COMPOUND_SURNAMES);

export const MASK_CHAR = '*';
export const EMAIL_LOCAL_MASK = '***';

const addressDistrict = new RegExp(ADDRESS_DISTRICT_PATTERN, 'u');
const addressStreet = new RegExp(ADDRESS_STREET_PATTERN, 'u');
const landlineArea = new RegExp(LANDLINE_AREA_PATTERN, 'u');

/** Applies `rule` to one value. NULL stays NULL; a value a technique cannot read (a date rule on text that is no
 *  date, an address without a district) is suppressed rather than shown. */
export function maskValue(value: MaskableValue, rule: MaskingRule, ctx: MaskingContext = {}): MaskableValue {
  if (value === null || value === undefined) return null;
  switch (rule.technique) {
    case 'none':
      return value;
    case 'suppress':
      return null;
    case 'keep_ends':
      return keepEnds(text(value), rule.first, rule.last);
    case 'keep_surname':
      return keepSurname(text(value));
    case 'email_local':
      return maskEmail(text(value), rule.keep);
    case 'hash':
      return pseudonym(text(value), requireKey(ctx), rule.length ?? DEFAULT_HASH_LENGTH);
    case 'generalize':
      return generalize(value, rule.to);
  }
}

function text(value: Exclude<MaskableValue, null | undefined>): string {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value);
}

export function keepEnds(value: string, first: number, last: number): string {
  const chars = [...value];
  const n = chars.length;
  if (n <= first + last) return MASK_CHAR.repeat(n);
  return chars.slice(0, first).join('') + MASK_CHAR.repeat(n - first - last) + (last > 0 ? chars.slice(n - last).join('') : '');
}

/** How many leading characters of a name are its surname, as the masking counts it. */
export function surnameLength(name: string): number {
  const chars = [...name];
  if (chars.length >= 3 && COMPOUND.has(`${chars[0]}${chars[1]}`)) return 2;
  return chars.length >= 2 ? 1 : 0;
}

export function keepSurname(name: string): string {
  const chars = [...name];
  const keep = surnameLength(name);
  return chars.slice(0, keep).join('') + MASK_CHAR.repeat(chars.length - keep);
}

export function maskEmail(value: string, keep: number): string {
  const chars = [...value];
  const at = chars.indexOf('@');
  if (at < 1) return MASK_CHAR.repeat(chars.length);
  return chars.slice(0, Math.min(keep, at - 1)).join('') + EMAIL_LOCAL_MASK + chars.slice(at).join('');
}

function requireKey(ctx: MaskingContext): Uint8Array {
  if (!ctx.hashKey || ctx.hashKey.length < 16) throw new TypeError('a hash rule needs the grant key (at least 16 bytes)');
  return ctx.hashKey;
}

function hex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

/** SM3-HMAC (GB/T 32905 with RFC 2104) of the value's UTF-8 bytes, the first `length` lower-case hex digits. */
export function pseudonym(value: string, key: Uint8Array, length: number = DEFAULT_HASH_LENGTH): string {
  return sm3(value, { key: hex(key), mode: 'hmac' }).slice(0, length);
}

function generalize(value: Exclude<MaskableValue, null | undefined>, to: Generalization): MaskableValue {
  switch (to.kind) {
    case 'date':
      return generalizeDate(value, to.level);
    case 'age_band':
      return ageBand(toNumber(value), to.width, to.top ?? DEFAULT_AGE_TOP);
    case 'numeric_range':
      return numericRange(toNumber(value), to.width);
    case 'code_prefix':
      return codePrefix(text(value), to.keep, to.pad ?? '0');
    case 'address': {
      const m = (to.level === 'street' ? addressStreet : addressDistrict).exec(text(value));
      return m ? m[0] : null;
    }
    case 'area_code': {
      const s = text(value);
      const prefix = landlineArea.exec(s)?.[0] ?? '';
      return prefix + s.slice(prefix.length).replace(/\d/g, MASK_CHAR);
    }
  }
}

function toNumber(value: Exclude<MaskableValue, null | undefined>): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && value.trim() !== '') return Number(value);
  return Number.NaN;
}

/** Dates and timestamps become the first instant of their month or year (UTC); text `YYYY-MM…` becomes `YYYY-MM` or `YYYY`. */
export function generalizeDate(value: Exclude<MaskableValue, null | undefined>, level: 'month' | 'year'): MaskableValue {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return null;
    return new Date(Date.UTC(value.getUTCFullYear(), level === 'year' ? 0 : value.getUTCMonth(), 1));
  }
  const m = /^(\d{4})-?(\d{2})/.exec(String(value));
  if (!m) return null;
  return level === 'year' ? (m[1] as string) : `${m[1]}-${m[2]}`;
}

export function ageBand(age: number, width: number, top: number = DEFAULT_AGE_TOP): string | null {
  if (!Number.isFinite(age) || age < 0) return null;
  if (age >= top) return `${top}+`;
  const lo = Math.floor(age / width) * width;
  return `${lo}-${Math.min(lo + width - 1, top - 1)}`;
}

export function numericRange(x: number, width: number): string | null {
  if (!Number.isFinite(x)) return null;
  const lo = Math.floor(x / width) * width;
  return `[${lo},${lo + width})`;
}

export function codePrefix(code: string, keep: number, pad = '0'): string {
  const chars = [...code];
  if (chars.length <= keep) return code;
  return chars.slice(0, keep).join('') + pad.repeat(chars.length - keep);
}
