// 統一社會信用代碼: the check characters come from identifiers/uscc.ts (GB 32100 and the embedded GB 11714
// organization code). On top of them, the code must name a real registration authority and an organization type
// that authority issues, and a division whose province exists (or 10, the national level). Two check characters
// alone let one random 18-character string in ~341 through; resident IDs and 18-digit card numbers are exactly
// such strings in departmental data.
import { isValidUscc } from '../identifiers/uscc.ts';
import { hasProvinceCodeAt } from './divisions.ts';

/** Registration authority (登記管理部門) → organization types (機構類別) it issues, per GB 32100 Annex A. */
const TYPES_BY_AUTHORITY: Record<string, string> = {
  '1': '1239', // 機構編制: organs, public institutions, mass organizations, other
  '2': '19', // 外交
  '3': '123456789', // 司法行政: law firms, notaries, legal services, forensics, arbitration (1–5, 9; later ones too)
  '4': '19', // 文化
  '5': '1239', // 民政: social groups, private non-enterprise units, foundations, other
  '6': '129', // 旅遊
  '7': '129', // 宗教
  '8': '19', // 工會
  '9': '123', // 工商 / 市場監管: enterprises, individual businesses, farmers' cooperatives
  A: '19', // 中央軍委改革和編制辦公室
  N: '1239', // 農業: collective economic organizations
  Y: '1', // 其他
};

export function isUscc(value: string): boolean {
  if (value.length !== 18) return false;
  const types = TYPES_BY_AUTHORITY[value[0] as string];
  if (types === undefined || !types.includes(value[1] as string)) return false;
  if (!(hasProvinceCodeAt(value, 2) || (value[2] === '1' && value[3] === '0'))) return false;
  return isValidUscc(value);
}
