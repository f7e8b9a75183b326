import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '@shuyun/core';
import { capitalIndicatorFiling, runApprovedJob } from '../../../../../test/support/approved-jobs.ts';
import { enterprises, grantEnterprisesToOperator } from '../../../../../test/support/granted-enterprises.ts';
import { type ApiClient, startTestPlatform, type TestPlatform } from '../../../../../test/support/test-platform.ts';
import { closeProductApi } from './api/product-api.ts';
import { productApiOf } from './index.ts';

// Art. 21–23, 36–37: a product is filed with its scenarios and pricing basis, reviewed by the authority against a
// checklist, and served only in its approved scenario, to keys bound to that scenario, within their quota; every call
// is metered (and the subject it touched recorded), and the usage appears on the consumer's invoice.

const SCENARIO = 'inclusive-finance.credit';

/**
 * The text of a pdfkit PDF: its streams inflated, the glyph codes of the TJ operators mapped through the embedded
 * font's ToUnicode CMap (pdfkit writes `<start> <end> [<utf16> …]` ranges). Enough for the platform's own PDFs.
 */
function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const streams: string[] = [];
  for (const m of raw.matchAll(/<<((?:(?!>>\s*stream)[\s\S])*)>>\s*stream\r?\n/g)) {
    const start = m.index + m[0].length;
    const body = pdf.subarray(start, start + Number(/\/Length (\d+)/.exec(m[1]!)?.[1]));
    streams.push((m[1]!.includes('/FlateDecode') ? inflateSync(body) : body).toString('latin1'));
  }
  const unicode = new Map<number, string>();
  for (const s of streams) {
    for (const r of s.matchAll(/<([0-9a-f]+)> <[0-9a-f]+> \[([^\]]*)\]/gi)) {
      [...r[2]!.matchAll(/<([0-9a-f ]+)>/gi)].forEach((v, i) => unicode.set(parseInt(r[1]!, 16) + i, String.fromCharCode(...v[1]!.trim().split(/\s+/).map((h) => parseInt(h, 16)))));
    }
  }
  const glyphs = (hex: string) => (hex.match(/.{4}/g) ?? []).map((g) => unicode.get(parseInt(g, 16)) ?? '\ufffd').join('');
  return streams.flatMap((s) => [...s.matchAll(/\[([^\]]*)\]\s*TJ/g)].map((tj) => [...tj[1]!.matchAll(/<([0-9a-f]+)>/gi)].map((h) => glyphs(h[1]!)).join(''))).join('\n');
}

const LISTING_SECTIONS = ['主體信息', '數據來源合法合規', '產品和服務信息', '應用場景', '安全風險評估'];

describe('products: filing, compliance review, a scenario-bound product API, metering and the invoice', () => {
  const clock = new FakeClock('2026-06-01T10:00:00+08:00');
  let platform: TestPlatform;
  let authority: ApiClient;
  let operator: ApiClient;
  let consumer: ApiClient;
  let orgs: Record<string, string>;
  let grantId: string;
  let productId: string;
  let key: string;

  const call = (lookup: string, opts: { scenario?: string; withKey?: string } = {}): Promise<{ status: number; body: any }> =>
    fetch(`${platform.url}/api/v1/product-api/${productId}?scenario=${encodeURIComponent(opts.scenario ?? SCENARIO)}&key=${encodeURIComponent(lookup)}`, { headers: { 'x-product-key': opts.withKey ?? key } }).then(async (r) => ({ status: r.status, body: await r.json() }));

  beforeAll(async () => {
    platform = await startTestPlatform({ clock, env: { SHUYUN_SESSION_IDLE_MINUTES: '10000000', SHUYUN_SESSION_MAX_HOURS: '1000000' } });
    ({ authority, operator, grantId, orgs } = await grantEnterprisesToOperator(platform, {
      scenario: { kind: 'industry', purpose: SCENARIO, description: '以企業註冊資本與行業評估小微企業授信' },
      modes: ['approved_job', 'product_api'],
    }));
    consumer = await platform.loginAs('consumer.developer');
  });
  afterAll(async () => platform?.close());

  it('the operator computes a per-enterprise indicator with an approved job and files it as a product', async () => {
    const ran = await runApprovedJob(operator, [authority], grantId, 'capital_indicator', [{ output: 'capital_indicator', sql: 'SELECT uscc, capital, industry FROM scjg_enterprises' }]);
    const filing = capitalIndicatorFiling(grantId, ran.results[0]!.id, SCENARIO);
    const outside = await operator.post('/api/v1/products', { ...filing, scenarios: ['marketing.ads'] });
    expect(outside).toMatchObject({ status: 400, body: { code: 'PRODUCT_FILING_INVALID', errors: [{ path: '/scenarios/0', reason: 'outside_grant_purpose' }] } });
    const filed = await operator.post('/api/v1/products', filing);
    expect(filed.body).toMatchObject({ state: 'submitted', usage: 'industry' });
    productId = filed.body.id;
    // not published yet: no listing package, in either form, for anyone
    for (const who of [consumer, operator]) {
      expect((await who.get(`/api/v1/products/${productId}/listing.json`)).status).toBe(404);
      expect((await who.get(`/api/v1/products/${productId}/listing.pdf`)).status).toBe(404);
    }
  });

  it('the authority approves only when every checklist item passes; the product is then listed', async () => {
    const incomplete = await authority.post(`/api/v1/products/${productId}/review`, { decision: 'approve', checklist: { lawful_source: true } });
    expect(incomplete.body.code).toBe('PRODUCT_CHECKLIST_INCOMPLETE');
    const checklist = { lawful_source: true, within_grant_scope: true, scenario_approved: true, pricing_basis: true, security_assessment: true, no_raw_data_output: true };
    expect((await authority.post(`/api/v1/products/${productId}/review`, { decision: 'approve', checklist })).body.state).toBe('approved');
    expect((await consumer.get('/api/v1/products')).body.items.map((p: { id: string }) => p.id)).toContain(productId);
    const listing = await consumer.get(`/api/v1/products/${productId}/listing.json`);
    expect(Object.keys(listing.body)).toEqual(expect.arrayContaining(LISTING_SECTIONS));
  });

  it('the listing package is also a PDF with the five sections, under the same rules', async () => {
    const res = await fetch(`${platform.url}/api/v1/products/${productId}/listing.pdf`, { headers: consumer.headers });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdfText(pdf);
    for (const section of LISTING_SECTIONS) expect(text).toContain(section);
    expect(text).toContain('企業註冊資本指標');
    expect(text).toContain(SCENARIO);
    expect(text).not.toContain('\ufffd');
    // an unknown product, and anyone not signed in
    expect((await consumer.get('/api/v1/products/00000000-0000-4000-8000-000000000000/listing.pdf')).status).toBe(404);
    expect((await fetch(`${platform.url}/api/v1/products/${productId}/listing.pdf`)).status).toBe(401);
  });

  it('a consumer key serves its scenario within its quota; another scenario and an exhausted quota are refused', async () => {
    const issued = await operator.post(`/api/v1/products/${productId}/keys`, { consumerOrgId: orgs['CS-XDJR'], scenario: SCENARIO, quotaPerDay: 3, ratePerMinute: 100 });
    expect(issued.status).toBe(201);
    key = issued.body.key;
    expect((await operator.post(`/api/v1/products/${productId}/keys`, { consumerOrgId: orgs['CS-XDJR'], scenario: 'marketing.ads', quotaPerDay: 3, ratePerMinute: 100 })).body.code).toBe('PRODUCT_SCENARIO_NOT_APPROVED');

    const first = await call(enterprises[0]!.uscc);
    expect(first).toEqual({ status: 200, body: { columns: ['capital', 'industry'], row: [100, '製造業'] } });
    expect((await call(enterprises[1]!.uscc, { scenario: 'marketing.ads' })).body.code).toBe('PRODUCT_SCENARIO_NOT_APPROVED');
    expect((await call(enterprises[1]!.uscc, { withKey: 'spk_not-a-key' })).status).toBe(401);
    expect((await call(enterprises[1]!.uscc)).status).toBe(200);
    expect((await call(enterprises[2]!.uscc)).status).toBe(200);
    expect(await call(enterprises[3]!.uscc)).toMatchObject({ status: 429, body: { code: 'PRODUCT_QUOTA_EXHAUSTED' } });
  });

  it("the provider and supervisors list the product's keys by prefix, with today's and all calls; the consumer lists its own; others get 404", async () => {
    const second = await operator.post(`/api/v1/products/${productId}/keys`, { consumerOrgId: orgs['CS-XDJR'], scenario: SCENARIO, quotaPerDay: 50, ratePerMinute: 10 });
    expect(second.status).toBe(201);
    // the three calls that passed are counted at once, whether or not their batch is written yet
    const listed = await operator.get(`/api/v1/products/${productId}/keys`);
    expect(listed.status).toBe(200);
    expect(listed.body.items).toHaveLength(2);
    const byId = (items: Array<{ id: string }>, id: string) => items.find((k) => k.id === id) as Record<string, unknown>;
    const newest = byId(listed.body.items, second.body.id);
    const first = listed.body.items.find((k: { id: string }) => k.id !== second.body.id);
    expect(newest).toMatchObject({ id: second.body.id, keyPrefix: second.body.key.slice(0, 10), callsToday: 0, callsTotal: 0, callsUnwritten: 0, quotaPerDay: 50 });
    expect(first).toEqual({
      id: expect.any(String),
      productId,
      keyPrefix: key.slice(0, 10),
      consumerOrgId: orgs['CS-XDJR'],
      scenario: SCENARIO,
      quotaPerDay: 3,
      ratePerMinute: 100,
      createdAt: '2026-06-01T02:00:00.000Z',
      revokedAt: null,
      day: '2026-06-01',
      callsToday: 3,
      callsTotal: 3,
      callsUnwritten: expect.any(Number),
    });
    expect(first.keyPrefix).toMatch(/^spk_/);
    expect(first.keyPrefix).not.toBe(newest.keyPrefix);
    expect(JSON.stringify(listed.body)).not.toContain(key); // never the key itself
    // written: the same counts, nothing pending
    await productApiOf(platform.deps).flush();
    expect(byId((await operator.get(`/api/v1/products/${productId}/keys`)).body.items, first.id)).toMatchObject({ callsToday: 3, callsTotal: 3, callsUnwritten: 0 });
    expect(byId((await authority.get(`/api/v1/products/${productId}/keys`)).body.items, first.id)).toMatchObject({ keyPrefix: key.slice(0, 10), callsToday: 3, callsTotal: 3 });

    // the consumer: not the product's keys, but its own keys across products, with the product
    expect((await consumer.get(`/api/v1/products/${productId}/keys`)).status).toBe(404);
    const mine = await consumer.get('/api/v1/product-keys');
    expect(mine.status).toBe(200);
    expect(mine.body.items).toHaveLength(2);
    expect(byId(mine.body.items, first.id)).toMatchObject({
      keyPrefix: key.slice(0, 10),
      scenario: SCENARIO,
      callsToday: 3,
      callsTotal: 3,
      product: { id: productId, orgId: orgs['OP-FTDO'], kind: 'indicator', nameZh: '企業註冊資本指標', nameEn: 'Enterprise registered capital indicator', state: 'approved', pricing: { price: '0.10', per: 'call' } },
    });
    // anyone else: the market regulator's steward, an unknown product; and a provider holds no consumer keys
    const market = await platform.loginAs('scjg.steward');
    expect((await market.get(`/api/v1/products/${productId}/keys`)).status).toBe(404);
    expect((await market.get('/api/v1/product-keys')).body.items).toEqual([]);
    expect((await operator.get('/api/v1/products/00000000-0000-4000-8000-000000000000/keys')).status).toBe(404);
    expect((await operator.get('/api/v1/product-keys')).body.items).toEqual([]);
  });

  it('every call is metered, the subjects it touched are recorded, and the calls are on the consumer\'s invoice', async () => {
    await productApiOf(platform.deps).flush();
    const accesses = await platform.deps.db.asOwner((s) => s.query('SELECT sum(calls)::int AS calls, sum(cardinality(subject_hashes))::int AS subjects FROM subject_accesses WHERE product_id = $1', [productId]));
    expect(accesses[0]).toEqual({ calls: 3, subjects: 3 });
    const invoice = await consumer.get('/api/v1/invoices/2026-06');
    expect(invoice.status).toBe(200);
    const line = invoice.body.document.lines.find((l: { kind: string }) => l.kind === 'api_call');
    expect(line).toMatchObject({ quantity: '3', amount: '0.30' });
    expect(invoice.body.document.total).toBe('0.30');
    expect(invoice.body.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('the cost accounting takes revenue from the metered calls and checks the price against the cap', async () => {
    const account = await operator.post(`/api/v1/products/${productId}/cost-accounts`, {
      year: 2026,
      costs: [{ item: 'platform_build_and_operation', amount: '0.20' }, { item: 'human_resources', amount: '0.05' }],
      treasuryYield10yAverage: '2.35',
    });
    expect(account.status).toBe(200);
    expect(account.body).toMatchObject({ revenue: '0.30', allowedMarginRate: '8.35', totalCost: '0.25' });
    // cost 0.25 + 8.35 % margin ≈ 0.2709 of allowed revenue over 3 calls: the 0.10 price is above the cap, and revenue deviates > 10 %
    expect(account.body.withinCap).toBe(false);
    expect(account.body.deviationFlag).toBe(true);
    expect((await consumer.post(`/api/v1/products/${productId}/cost-accounts`, { year: 2026, costs: [{ item: 'other', amount: '1' }], treasuryYield10yAverage: '2.35' })).status).toBe(403);
  });

  it('suspending the provider stops its product API on the very next call', async () => {
    clock.set('2026-06-02T10:00:00+08:00'); // a new day: a fresh quota
    expect((await call(enterprises[4]!.uscc)).status).toBe(200);
    await authority.post(`/api/v1/organizations/${orgs['OP-FTDO']}/suspension`, { reasons: '數據產品超範圍提供' });
    expect((await call(enterprises[5]!.uscc)).body.code).toBe('PRODUCT_NOT_SERVED');
    await authority.post(`/api/v1/organizations/${orgs['OP-FTDO']}/resumption`, { reasons: '整改完成' });
    expect((await call(enterprises[5]!.uscc)).status).toBe(200);
  });

  it('shutting down writes the calls not yet flushed; the quota counts them after a restart; the ledger has every batch', async () => {
    const usage = async () => {
      const [row] = await platform.deps.db.asOwner((s) => s.query(`SELECT (SELECT sum(quantity)::int FROM usage_records WHERE product_id = $1 AND kind = 'api_call') AS calls,
        (SELECT sum((payload->>'calls')::int)::int FROM ledger_entries WHERE action = 'product.calls_metered') AS ledgered,
        (SELECT sum(calls)::int FROM subject_accesses WHERE product_id = $1) AS accessed`, [productId]));
      return row as { calls: number; ledgered: number; accessed: number };
    };
    await productApiOf(platform.deps).flush();
    const before = await usage();
    expect((await call(enterprises[6]!.uscc)).status).toBe(200); // the day's third call: the quota is 3
    await closeProductApi(platform.deps); // what the server does on close
    const after = await usage();
    expect(after.calls - before.calls).toBe(1);
    expect(after).toEqual({ calls: after.calls, ledgered: after.calls, accessed: after.calls });
    // a fresh instance reads the day's calls back from the usage records: the fourth call is refused
    expect(await call(enterprises[7]!.uscc)).toMatchObject({ status: 429, body: { code: 'PRODUCT_QUOTA_EXHAUSTED' } });
  });

  it("the key list counts the Beijing day's calls and all of them across days and restarts", async () => {
    const listed = (await operator.get(`/api/v1/products/${productId}/keys`)).body.items.find((k: { keyPrefix: string }) => k.keyPrefix === key.slice(0, 10));
    expect(listed).toMatchObject({ day: '2026-06-02', callsToday: 3, callsTotal: 6 });
    clock.set('2026-06-03T00:30:00+08:00'); // just after midnight in Beijing (still 06-02 in UTC)
    expect((await consumer.get('/api/v1/product-keys')).body.items.find((k: { keyPrefix: string }) => k.keyPrefix === key.slice(0, 10))).toMatchObject({ day: '2026-06-03', callsToday: 0, callsTotal: 6 });
  });

  it("a model is filed with its inspection record, which the authority sees; approving it meters a model publication on the filer's invoice", async () => {
    const model = {
      grantId,
      kind: 'model',
      nameZh: '小微企業授信評分模型',
      description: '以企業註冊資本與行業訓練的授信評分模型，僅輸出評分',
      scenarios: [SCENARIO],
      scope: '福田區登記企業',
      mannerOfUse: '輸入企業特徵，輸出授信評分',
      pricing: { basis: '成本加成', price: '0', per: 'month' },
    };
    const inspection = { trainingData: '企業註冊資本與行業（作業 capital_indicator 的域內結果表）', outputSurface: '一個 0–100 的評分，不含任何輸入字段', rawRowsReproducible: false, inspectedBy: '福田區數據局模型檢查組' };
    expect((await operator.post('/api/v1/products', model)).body).toMatchObject({ code: 'PRODUCT_FILING_INVALID', errors: [{ path: '/modelInspection', reason: 'required_for_models' }] });
    const checklist = { lawful_source: true, within_grant_scope: true, scenario_approved: true, pricing_basis: true, security_assessment: true, no_raw_data_output: true };

    // one whose inspection found it can reproduce raw rows cannot be approved; rejecting it meters nothing
    const leaky = await operator.post('/api/v1/products', { ...model, nameZh: '會記住原始行的模型', modelInspection: { ...inspection, rawRowsReproducible: true } });
    expect(leaky.status).toBe(201);
    expect((await authority.post(`/api/v1/products/${leaky.body.id}/review`, { decision: 'approve', checklist })).body).toMatchObject({ code: 'PRODUCT_CHECKLIST_INCOMPLETE', errors: [{ path: '/checklist/no_raw_data_output' }] });
    expect((await authority.post(`/api/v1/products/${leaky.body.id}/review`, { decision: 'reject', checklist, reasons: '檢查記錄顯示可復現原始行' })).body.state).toBe('rejected');

    const filed = await operator.post('/api/v1/products', { ...model, modelInspection: inspection });
    expect(filed.body).toMatchObject({ state: 'submitted', modelInspection: inspection });
    const seen = await authority.get(`/api/v1/products/${filed.body.id}`);
    expect(seen.body).toMatchObject({ kind: 'model', state: 'submitted', modelInspection: inspection });
    expect((await authority.get('/api/v1/products')).body.items.find((p: { id: string }) => p.id === filed.body.id).modelInspection).toEqual(inspection);
    expect((await authority.post(`/api/v1/products/${filed.body.id}/review`, { decision: 'approve', checklist })).body.state).toBe('approved');

    const published = await platform.deps.db.asOwner((s) => s.query(`SELECT org_id, grant_id, kind, quantity::int AS quantity, period_day::text AS day FROM usage_records WHERE kind = 'model_publication'`));
    expect(published).toEqual([{ org_id: orgs['OP-FTDO'], grant_id: grantId, kind: 'model_publication', quantity: 1, day: '2026-06-03' }]);
    const invoice = await operator.get('/api/v1/invoices/2026-06');
    expect(invoice.status).toBe(200);
    const lines = invoice.body.document.lines.filter((l: { kind: string }) => l.kind === 'model_publication');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ feeItem: 'model_publishing', quantity: '1', measured: { quantity: '1', records: 1 } });
    expect(lines[0].description.zh).toContain('模型發佈');
    // the consumer's invoice has no model publication: it is the filer's
    expect((await consumer.get('/api/v1/invoices/2026-06')).body.document.lines.some((l: { kind: string }) => l.kind === 'model_publication')).toBe(false);
  });
});
