import { DuckDBInstance } from '@duckdb/node-api';
import { DomainError } from '@shuyun/core/errors/catalogue';
import { DEFAULT_MASKING_RULES, effectiveRule, maskValue, pseudonym, type MaskingRule } from '@shuyun/core/masking';
import { isEmail, isLandline, isMobile, isPersonName, isResidentId, isUscc, isAddress } from '@shuyun/core/pii';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMaskedTwin } from './build-masked-twin.ts';
import { buildSyntheticTwin } from './build-synthetic-twin.ts';
import { maskExpression } from './mask-sql.ts';
import { parquetTypes, readParquet } from '../ingest/test-fixtures.ts';
import { CATEGORIES, makePeople, peopleFields, writePeopleParquet, type Person } from './test-fixtures.ts';
import { openTwinDuckDB } from './twin-duckdb.ts';
import type { TwinField } from './types.ts';

const ROWS = 3000;
const KEY = new Uint8Array(32).map((_, i) => (i * 37 + 11) & 0xff);
const IDENTIFIER_COLUMNS = ['id_number', 'name', 'mobile', 'email', 'employer_uscc', 'office_phone', 'home'] as const;

let dir: string;
let source: string;
let sourceHash: string;
let people: Person[];

async function sha256(file: string): Promise<string> {
  return createHash('sha256').update(await readFile(file)).digest('hex');
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'shuyun-twin-'));
  source = path.join(dir, 'v1.parquet');
  people = makePeople(ROWS);
  await writePeopleParquet(source, people);
  sourceHash = await sha256(source);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the masked twin of a version', () => {
  let twin: Record<string, unknown>[];
  const fields: TwinField[] = peopleFields.map((f) => (f.name === 'seq' ? { ...f, rule: { technique: 'hash', length: 16 } } : f));

  beforeAll(async () => {
    const result = await buildMaskedTwin({ sourceParquet: source, outParquet: path.join(dir, 'masked.parquet'), fields, hashKey: KEY });
    expect(result.rows).toBe(ROWS);
    twin = await readParquet(result.outParquet);
  });

  it('keeps every row, in order, and leaves the source untouched', async () => {
    expect(twin).toHaveLength(ROWS);
    expect(await sha256(source)).toBe(sourceHash);
    expect(Object.keys(twin[0] ?? {})).toEqual(fields.map((f) => f.name));
  });

  it('masks every direct identifier per its rule, and no masked value equals its source value', () => {
    for (const column of ['id_number', 'name', 'mobile', 'email'] as const) {
      const rule = effectiveRule(fields.find((f) => f.name === column)!);
      people.forEach((p, i) => {
        const original = p[column];
        const masked = twin[i]?.[column];
        expect(masked).toBe(maskValue(original, rule));
        if (original !== null) expect(masked).not.toBe(original);
      });
    }
    expect(twin[0]?.id_number).toBe(`${people[0]!.id_number.slice(0, 6)}********${people[0]!.id_number.slice(14)}`);
    expect(twin[0]?.name).toBe('歐陽*'); // 歐陽𠀋: the compound surname kept, 𠀋 one star
    expect(twin[89]?.name).toBe('司马**');
    expect(twin.filter((r) => r.mobile === null)).toHaveLength(people.filter((p) => p.mobile === null).length);
  });

  it('gives the integer key a keyed SM3 pseudonym, the same as core computes', () => {
    people.forEach((p, i) => expect(twin[i]?.seq).toBe(pseudonym(String(p.seq), KEY, 16)));
    expect(new Set(twin.map((r) => r.seq)).size).toBe(ROWS);
  });

  it('generalizes quasi-identifiers and keeps sensitive values', () => {
    people.forEach((p, i) => {
      const row = twin[i]!;
      expect(row.employer_uscc).toBe(`${p.employer_uscc.slice(0, 8)}**********`);
      expect(row.office_phone).toBe(maskValue(p.office_phone, DEFAULT_MASKING_RULES.landline));
      expect(row.home).toBe(maskValue(p.home, DEFAULT_MASKING_RULES.address));
      expect(row.birth_date).toBe(`${p.birth_date.slice(0, 7)}-01`);
      expect(row.age).toBe(maskValue(p.age, { technique: 'generalize', to: { kind: 'age_band', width: 5 } }));
      expect(row.division).toBe(`${p.division.slice(0, 4)}00`);
      expect(row.category).toBe(p.category);
      expect(Number(row.amount)).toBe(Number(p.amount));
    });
  });

  it('keeps the types a query expects: dates stay dates, amounts stay decimals', async () => {
    const types = await parquetTypes(path.join(dir, 'masked.parquet'));
    expect(types.birth_date).toBe('DATE');
    expect(types.amount).toBe('DECIMAL(18,2)');
    expect(types.age).toBe('VARCHAR');
  });

  it('refuses a direct identifier left unmasked, a field the version lacks, a hash rule without a key and writing over the source', async () => {
    const out = path.join(dir, 'refused.parquet');
    const unmasked = peopleFields.map((f) => (f.name === 'mobile' ? { ...f, rule: { technique: 'none' } as MaskingRule } : f));
    await expect(buildMaskedTwin({ sourceParquet: source, outParquet: out, fields: unmasked })).rejects.toMatchObject({ code: 'MASKING_IDENTIFIER_UNMASKED' });
    await expect(buildMaskedTwin({ sourceParquet: source, outParquet: out, fields: [{ name: 'salary', type: 'decimal', role: 'sensitive' }] })).rejects.toMatchObject({ code: 'TWIN_FIELD_MISSING' });
    await expect(buildMaskedTwin({ sourceParquet: source, outParquet: out, fields })).rejects.toMatchObject({ code: 'MASKING_RULE_INVALID' });
    const wrongType = [{ name: 'amount', type: 'decimal', role: 'quasi_identifier', rule: { technique: 'generalize', to: { kind: 'address', level: 'street' } } }] as TwinField[];
    await expect(buildMaskedTwin({ sourceParquet: source, outParquet: out, fields: wrongType })).rejects.toBeInstanceOf(DomainError);
    await expect(buildMaskedTwin({ sourceParquet: source, outParquet: source, fields: peopleFields })).rejects.toMatchObject({ code: 'TWIN_TARGET_IS_SOURCE' });
    await expect(stat(out)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await sha256(source)).toBe(sourceHash);
  });

  it('refuses a file that is not Parquet without echoing its bytes', async () => {
    const bogus = path.join(dir, 'bogus.parquet');
    await writeFile(bogus, '440304199001011234,張三\n');
    const err = await buildMaskedTwin({ sourceParquet: bogus, outParquet: path.join(dir, 'b.parquet'), fields: peopleFields }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'TWIN_SOURCE_UNREADABLE' });
    expect(JSON.stringify(err)).not.toContain('440304');
  });
});

describe('the DuckDB a twin is built in', () => {
  it('opens the source and the output and nothing else, and its settings are locked', async () => {
    const db = await openTwinDuckDB({}, source, path.join(dir, 'x.parquet'));
    try {
      const rows = await db.connection.runAndReadAll(`SELECT count(*) FROM read_parquet('${source}')`);
      expect(Number(rows.getRows()[0]?.[0])).toBe(ROWS);
      await expect(db.connection.run(`SELECT * FROM read_csv('/etc/passwd')`)).rejects.toThrow();
      await expect(db.connection.run(`COPY (SELECT 1) TO '${path.join(dir, 'other.csv')}'`)).rejects.toThrow();
      await expect(db.connection.run(`SET enable_external_access = true`)).rejects.toThrow();
      await expect(db.connection.run(`INSTALL httpfs`)).rejects.toThrow();
      // a file next to the source stays closed too
      const neighbour = path.join(dir, 'neighbour.csv');
      await writeFile(neighbour, 'x\nneighbour-row\n');
      await expect(db.connection.run(`SELECT * FROM read_csv('${neighbour}')`)).rejects.toThrow(/Permission Error|disabled/);
      const settings = await db.connection.runAndReadAll(
        `SELECT name, value FROM duckdb_settings() WHERE name IN ('allowed_directories', 'enable_external_access', 'lock_configuration', 'temp_directory', 'preserve_insertion_order', 'enable_progress_bar')`,
      );
      expect(Object.fromEntries(settings.getRows().map(([k, v]) => [String(k), String(v)]))).toEqual({
        allowed_directories: '[]',
        enable_external_access: 'false',
        lock_configuration: 'true',
        temp_directory: '',
        preserve_insertion_order: 'true',
        enable_progress_bar: 'false',
      });
    } finally {
      db.close();
    }
  });
});

describe('the DuckDB expressions and core maskValue agree', () => {
  it('on edge cases: Unicode names, short values, odd e-mails and landlines, unreadable dates', async () => {
    const cases: [MaskingRule, (string | null)[]][] = [
      [{ technique: 'keep_surname' }, ['歐陽娜娜', '欧阳修', '張偉', '王', '𠀋家豪', '李𠀋', '阿沛·阿旺晉美', 'John Smith', '', null]],
      [{ technique: 'keep_ends', first: 6, last: 4 }, ['440304199001011234', '12345', '1234567890', '𠀋𠀋𠀋𠀋𠀋𠀋𠀋𠀋𠀋𠀋𠀋', '']],
      [{ technique: 'keep_ends', first: 2, last: 0 }, ['粵B12345', '粤BD12345', '使123456']],
      [{ technique: 'email_local', keep: 2 }, ['a@example.com', 'ab@example.com', 'zhang.wei@example.org', '@x.com', 'plain', 'é@例子.公司']],
      [{ technique: 'generalize', to: { kind: 'area_code' } }, ['0755-83001234', '010-62751234', '(0755) 8300 1234轉8', '+86 755 83001234', '075583001234', '12345']],
      [{ technique: 'generalize', to: { kind: 'address', level: 'district' } }, ['深圳市福田區園嶺街道八卦路88號', '广西壮族自治区南宁市青秀区民族大道12号', '八卦路88號']],
      [{ technique: 'generalize', to: { kind: 'address', level: 'street' } }, ['深圳市福田區園嶺街道八卦路88號', '广东省深圳市福田区深南大道1001号', '广东省东莞市南城街道鸿福路88号']],
      [{ technique: 'generalize', to: { kind: 'date', level: 'month' } }, ['1987-06-23', '19870623', 'unknown']],
      [{ technique: 'generalize', to: { kind: 'date', level: 'year' } }, ['1987-06-23']],
      [{ technique: 'generalize', to: { kind: 'age_band', width: 10, top: 85 } }, ['0', '37', '84', '85', '120', '-3', 'n/a']],
      [{ technique: 'generalize', to: { kind: 'numeric_range', width: 1000 } }, ['0', '999.99', '1000', '-0.5', '12345.6']],
      [{ technique: 'generalize', to: { kind: 'code_prefix', keep: 4 } }, ['440304', '44', '']],
      [{ technique: 'suppress' }, ['x']],
    ];
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      for (const [rule, values] of cases) {
        const list = values.map((v) => (v === null ? 'NULL' : `'${v.replaceAll("'", "''")}'`)).join(', ');
        const reader = await connection.runAndReadAll(`SELECT ${maskExpression('v', 'string', rule)} FROM (SELECT unnest([${list}]::VARCHAR[]) AS v)`);
        const got = reader.getRows().map((r) => r[0] ?? null);
        expect(got, JSON.stringify(rule)).toEqual(values.map((v) => maskValue(v, rule) ?? null));
      }
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});

describe('the synthetic twin of a version', () => {
  let twin: Record<string, unknown>[];
  const fields = peopleFields;

  beforeAll(async () => {
    const result = await buildSyntheticTwin({ sourceParquet: source, outParquet: path.join(dir, 'synthetic.parquet'), fields, seed: 42 });
    expect(result.rows).toBe(ROWS);
    twin = await readParquet(result.outParquet);
  });

  it('has as many rows as the source, and the source is untouched', async () => {
    expect(twin).toHaveLength(ROWS);
    expect(await sha256(source)).toBe(sourceHash);
  });

  it('contains no identifier of the source, and its identifiers are valid synthetic ones', () => {
    for (const column of IDENTIFIER_COLUMNS) {
      const real = new Set(people.map((p) => p[column]).filter((v) => v !== null));
      const leaked = twin.filter((r) => real.has(r[column] as string));
      expect(leaked, column).toHaveLength(0);
    }
    const realSeq = new Set(people.map((p) => String(p.seq)));
    expect(twin.filter((r) => realSeq.has(String(r.seq)))).toHaveLength(0);
    for (const r of twin) {
      expect(isResidentId(r.id_number as string)).toBe(true);
      expect(isPersonName(r.name as string)).toBe(true);
      if (r.mobile !== null) expect(isMobile(r.mobile as string)).toBe(true);
      expect(isEmail(r.email as string)).toBe(true);
      expect(isUscc(r.employer_uscc as string)).toBe(true);
      expect(isLandline(r.office_phone as string)).toBe(true);
      expect(isAddress(r.home as string)).toBe(true);
    }
    // the source writes addresses in simplified script: so does the twin
    expect(twin.every((r) => !(r.home as string).includes('區'))).toBe(true);
  });

  it("keeps each column's marginal distribution", () => {
    for (const c of CATEGORIES) {
      const src = people.filter((p) => p.category === c).length / ROWS;
      const syn = twin.filter((r) => r.category === c).length / ROWS;
      expect(Math.abs(src - syn), c).toBeLessThan(0.03);
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const srcAmount = mean(people.map((p) => Number(p.amount)));
    expect(Math.abs(mean(twin.map((r) => Number(r.amount))) - srcAmount) / srcAmount).toBeLessThan(0.05);
    const srcAge = mean(people.map((p) => p.age));
    expect(Math.abs(mean(twin.map((r) => Number(r.age))) - srcAge)).toBeLessThan(1.5);
    // sampled values come from the column's own values
    const amounts = new Set(people.map((p) => Number(p.amount)));
    expect(twin.every((r) => amounts.has(Number(r.amount)))).toBe(true);
    const srcNulls = people.filter((p) => p.mobile === null).length / ROWS;
    expect(Math.abs(twin.filter((r) => r.mobile === null).length / ROWS - srcNulls)).toBeLessThan(0.02);
  });

  it('breaks the rows apart: a twin row is not a source row', () => {
    const pairs = new Set(people.map((p) => `${p.birth_date}|${p.amount}`));
    const same = twin.filter((r) => pairs.has(`${r.birth_date}|${Number(r.amount).toFixed(2)}`)).length;
    expect(same).toBeLessThan(10);
  });

  it('is the same for the same seed, different for another, and any length asked for', async () => {
    const again = await buildSyntheticTwin({ sourceParquet: source, outParquet: path.join(dir, 'synthetic-2.parquet'), fields, seed: 42 });
    expect(await readParquet(again.outParquet)).toEqual(twin);
    const other = await buildSyntheticTwin({ sourceParquet: source, outParquet: path.join(dir, 'synthetic-3.parquet'), fields, seed: 43 });
    const otherRows = await readParquet(other.outParquet);
    expect(otherRows.filter((r, i) => r.id_number === twin[i]?.id_number).length).toBe(0);
    const longer = await buildSyntheticTwin({ sourceParquet: source, outParquet: path.join(dir, 'synthetic-4.parquet'), fields, seed: 42, rows: 5000 });
    expect(longer.rows).toBe(5000);
    expect(await sha256(source)).toBe(sourceHash);
  });
});

describe('fresh identifiers', () => {
  it('are drawn again when the source may hold them, and depend only on seed, column and row', async () => {
    const { BloomFilter } = await import('./bloom.ts');
    const { createRowRng } = await import('./row-rng.ts');
    const { generateIdentifier, identifierMaker } = await import('./synthetic-identifiers.ts');
    const make = identifierMaker('resident_id', 'string', 'simplified')!;
    const rng = createRowRng();
    const empty = new BloomFilter(10);
    const first = generateIdentifier(make, empty, rng, 42, 1, 7);
    expect(generateIdentifier(make, empty, createRowRng(), 42, 1, 7)).toBe(first);
    expect(generateIdentifier(make, empty, rng, 42, 1, 8)).not.toBe(first);
    const holding = new BloomFilter(10);
    holding.add(first!);
    expect(holding.has(first!)).toBe(true);
    const redrawn = generateIdentifier(make, holding, rng, 42, 1, 7);
    expect(redrawn).not.toBe(first);
    expect(isResidentId(redrawn!)).toBe(true);
  });
});
