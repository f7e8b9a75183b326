// Regular expressions shared by `maskValue` (JavaScript, `u` flag) and the engine's DuckDB expressions (RE2): both
// engines give these patterns the same leftmost-first, lazy-quantifier meaning, so a value is cut at the same place.

/** Province (or autonomous region), then city (or prefecture), each optional, then the district (區 縣 旗, or a
 *  county-level city). Lazy quantifiers: the first marker wins, so 小區 later in the address is never the district. */
const PROVINCE = '(?:.{2,10}?(?:省|自治区|自治區))?';
const CITY = '(?:.{2,12}?(?:市|州|盟|地区|地區))?';
const DISTRICT = '(?:.{1,12}?(?:区|區|县|縣|旗|市))';
const STREET = '(?:.{1,10}?(?:街道|镇|鎮|乡|鄉))?';

export const ADDRESS_DISTRICT_PATTERN = `^${PROVINCE}${CITY}${DISTRICT}`;
export const ADDRESS_STREET_PATTERN = `^${PROVINCE}${CITY}${DISTRICT}${STREET}`;

/** The dress of a landline up to and including its area code: +86 / 0086 or the trunk 0, an optional bracket. The
 *  area code split follows pii/landline.ts: 10 and 2x are two digits, 3xx–9xx three. */
export const LANDLINE_AREA_PATTERN = '^(?:(?:\\+86|0086)[ -]?|\\(?0)(?:10|2\\d|[3-9]\\d\\d)\\)?';
