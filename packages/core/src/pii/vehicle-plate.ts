// Motor-vehicle plates (GA 36): province abbreviation + issuing-office letter + serial. The office letter and
// serial letters never use I or O (they read as 1 and 0).
//   ordinary (7):      粵B 12345 / 粵B A1234      5 characters, at most 3 of them letters
//   special suffix:    粵B 1234學 (learner), 警 (police), 掛 (trailer), 港 / 澳 (cross-border), 領 (consular), 試, 超
//   new energy (8):    small 粵B D12345 / 粵B AF1234: A–K (no I) then a letter or digit, then 4 digits
//                      large 粵B 12345D: 5 digits then D (electric) or F (hybrid)
//   embassy:           使 + 6 digits
// A separator (· or a space) after the office letter is accepted.
const PROVINCES = '京津滬沪渝冀豫雲云遼辽黑湘皖魯鲁新蘇苏浙贛赣鄂桂甘晉晋蒙陝陕吉閩闽貴贵粵粤青藏川寧宁瓊琼';
const L = '[A-HJ-NP-Z]';
const A = '[A-HJ-NP-Z0-9]';
const PLATE = new RegExp(
  `^(?:[${PROVINCES}]${L}[·•・ ]?(?:${A}{5}|${A}{4}[學学警掛挂港澳領领試试超]|[A-HJK]${A}\\d{4}|\\d{5}[DF])|使\\d{6})$`,
);

export function isVehiclePlate(value: string): boolean {
  const n = value.length;
  if (n < 7 || n > 9 || !PLATE.test(value)) return false;
  // an ordinary serial holds at most three letters; more is a word, not a plate
  let letters = 0;
  for (let i = 2; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c >= 65 && c <= 90) letters++;
  }
  return letters <= 3;
}
