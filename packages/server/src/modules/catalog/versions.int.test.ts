import { readdirSync } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { createRng, makeMobile, makePersonName, makeResidentId } from '@shuyun/core/pii';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, startTestPlatform, type TestPlatform } from '../../../../../test/support/test-platform.ts';

// A tiny GBK encoder for the characters this test uses (GBK code points from the GB 2312 table).
const GBK: Record<string, [number, number]> = { 张: [0xd5, 0xc5], 三: [0xc8, 0xfd], 李: [0xc0, 0xee], 四: [0xcb, 0xc4], 王: [0xcd, 0xf5], 五: [0xce, 0xe5] };
const gbk = (text: string) => Buffer.from([...text].flatMap((ch) => (GBK[ch] ? GBK[ch] : [ch.charCodeAt(0)])));

describe('ingesting versions of a resource (匯聚更新)', () => {
  let platform: TestPlatform;
  let civil: ApiClient;
  let other: ApiClient;
  let resourceId: string;
  beforeAll(async () => {
    platform = await startTestPlatform();
    civil = await platform.loginAs('mzj.steward');
    other = await platform.loginAs('zjj.steward');
    const res = await civil.post('/api/v1/resources', {
      code: 'MZJ-TEST-PEOPLE',
      nameZh: '測試人口',
      category: ['民政'],
      openness: 'conditional',
      updateFrequency: 'monthly',
      subjectKey: 'sfzh',
      subjectKind: 'person',
      fields: [
        { name: 'sfzh', type: 'string', role: 'direct_identifier', grade: 'general_4', rules: { unique: true } },
        { name: 'xm', type: 'string', role: 'direct_identifier', grade: 'general_3' },
        { name: 'contact', type: 'string', role: 'direct_identifier', grade: 'general_3' },
        { name: 'age', type: 'integer', role: 'quasi_identifier', grade: 'general_2', rules: { min: 0, max: 120 } },
      ],
    });
    resourceId = res.body.id;
  });
  afterAll(async () => platform?.close());

  const upload = (client: ApiClient, body: Buffer | string, query = '') =>
    client.request('POST', `/api/v1/resources/${resourceId}/versions${query}`, undefined, { rawBody: body as string, headers: { 'content-type': 'text/csv' } });
  const datasetFiles = () => {
    try {
      return readdirSync(path.join(platform.config.datasetsDir, 'MZJ-TEST-PEOPLE'));
    } catch {
      return [];
    }
  };

  it('a UTF-8 CSV becomes version 1: Parquet, hashed, profiled, with PII suggested per column, and ledgered', async () => {
    const rng = createRng(7);
    const lines = ['sfzh,xm,contact,age'];
    for (let i = 0; i < 300; i++) lines.push(`${makeResidentId(rng)},${makePersonName(rng)},${makeMobile(rng)},${i % 130}`);
    const res = await upload(civil, `${lines.join('\n')}\n`);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ version: 1, rows: 300, encoding: 'utf-8', freshness: { ageDays: 0, stale: false } });
    expect(res.body.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(res.body.sm3).toMatch(/^[0-9a-f]{64}$/);
    const suggested = Object.fromEntries(res.body.piiSuggestions.map((c: { column: string; suggestions: Array<{ type: string }> }) => [c.column, c.suggestions[0]?.type ?? null]));
    expect(suggested).toEqual({ sfzh: 'resident_id', xm: 'person_name', contact: 'mobile', age: null });
    const age = res.body.quality.columns.find((c: { name: string }) => c.name === 'age');
    expect(age.rules).toEqual([{ rule: 'min', failing: 0 }, { rule: 'max', failing: 18 }]); // ages 121–129 occur twice in 0…299 mod 130
    const sfzh = res.body.quality.columns.find((c: { name: string }) => c.name === 'sfzh');
    expect(sfzh.validity).toMatchObject({ type: 'resident_id', rate: 1 });

    const resource = (await civil.get(`/api/v1/resources/${resourceId}`)).body;
    expect(resource.fields.find((f: { name: string }) => f.name === 'contact').piiSuggestion.type).toBe('mobile');
    await platform.ledger.sync();
    const lineage = (await civil.get(`/api/v1/ledger/lineage?entityType=resource_version&entityId=${res.body.id}`)).body;
    expect(lineage.entries[0].leaf.action).toBe('resource.version_ingested');
    expect(lineage.upstream[0]).toMatchObject({ parentType: 'data_resource', parentId: resourceId });
  });

  it('a GBK-encoded CSV is recognised and its Chinese text arrives intact', async () => {
    const body = Buffer.concat([gbk('sfzh,xm,contact,age\n'), gbk(`${makeResidentId(createRng(1))},张三,13800138000,30\n`), gbk(`${makeResidentId(createRng(2))},李四,13900139000,40\n`), gbk(`${makeResidentId(createRng(3))},王五,13700137000,50\n`)]);
    const res = await upload(civil, body);
    expect(res.status).toBe(201);
    expect(res.body.version).toBe(2);
    expect(['gb18030', 'gbk']).toContain(res.body.encoding);
    expect(res.body.rows).toBe(3);
    // what was stored is the Chinese text, not mojibake
    const duck = await (await DuckDBInstance.create(':memory:')).connect();
    const stored = await duck.runAndReadAll(`SELECT xm FROM read_parquet('${path.join(platform.config.datasetsDir, 'MZJ-TEST-PEOPLE', 'v2.parquet')}') ORDER BY age`);
    expect(stored.getRows().map((r) => r[0])).toEqual(['张三', '李四', '王五']);
    duck.closeSync();
  });

  it('a ragged CSV is refused with its line numbers, and nothing is stored', async () => {
    const before = datasetFiles();
    const res = await upload(civil, 'sfzh,xm,contact,age\n110101199003074514,張三,13800138000,30\n110101199003074514,李四\n110101199003074514,王五,13700137000,50,extra\n');
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('INGEST_MALFORMED_ROWS');
    const lines = res.body.errors.map((e: { path: string }) => e.path);
    expect(lines).toEqual(expect.arrayContaining(['/line/3', '/line/4']));
    expect(JSON.stringify(res.body)).not.toContain('110101199003074514');
    expect(datasetFiles()).toEqual(before);
    expect((await civil.get(`/api/v1/resources/${resourceId}/versions`)).body.items.map((v: { version: number }) => v.version)).toEqual([2, 1]);
  });

  it('missing columns are listed; another department cannot upload', async () => {
    const res = await upload(civil, 'sfzh,name\n1,2\n');
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('INGEST_FIELDS_MISMATCH');
    expect((await upload(other, 'sfzh,xm,contact,age\n')).status).toBe(404);
  });
});
