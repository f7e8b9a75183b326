import { describe, expect, it } from 'vitest';
import { createRng, makeBankCard, makeEmail, makeLandline, makeMobile, makePersonName, makeResidentId, makeSyntheticUscc, makeVehiclePlate, makeAddress } from '../pii/synthetic/index.ts';
import { DEFAULT_MASKING_RULES, effectiveRule, maskingRuleSchema, maskValue, pseudonym, ruleProblem, type MaskingRule } from './index.ts';

const rng = () => createRng(20240506);
const KEY = new Uint8Array(32).map((_, i) => i + 1);
const OTHER_KEY = new Uint8Array(32).map((_, i) => 200 - i);

describe('the default masking of each PII type', () => {
  it('keeps the first 6 and last 4 of a resident ID', () => {
    const r = rng();
    for (let i = 0; i < 200; i++) {
      const id = makeResidentId(r);
      const masked = maskValue(id, DEFAULT_MASKING_RULES.resident_id) as string;
      expect(masked).toBe(`${id.slice(0, 6)}********${id.slice(14)}`);
      expect(masked).toMatch(/^440304\*{8}\d{3}[\dX]$/);
    }
    expect(maskValue('440304199001011234', DEFAULT_MASKING_RULES.resident_id)).toBe('440304********1234');
  });

  it('keeps the first 3 and last 4 of a mobile, the first 6 and last 4 of a bank card', () => {
    const r = rng();
    for (let i = 0; i < 200; i++) {
      const m = makeMobile(r);
      expect(maskValue(m, DEFAULT_MASKING_RULES.mobile)).toBe(`${m.slice(0, 3)}****${m.slice(7)}`);
      const card = makeBankCard(r);
      const masked = maskValue(card, DEFAULT_MASKING_RULES.bank_card) as string;
      expect(masked.length).toBe(card.length);
      expect(masked).toBe(card.slice(0, 6) + '*'.repeat(card.length - 10) + card.slice(-4));
    }
  });

  it('keeps the surname of a name, compound surnames and characters beyond the BMP included', () => {
    const r = rng();
    for (let i = 0; i < 500; i++) {
      const name = makePersonName(r, { script: i % 2 ? 'simplified' : 'traditional' });
      const masked = maskValue(name, DEFAULT_MASKING_RULES.person_name) as string;
      expect([...masked].length).toBe([...name].length);
      expect(name.startsWith(masked.replace(/\*+$/, ''))).toBe(true);
      expect(masked).not.toBe(name);
    }
    const rule = DEFAULT_MASKING_RULES.person_name;
    expect(maskValue('歐陽娜娜', rule)).toBe('歐陽**');
    expect(maskValue('欧阳修', rule)).toBe('欧阳*');
    expect(maskValue('司馬光', rule)).toBe('司馬*');
    expect(maskValue('諸葛亮', rule)).toBe('諸葛*');
    expect(maskValue('張偉', rule)).toBe('張*');
    expect(maskValue('王小明', rule)).toBe('王**');
    // 𠀋 (U+2000B) is one character, two UTF-16 units
    expect(maskValue('𠀋家豪', rule)).toBe('𠀋**');
    expect(maskValue('李𠀋', rule)).toBe('李*');
    expect(maskValue('阿沛·阿旺晉美', rule)).toBe('阿******');
    expect(maskValue('王', rule)).toBe('*');
  });

  it('keeps the first character of an e-mail local part and the domain', () => {
    const r = rng();
    for (let i = 0; i < 200; i++) {
      const e = makeEmail(r);
      const [local, domain] = e.split('@') as [string, string];
      expect(maskValue(e, DEFAULT_MASKING_RULES.email)).toBe(`${local[0]}***@${domain}`);
    }
    expect(maskValue('a@example.com', DEFAULT_MASKING_RULES.email)).toBe('***@example.com');
    expect(maskValue('not-an-email', DEFAULT_MASKING_RULES.email)).toBe('************');
    expect(maskValue('zhang.wei@example.org', { technique: 'email_local', keep: 3 })).toBe('zha***@example.org');
  });

  it('keeps authority, type and division of a USCC; the area code of a landline; province and office of a plate', () => {
    const r = rng();
    for (let i = 0; i < 100; i++) {
      const code = makeSyntheticUscc(r);
      expect(maskValue(code, DEFAULT_MASKING_RULES.uscc)).toBe(`${code.slice(0, 8)}**********`);
      const tel = makeLandline(r);
      expect(maskValue(tel, DEFAULT_MASKING_RULES.landline)).toBe(`0755-${'*'.repeat(tel.length - 5)}`);
      const plate = makeVehiclePlate(r);
      expect(maskValue(plate, DEFAULT_MASKING_RULES.vehicle_plate)).toBe(`${[...plate].slice(0, 2).join('')}${'*'.repeat([...plate].length - 2)}`);
    }
    expect(maskValue('91440300MA5DXXXX1X', DEFAULT_MASKING_RULES.uscc)).toBe('91440300**********');
    expect(maskValue('010-62751234', DEFAULT_MASKING_RULES.landline)).toBe('010-********');
    expect(maskValue('(0755) 8300 1234轉8', DEFAULT_MASKING_RULES.landline)).toBe('(0755) **** ****轉*');
    expect(maskValue('+86 755 83001234', DEFAULT_MASKING_RULES.landline)).toBe('+86 755 ********');
    expect(maskValue('075583001234', DEFAULT_MASKING_RULES.landline)).toBe('0755********');
  });

  it('keeps an address down to its street, or its district', () => {
    const r = rng();
    for (let i = 0; i < 200; i++) {
      const a = makeAddress(r, { script: i % 2 ? 'simplified' : 'traditional' });
      const masked = maskValue(a, DEFAULT_MASKING_RULES.address) as string;
      expect(masked).toMatch(/(福田區|福田区|街道)$/);
      expect(a.startsWith(masked)).toBe(true);
      expect(masked).not.toMatch(/\d/);
    }
    const street = DEFAULT_MASKING_RULES.address;
    const district: MaskingRule = { technique: 'generalize', to: { kind: 'address', level: 'district' } };
    expect(maskValue('深圳市福田區園嶺街道八卦路88號', street)).toBe('深圳市福田區園嶺街道');
    expect(maskValue('深圳市福田區園嶺街道八卦路88號', district)).toBe('深圳市福田區');
    expect(maskValue('广东省深圳市福田区深南大道1001号', street)).toBe('广东省深圳市福田区');
    expect(maskValue('广西壮族自治区南宁市青秀区民族大道12号', district)).toBe('广西壮族自治区南宁市青秀区');
    expect(maskValue('北京市海淀区中关村大街27号', district)).toBe('北京市海淀区');
    expect(maskValue('八卦路88號', district)).toBeNull();
  });
});

describe('quasi-identifier generalization', () => {
  it('takes dates to the month or year, typed or as text', () => {
    const month: MaskingRule = { technique: 'generalize', to: { kind: 'date', level: 'month' } };
    const year: MaskingRule = { technique: 'generalize', to: { kind: 'date', level: 'year' } };
    expect(maskValue(new Date('1987-06-23T00:00:00Z'), month)).toEqual(new Date('1987-06-01T00:00:00Z'));
    expect(maskValue(new Date('1987-06-23T15:04:05Z'), year)).toEqual(new Date('1987-01-01T00:00:00Z'));
    expect(maskValue('1987-06-23', month)).toBe('1987-06');
    expect(maskValue('19870623', year)).toBe('1987');
    expect(maskValue('unknown', month)).toBeNull();
  });

  it('takes ages to bands with a top code, numbers to ranges, division codes to a prefix', () => {
    const five: MaskingRule = { technique: 'generalize', to: { kind: 'age_band', width: 5 } };
    const ten: MaskingRule = { technique: 'generalize', to: { kind: 'age_band', width: 10, top: 85 } };
    expect([0, 4, 5, 37, 89, 90, 104].map((a) => maskValue(a, five))).toEqual(['0-4', '0-4', '5-9', '35-39', '85-89', '90+', '90+']);
    expect([37, 80, 84, 85].map((a) => maskValue(a, ten))).toEqual(['30-39', '80-84', '80-84', '85+']);
    expect(maskValue(-1, five)).toBeNull();
    const range: MaskingRule = { technique: 'generalize', to: { kind: 'numeric_range', width: 1000 } };
    expect([0, 999.99, 1000, 12345.6, -0.5].map((x) => maskValue(x, range))).toEqual(['[0,1000)', '[0,1000)', '[1000,2000)', '[12000,13000)', '[-1000,0)']);
    expect(maskValue(12345n, range)).toBe('[12000,13000)');
    const city: MaskingRule = { technique: 'generalize', to: { kind: 'code_prefix', keep: 4 } };
    expect(maskValue('440304', city)).toBe('440300');
    expect(maskValue(440304, { technique: 'generalize', to: { kind: 'code_prefix', keep: 2, pad: '' } })).toBe('44');
  });
});

describe('keyed pseudonyms, suppression and the rule model', () => {
  it('gives equal values equal pseudonyms under one grant key and different ones under another', () => {
    const rule: MaskingRule = { technique: 'hash' };
    const id = makeResidentId(rng());
    const a = maskValue(id, rule, { hashKey: KEY }) as string;
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(maskValue(id, rule, { hashKey: KEY })).toBe(a);
    expect(maskValue(id, rule, { hashKey: OTHER_KEY })).not.toBe(a);
    expect(maskValue(id, { technique: 'hash', length: 16 }, { hashKey: KEY })).toBe(a.slice(0, 16));
    // RFC 2104 HMAC over SM3: the well-known value for key "key", message "abc"
    expect(pseudonym('abc', new TextEncoder().encode('key'), 64)).toBe('28e63256e7c5a087b1f073265dc53092163f7b82729735d06f28f10af9d52393');
    expect(() => maskValue(id, rule)).toThrow(TypeError);
  });

  it('suppresses to NULL and leaves NULL alone', () => {
    expect(maskValue('x', { technique: 'suppress' })).toBeNull();
    expect(maskValue(null, DEFAULT_MASKING_RULES.mobile)).toBeNull();
    expect(maskValue(12.5, { technique: 'none' })).toBe(12.5);
  });

  it('stars a value no longer than the kept ends whole', () => {
    expect(maskValue('12345', { technique: 'keep_ends', first: 3, last: 4 })).toBe('*****');
  });

  it('validates rules with zod, strictly', () => {
    for (const rule of Object.values(DEFAULT_MASKING_RULES)) expect(maskingRuleSchema.parse(rule)).toEqual(rule);
    expect(maskingRuleSchema.safeParse({ technique: 'keep_ends', first: 3 }).success).toBe(false);
    expect(maskingRuleSchema.safeParse({ technique: 'keep_ends', first: 3, last: 4, extra: 1 }).success).toBe(false);
    expect(maskingRuleSchema.safeParse({ technique: 'generalize', to: { kind: 'age_band', width: 7 } }).success).toBe(false);
    expect(maskingRuleSchema.safeParse({ technique: 'hash', length: 4 }).success).toBe(false);
    expect(maskingRuleSchema.safeParse({ technique: 'rot13' }).success).toBe(false);
  });

  it('picks a rule per field: its own, its PII default, suppression for an unknown identifier, months for dates', () => {
    expect(effectiveRule({ type: 'string', role: 'direct_identifier', piiType: 'mobile' })).toEqual(DEFAULT_MASKING_RULES.mobile);
    expect(effectiveRule({ type: 'string', role: 'other', piiType: 'person_name' })).toEqual({ technique: 'keep_surname' });
    expect(effectiveRule({ type: 'integer', role: 'direct_identifier' })).toEqual({ technique: 'suppress' });
    expect(effectiveRule({ type: 'date', role: 'quasi_identifier' })).toEqual({ technique: 'generalize', to: { kind: 'date', level: 'month' } });
    expect(effectiveRule({ type: 'decimal', role: 'sensitive' })).toEqual({ technique: 'none' });
    expect(ruleProblem({ type: 'string', role: 'direct_identifier', rule: { technique: 'none' } })).toBe('identifier_unmasked');
    expect(ruleProblem({ type: 'string', role: 'other', piiType: 'resident_id', rule: { technique: 'none' } })).toBe('identifier_unmasked');
    expect(ruleProblem({ type: 'string', role: 'other', piiType: 'uscc', rule: { technique: 'none' } })).toBe('');
    expect(ruleProblem({ type: 'boolean', role: 'quasi_identifier', rule: { technique: 'generalize', to: { kind: 'date', level: 'year' } } })).toBe('type_mismatch');
    expect(ruleProblem({ type: 'date', role: 'quasi_identifier' })).toBe('');
  });
});
