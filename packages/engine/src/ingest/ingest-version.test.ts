import { DuckDBInstance } from '@duckdb/node-api';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DETECTION_BYTES, detectEncoding } from './encoding.ts';
import { IngestError } from './ingest-error.ts';
import { ingestVersion } from './ingest-version.ts';
import { encodeGbk, enterpriseFields, filesUnder, GBK, parquetTypes, readParquet, tempDataDir, writeParquet } from './test-fixtures.ts';
import type { DeclaredField, IngestProgress } from './types.ts';

let data: Awaited<ReturnType<typeof tempDataDir>>;
beforeEach(async () => {
  data = await tempDataDir();
});
afterEach(async () => {
  await data.remove();
});

const target = (fields: DeclaredField[] = enterpriseFields, version = 1) => ({ datasetsDir: data.datasetsDir, resourceCode: 'MS-ENT-001', version, fields });

async function csvFile(name: string, content: string | Buffer): Promise<string> {
  const file = path.join(data.dir, name);
  await writeFile(file, content);
  return file;
}

async function refusal(promise: Promise<unknown>): Promise<IngestError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(IngestError);
  return err as IngestError;
}

const ENTERPRISES = [
  'id,name,capital,registered,active,updated_at',
  '1,深圳市福田区甲公司,1000000.50,2019-03-01,true,2024-05-01 08:30:00',
  '2,"乙有限公司, 福田分公司",,2020-07-15,false,',
  '3,丙工作室,250.125,,true,2024-05-03T10:00:00',
  '',
].join('\n');

describe('a source department ingests a version', () => {
  it('a UTF-8 CSV with the declared fields is stored as Parquet, with row and null counts, and reads back the same', async () => {
    const progress: IngestProgress[] = [];
    const result = await ingestVersion({ kind: 'file', path: await csvFile('ent.csv', ENTERPRISES), format: 'csv' }, target(), {
      onProgress: (p) => progress.push(p),
      distinct: true,
    });

    expect(result.parquetPath).toBe(path.join(data.datasetsDir, 'MS-ENT-001', 'v1.parquet'));
    expect(result.rows).toBe(3);
    expect(result.encoding).toBe('utf-8');
    expect(result.columns.map((c) => [c.name, c.type, c.nulls])).toEqual([
      ['id', 'integer', 0],
      ['name', 'string', 0],
      ['capital', 'decimal', 1],
      ['registered', 'date', 1],
      ['active', 'boolean', 0],
      ['updated_at', 'timestamp', 1],
    ]);
    expect(result.columns.map((c) => c.distinct)).toEqual([3, 3, 2, 2, 2, 2]);

    expect(await readParquet(result.parquetPath)).toEqual([
      { id: '1', name: '深圳市福田区甲公司', capital: '1000000.500000', registered: '2019-03-01', active: true, updated_at: '2024-05-01 08:30:00' },
      { id: '2', name: '乙有限公司, 福田分公司', capital: null, registered: '2020-07-15', active: false, updated_at: null },
      { id: '3', name: '丙工作室', capital: '250.125000', registered: null, active: true, updated_at: '2024-05-03 10:00:00' },
    ]);
    expect(await parquetTypes(result.parquetPath)).toEqual({
      id: 'BIGINT',
      name: 'VARCHAR',
      capital: 'DECIMAL(18,6)',
      registered: 'DATE',
      active: 'BOOLEAN',
      updated_at: 'TIMESTAMP',
    });
    // nothing but the version itself is left in the data directory
    expect(await filesUnder(data.datasetsDir)).toEqual(['MS-ENT-001/v1.parquet']);
    expect(progress.at(-1)).toMatchObject({ phase: 'stored', rows: 3 });
  });

  it('columns may come in any order and with another delimiter; they are stored in the declared order', async () => {
    const text = ['active;id;updated_at;name;registered;capital', 'true;7;2024-01-01 00:00:00;甲;2024-01-01;1.5', ''].join('\r\n');
    const result = await ingestVersion({ kind: 'file', path: await csvFile('semi.csv', text), format: 'csv' }, target());
    expect(await readParquet(result.parquetPath)).toEqual([
      { id: '7', name: '甲', capital: '1.500000', registered: '2024-01-01', active: true, updated_at: '2024-01-01 00:00:00' },
    ]);
  });

  it('the hashes are SHA-256 (as sha256sum computes it) and SM3 of the stored Parquet file', async () => {
    const result = await ingestVersion({ kind: 'file', path: await csvFile('ent.csv', ENTERPRISES), format: 'csv' }, target());
    const bytes = await readFile(result.parquetPath);
    expect(result.bytes).toBe(bytes.length);
    expect(result.sm3).toBe(createHash('sm3').update(bytes).digest('hex'));
    expect(result.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    let sha256sum: string | undefined;
    try {
      sha256sum = execFileSync('sha256sum', [result.parquetPath], { encoding: 'utf8' }).split(' ')[0];
    } catch {
      sha256sum = undefined; // no coreutils here: node:crypto above is the check
    }
    if (sha256sum !== undefined) expect(result.sha256).toBe(sha256sum);
    expect(result.sm3).toMatch(/^[0-9a-f]{64}$/);
  });

  it('an existing version is never overwritten', async () => {
    const first = await ingestVersion({ kind: 'file', path: await csvFile('ent.csv', ENTERPRISES), format: 'csv' }, target());
    const before = await readFile(first.parquetPath);
    const other = await csvFile('other.csv', 'id,name,capital,registered,active,updated_at\n9,别的,1,2020-01-01,true,\n');
    const err = await refusal(ingestVersion({ kind: 'file', path: other, format: 'csv' }, target()));
    expect(err.code).toBe('VERSION_EXISTS');
    expect(await readFile(first.parquetPath)).toEqual(before);
    expect(await filesUnder(data.datasetsDir)).toEqual(['MS-ENT-001/v1.parquet']);
    // the next version number is fine
    const second = await ingestVersion({ kind: 'file', path: other, format: 'csv' }, target(enterpriseFields, 2));
    expect(second.rows).toBe(1);
  });
});

describe('Chinese encodings', () => {
  const fields: DeclaredField[] = [
    { name: '姓名', type: 'string' },
    { name: '街道', type: 'string' },
    { name: 'n', type: 'integer' },
  ];
  const text = '姓名,街道,n\n张三,福田区街道,1\n李四,中文,2\n王五,"福田,区",3\n';

  it('the tiny GBK table of the tests agrees with the platform decoder', () => {
    const decoder = new TextDecoder('gbk');
    for (const [ch, bytes] of Object.entries(GBK)) expect(decoder.decode(Uint8Array.from(bytes))).toBe(ch);
  });

  it('a GBK-encoded CSV is detected and ingests with correct Chinese text', async () => {
    const file = await csvFile('gbk.csv', encodeGbk(text));
    const result = await ingestVersion({ kind: 'file', path: file, format: 'csv' }, target(fields));
    expect(result.encoding).toBe('gb18030');
    expect(await readParquet(result.parquetPath)).toEqual([
      { 姓名: '张三', 街道: '福田区街道', n: '1' },
      { 姓名: '李四', 街道: '中文', n: '2' },
      { 姓名: '王五', 街道: '福田,区', n: '3' },
    ]);
    expect(await filesUnder(data.datasetsDir)).toEqual(['MS-ENT-001/v1.parquet']);
  });

  it('a declared GBK encoding is used as declared', async () => {
    const file = await csvFile('gbk.csv', encodeGbk(text));
    const result = await ingestVersion({ kind: 'file', path: file, format: 'csv', encoding: 'gbk' }, target(fields));
    expect(result.encoding).toBe('gbk');
    expect((await readParquet(result.parquetPath))[0]).toEqual({ 姓名: '张三', 街道: '福田区街道', n: '1' });
  });

  it('a file that is plain ASCII for its first megabytes and GBK later is decoded as GB18030', async () => {
    const asciiFields: DeclaredField[] = [
      { name: 'name', type: 'string' },
      { name: 'street', type: 'string' },
      { name: 'n', type: 'integer' },
    ];
    const ascii = 'a'.repeat(60);
    const lines = ['name,street,n'];
    for (let i = 0; i < 80_000; i++) lines.push(`${ascii},x,${i}`);
    const head = Buffer.from(`${lines.join('\n')}\n`, 'utf8');
    expect(head.length).toBeGreaterThan(DETECTION_BYTES);
    const file = await csvFile('late-gbk.csv', Buffer.concat([head, encodeGbk('张三,福田,80000\n')]));
    const result = await ingestVersion({ kind: 'file', path: file, format: 'csv' }, target(asciiFields));
    expect(result.encoding).toBe('gb18030');
    expect(result.rows).toBe(80_001);
    expect((await readParquet(result.parquetPath)).at(-1)).toEqual({ name: '张三', street: '福田', n: '80000' });
  });

  it('a GBK text declared as UTF-8 is refused with the line of the first bad bytes', async () => {
    const err = await refusal(ingestVersion({ kind: 'file', path: await csvFile('gbk.csv', encodeGbk(text)), format: 'csv', encoding: 'utf-8' }, target(fields)));
    expect(err.code).toBe('ENCODING');
    expect(err.problems).toEqual([{ kind: 'invalid_encoding', line: 1, reason: 'bytes that are not valid UTF-8' }]);
    const asciiHeader = Buffer.concat([Buffer.from('姓名,街道,n\n1,a,1\n'), encodeGbk('张三,福田,2\n')]);
    const err2 = await refusal(ingestVersion({ kind: 'file', path: await csvFile('mixed.csv', asciiHeader), format: 'csv', encoding: 'utf-8' }, target(fields)));
    expect(err2.code).toBe('ENCODING');
    expect(err2.problems).toEqual([{ kind: 'invalid_encoding', line: 3, reason: 'bytes that are not valid UTF-8' }]);
    expect(await filesUnder(data.datasetsDir)).toEqual([]);
  });

  it('a UTF-16 text with a byte-order mark (a spreadsheet export) is decoded', async () => {
    const file = await csvFile('u16.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const result = await ingestVersion({ kind: 'file', path: file, format: 'csv' }, target(fields));
    expect(result.encoding).toBe('utf-16le');
    expect((await readParquet(result.parquetPath))[2]).toEqual({ 姓名: '王五', 街道: '福田,区', n: '3' });
  });

  it('detection: a byte-order mark decides, valid UTF-8 is UTF-8 (even cut mid-character), anything else GB18030', () => {
    expect(detectEncoding(Buffer.from([0xef, 0xbb, 0xbf, 0x41]), true)).toBe('utf-8');
    expect(detectEncoding(Buffer.from('姓名,街道', 'utf8'), true)).toBe('utf-8');
    expect(detectEncoding(Buffer.from('姓名,街道', 'utf8').subarray(0, 4), false)).toBe('utf-8');
    expect(detectEncoding(encodeGbk('姓名,街道'), true)).toBe('gb18030');
  });
});

describe('a version that does not match its declared fields is refused, and nothing is stored', () => {
  it('a ragged CSV is refused with the line numbers of its rows with too many and too few fields', async () => {
    const text = [
      'id,name,capital,registered,active,updated_at',
      '1,甲,1,2020-01-01,true,',
      '2,"多行',
      '名称",2,2020-01-01,true,',
      '3,乙,3,2020-01-01,true,,extra',
      '4,丙,4',
      '5,丁,5,2020-01-01,false,',
      '',
    ].join('\n');
    const err = await refusal(ingestVersion({ kind: 'file', path: await csvFile('ragged.csv', text), format: 'csv' }, target()));
    expect(err.code).toBe('MALFORMED_ROWS');
    expect(err.problems).toEqual([
      { kind: 'too_many_fields', line: 5, reason: 'more fields than the 6 of the header' },
      { kind: 'too_few_fields', line: 6, reason: 'fewer fields than the 6 of the header' },
    ]);
    expect(err.message).toContain('line 5');
    expect(await filesUnder(data.datasetsDir)).toEqual([]);
  });

  it('a type mismatch names the column and the line, and never the value', async () => {
    const text = [
      'id,name,capital,registered,active,updated_at',
      '1,"甲\n乙",1,2020-01-01,true,',
      '2,丙,一百万,2020-01-01,true,',
      '3,丁,3,2020-02-30,true,',
      '4.5,戊,4,2020-01-01,true,',
      '5,己,5,2020-01-01,maybe,',
      '',
    ].join('\n');
    const err = await refusal(ingestVersion({ kind: 'file', path: await csvFile('types.csv', text), format: 'csv' }, target()));
    expect(err.code).toBe('MALFORMED_ROWS');
    expect(err.problems.map((p) => [p.kind, p.line, p.column])).toEqual([
      ['type_mismatch', 4, 'capital'],
      ['type_mismatch', 5, 'registered'],
      ['type_mismatch', 6, 'id'],
      ['type_mismatch', 7, 'active'],
    ]);
    expect(err.problems.find((p) => p.column === 'capital')!.reason).toBe('not a valid decimal (scale 6)');
    const shown = JSON.stringify(err.problems) + err.message;
    for (const value of ['一百万', '2020-02-30', '4.5', 'maybe']) expect(shown).not.toContain(value);
    expect(await filesUnder(data.datasetsDir)).toEqual([]);
  });

  it('an integer column refuses fractions that DuckDB alone would round, with the line', async () => {
    const text = ['id,name,capital,registered,active,updated_at', ...Array.from({ length: 20 }, (_, i) => `${i === 13 ? '1.5' : i},n${i},1,2020-01-01,true,`), ''].join('\n');
    const err = await refusal(ingestVersion({ kind: 'file', path: await csvFile('frac.csv', text), format: 'csv' }, target()));
    expect(err.problems).toEqual([{ kind: 'type_mismatch', line: 15, column: 'id', reason: expect.stringContaining('not a valid integer') }]);
    expect(err.groups).toEqual([{ kind: 'type_mismatch', column: 'id', count: 1 }]);
  });

  it('integers written with an exponent or a sign are read; a quoted fraction is still refused', async () => {
    const ok = ['id,name,capital,registered,active,updated_at', '1e3,a,1,,,', '+7,b,1,,,', ' 12 ,c,1,,,', ''].join('\n');
    const result = await ingestVersion({ kind: 'file', path: await csvFile('ints.csv', ok), format: 'csv' }, target());
    expect((await readParquet(result.parquetPath)).map((r) => r.id)).toEqual(['1000', '7', '12']);
    const bad = ['id,name,capital,registered,active,updated_at', '1,a,1,,,', '"2.0",b,1,,,', 'x,c,1,,,', '99999999999999999999,d,1,,,', '3,e,1,,,', ''].join('\n');
    const err = await refusal(ingestVersion({ kind: 'file', path: await csvFile('bad-ints.csv', bad), format: 'csv' }, target(enterpriseFields, 2)));
    expect(err.problems.map((p) => [p.kind, p.line, p.column])).toEqual([
      ['type_mismatch', 3, 'id'],
      ['type_mismatch', 4, 'id'],
      ['type_mismatch', 5, 'id'],
    ]);
    expect(err.groups).toEqual([{ kind: 'type_mismatch', column: 'id', count: 3 }]);
  });

  it('a CSV without a header line is refused without repeating its first line', async () => {
    const text = '440301199001011234,张三,1,2020-01-01,true,\n';
    const err = await refusal(ingestVersion({ kind: 'file', path: await csvFile('headless.csv', text), format: 'csv' }, target()));
    expect(err.code).toBe('FIELDS_MISMATCH');
    expect(err.problems.at(-1)).toMatchObject({ kind: 'unexpected_column', line: 1 });
    expect(JSON.stringify(err.problems) + err.message).not.toMatch(/440301|张三/);
  });

  it('a required field left empty is refused with its lines and the count', async () => {
    const text = ['id,name,capital,registered,active,updated_at', '1,,1,,,', '2,乙,,,,', '3,"",,,,', ''].join('\n');
    const err = await refusal(ingestVersion({ kind: 'file', path: await csvFile('nulls.csv', text), format: 'csv' }, target()));
    expect(err.code).toBe('MALFORMED_ROWS');
    expect(err.problems.map((p) => [p.kind, p.line, p.column])).toEqual([
      ['null_in_required_field', 2, 'name'],
      ['null_in_required_field', 4, 'name'],
    ]);
    expect(err.groups).toEqual([{ kind: 'null_in_required_field', column: 'name', count: 2 }]);
  });

  it('missing and extra columns are listed by name', async () => {
    const text = 'id,Name,capital,registered,active,district\n1,甲,1,2020-01-01,true,福田\n';
    const err = await refusal(ingestVersion({ kind: 'file', path: await csvFile('cols.csv', text), format: 'csv' }, target()));
    expect(err.code).toBe('FIELDS_MISMATCH');
    expect(err.problems.map((p) => [p.kind, p.column])).toEqual([
      ['missing_column', 'name'],
      ['missing_column', 'updated_at'],
      ['unexpected_column', 'Name'],
      ['unexpected_column', 'district'],
    ]);
    expect(err.problems[0]!.reason).toContain('differs in letter case');
    expect(await filesUnder(data.datasetsDir)).toEqual([]);
  });

  it('a missing source file is SOURCE_UNREADABLE', async () => {
    const err = await refusal(ingestVersion({ kind: 'file', path: path.join(data.dir, 'nope.csv'), format: 'csv' }, target()));
    expect(err.code).toBe('SOURCE_UNREADABLE');
  });
});

describe('JSON lines and Parquet go through the same checks', () => {
  it('a JSON-lines source ingests', async () => {
    const lines = [
      { id: 1, name: '甲', capital: 12.5, registered: '2021-02-03', active: true, updated_at: '2024-01-01 09:00:00' },
      { id: '2', name: '乙', capital: '7', registered: null, active: 'false' },
      {},
    ];
    const text = `${JSON.stringify(lines[0])}\n\n${JSON.stringify(lines[1])}\n`;
    const result = await ingestVersion({ kind: 'file', path: await csvFile('ent.jsonl', text), format: 'jsonl' }, target());
    expect(result.rows).toBe(2);
    expect(await readParquet(result.parquetPath)).toEqual([
      { id: '1', name: '甲', capital: '12.500000', registered: '2021-02-03', active: true, updated_at: '2024-01-01 09:00:00' },
      { id: '2', name: '乙', capital: '7.000000', registered: null, active: false, updated_at: null },
    ]);
  });

  it('a JSON-lines source with problems is refused with line numbers', async () => {
    const ok = { id: 1, name: '甲', capital: 1, registered: '2021-02-03', active: true, updated_at: null };
    const text = [
      JSON.stringify(ok),
      '',
      JSON.stringify({ ...ok, id: 2, registered: '2021-02-30' }), // line 3: DuckDB rejects the date
      JSON.stringify({ ...ok, id: 3.5 }), // line 4: a fraction in an integer
      '{"id": 4,', // line 5: not JSON
      JSON.stringify({ ...ok, id: 5, name: null }), // line 6: required
      '',
    ].join('\n');
    const err = await refusal(ingestVersion({ kind: 'file', path: await csvFile('bad.jsonl', text), format: 'jsonl' }, target()));
    expect(err.code).toBe('MALFORMED_ROWS');
    expect(err.problems.map((p) => [p.kind, p.line, p.column])).toEqual([
      ['type_mismatch', 4, 'id'],
      ['invalid_json', 5, undefined],
      ['null_in_required_field', 6, 'name'],
    ]);
    // once the line-level checks pass, DuckDB's casts are checked and mapped back to JSON lines
    const onlyDate = [JSON.stringify(ok), '', '', JSON.stringify({ ...ok, id: 2, registered: '2021-02-30' }), ''].join('\n');
    const err2 = await refusal(ingestVersion({ kind: 'file', path: await csvFile('date.jsonl', onlyDate), format: 'jsonl' }, target()));
    expect(err2.problems.map((p) => [p.kind, p.line, p.column])).toEqual([['type_mismatch', 4, 'registered']]);
  });

  it('a GBK-encoded JSON-lines file is detected', async () => {
    const text = encodeGbk(`${JSON.stringify({ 姓名: '张三', 街道: '福田区街道' })}\n${JSON.stringify({ 姓名: '李四', 街道: null })}\n`);
    const fields: DeclaredField[] = [
      { name: '姓名', type: 'string' },
      { name: '街道', type: 'string' },
    ];
    const result = await ingestVersion({ kind: 'file', path: await csvFile('gbk.jsonl', text), format: 'jsonl' }, target(fields));
    expect(result.encoding).toBe('gb18030');
    expect(await readParquet(result.parquetPath)).toEqual([
      { 姓名: '张三', 街道: '福田区街道' },
      { 姓名: '李四', 街道: null },
    ]);
  });

  it('a JSON line with a key that is not declared is a fields mismatch', async () => {
    const text = `${JSON.stringify({ id: 1, name: '甲', capital: 1, registered: null, active: true, updated_at: null, district: '福田' })}\n`;
    const err = await refusal(ingestVersion({ kind: 'file', path: await csvFile('extra.jsonl', text), format: 'jsonl' }, target()));
    expect(err.code).toBe('FIELDS_MISMATCH');
    expect(err.problems).toEqual([{ kind: 'unexpected_column', line: 1, column: 'district', reason: 'key "district" is not a declared field' }]);
  });

  it('a Parquet source is rewritten with the declared names, order and types', async () => {
    const src = path.join(data.dir, 'src.parquet');
    await writeParquet(
      src,
      `SELECT 'x' || i AS name, i::INTEGER AS id, (i * 1.25)::DOUBLE AS capital, '2024-01-0' || i AS registered,
              i % 2 = 0 AS active, TIMESTAMP '2024-01-01 00:00:00' + INTERVAL (i) HOUR AS updated_at
       FROM range(1, 4) t(i)`,
    );
    const result = await ingestVersion({ kind: 'file', path: src, format: 'parquet' }, target());
    expect(result.encoding).toBe('binary');
    expect(await parquetTypes(result.parquetPath)).toMatchObject({ id: 'BIGINT', capital: 'DECIMAL(18,6)', registered: 'DATE' });
    expect(await readParquet(result.parquetPath)).toEqual([
      { id: '1', name: 'x1', capital: '1.250000', registered: '2024-01-01', active: false, updated_at: '2024-01-01 01:00:00' },
      { id: '2', name: 'x2', capital: '2.500000', registered: '2024-01-02', active: true, updated_at: '2024-01-01 02:00:00' },
      { id: '3', name: 'x3', capital: '3.750000', registered: '2024-01-03', active: false, updated_at: '2024-01-01 03:00:00' },
    ]);
  });

  it('a Parquet source with values that do not convert is refused with row numbers', async () => {
    const src = path.join(data.dir, 'bad.parquet');
    await writeParquet(
      src,
      `SELECT i AS id, CASE WHEN i = 3 THEN NULL ELSE 'n' END AS name, CASE WHEN i = 2 THEN 'abc' ELSE '1.5' END AS capital,
              NULL::DATE AS registered, true AS active, NULL::TIMESTAMP AS updated_at FROM range(1, 5) t(i)`,
    );
    const err = await refusal(ingestVersion({ kind: 'file', path: src, format: 'parquet' }, target()));
    expect(err.problems).toEqual([{ kind: 'type_mismatch', row: 2, column: 'capital', reason: 'a VARCHAR value that is not a valid decimal (scale 6)' }]);
    const nulls = path.join(data.dir, 'nulls.parquet');
    await writeParquet(nulls, `SELECT i AS id, CASE WHEN i = 3 THEN NULL ELSE 'n' END AS name, 1 AS capital, NULL::DATE AS registered, true AS active, NULL::TIMESTAMP AS updated_at FROM range(1, 5) t(i)`);
    const err2 = await refusal(ingestVersion({ kind: 'file', path: nulls, format: 'parquet' }, target()));
    expect(err2.problems).toEqual([{ kind: 'null_in_required_field', row: 3, column: 'name', reason: 'field "name" is required (not nullable) and has no value' }]);
    const blob = path.join(data.dir, 'blob.parquet');
    await writeParquet(blob, `SELECT 1 AS id, 'x'::BLOB AS name, 1 AS capital, NULL::DATE AS registered, true AS active, NULL::TIMESTAMP AS updated_at`);
    const err3 = await refusal(ingestVersion({ kind: 'file', path: blob, format: 'parquet' }, target()));
    expect(err3.code).toBe('FIELDS_MISMATCH');
    expect(await filesUnder(data.datasetsDir)).toEqual([]);
  });
});

describe('an HTTP upload body streams in', () => {
  function chunked(bytes: Buffer, size: number): Readable {
    const parts: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += size) parts.push(bytes.subarray(i, i + size));
    return Readable.from(parts);
  }

  it('a GBK upload cut into chunks mid-character is decoded and ingested, with progress as bytes arrive', async () => {
    const fields: DeclaredField[] = [
      { name: '姓名', type: 'string' },
      { name: 'n', type: 'integer' },
    ];
    const lines = ['姓名,n'];
    for (let i = 0; i < 2000; i++) lines.push(`${['张三', '李四', '王五'][i % 3]},${i}`);
    const body = encodeGbk(`${lines.join('\n')}\n`);
    const progress: IngestProgress[] = [];
    const result = await ingestVersion({ kind: 'stream', stream: chunked(body, 7), format: 'csv', totalBytes: body.length }, target(fields), {
      onProgress: (p) => progress.push(p),
    });
    expect(result.encoding).toBe('gb18030');
    expect(result.rows).toBe(2000);
    const rows = await readParquet(result.parquetPath);
    expect(rows[1999]).toEqual({ 姓名: '李四', n: '1999' });
    const reading = progress.filter((p) => p.phase === 'reading');
    expect(reading.length).toBeGreaterThan(100);
    expect(reading.at(-1)).toEqual({ phase: 'reading', bytes: body.length, totalBytes: body.length });
  });

  it('a Parquet upload and a JSON-lines upload ingest', async () => {
    const src = path.join(data.dir, 'up.parquet');
    await writeParquet(src, `SELECT i AS id, 'n' || i AS name, NULL::DOUBLE AS capital, NULL::DATE AS registered, NULL::BOOLEAN AS active, NULL::TIMESTAMP AS updated_at FROM range(5) t(i)`);
    const r1 = await ingestVersion({ kind: 'stream', stream: chunked(await readFile(src), 100), format: 'parquet' }, target());
    expect(r1.rows).toBe(5);
    const jsonl = Buffer.from(`${JSON.stringify({ id: 1, name: '甲' })}\n`);
    const r2 = await ingestVersion({ kind: 'stream', stream: chunked(jsonl, 3), format: 'jsonl' }, target(enterpriseFields.slice(0, 2), 2));
    expect(r2.rows).toBe(1);
  });

  it('an upload that breaks off is refused and leaves nothing', async () => {
    async function* broken() {
      yield Buffer.from('id,name,capital,registered,active,updated_at\n1,甲,1,,,\n');
      throw new Error('client went away');
    }
    const err = await refusal(ingestVersion({ kind: 'stream', stream: broken(), format: 'csv' }, target()));
    expect(err.code).toBe('SOURCE_UNREADABLE');
    expect(await filesUnder(data.datasetsDir)).toEqual([]);
  });
});

describe('the ingest DuckDB is shut in', () => {
  it('it cannot read files outside the work and resource directories', async () => {
    const { openIngestDuckDB } = await import('./ingest-duckdb.ts');
    const work = path.join(data.dir, 'work');
    await mkdir(work);
    const db = await openIngestDuckDB({ workDir: work, allowedDirectories: [work], allowedPaths: [] });
    try {
      await expect(db.connection.run("SELECT * FROM read_csv('/etc/passwd')")).rejects.toThrow(/Permission|disabled/);
      await expect(db.connection.run("SET enable_external_access = true")).rejects.toThrow();
      await expect(db.connection.run("INSTALL httpfs")).rejects.toThrow();
      // a file next to the work directory stays closed; one inside it opens
      await writeFile(path.join(data.dir, 'neighbour.csv'), 'x\nneighbour-row\n');
      await writeFile(path.join(work, 'inside.csv'), 'x\ninside-row\n');
      await expect(db.connection.run(`SELECT * FROM read_csv('${path.join(data.dir, 'neighbour.csv')}')`)).rejects.toThrow(/Permission|disabled/);
      expect((await db.connection.runAndReadAll(`SELECT x FROM read_csv('${path.join(work, 'inside.csv')}')`)).getRows()).toEqual([['inside-row']]);
      const settings = await db.connection.runAndReadAll(
        `SELECT name, value FROM duckdb_settings() WHERE name IN ('allowed_directories', 'enable_external_access', 'lock_configuration', 'temp_directory', 'preserve_insertion_order', 'enable_progress_bar', 'allow_community_extensions', 'allow_persistent_secrets')`,
      );
      expect(Object.fromEntries(settings.getRows().map(([k, v]) => [String(k), String(v)]))).toEqual({
        allowed_directories: `[${work}/]`,
        enable_external_access: 'false',
        lock_configuration: 'true',
        temp_directory: work,
        preserve_insertion_order: 'true',
        enable_progress_bar: 'false',
        allow_community_extensions: 'false',
        allow_persistent_secrets: 'false',
      });
    } finally {
      db.close();
    }
    // and an instance of our own is unaffected
    const other = await DuckDBInstance.create(':memory:');
    other.closeSync();
  });
});
