// One value → the PII types it validates as. Used per value by export review, so it dispatches on the first
// character and the length before running any validator, and returns at the first decisive answer.
//
// Overlaps are settled here, once: an 18-character value that is a valid resident ID is only a resident ID (it
// could also pass Luhn with an issuer prefix or both USCC check characters by chance: about 1 in 10 and 1 in 341).
// An all-digit 18-character value that passes both the card and the USCC rules is reported as both: it happens to
// about 1 in 3,500 18-digit UnionPay cards (a 62… card reads as authority 6, type 2), both are identifiers, and
// nothing in the digits says which it is.
import { isAddress } from './address.ts';
import { isBankCard } from './bank-card.ts';
import { isEmail } from './email.ts';
import { isLandline } from './landline.ts';
import { isMobile } from './mobile.ts';
import { isPersonName } from './person-name.ts';
import { isLegacyResidentId, isResidentId } from './resident-id.ts';
import type { PiiType } from './types.ts';
import { isUscc } from './uscc.ts';
import { isVehiclePlate } from './vehicle-plate.ts';

export interface DetectOptions {
  /** Also report 15-digit first-generation ID numbers (weaker evidence: no check character). Default false. */
  legacyResidentId?: boolean;
}

function isBlank(c: number): boolean {
  return c <= 32 || c === 0x3000 || c === 0xfeff;
}

export function detectValue(value: string | null | undefined, opts?: DetectOptions): PiiType[] {
  if (value === null || value === undefined) return [];
  let v = value;
  if (v.length > 0 && (isBlank(v.charCodeAt(0)) || isBlank(v.charCodeAt(v.length - 1)))) v = v.trim();
  const n = v.length;
  if (n < 2 || n > 254) return [];
  const c = v.charCodeAt(0);

  if (c >= 0x3400) {
    // CJK first: a name (2–4), a plate (7–9) or an address (6–80)
    if (n <= 4) return isPersonName(v) ? ['person_name'] : [];
    if (n <= 9 && isVehiclePlate(v)) return ['vehicle_plate'];
    return isAddress(v) ? ['address'] : [];
  }
  if (n >= 6 && v.indexOf('@') > 0) return isEmail(v) ? ['email'] : [];

  if (c >= 48 && c <= 57) {
    if (n === 18 && isResidentId(v)) return ['resident_id'];
    if (n === 15 && opts?.legacyResidentId === true && isLegacyResidentId(v)) return ['resident_id'];
    if (c === 49 /* 1 */ && isMobile(v)) return ['mobile'];
    if (c === 48 /* 0 */ && isLandline(v)) return ['landline'];
    if (c === 56 /* 8 */ && n >= 13 && isMobile(v)) return ['mobile']; // 86 138…
    if (c === 48 && n >= 15 && isMobile(v)) return ['mobile']; // 0086 138…
    const found: PiiType[] = [];
    if (n >= 16 && isBankCard(v)) found.push('bank_card');
    if (n === 18 && isUscc(v)) found.push('uscc');
    return found;
  }
  if (c === 43 /* + */ || c === 40 /* ( */) {
    if (isMobile(v)) return ['mobile'];
    return isLandline(v) ? ['landline'] : [];
  }
  if (n === 18 && isUscc(v)) return ['uscc'];
  return [];
}
