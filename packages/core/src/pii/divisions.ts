// Province-level codes of GB/T 2260, the first two digits of every administrative division code. A resident ID
// number and a USCC carry a division code; a prefix outside this list is a typo or not an identifier at all.
// 71 (Taiwan), 81 (Hong Kong), 82 (Macao) appear on residence permits, which share the ID number format.
const PROVINCE_CODES = [
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63,
  64, 65, 71, 81, 82,
];

const isProvince: boolean[] = Array.from({ length: 100 }, (_, code) => PROVINCE_CODES.includes(code));

/** `code` is the two-digit number formed by the first two characters of a division code. */
export function isProvinceCode(code: number): boolean {
  return isProvince[code] === true;
}

/** True when `value[at]` and `value[at + 1]` are digits forming a province code. */
export function hasProvinceCodeAt(value: string, at: number): boolean {
  const a = value.charCodeAt(at) - 48;
  const b = value.charCodeAt(at + 1) - 48;
  if (a < 0 || a > 9 || b < 0 || b > 9) return false;
  return isProvince[a * 10 + b] === true;
}
