import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IngestError } from './ingest-error.ts';
import { ingestVersion } from './ingest-version.ts';
import { parseTableName } from './postgres-source.ts';
import { filesUnder, readParquet, tempDataDir } from './test-fixtures.ts';
import type { DeclaredField } from './types.ts';

// A department's own PostgreSQL table as a source. Runs against SHUYUN_TEST_DATABASE_URL when it is set
// (a schema of its own, dropped afterwards); the identifier checks run everywhere.

const url = process.env.SHUYUN_TEST_DATABASE_URL;

describe('the table name of a PostgreSQL source', () => {
  it('is one or two plain identifiers, quoted as written', () => {
    expect(parseTableName('enterprises')).toBe('"enterprises"');
    expect(parseTableName('market.enterprises_2024')).toBe('"market"."enterprises_2024"');
    for (const bad of ['', 'a.b.c', 'x; DROP TABLE y', '"quoted"', 'a b', '1abc', 'market.']) {
      expect(() => parseTableName(bad), bad).toThrow(IngestError);
    }
  });
});

describe.skipIf(!url)('a PostgreSQL table is pulled with a server-side cursor', () => {
  const schema = `ingest_test_${randomBytes(4).toString('hex')}`;
  const fields: DeclaredField[] = [
    { name: 'id', type: 'integer', nullable: false },
    { name: 'name', type: 'string' },
    { name: 'capital', type: 'decimal', scale: 2 },
    { name: 'registered', type: 'date' },
    { name: 'active', type: 'boolean' },
    { name: 'updated_at', type: 'timestamp' },
  ];
  let data: Awaited<ReturnType<typeof tempDataDir>>;

  async function sql(text: string): Promise<void> {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(text);
    } finally {
      await client.end();
    }
  }

  beforeAll(async () => {
    data = await tempDataDir();
    await sql(`CREATE SCHEMA ${schema};
      CREATE TABLE ${schema}.enterprises (id bigint, name text, capital numeric(14,2), registered date, active boolean, updated_at timestamptz);
      INSERT INTO ${schema}.enterprises
        SELECT i, CASE WHEN i = 1 THEN '甲, "引号"' || chr(10) || '第二行' WHEN i = 2 THEN '' WHEN i = 3 THEN NULL ELSE '企业' || i END,
               i * 1.5, DATE '2020-01-01' + i, i % 2 = 0, TIMESTAMPTZ '2024-01-01 00:00:00+08' + i * INTERVAL '1 minute'
        FROM generate_series(1, 12001) i;
      CREATE TABLE ${schema}.wrong (id bigint, other text);`);
  });
  afterAll(async () => {
    await sql(`DROP SCHEMA ${schema} CASCADE`);
    await data.remove();
  });

  it('every row arrives with its values; an empty string stays an empty string, NULL stays null', async () => {
    const result = await ingestVersion(
      { kind: 'postgres', connectionString: url!, table: `${schema}.enterprises` },
      { datasetsDir: data.datasetsDir, resourceCode: 'PG-ENT', version: 1, fields },
    );
    expect(result.rows).toBe(12001);
    expect(result.encoding).toBe('utf-8');
    const rows = await readParquet(result.parquetPath);
    expect(rows.slice(0, 4)).toEqual([
      { id: '1', name: '甲, "引号"\n第二行', capital: '1.50', registered: '2020-01-02', active: false, updated_at: '2024-01-01 00:01:00' },
      { id: '2', name: '', capital: '3.00', registered: '2020-01-03', active: true, updated_at: '2024-01-01 00:02:00' },
      { id: '3', name: null, capital: '4.50', registered: '2020-01-04', active: false, updated_at: '2024-01-01 00:03:00' },
      { id: '4', name: '企业4', capital: '6.00', registered: '2020-01-05', active: true, updated_at: '2024-01-01 00:04:00' },
    ]);
    expect(rows[12000]).toMatchObject({ id: '12001' });
  });

  it('a table whose columns differ, a missing table, and a wrong password are refused without secrets', async () => {
    const target = (version: number) => ({ datasetsDir: data.datasetsDir, resourceCode: 'PG-BAD', version, fields });
    const wrong = await ingestVersion({ kind: 'postgres', connectionString: url!, table: `${schema}.wrong` }, target(1)).catch((e: unknown) => e);
    expect(wrong).toMatchObject({ code: 'FIELDS_MISMATCH' });
    const missing = await ingestVersion({ kind: 'postgres', connectionString: url!, table: `${schema}.nope` }, target(1)).catch((e: unknown) => e);
    expect(missing).toMatchObject({ code: 'SOURCE_UNREADABLE', problems: [{ reason: `table ${schema}.nope does not exist` }] });
    const u = new URL(url!);
    u.password = 'not-the-password-s3cret';
    u.port = '1';
    const refused = (await ingestVersion({ kind: 'postgres', connectionString: u.toString(), table: 'x' }, target(1)).catch((e: unknown) => e)) as IngestError;
    expect(refused.code).toBe('SOURCE_UNREADABLE');
    expect(JSON.stringify(refused.problems) + refused.message + String((refused.cause as Error).message)).not.toContain('s3cret');
    expect(await filesUnder(`${data.datasetsDir}/PG-BAD`)).toEqual([]);
  });
});
