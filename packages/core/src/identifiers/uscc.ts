// 統一社會信用代碼 (GB 32100-2015): 18 characters =
//   registration authority (1) + organization type (1) + administrative division (6)
//   + organization code per GB 11714 (8 + its own check character) + check character.
const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY'; // no I, O, Z, S, V
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** GB 11714 check character of the 8-character body of an organization code. */
export function organizationCodeCheck(body: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const c = body[i] ?? '';
    const v = /[0-9]/.test(c) ? Number(c) : c.charCodeAt(0) - 55; // A=10 … Z=35
    sum += v * (ORG_CODE_WEIGHTS[i] ?? 0);
  }
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
}

/** GB 32100 check character of the first 17 characters. */
export function usccCheck(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARSET.indexOf(first17[i] ?? '') * (USCC_WEIGHTS[i] ?? 0);
  return USCC_CHARSET[(31 - (sum % 31)) % 31] ?? '0';
}

export function isValidUscc(code: string): boolean {
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(code)) return false;
  const orgCode = code.slice(8, 17);
  if (organizationCodeCheck(orgCode.slice(0, 8)) !== orgCode[8]) return false;
  return usccCheck(code.slice(0, 17)) === code[17];
}

/** Builds a valid code from its parts (used to make synthetic organizations whose codes pass every check). */
export function makeUscc(registration: string, orgType: string, division: string, orgCodeBody: string): string {
  const first17 = registration + orgType + division + orgCodeBody + organizationCodeCheck(orgCodeBody);
  return first17 + usccCheck(first17);
}
