// Test data for the export checks: two raw versions (residents with ID numbers and mobiles, enterprises with USCCs)
// and job results written the way the result store writes them (writeResultTable).
import { createRng, makeMobile, makePersonName, makeResidentId, makeSyntheticUscc } from '@shuyun/core/pii';
import { FUTIAN_SUBDISTRICTS } from '@shuyun/core/pii/synthetic/futian';
import { writeResultTable, type ResultTableFile } from '../results/write-result-table.ts';
import type { CellValue, ResultColumn } from '../sandbox/types.ts';

export const DIVISIONS = ['440304', '440303', '440305', '440306'] as const;
export const SUBDISTRICTS = FUTIAN_SUBDISTRICTS.map((s) => s.split('|').at(-1) as string);
export const INDUSTRIES = ['零售', '餐饮', '科技', '金融', '物流'] as const;

export interface Resident {
  id_number: string;
  name: string;
  mobile: string;
  birth_date: string;
  sex: 'M' | 'F';
  division: string;
  subdistrict: string;
  income: number;
}

export interface Enterprise {
  uscc: string;
  name: string;
  industry: string;
  division: string;
  employees: number;
}

export function makeResidents(count: number, seed = 11): Resident[] {
  const rng = createRng(seed);
  return Array.from({ length: count }, () => {
    const birthDate = new Date(Date.UTC(1950, 0, 1) + rng.int(55 * 365) * 86_400_000).toISOString().slice(0, 10);
    const division = rng.pick(DIVISIONS);
    return {
      id_number: makeResidentId(rng, { division, birthDate }),
      name: makePersonName(rng, { script: 'simplified' }),
      mobile: makeMobile(rng),
      birth_date: birthDate,
      sex: rng.chance(0.5) ? 'M' : 'F',
      division,
      subdistrict: rng.pick(SUBDISTRICTS),
      income: 3000 + rng.int(40_000),
    };
  });
}

export function makeEnterprises(count: number, seed = 13): Enterprise[] {
  const rng = createRng(seed);
  return Array.from({ length: count }, (_, i) => {
    const division = rng.pick(DIVISIONS);
    return {
      uscc: makeSyntheticUscc(rng, { division }),
      name: `深圳市福田區第${i + 1}號科技有限公司`,
      industry: rng.pick(INDUSTRIES),
      division,
      employees: 1 + rng.int(500),
    };
  });
}

export async function writeTable(file: string, columns: ResultColumn[], rows: CellValue[][]): Promise<ResultTableFile> {
  return writeResultTable({ columns, rows, truncated: false, elapsedMs: 0 }, file);
}

export async function writeResidents(file: string, residents: readonly Resident[]): Promise<void> {
  await writeTable(
    file,
    [
      { name: 'id_number', type: 'VARCHAR' },
      { name: 'name', type: 'VARCHAR' },
      { name: 'mobile', type: 'VARCHAR' },
      { name: 'birth_date', type: 'DATE' },
      { name: 'sex', type: 'VARCHAR' },
      { name: 'division', type: 'VARCHAR' },
      { name: 'subdistrict', type: 'VARCHAR' },
      { name: 'income', type: 'BIGINT' },
    ],
    residents.map((r) => [r.id_number, r.name, r.mobile, r.birth_date, r.sex, r.division, r.subdistrict, r.income]),
  );
}

export async function writeEnterprises(file: string, enterprises: readonly Enterprise[]): Promise<void> {
  await writeTable(
    file,
    [
      { name: 'uscc', type: 'VARCHAR' },
      { name: 'name', type: 'VARCHAR' },
      { name: 'industry', type: 'VARCHAR' },
      { name: 'division', type: 'VARCHAR' },
      { name: 'employees', type: 'BIGINT' },
    ],
    enterprises.map((e) => [e.uscc, e.name, e.industry, e.division, e.employees]),
  );
}

/** The aggregate a clean job would release: residents by sub-district and sex, with counts and a mean. */
export function aggregateBySubdistrictAndSex(residents: readonly Resident[]): CellValue[][] {
  const groups = new Map<string, { subdistrict: string; sex: string; n: number; total: number }>();
  for (const r of residents) {
    const key = `${r.subdistrict}|${r.sex}`;
    const g = groups.get(key) ?? { subdistrict: r.subdistrict, sex: r.sex, n: 0, total: 0 };
    g.n++;
    g.total += r.income;
    groups.set(key, g);
  }
  return [...groups.values()].map((g) => [g.subdistrict, g.sex, g.n, Math.round(g.total / g.n)]);
}

export const AGGREGATE_COLUMNS: ResultColumn[] = [
  { name: 'subdistrict', type: 'VARCHAR' },
  { name: 'sex', type: 'VARCHAR' },
  { name: 'subjects', type: 'BIGINT' },
  { name: 'avg_income', type: 'BIGINT' },
];
