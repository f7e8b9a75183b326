// Chinese personal names: a surname from the list (single, or compound such as 歐陽 司馬) followed by a given name
// of one or two CJK characters, so 2–3 characters after a single surname and 3–4 after a compound one. Names of
// minority nationalities written with a middle dot (阿沛·阿旺晉美) and Latin transcriptions are not recognised.
//
// A single value can never be told apart from a word with certainty (高新, 文化 and 時間 are name-shaped), so per
// value this is a candidate test; the column scanner decides on column-level evidence.
import { NAME_CHARS_SIMPLIFIED, NAME_CHARS_TRADITIONAL } from './given-name-chars.ts';
import { NAME_STOP_WORDS } from './name-stop-words.ts';
import {
  COMMON_SURNAMES_SIMPLIFIED,
  COMMON_SURNAMES_TRADITIONAL,
  COMPOUND_SURNAMES_SIMPLIFIED,
  COMPOUND_SURNAMES_TRADITIONAL,
  OTHER_SURNAMES_SIMPLIFIED,
  OTHER_SURNAMES_TRADITIONAL,
} from './surnames.ts';

const COMMON = new Set([...COMMON_SURNAMES_SIMPLIFIED, ...COMMON_SURNAMES_TRADITIONAL, '鐘']);
const SINGLE = new Set([...COMMON, ...OTHER_SURNAMES_SIMPLIFIED, ...OTHER_SURNAMES_TRADITIONAL]);
const COMPOUND = new Set([...COMPOUND_SURNAMES_SIMPLIFIED, ...COMPOUND_SURNAMES_TRADITIONAL]);
const STOP_WORDS = new Set(NAME_STOP_WORDS);
const FREQUENT_NAME_CHARS = new Set([...NAME_CHARS_SIMPLIFIED, ...NAME_CHARS_TRADITIONAL]);

// Characters of grammar, units and institutions that given names do not use: their presence marks a word or an
// organization (金融業 is not 金 + 融業, 林業局 is not a person).
const NOT_IN_GIVEN_NAMES = new Set(
  '的了吗呢吧啊们这那个些么是在等或与及局厅处县乡村街号室店厂司院校馆站场会费税额单证卡码款价类型率量油机车器件货料' +
    '库账册项题所厦层幢座吨份次页栏框键值格表部区市省镇嗎們這個麼與廳處縣鄉號廠館場會費稅額單證碼價類機車貨庫賬冊項' +
    '題廈層噸頁欄鍵區鎮',
);

function isGivenNameChar(value: string, at: number): boolean {
  const c = value.charCodeAt(at);
  // CJK Unified Ideographs and Extension A; characters beyond the BMP are too rare in names to be worth surrogates
  if (!((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf))) return false;
  return !NOT_IN_GIVEN_NAMES.has(value[at] as string);
}

/** The surname part of a name-shaped value ('' when there is none). */
export function surnameOf(value: string): string {
  const n = value.length;
  if (n < 2 || n > 4) return '';
  if (n >= 3 && COMPOUND.has(value.slice(0, 2))) return value.slice(0, 2);
  return n <= 3 && SINGLE.has(value[0] as string) ? (value[0] as string) : '';
}

/** One of the ~100 most frequent surnames (about 85% of people): evidence for a name column. */
export function hasCommonSurname(value: string): boolean {
  return COMMON.has(value[0] as string);
}

/** How many given-name characters of a name are frequent name characters, out of how many: column evidence. */
export function frequentGivenChars(name: string): { frequent: number; total: number } {
  const start = surnameOf(name).length || 1;
  let frequent = 0;
  for (let i = start; i < name.length; i++) if (FREQUENT_NAME_CHARS.has(name[i] as string)) frequent++;
  return { frequent, total: name.length - start };
}

export function isPersonName(value: string): boolean {
  const surname = surnameOf(value);
  if (surname === '') return false;
  for (let i = surname.length; i < value.length; i++) if (!isGivenNameChar(value, i)) return false;
  return !STOP_WORDS.has(value);
}
