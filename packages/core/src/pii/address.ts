// Chinese postal addresses: 6–80 characters that name an administrative area (省 市 區 縣 鎮 鄉 街道 …) and, after
// it, a house number: digits, a letter or a Chinese numeral followed by 號 棟 座 樓 層 室 單元 …, or digits right after
// a road marker (路 街 道 巷 弄 …). The house number is what separates an address from an organization or a place
// name that merely starts with a district (福田區人民醫院, 深圳市道路運輸局) — those are not personal data.
const ADMIN_MARKERS = new Set('省市區区縣县鎮镇鄉乡旗盟');
const ROAD_MARKERS = new Set('路街道巷弄里村');
// 號 etc. must follow a number; 單元 / 单元 are matched through their first character
const NUMBER_MARKERS = new Set('號号棟栋幢座樓楼層层室單单房戶户');
const NUMERALS = new Set('〇零一二三四五六七八九十百兩两甲乙丙丁');

function isNumberLike(c: number, ch: string): boolean {
  return (
    (c >= 48 && c <= 57) || // 0-9
    (c >= 0xff10 && c <= 0xff19) || // ０-９
    (c >= 65 && c <= 90) || // A-Z (A座, B棟)
    (c >= 97 && c <= 122) ||
    NUMERALS.has(ch)
  );
}

export function isAddress(value: string): boolean {
  const n = value.length;
  if (n < 6 || n > 80) return false;
  let adminSeen = false;
  let cjk = 0;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    const ch = value[i] as string;
    if (c >= 0x3400 && c <= 0x9fff) cjk++;
    else if (c === 64 /* @ */ || c === 47 /* / */ || c === 58 /* : */) return false; // e-mail, URL, time
    if (!adminSeen) {
      adminSeen = ADMIN_MARKERS.has(ch);
      continue;
    }
    const prev = value.charCodeAt(i - 1);
    if (NUMBER_MARKERS.has(ch) && isNumberLike(prev, value[i - 1] as string)) {
      // 單 / 单 only as 單元; the other markers stand alone
      if ((ch === '單' || ch === '单') && value[i + 1] !== '元') continue;
      return cjk >= 4;
    }
    if (ROAD_MARKERS.has(ch) && i + 1 < n) {
      const next = value.charCodeAt(i + 1);
      if (next >= 48 && next <= 57) return cjk >= 4;
    }
  }
  return false;
}
