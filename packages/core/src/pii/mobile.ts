// Mainland mobile numbers: 11 digits, the first three the network segment (網號) allocated by MIIT.
// Public segments (11-digit numbers a person holds; as of the 2019 5G allocation of 190/192/196/197):
//   13x all (1349 included: the satellite block, still a person's number)
//   145-149 (data-card and IoT 11-digit segments, also sold as ordinary SIMs)
//   15x except 154 (never allocated)
//   162, 165, 166, 167 (162/165/167 virtual operators, 166 China Unicom)
//   170-173, 175-178 and 1740/1749 (174: only 1740x Tiantong satellite and 1749 Inmarsat are in use)
//   18x all
//   19x except 194 (never allocated)
// Not mobiles: 140-144 and 1064 (13-digit IoT numbers), 160/161/163/164/168/169 and 179 (unallocated), 10x-12x
// (service and special numbers).
const SEGMENTS = [
  '130', '131', '132', '133', '134', '135', '136', '137', '138', '139',
  '145', '146', '147', '148', '149',
  '150', '151', '152', '153', '155', '156', '157', '158', '159',
  '162', '165', '166', '167',
  '170', '171', '172', '173', '175', '176', '177', '178',
  '180', '181', '182', '183', '184', '185', '186', '187', '188', '189',
  '190', '191', '192', '193', '195', '196', '197', '198', '199',
];
/** The allocated segments, for generators. 174 is left out: only two of its blocks are in use. */
export const MOBILE_SEGMENTS: readonly string[] = SEGMENTS;

const allocated: boolean[] = Array.from({ length: 100 }, (_, i) => SEGMENTS.includes(String(100 + i)));

// Optional country code (+86, 0086 or 86, then an optional space or hyphen), then 11 digits either run together
// or in the usual 3-4-4 grouping with one kind of separator.
const MOBILE_FORM = /^(?:(?:\+86|0086|86)[ -]?)?(1\d\d)([ -]?)(\d{4})\2(\d{4})$/;

/** The 11 digits of a mobile number in any accepted form, or undefined. */
export function mobileDigits(value: string): string | undefined {
  const m = MOBILE_FORM.exec(value);
  if (!m) return undefined;
  const digits = `${m[1]}${m[3]}${m[4]}`;
  return isAllocated(digits) ? digits : undefined;
}

function isAllocated(digits: string): boolean {
  const segment = (digits.charCodeAt(1) - 48) * 10 + (digits.charCodeAt(2) - 48);
  if (segment === 74) return digits[3] === '0' || digits[3] === '9';
  return allocated[segment] === true;
}

export function isMobile(value: string): boolean {
  if (value.length === 11) {
    // the common case, without the regular expression
    if (value.charCodeAt(0) !== 49) return false;
    for (let i = 1; i < 11; i++) {
      const d = value.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return false;
    }
    return isAllocated(value);
  }
  if (value.length < 11 || value.length > 19) return false;
  return mobileDigits(value) !== undefined;
}
