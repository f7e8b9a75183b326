import { makeMobile, makePersonName, createRng } from '@shuyun/core/pii';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkExport } from './check-export.ts';
import { summarizeExportChecks } from './summary.ts';
import {
  AGGREGATE_COLUMNS,
  aggregateBySubdistrictAndSex,
  makeEnterprises,
  makeResidents,
  writeEnterprises,
  writeResidents,
  writeTable,
  type Enterprise,
  type Resident,
} from './test-fixtures.ts';
import type { DeclaredResultColumn, ExportCheck, ExportCheckOptions, ExportCheckReport, ExportFinding, RawDatasetRef } from './types.ts';

const MIN_SUBJECTS = 10;
const K = 5;

let dir: string;
let residents: Resident[];
let enterprises: Enterprise[];
let residentsRef: RawDatasetRef;
let enterprisesRef: RawDatasetRef;
/** every raw value a report could leak */
let rawValues: string[];

const AGGREGATE_ROLES: DeclaredResultColumn[] = [
  { name: 'subdistrict', role: 'quasi_identifier' },
  { name: 'sex', role: 'quasi_identifier' },
  { name: 'subjects', role: 'subject_count' },
  { name: 'avg_income', role: 'measure' },
];

function file(name: string): string {
  return path.join(dir, name);
}

function options(resultParquet: string, extra: Partial<ExportCheckOptions> = {}): ExportCheckOptions {
  return {
    resultParquet,
    rawDatasets: [residentsRef, enterprisesRef],
    minSubjects: MIN_SUBJECTS,
    k: K,
    maxRows: 10_000,
    maxBytes: 10_000_000,
    ...extra,
  };
}

function check(report: ExportCheckReport, name: ExportCheck['name']): ExportCheck {
  const found = report.checks.find((c) => c.name === name);
  if (!found) throw new Error(`no ${name} check`);
  return found;
}

function findings<C extends ExportFinding['code']>(report: ExportCheckReport, code: C): Extract<ExportFinding, { code: C }>[] {
  return report.checks.flatMap((c) => c.findings).filter((f): f is Extract<ExportFinding, { code: C }> => f.code === code);
}

/** The report's JSON holds no raw value (nor any planted one). */
function expectNoValues(report: ExportCheckReport, planted: readonly string[] = []): void {
  const json = JSON.stringify(report);
  for (const value of [...rawValues, ...planted]) {
    if (json.includes(value)) throw new Error(`the report contains a data value (${value.length} characters)`);
  }
  // nothing but ASCII names, codes and numbers in these reports (every raw name, sub-district and company is CJK)
  expect(json).toMatch(/^[\x20-\x7e]*$/);
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'shuyun-export-checks-'));
  residents = makeResidents(3000);
  enterprises = makeEnterprises(400);
  await writeResidents(file('residents.parquet'), residents);
  await writeEnterprises(file('enterprises.parquet'), enterprises);
  residentsRef = {
    parquetPath: file('residents.parquet'),
    subjectKey: 'id_number',
    identifyingColumns: ['birth_date', 'sex', 'division'],
    label: 'FT_RESIDENTS',
  };
  enterprisesRef = {
    parquetPath: file('enterprises.parquet'),
    subjectKey: 'uscc',
    identifyingColumns: ['uscc'],
    label: 'FT_ENTERPRISES',
  };
  rawValues = [
    ...residents.flatMap((r) => [r.id_number, r.name, r.mobile]),
    ...enterprises.flatMap((e) => [e.uscc, e.name]),
  ];
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('a clean aggregate', () => {
  it('passes every check, and the report says what was checked', async () => {
    const out = file('clean.parquet');
    const written = await writeTable(out, AGGREGATE_COLUMNS, aggregateBySubdistrictAndSex(residents));
    const report = await checkExport(options(out, { columns: AGGREGATE_ROLES }));
    expect(report.checks.map((c) => [c.name, c.passed, c.skipped])).toEqual([
      ['pii_values', true, false],
      ['group_size', true, false],
      ['k_anonymity', true, false],
      ['raw_overlap', true, false],
      ['row_cap', true, false],
      ['size_cap', true, false],
    ]);
    expect(report.passed).toBe(true);
    expect(report.rows).toBe(written.rows);
    expect(report.bytes).toBe(written.bytes);
    expect(report.checks.flatMap((c) => c.findings)).toEqual([]);
    // the result lacks birth_date and division, and has no uscc: no row-level comparison, said so
    expect(check(report, 'raw_overlap').notes).toEqual([
      { code: 'identifying_columns_absent', dataset: 0, label: 'FT_RESIDENTS', missing: ['birth_date', 'division'] },
      { code: 'identifying_columns_absent', dataset: 1, label: 'FT_ENTERPRISES', missing: ['uscc'] },
    ]);
    expectNoValues(report);
  });

  it('skips group size and k-anonymity with a note when no roles are declared', async () => {
    const out = file('clean.parquet');
    const report = await checkExport(options(out, { rawDatasets: [], maxRows: null, maxBytes: null }));
    expect(report.passed).toBe(true);
    expect(report.checks.filter((c) => c.skipped).map((c) => [c.name, c.notes])).toEqual([
      ['group_size', [{ code: 'no_subject_count_column' }]],
      ['k_anonymity', [{ code: 'no_quasi_identifiers' }]],
      ['raw_overlap', [{ code: 'no_raw_datasets' }]],
      ['row_cap', [{ code: 'no_cap' }]],
      ['size_cap', [{ code: 'no_cap' }]],
    ]);
    // a count the caller names works like a declared subject-count column
    const named = await checkExport(options(out, { subjectCountColumn: 'subjects', minSubjects: 100_000 }));
    expect(check(named, 'group_size')).toMatchObject({ passed: false, skipped: false });
  });
});

describe('one raw resident ID among 1,000 rows', () => {
  let report: ExportCheckReport;
  const planted = () => residents[1717]!.id_number;

  beforeAll(async () => {
    const rows = Array.from({ length: 1000 }, (_, i) => [i === 500 ? planted() : `GRP-${String(i).padStart(4, '0')}`, 20 + (i % 7)]);
    const out = file('one-id.parquet');
    await writeTable(out, [{ name: 'label', type: 'VARCHAR' }, { name: 'subjects', type: 'BIGINT' }], rows);
    report = await checkExport(options(out, { columns: [{ name: 'label', role: 'other' }, { name: 'subjects', role: 'subject_count' }] }));
  });

  it('is blocked by pii_values: one resident ID in the column, counted, not shown', () => {
    expect(report.passed).toBe(false);
    expect(check(report, 'pii_values')).toMatchObject({ passed: false });
    expect(findings(report, 'pii_detected')).toEqual([
      { code: 'pii_detected', column: 'label', piiType: 'resident_id', count: 1, scanned: 1000, blocking: true, basis: 'detected' },
    ]);
  });

  it('is blocked by raw_overlap: the value equals a raw subject key', () => {
    expect(check(report, 'raw_overlap')).toMatchObject({ passed: false });
    expect(findings(report, 'subject_key_match')).toEqual([
      { code: 'subject_key_match', dataset: 0, label: 'FT_RESIDENTS', column: 'label', count: 1, blocking: true },
    ]);
  });

  it('passes the other checks and never shows the value', () => {
    for (const name of ['group_size', 'row_cap', 'size_cap'] as const) expect(check(report, name).passed).toBe(true);
    expectNoValues(report, [planted(), planted().slice(0, 17)]);
  });

  it("gives reviewers a summary of what was found, in counts and column names", () => {
    const en = summarizeExportChecks(report, 'en');
    expect(en[0]).toBe('Automated checks failed: 1000 rows, ' + report.bytes + ' bytes');
    expect(en).toContain('  - [blocking] column label: 1 resident ID numbers among 1000 values');
    expect(en).toContain('  - [blocking] column label: 1 values are subject keys of raw data FT_RESIDENTS');
    const zh = summarizeExportChecks(report, 'zh-CN');
    expect(zh).toContain('  - 【阻斷】列 label：1 個身份證號（共 1000 個值）');
    const text = [...en, ...zh].join('\n');
    expect([planted(), ...rawValues].filter((value) => text.includes(value))).toEqual([]);
  });

  it('still finds it in lower case and with spaces around it', async () => {
    const out = file('one-id-spaced.parquet');
    const id = residents[99]!.id_number.replace(/X$/, 'x');
    await writeTable(out, [{ name: 'label', type: 'VARCHAR' }], [['GRP-0001'], [`  ${id} `], ['GRP-0002']]);
    const spaced = await checkExport(options(out));
    expect(findings(spaced, 'pii_detected').map((f) => [f.piiType, f.count])).toEqual([['resident_id', 1]]);
    expect(findings(spaced, 'subject_key_match').map((f) => f.count)).toEqual([1]);
  });
});

describe('one group below the minimum', () => {
  it('is blocked by group_size, and k-anonymity counts the group as a class of its subjects', async () => {
    const rows = aggregateBySubdistrictAndSex(residents);
    rows[3]![2] = 3;
    const out = file('small-group.parquet');
    await writeTable(out, AGGREGATE_COLUMNS, rows);
    const report = await checkExport(options(out, { columns: AGGREGATE_ROLES }));
    expect(report.passed).toBe(false);
    expect(check(report, 'group_size')).toMatchObject({ passed: false, skipped: false });
    expect(findings(report, 'group_below_threshold')).toEqual([
      { code: 'group_below_threshold', column: 'subjects', count: 1, minSubjects: MIN_SUBJECTS, blocking: true },
    ]);
    expect(findings(report, 'class_below_k')).toEqual([
      { code: 'class_below_k', columns: ['subdistrict', 'sex'], count: 1, rows: 1, smallestClass: 3, k: K, blocking: true },
    ]);
    for (const name of ['pii_values', 'raw_overlap', 'row_cap', 'size_cap'] as const) expect(check(report, name).passed).toBe(true);
    expectNoValues(report);
  });

  it('fails a NULL or zero count too', async () => {
    const rows = aggregateBySubdistrictAndSex(residents);
    rows[0]![2] = null;
    rows[1]![2] = 0;
    const out = file('null-group.parquet');
    await writeTable(out, AGGREGATE_COLUMNS, rows);
    const report = await checkExport(options(out, { columns: AGGREGATE_ROLES }));
    expect(findings(report, 'group_below_threshold').map((f) => f.count)).toEqual([2]);
  });
});

describe('k-anonymity over quasi-identifiers', () => {
  it('blocks a row-level result with one rare combination', async () => {
    const rows: (string | number)[][] = [];
    for (let i = 0; i < 600; i++) rows.push([['20-39', '40-59', '60+'][i % 3]!, i % 2 ? 'M' : 'F', i % 4 < 2 ? '440304' : '440305', (i * 37) % 1000]);
    rows.push(['100+', 'F', '440304', 500]);
    const out = file('rare.parquet');
    await writeTable(
      out,
      [
        { name: 'age_band', type: 'VARCHAR' },
        { name: 'sex', type: 'VARCHAR' },
        { name: 'division', type: 'VARCHAR' },
        { name: 'score', type: 'INTEGER' },
      ],
      rows,
    );
    const roles: DeclaredResultColumn[] = [
      { name: 'age_band', role: 'quasi_identifier' },
      { name: 'sex', role: 'quasi_identifier' },
      { name: 'division', role: 'quasi_identifier' },
      { name: 'score', role: 'measure' },
    ];
    const report = await checkExport(options(out, { columns: roles }));
    expect(report.passed).toBe(false);
    expect(check(report, 'k_anonymity')).toMatchObject({ passed: false, skipped: false });
    expect(findings(report, 'class_below_k')).toEqual([
      { code: 'class_below_k', columns: ['age_band', 'sex', 'division'], count: 1, rows: 1, smallestClass: 1, k: K, blocking: true },
    ]);
    expect(check(report, 'group_size')).toMatchObject({ passed: true, skipped: true });
    expect(check(report, 'pii_values').passed).toBe(true);
    // without the rare row every class holds 50 rows
    const common = file('common.parquet');
    await writeTable(
      common,
      [
        { name: 'age_band', type: 'VARCHAR' },
        { name: 'sex', type: 'VARCHAR' },
        { name: 'division', type: 'VARCHAR' },
        { name: 'score', type: 'INTEGER' },
      ],
      rows.slice(0, 600),
    );
    expect((await checkExport(options(common, { columns: roles }))).passed).toBe(true);
  });
});

describe('raw rows', () => {
  it('blocks a released row equal to a raw row on all its identifying columns', async () => {
    const target = residents[2024]!;
    const rows: (string | number)[][] = Array.from({ length: 200 }, (_, i) => [`2031-01-${String((i % 28) + 1).padStart(2, '0')}`, i % 2 ? 'M' : 'F', '440304', i]);
    rows.push([target.birth_date, target.sex, target.division, 7]);
    const out = file('row-match.parquet');
    await writeTable(
      out,
      [
        { name: 'birth_date', type: 'VARCHAR' }, // text in the result, DATE in the raw version: compared as text
        { name: 'SEX', type: 'VARCHAR' }, // found ignoring case
        { name: 'division', type: 'VARCHAR' },
        { name: 'n', type: 'BIGINT' },
      ],
      rows,
    );
    const report = await checkExport(options(out));
    expect(check(report, 'raw_overlap')).toMatchObject({ passed: false });
    expect(findings(report, 'raw_row_match')).toEqual([
      { code: 'raw_row_match', dataset: 0, label: 'FT_RESIDENTS', columns: ['birth_date', 'SEX', 'division'], count: 1, blocking: true },
    ]);
    expectNoValues(report, [target.birth_date]);
  });

  it("reports enterprises' USCCs without blocking when the grant permits them, and blocks them when it does not", async () => {
    const rows = enterprises.slice(0, 50).map((e, i) => [e.uscc, e.industry, 0.5 + i / 100]);
    const out = file('uscc.parquet');
    await writeTable(out, [{ name: 'uscc', type: 'VARCHAR' }, { name: 'industry', type: 'VARCHAR' }, { name: 'vitality', type: 'DOUBLE' }], rows);
    const permitted = await checkExport(options(out, { rawDatasets: [residentsRef, { ...enterprisesRef, identifyingColumns: [], subjectKeyPublic: true }] }));
    expect(permitted.passed).toBe(true);
    expect(findings(permitted, 'pii_detected')).toEqual([
      { code: 'pii_detected', column: 'uscc', piiType: 'uscc', count: 50, scanned: 50, blocking: false, basis: 'permitted' },
    ]);
    expect(findings(permitted, 'subject_key_match')).toEqual([
      { code: 'subject_key_match', dataset: 1, label: 'FT_ENTERPRISES', column: 'uscc', count: 50, blocking: false },
    ]);
    const strict = await checkExport(options(out, { permittedPii: [] }));
    expect(strict.passed).toBe(false);
    expect(check(strict, 'pii_values').passed).toBe(false);
    expect(findings(strict, 'raw_row_match').map((f) => [f.dataset, f.count])).toEqual([[1, 50]]);
    expectNoValues(strict);
  });
});

describe('the PII scan', () => {
  it('reads identifiers stored as numbers and inside lists', async () => {
    const rng = createRng(5);
    const mobile = makeMobile(rng);
    const out = file('numbers.parquet');
    await writeTable(
      out,
      [
        { name: 'phone', type: 'BIGINT' },
        { name: 'tags', type: 'VARCHAR[]' },
        { name: 'small', type: 'INTEGER' },
        { name: 'day', type: 'DATE' },
      ],
      [
        [Number(mobile), ['a', residents[5]!.mobile], 1, '2024-01-01'],
        [12345, ['b'], 2, '2024-01-02'],
      ],
    );
    const report = await checkExport(options(out, { rawDatasets: [] }));
    expect(findings(report, 'pii_detected').map((f) => [f.column, f.piiType, f.count])).toEqual([
      ['phone', 'mobile', 1],
      ['tags', 'mobile', 1],
    ]);
    expect(check(report, 'pii_values').notes).toEqual([{ code: 'columns_not_text', columns: ['small', 'day'] }]);
    expectNoValues(report, [mobile]);
  });

  it('blocks a column of names, and only reports name-shaped words among other words', async () => {
    const rng = createRng(9);
    const out = file('names.parquet');
    const communities = ['景田', '益田', '园岭', '华富', '梅林', '香蜜湖', '沙头', '南园', '福保', '莲花'];
    await writeTable(
      out,
      [{ name: 'contact', type: 'VARCHAR' }, { name: 'community', type: 'VARCHAR' }],
      Array.from({ length: 40 }, (_, i) => [makePersonName(rng), communities[i % communities.length]!]),
    );
    const report = await checkExport(options(out, { rawDatasets: [] }));
    const byColumn = Object.fromEntries(findings(report, 'pii_detected').map((f) => [f.column, [f.piiType, f.blocking, f.basis]]));
    expect(byColumn.contact).toEqual(['person_name', true, 'detected']);
    expect(byColumn.community).toEqual(['person_name', false, 'weak_evidence']);
    expect(check(report, 'pii_values').passed).toBe(false);
  });

  it('cannot scan binary columns, and says so', async () => {
    const out = file('blob.parquet');
    await writeTable(out, [{ name: 'payload', type: 'BLOB' }], [['abc']]);
    const report = await checkExport(options(out, { rawDatasets: [] }));
    expect(findings(report, 'column_not_scanned')).toEqual([{ code: 'column_not_scanned', column: 'payload', type: 'BLOB', blocking: true }]);
  });
});

describe('caps', () => {
  it('blocks a result over the row or size cap of the grant', async () => {
    const out = file('clean.parquet');
    const report = await checkExport(options(out, { columns: AGGREGATE_ROLES, maxRows: 5, maxBytes: 100 }));
    expect(report.passed).toBe(false);
    expect(findings(report, 'rows_over_cap')).toEqual([{ code: 'rows_over_cap', rows: report.rows, maxRows: 5, blocking: true }]);
    expect(findings(report, 'bytes_over_cap')).toEqual([{ code: 'bytes_over_cap', bytes: report.bytes, maxBytes: 100, blocking: true }]);
    const exact = await checkExport(options(out, { columns: AGGREGATE_ROLES, maxRows: report.rows, maxBytes: report.bytes }));
    expect(exact.passed).toBe(true);
  });
});

describe("the grant's privacy budget", () => {
  it('passes with no budget or some left, blocks a spent budget, and reports only the grant\'s ε', async () => {
    const out = file('clean.parquet');
    const base = { columns: AGGREGATE_ROLES, rawDatasets: [] };
    expect((await checkExport(options(out, base))).checks.map((c) => c.name)).not.toContain('budget'); // not given: not checked
    expect(check(await checkExport(options(out, { ...base, privacyBudget: null })), 'budget')).toEqual({ name: 'budget', passed: true, skipped: true, findings: [], notes: [{ code: 'no_budget' }] });
    const left = await checkExport(options(out, { ...base, privacyBudget: { totalMicro: 2_000_000, spentMicro: 1_999_999 } }));
    expect(left.passed).toBe(true);
    expect(check(left, 'budget')).toMatchObject({ passed: true, skipped: false, notes: [{ code: 'budget_remaining', epsilonTotal: 2, epsilonRemaining: 0.000001 }] });
    const spent = await checkExport(options(out, { ...base, privacyBudget: { totalMicro: 2_000_000, spentMicro: 2_000_000 } }));
    expect(spent.passed).toBe(false);
    expect(spent.checks.filter((c) => !c.passed).map((c) => c.name)).toEqual(['budget']);
    expect(findings(spent, 'budget_exhausted')).toEqual([{ code: 'budget_exhausted', epsilonTotal: 2, epsilonSpent: 2, blocking: true }]);
    expect(summarizeExportChecks(spent, 'en').slice(-2)).toEqual(['privacy budget: failed', "  - [blocking] the grant's privacy budget is spent (ε 2 of 2 used)"]);
    expectNoValues(spent);
    await expect(checkExport(options(out, { privacyBudget: { totalMicro: 1.5, spentMicro: -1 } }))).rejects.toMatchObject({
      code: 'EXPORT_CHECK_INVALID',
      details: [
        { path: '/privacyBudget/totalMicro', reason: 'micro_units_invalid' },
        { path: '/privacyBudget/spentMicro', reason: 'micro_units_invalid' },
      ],
    });
  });
});

describe('refusals', () => {
  it('refuses invalid thresholds, undeclared columns and unreadable files, naming no value', async () => {
    const out = file('clean.parquet');
    await expect(checkExport(options(out, { k: 0 }))).rejects.toMatchObject({ code: 'EXPORT_CHECK_INVALID', details: [{ path: '/k', reason: 'positive_integer_required' }] });
    await expect(checkExport(options(out, { columns: [{ name: 'nope', role: 'quasi_identifier' }] }))).rejects.toMatchObject({
      code: 'EXPORT_CHECK_INVALID',
      details: [{ path: '/columns/0/name', reason: 'not_in_result' }],
    });
    await expect(checkExport(options(file('missing.parquet')))).rejects.toMatchObject({ code: 'EXPORT_CHECK_RESULT_UNREADABLE' });
    const junk = file('junk.parquet');
    await writeFile(junk, 'not parquet');
    await expect(checkExport(options(junk))).rejects.toMatchObject({ code: 'EXPORT_CHECK_RESULT_UNREADABLE' });
    await expect(checkExport(options(out, { rawDatasets: [{ ...residentsRef, parquetPath: junk }] }))).rejects.toMatchObject({
      code: 'EXPORT_CHECK_RAW_UNREADABLE',
      details: [{ path: '/rawDatasets/0/parquetPath', reason: 'unreadable' }],
    });
    await expect(checkExport(options(out, { rawDatasets: [{ ...residentsRef, subjectKey: 'sfzh' }] }))).rejects.toMatchObject({
      code: 'EXPORT_CHECK_INVALID',
      details: [{ path: '/rawDatasets/0/subjectKey', reason: 'not_in_raw' }],
    });
  });
});
