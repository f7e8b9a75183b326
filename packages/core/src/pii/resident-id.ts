// 居民身份證號碼 (GB 11643-1999): division (6) + birth date YYYYMMDD (8) + sequence (3, odd = male)
// + ISO 7064 MOD 11-2 check character (0-9 or X). Only the province part of the division is checked: county codes
// change over the years and old numbers keep the code of their issue date, so a full GB/T 2260 table would reject
// genuine numbers.
import { chinaYmd, digitsAt, isBirthDate, todayYmd } from './birth-date.ts';
import { hasProvinceCodeAt } from './divisions.ts';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARACTERS = '10X98765432';

/** The MOD 11-2 check character of the first 17 digits. */
export function residentIdCheck(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARACTERS[sum % 11] ?? '';
}

/**
 * True when a 17–19 character value reads as an ID number with one slip — a wrong check character, an impossible
 * date (19990230), a wrong province, one digit too few or too many. Bank-card detection defers to it: a mistyped
 * ID is far more common in departmental data than a card whose digits happen to look like one. The cost is small:
 * 18 digits must show a date-like YYYYMMDD (18/19/20, month 0x/1x, day 0x–3x) plus a province or a matching
 * check character; 17 or 19 digits a province and a real birth date. About 1 UnionPay card in 400–700 of those
 * lengths is set aside; 16-digit cards never are.
 */
export function looksLikeResidentId(value: string, latestYmd: number = todayYmd()): boolean {
  const n = value.length;
  if (n === 18) {
    if (digitsAt(value, 0, 17) < 0) return false;
    const last = value.charCodeAt(17);
    if (!((last >= 48 && last <= 57) || last === 88 || last === 120)) return false;
    const century = digitsAt(value, 6, 2);
    if (century < 18 || century > 20 || value.charCodeAt(10) > 49 || value.charCodeAt(12) > 51) return false;
    return hasProvinceCodeAt(value, 0) || residentIdCheck(value) === value[17]?.toUpperCase();
  }
  if (n !== 17 && n !== 19) return false;
  return digitsAt(value, 0, n) >= 0 && hasProvinceCodeAt(value, 0) && hasBirthDate(value, latestYmd);
}

function hasBirthDate(value: string, latestYmd: number): boolean {
  return isBirthDate(digitsAt(value, 6, 4), digitsAt(value, 10, 2), digitsAt(value, 12, 2), latestYmd);
}

/** An 18-digit resident ID number with a valid check character (X or x), a province and a real birth date. */
export function isResidentId(value: string, asOf?: Date): boolean {
  if (value.length !== 18) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const d = value.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    sum += d * (WEIGHTS[i] as number);
  }
  const expected = CHECK_CHARACTERS.charCodeAt(sum % 11);
  const last = value.charCodeAt(17);
  if (last !== expected && !(expected === 88 && last === 120)) return false;
  return hasProvinceCodeAt(value, 0) && hasBirthDate(value, asOf ? chinaYmd(asOf) : todayYmd());
}

/**
 * The 15-digit first-generation form (1984–2004): division (6) + YYMMDD of a 19YY birth (6) + sequence (3), no
 * check character. Recognised, but weaker evidence than the 18-digit form (about 1 random 15-digit number in 80
 * passes), so the column scanner counts it at reduced confidence and `detectValue` reports it only on request.
 */
export function isLegacyResidentId(value: string): boolean {
  if (value.length !== 15 || digitsAt(value, 0, 15) < 0 || !hasProvinceCodeAt(value, 0)) return false;
  return isBirthDate(1900 + digitsAt(value, 6, 2), digitsAt(value, 8, 2), digitsAt(value, 10, 2), 19991231);
}

/** Sex from the sequence digit (odd = male), for synthetic data and masking previews. */
export function residentIdSex(value: string): 'male' | 'female' {
  const d = value.charCodeAt(value.length === 15 ? 14 : 16) - 48;
  return d % 2 === 1 ? 'male' : 'female';
}
