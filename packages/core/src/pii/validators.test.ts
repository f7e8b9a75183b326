import { describe, expect, it } from 'vitest';
import { isAddress } from './address.ts';
import { isValidUscc, makeUscc } from '../identifiers/uscc.ts';
import { isBankCard, luhnCheckDigit, passesLuhn } from './bank-card.ts';
import { detectValue } from './detect-value.ts';
import { isEmail } from './email.ts';
import { isLandline } from './landline.ts';
import { isMobile } from './mobile.ts';
import { isPersonName } from './person-name.ts';
import { isLegacyResidentId, isResidentId, residentIdCheck } from './resident-id.ts';
import { isUscc } from './uscc.ts';
import { isVehiclePlate } from './vehicle-plate.ts';

/** A valid ID from its first 17 digits. */
const id = (first17: string) => first17 + residentIdCheck(first17);

describe('resident ID number (GB 11643)', () => {
  it('accepts the standard example and its X check character in either case', () => {
    expect(isResidentId('11010519491231002X')).toBe(true);
    expect(isResidentId('11010519491231002x')).toBe(true);
    expect(isResidentId(id('44030419900307123'))).toBe(true);
  });

  it('refuses a wrong check character, an impossible date and an unknown province even when the check fits', () => {
    expect(isResidentId('110105194912310021')).toBe(false);
    expect(isResidentId(id('44030419990230123'))).toBe(false); // 30 February
    expect(isResidentId(id('44030419991301123'))).toBe(false); // month 13
    expect(isResidentId(id('44030418991231123'))).toBe(false); // before 1900
    expect(isResidentId(id('99030419900307123'))).toBe(false); // no province 99
    expect(isResidentId(id('44030420000229123'))).toBe(true); // 2000 was a leap year
    expect(isResidentId(id('44030419000229123'))).toBe(false); // 1900 was not
  });

  it('refuses birth dates after today, read in China time', () => {
    const birth = id('44030420260302123');
    expect(isResidentId(birth, new Date('2026-03-01T15:59:00Z'))).toBe(false); // 23:59 on 1 March in Shenzhen
    expect(isResidentId(birth, new Date('2026-03-01T16:00:00Z'))).toBe(true); // midnight, 2 March
  });

  it('recognises the 15-digit first-generation form separately, and detectValue reports it only on request', () => {
    expect(isLegacyResidentId('440304900307123')).toBe(true);
    expect(isLegacyResidentId('440304900230123')).toBe(false);
    expect(isResidentId('440304900307123')).toBe(false);
    expect(detectValue('440304900307123')).toEqual([]);
    expect(detectValue('440304900307123', { legacyResidentId: true })).toEqual(['resident_id']);
  });
});

describe('mobile number', () => {
  it('accepts allocated segments in the usual dress', () => {
    for (const v of ['13812345678', '19212345678', '16612345678', '17401234567', '+86 138 1234 5678', '0086-13812345678', '8613812345678', '138-1234-5678']) {
      expect(isMobile(v), v).toBe(true);
    }
  });

  it('refuses unallocated segments, wrong lengths and odd grouping', () => {
    for (const v of ['15412345678', '17912345678', '19412345678', '14112345678', '12345678901', '1381234567', '138123456789', '1381 234 5678', '138 1234-5678', '17451234567']) {
      expect(isMobile(v), v).toBe(false);
    }
  });
});

describe('unified social credit code', () => {
  it('accepts a published code and refuses it with one character changed', () => {
    expect(isUscc('9144030071526726XG')).toBe(true);
    expect(isUscc('9144030071526726XH')).toBe(false);
  });

  it('refuses a code whose registration authority, organization type or province does not exist', () => {
    // both check characters fit: market supervision (9) issues types 1–3 only; there is no province 99
    const wrongType = makeUscc('9', '4', '440300', '71526726');
    const wrongProvince = makeUscc('9', '1', '990300', '71526726');
    expect(isValidUscc(wrongType) && isValidUscc(wrongProvince)).toBe(true);
    expect(isUscc(wrongType)).toBe(false);
    expect(isUscc(wrongProvince)).toBe(false);
  });
});

describe('bank card', () => {
  const card = (partial: string) => partial + luhnCheckDigit(partial);

  it('accepts Luhn-valid numbers of Chinese issuers, plain or grouped in fours', () => {
    expect(isBankCard(card('622202123456789012'))).toBe(true); // UnionPay, 19 digits
    expect(isBankCard(card('436742123456789'))).toBe(true); // Visa co-brand, 16
    expect(isBankCard(card('955880123456789012'))).toBe(true); // ICBC legacy debit
    const grouped = card('622202123456789').replace(/(\d{4})(?=\d)/g, '$1 ');
    expect(isBankCard(grouped)).toBe(true);
  });

  it('refuses a failing Luhn digit, an unknown issuer and wrong lengths', () => {
    const good = card('622202123456789012');
    expect(isBankCard(good.slice(0, -1) + ((Number(good.at(-1)) + 1) % 10))).toBe(false);
    expect(isBankCard(card('712345678901234'))).toBe(false);
    expect(isBankCard(card('62220212345678'))).toBe(false); // 15
    expect(isBankCard(card('6222021234567890123'))).toBe(false); // 20
  });

  it('defers to the resident ID reading of an 18-digit value that is an ID with a typo', () => {
    // an ID whose last digit was mistyped into the one digit that makes it Luhn-valid (and 4… is a Visa prefix)
    let seq = 100;
    while (luhnCheckDigit(`44030419900307${seq}`) === residentIdCheck(`44030419900307${seq}`)) seq++;
    const mistyped = `44030419900307${seq}${luhnCheckDigit(`44030419900307${seq}`)}`;
    expect(isResidentId(mistyped)).toBe(false);
    expect(passesLuhn(mistyped)).toBe(true);
    expect(isBankCard(mistyped)).toBe(false);
    expect(detectValue(mistyped)).toEqual([]);
  });
});

describe('personal name', () => {
  it('accepts single and compound surnames in both scripts', () => {
    for (const v of ['张伟', '張偉', '王建国', '歐陽娜娜', '欧阳娜', '司馬光', '诸葛亮']) expect(isPersonName(v), v).toBe(true);
  });

  it('refuses wrong lengths, no surname, stop words and institutional characters', () => {
    for (const v of ['张', '王建国强', '歐陽娜娜娜', '我们', '高新', '時間', '王府', '林業局', '张3', 'Zhang']) {
      expect(isPersonName(v), v).toBe(false);
    }
  });
});

describe('address', () => {
  it('accepts an area followed by a house number', () => {
    for (const v of ['深圳市福田區福華三路88號', '广东省深圳市福田区园岭街道八卦路12号3栋1201室', '福田區香蜜湖街道A座', '北京市朝阳区建国路88号']) {
      expect(isAddress(v), v).toBe(true);
    }
  });

  it('refuses areas without a number, organizations, and numbers without an area', () => {
    for (const v of ['深圳市福田區園嶺街道', '深圳市福田區市場監督管理局', '深圳市道路運輸局', '福華三路88號', '福田區1號', '深圳市福田区深南大道']) {
      expect(isAddress(v), v).toBe(false);
    }
  });
});

describe('e-mail, landline and vehicle plate', () => {
  it('e-mail: dot-atom local part, LDH host, alphabetic TLD', () => {
    expect(isEmail('zhang.wei@example.com')).toBe(true);
    expect(isEmail('12345678@qq.com')).toBe(true);
    for (const v of ['zhang..wei@example.com', '.zhang@example.com', 'zhang@localhost', 'zhang@example.123', 'a@b@example.com', 'zhang @example.com']) {
      expect(isEmail(v), v).toBe(false);
    }
  });

  it('landline: area code rules decide the split', () => {
    for (const v of ['0755-83001234', '075583001234', '(010)83001234', '02083001234', '0571-8300123', '+86 755 8300 1234', '0755-83001234-806', '0755-83001234轉806']) {
      expect(isLandline(v), v).toBe(true);
    }
    for (const v of ['755-83001234', '010-8300123', '0755-830012', '0755-03001234', '011-83001234', '0755-830012345']) {
      expect(isLandline(v), v).toBe(false);
    }
  });

  it('vehicle plate: province, office letter, serial without I or O; new-energy forms', () => {
    for (const v of ['粵B12345', '粤BA1234', '京A·12345', '粵BD12345', '粵BAF1234', '粵B12345D', '粵B1234學', '使123456']) {
      expect(isVehiclePlate(v), v).toBe(true);
    }
    for (const v of ['粵I12345', '粵B1234O', '港B12345', '粵B1234', '粵b12345', '粵BX12345', '粵BABCD1']) {
      expect(isVehiclePlate(v), v).toBe(false);
    }
  });
});
