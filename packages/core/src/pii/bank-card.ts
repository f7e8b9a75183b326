// Bank card numbers (ISO/IEC 7812 PAN) as issued in China: 16–19 digits, Luhn-valid, and an issuer prefix (IIN)
// of a scheme Chinese banks issue under:
//   62            China UnionPay (almost every domestic debit card and most credit cards)
//   60            bank BINs that predate UnionPay's 62 range (601382 Bank of China, 601428 Bank of Communications)
//   9558, 9559    ICBC and ABC 19-digit legacy domestic debit cards
//   4             Visa co-branded cards
//   51–55, 2221–2720  Mastercard co-branded cards
//   3528–3589     JCB co-branded cards
// American Express (34/37) and Diners (36) are 14–15 digits and out of range anyway. The written form may be
// grouped in fours with spaces or hyphens.
import { looksLikeResidentId } from './resident-id.ts';

const GROUPED = /^\d{4}([ -])\d{4}\1\d{4}\1\d{4}(?:\1?\d{1,3})?$/;

/** The digits of a card number written plain or in groups of four, or undefined. */
export function cardDigits(value: string): string | undefined {
  const c = value.charCodeAt(4);
  if (value.length <= 19 && c >= 48 && c <= 57) return value; // digits are checked by the Luhn pass
  if (value.length > 24 || !GROUPED.test(value)) return undefined;
  return value.replace(/[ -]/g, '');
}

/** Luhn (mod 10) over a string of digits; false when any character is not a digit. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** The digit that makes `partial` + digit Luhn-valid (for generators). */
export function luhnCheckDigit(partial: string): string {
  for (let d = 0; d < 10; d++) if (passesLuhn(partial + d)) return String(d);
  throw new Error('not a digit string');
}

export function hasCardIssuerPrefix(digits: string): boolean {
  const two = (digits.charCodeAt(0) - 48) * 10 + (digits.charCodeAt(1) - 48);
  if (two === 62 || two === 60 || (two >= 51 && two <= 55) || (two >= 40 && two <= 49)) return true;
  const four = two * 100 + (digits.charCodeAt(2) - 48) * 10 + (digits.charCodeAt(3) - 48);
  return four === 9558 || four === 9559 || (four >= 2221 && four <= 2720) || (four >= 3528 && four <= 3589);
}

export function isBankCard(value: string): boolean {
  const digits = cardDigits(value);
  if (digits === undefined || digits.length < 16 || digits.length > 19 || !hasCardIssuerPrefix(digits) || !passesLuhn(digits)) return false;
  return digits.length === 16 || !looksLikeResidentId(digits);
}
