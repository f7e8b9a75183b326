import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectWatermark, watermarkCsv, watermarkParquet } from './index.ts';

const KEY = 'platform-watermark-secret-0123456789';
const CARRIERS = [
  { name: 'population', decimals: 0 },
  { name: 'income', decimals: 2 },
];

let dir: string;
const file = (name: string) => path.join(dir, name);
const candidates = Array.from({ length: 1000 }, () => randomUUID());
const A = candidates[123]!;
const B = candidates[777]!;

function rows(n = 500): string[][] {
  let s = 11;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  return Array.from({ length: n }, (_, i) => [`福田區-街道${i % 37}`, `類別 "${String.fromCharCode(65 + (i % 11))}", ${i}`, String(Math.floor(rnd() * 90_000) + 100), (rnd() * 100_000).toFixed(2)]);
}
const HEADER = ['district', 'category', 'population', 'income'];
const csvField = (c: string) => (/[",\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c);
const toCsv = (header: string[], body: string[][]) => [header, ...body].map((r) => r.map(csvField).join(',')).join('\n') + '\n';

async function sql(query: string): Promise<unknown[][]> {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  try {
    return (await c.runAndReadAll(query)).getRows() as unknown[][];
  } finally {
    c.closeSync();
    db.closeSync();
  }
}

/** Shuffles the rows of a file and keeps 70% of them, with DuckDB (as a recipient might). */
async function shuffleAndDrop(input: string, out: string, format: 'csv' | 'parquet'): Promise<void> {
  const src = format === 'csv' ? `read_csv('${input}', header = true, all_varchar = true)` : `read_parquet('${input}')`;
  await sql(`SELECT setseed(0.42); COPY (SELECT * FROM ${src} USING SAMPLE 70 PERCENT (bernoulli, 7) ORDER BY random()) TO '${out}' (FORMAT ${format}${format === 'csv' ? ', HEADER true' : ''})`);
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'shuyun-watermark-'));
  writeFileSync(file('result.csv'), toCsv(HEADER, rows()));
  await sql(
    `COPY (SELECT district, category, CAST(population AS INTEGER) AS population, CAST(income AS DECIMAL(12,2)) AS income, CAST(income AS DOUBLE) AS income_d
       FROM read_csv('${file('result.csv')}', header = true, all_varchar = true)) TO '${file('result.parquet')}' (FORMAT parquet)`,
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('watermarked CSV', () => {
  it('names its recipient among 1,000 candidates, also shuffled with 30% of rows gone; never another', async () => {
    const out = file('a.csv');
    const written = await watermarkCsv(file('result.csv'), out, { recipientId: A, key: KEY, numericColumns: CARRIERS });
    expect(written).toMatchObject({ format: 'csv', channel: 'numeric', rows: 500 });
    expect(written.sha256).toMatch(/^[0-9a-f]{64}$/);

    const found = await detectWatermark(out, { key: KEY, candidates });
    expect(found).toMatchObject({ found: true, recipientId: A, method: 'candidates', format: 'csv', rows: 500 });
    expect(found.confidence).toBeGreaterThan(0.999999);
    expect(await detectWatermark(out, { key: KEY })).toMatchObject({ found: true, recipientId: A, method: 'decoded' });

    await shuffleAndDrop(out, file('a-damaged.csv'), 'csv');
    const damaged = await detectWatermark(file('a-damaged.csv'), { key: KEY, candidates });
    expect(damaged.rows).toBeLessThan(400);
    expect(damaged).toMatchObject({ found: true, recipientId: A });

    expect((await detectWatermark(out, { key: KEY, candidates: candidates.filter((c) => c !== A) })).found).toBe(false);
    const forB = await watermarkCsv(file('result.csv'), file('b.csv'), { recipientId: B, key: KEY, numericColumns: CARRIERS });
    expect(forB.sha256).not.toBe(written.sha256);
    expect(await detectWatermark(file('b.csv'), { key: KEY, candidates })).toMatchObject({ found: true, recipientId: B });
  });

  it('moves values by at most one unit in the last declared place and keeps the text intact', async () => {
    await watermarkCsv(file('result.csv'), file('c.csv'), { recipientId: A, key: KEY, numericColumns: CARRIERS });
    const before = await sql(`SELECT * FROM read_csv('${file('result.csv')}', header = true, all_varchar = true)`);
    const after = await sql(`SELECT * FROM read_csv('${file('c.csv')}', header = true, all_varchar = true)`);
    expect(after.length).toBe(before.length);
    let moved = 0;
    after.forEach((row, i) => {
      const src = before[i]!;
      expect(row.slice(0, 2)).toEqual(src.slice(0, 2));
      expect(Math.abs(Number(row[2]) - Number(src[2]))).toBeLessThanOrEqual(1);
      expect(Math.abs(Math.round(Number(row[3]) * 100) - Math.round(Number(src[3]) * 100))).toBeLessThanOrEqual(1);
      if (row[2] !== src[2] || row[3] !== src[3]) moved++;
    });
    expect(moved).toBeGreaterThan(0);
  });

  it('reports none for an unmarked file', async () => {
    expect(await detectWatermark(file('result.csv'), { key: KEY, candidates })).toMatchObject({ found: false, recipientId: null, method: 'none' });
    expect((await detectWatermark(file('result.csv'), { key: KEY })).found).toBe(false);
  });

  it('writes rows held in memory', async () => {
    const written = await watermarkCsv({ columns: HEADER, rows: rows() }, file('mem.csv'), { recipientId: B, key: KEY, numericColumns: CARRIERS });
    expect(written.rows).toBe(500);
    expect(readFileSync(file('mem.csv'), 'utf8').split('\n')[0]).toBe('district,category,population,income');
    expect(await detectWatermark(file('mem.csv'), { key: KEY, candidates })).toMatchObject({ found: true, recipientId: B });
  });

  it('uses the row order when there is no numeric column', async () => {
    writeFileSync(file('text.csv'), toCsv(['district', 'category'], rows().map((r) => r.slice(0, 2))));
    const written = await watermarkCsv(file('text.csv'), file('text-a.csv'), { recipientId: A, key: KEY, numericColumns: [] });
    expect(written.channel).toBe('row-order');
    const d = await detectWatermark(file('text-a.csv'), { key: KEY, candidates });
    expect(d).toMatchObject({ found: true, recipientId: A, channel: 'row-order' });
    expect((await detectWatermark(file('text.csv'), { key: KEY, candidates })).found).toBe(false);
  });
});

describe('watermarked Parquet', () => {
  const carriers = [...CARRIERS, { name: 'income_d', decimals: 2 }];

  it('keeps the column types, names its recipient, survives shuffling and deletion, and carries a sealed trailer', async () => {
    const out = file('a.parquet');
    const written = await watermarkParquet(file('result.parquet'), out, { recipientId: A, key: KEY, numericColumns: carriers });
    expect(written).toMatchObject({ format: 'parquet', channel: 'numeric', rows: 500 });
    const types = await sql(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('${out}'))`);
    expect(types).toEqual([
      ['district', 'VARCHAR'],
      ['category', 'VARCHAR'],
      ['population', 'INTEGER'],
      ['income', 'DECIMAL(12,2)'],
      ['income_d', 'DOUBLE'],
    ]);
    const deltas = await sql(
      `SELECT max(abs(a.population - s.population)), max(abs(a.income - s.income)), max(abs(a.income_d - s.income_d))
         FROM read_parquet('${out}') a POSITIONAL JOIN read_parquet('${file('result.parquet')}') s`,
    );
    expect(Number(deltas[0]![0])).toBeLessThanOrEqual(1);
    expect(Number(deltas[0]![1])).toBeLessThanOrEqual(0.01);
    expect(Number(deltas[0]![2])).toBeLessThanOrEqual(0.0100001);

    const found = await detectWatermark(out, { key: KEY, candidates });
    expect(found).toMatchObject({ found: true, recipientId: A, format: 'parquet', sealedRecipientId: A });
    expect(found.columns.map((c) => c.name).sort()).toEqual(['income', 'income_d', 'population']);

    await shuffleAndDrop(out, file('a-damaged.parquet'), 'parquet');
    const damaged = await detectWatermark(file('a-damaged.parquet'), { key: KEY, candidates });
    expect(damaged).toMatchObject({ found: true, recipientId: A, sealedRecipientId: null });

    expect((await detectWatermark(out, { key: KEY, candidates: [B] })).found).toBe(false);
    expect(await detectWatermark(file('result.parquet'), { key: KEY, candidates })).toMatchObject({ found: false, sealedRecipientId: null });
  });

  it('exports a Parquet result as a watermarked CSV', async () => {
    await watermarkCsv(file('result.parquet'), file('from-parquet.csv'), { recipientId: B, key: KEY, numericColumns: carriers });
    expect(await detectWatermark(file('from-parquet.csv'), { key: KEY, candidates })).toMatchObject({ found: true, recipientId: B });
  });

  it('refuses a precision the column type cannot hold', async () => {
    await expect(watermarkParquet(file('result.parquet'), file('bad.parquet'), { recipientId: A, key: KEY, numericColumns: [{ name: 'population', decimals: 1 }] })).rejects.toThrow(
      'WATERMARK_COLUMN_INVALID',
    );
  });
});
