import { describe, expect, it } from 'vitest';
import { makeNearMiss } from './near-miss.ts';
import { createRng, type Rng } from './rng.ts';
import { scanColumn } from './scan-column.ts';
import {
  makeAddress,
  makeBankCard,
  makeEmail,
  makeLandline,
  makeMobile,
  makePersonName,
  makeResidentId,
  makeSyntheticUscc,
  makeVehiclePlate,
} from './synthetic/index.ts';
import { residentIdCheck } from './resident-id.ts';
import type { PiiType } from './types.ts';

const ROWS = 300;

interface Column {
  header: string;
  make: (rng: Rng, row: number) => string;
  /** The suggestion the department should see first, or none. */
  expected: PiiType | null;
}

const SUBDISTRICTS = ['園嶺', '南園', '福田', '沙頭', '香蜜湖', '蓮花', '華富', '福保', '華強北', '梅林'];
const INDUSTRIES = ['金融業', '製造業', '批發和零售業', '信息傳輸、軟件和信息技術服務業', '房地產業', '建築業', '住宿和餐飲業', '教育'];

/** The department's upload: differently named columns, misleading headers and near-miss columns side by side. */
const COLUMNS: Column[] = [
  { header: '證件號碼', make: (rng) => makeResidentId(rng), expected: 'resident_id' },
  { header: 'contact_phone', make: (rng) => makeMobile(rng, { format: rng.pick(['plain', 'spaced', 'international'] as const) }), expected: 'mobile' },
  { header: '企業信用代碼', make: (rng) => makeSyntheticUscc(rng), expected: 'uscc' },
  { header: 'yhkh', make: (rng) => makeBankCard(rng), expected: 'bank_card' },
  { header: 'xm', make: (rng) => makePersonName(rng), expected: 'person_name' },
  { header: '聯繫人', make: (rng, row) => (row % 3 === 0 ? '' : makePersonName(rng, { script: 'simplified' })), expected: 'person_name' },
  { header: 'col_7', make: (rng) => makePersonName(rng), expected: 'person_name' }, // names without a hint
  { header: '住址', make: (rng) => makeAddress(rng), expected: 'address' },
  { header: 'EMail', make: (rng) => makeEmail(rng), expected: 'email' },
  { header: '辦公電話', make: (rng) => makeLandline(rng), expected: 'landline' },
  { header: 'cph', make: (rng) => makeVehiclePlate(rng), expected: 'vehicle_plate' },
  // misleading headers: the values decide
  { header: '手機號', make: (rng) => makeResidentId(rng), expected: 'resident_id' },
  { header: 'name', make: (rng) => makeMobile(rng), expected: 'mobile' },
  // near-miss columns: one slip from valid in every row
  { header: '身份證號', make: (rng) => { const v = makeResidentId(rng); return v.slice(0, 17) + (v[17] === '0' ? '1' : '0'); }, expected: null },
  { header: 'sfzh_2', make: (rng) => { const first17 = `440304199902${rng.pick(['30', '31'])}${rng.digits(3)}`; return first17 + residentIdCheck(first17); }, expected: null },
  { header: 'mobile', make: (rng) => makeMobile(rng).slice(0, 10), expected: null },
  { header: '銀行卡號', make: (rng) => { const v = makeBankCard(rng); return v.slice(0, -1) + ((Number(v.at(-1)) + 1) % 10); }, expected: null },
  { header: 'tyshxydm', make: (rng) => makeNearMiss(rng, 'uscc'), expected: null },
  { header: 'email_bad', make: (rng) => makeNearMiss(rng, 'email'), expected: null },
  { header: 'plate_bad', make: (rng) => makeNearMiss(rng, 'vehicle_plate'), expected: null },
  // ordinary columns
  { header: '所屬街道', make: (rng) => rng.pick(SUBDISTRICTS), expected: null },
  { header: '行業', make: (rng) => rng.pick(INDUSTRIES), expected: null },
  { header: '登記機關', make: (rng) => `深圳市福田區${rng.pick(SUBDISTRICTS)}街道辦事處`, expected: null },
  { header: '金額', make: (rng) => (rng.int(1_000_000) / 100).toFixed(2), expected: null },
  { header: '登記日期', make: (rng) => `20${rng.between(10, 25)}-0${rng.between(1, 9)}-1${rng.between(0, 9)}`, expected: null },
];

/** A CSV text as a department would upload it, and its columns read back by header. */
function departmentCsv(seed: number): string {
  const rng = createRng(seed);
  const lines = [COLUMNS.map((c) => c.header).join(',')];
  for (let row = 0; row < ROWS; row++) lines.push(COLUMNS.map((c) => c.make(rng, row).replaceAll(',', '，')).join(','));
  return lines.join('\n');
}

function readColumns(csv: string): Map<string, string[]> {
  const [head, ...rows] = csv.split('\n');
  const headers = (head ?? '').split(',');
  const columns = new Map(headers.map((h) => [h, [] as string[]]));
  for (const row of rows) row.split(',').forEach((cell, i) => columns.get(headers[i] as string)?.push(cell));
  return columns;
}

describe('column scan of a department upload', () => {
  const columns = readColumns(departmentCsv(2026));

  for (const { header, expected } of COLUMNS) {
    it(`${header}: ${expected ?? 'no suggestion'}`, () => {
      const suggestions = scanColumn(columns.get(header) ?? [], { header });
      if (expected === null) expect(suggestions).toEqual([]);
      else {
        expect(suggestions.map((s) => s.type)).toEqual([expected]);
        expect(suggestions[0]?.confidence).toBeGreaterThanOrEqual(0.8);
      }
    });
  }

  it('counts empty cells as missing, not as failed matches', () => {
    const [names] = scanColumn(columns.get('聯繫人') ?? [], { header: '聯繫人' });
    expect(names?.nonEmpty).toBe(ROWS - ROWS / 3);
    expect(names?.matched).toBe(names?.nonEmpty);
  });
});

describe('confidence', () => {
  const rng = createRng(7);

  it('is the share of values that validate, and falls below the bar when too few do', () => {
    const mixed = Array.from({ length: 100 }, (_, i) => (i < 70 ? makeResidentId(rng) : makeNearMiss(rng, 'resident_id')));
    expect(scanColumn(mixed)).toEqual([{ type: 'resident_id', confidence: 0.7, matched: 70, nonEmpty: 100 }]);
    const mostlyWrong = Array.from({ length: 100 }, (_, i) => (i < 30 ? makeResidentId(rng) : makeNearMiss(rng, 'resident_id')));
    expect(scanColumn(mostlyWrong)).toEqual([]);
  });

  it('counts 15-digit first-generation IDs at reduced confidence', () => {
    const legacy = Array.from({ length: 50 }, () => `440304${rng.between(50, 99)}0${rng.between(1, 9)}1${rng.between(0, 9)}${rng.digits(3)}`);
    const [suggestion] = scanColumn(legacy);
    expect(suggestion?.type).toBe('resident_id');
    expect(suggestion?.confidence).toBe(0.7);
  });

  it('raises a name column with a header hint, and never creates a suggestion from the header alone', () => {
    const names = Array.from({ length: 100 }, (_, i) => (i < 60 ? makePersonName(rng) : `${rng.digits(4)}`));
    expect(scanColumn(names)).toEqual([]);
    expect(scanColumn(names, { header: '姓名' })).toEqual([{ type: 'person_name', confidence: 0.7, matched: 60, nonEmpty: 100 }]);
    expect(scanColumn(Array.from({ length: 100 }, () => rng.digits(6)), { header: '姓名' })).toEqual([]);
  });

  it('does not call a column of name-shaped words a name column without a header', () => {
    // every value starts with a surname character and is accepted per value; the column is still not names
    const words = '高興 林木 周長 馬力 朱砂 何止 田野 叶落 方圓 白雲 江水 万里 嚴冬 向陽 湯匙 常委 文藝 安寧 成人 管家 路人 華人 車間 商人 全體 石榴 金子 龍蝦 毛筆 熊掌 秦嶺 黎族 顧城 余光 杜甫 孟子 史記 易經 喬木 錢塘'.split(' ');
    expect(scanColumn(words)).toEqual([]);
  });

  it('does not call a categorical column of surname-led values a name column', () => {
    const teams = Array.from({ length: 200 }, () => rng.pick(['王府井', '李村', '張家', '陳屋', '黃埔', '林村']));
    expect(scanColumn(teams)).toEqual([]);
  });

  it('samples evenly and deterministically from long columns', () => {
    const column = [...Array.from({ length: 5000 }, () => ''), ...Array.from({ length: 5000 }, () => makeMobile(rng))];
    const first = scanColumn(column, { sample: 500 });
    expect(first).toEqual([{ type: 'mobile', confidence: 1, matched: 500, nonEmpty: 500 }]);
    expect(scanColumn(column, { sample: 500 })).toEqual(first);
  });
});
