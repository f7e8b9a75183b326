import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeUscc } from '@shuyun/core';
import { capitalIndicatorFiling, runApprovedJob } from '../../../test/support/approved-jobs.ts';
import { enterprises, grantEnterprisesToOperator } from '../../../test/support/granted-enterprises.ts';
import { type ApiClient, startTestPlatform, type TestPlatform } from '../../../test/support/test-platform.ts';
import { CHROMIUM, launchChromium, SCREENSHOTS } from './browser.ts';
import { type PortalWalk, walkPortal } from './portal.ts';

// Ingestion and invoices as the people who handle them see them, in Chromium at 1366×768 and in Chinese.
// The market regulator's steward uploads a CSV of inspection records through the resources page (a real upload
// with its progress bar), confirms the PII the platform found, reads the quality profile and submits the catalog
// entry; the authority approves it and publishes an edition. Then a consumer calls an industry product API (metered
// per call, through the API) and reads its invoice for the month; the operator's invoice shows its usage by kind, all
// of it metered by the server as the operator worked (a dev query on the masked twin, a governed query, jobs dev-run
// and run on real data, an export released by two reviewers).

const SCENARIO = 'inclusive-finance.credit';
const RESULTS = ['合格', '基本合格', '不合格'];
const ROWS = 400;
// 400 inspections: 3 malformed credit codes (format errors), 8 unscored (nulls), 2 scores above 100 (rule `max`)
const inspectionCsv =
  [
    'uscc,contact_phone,result,score',
    ...Array.from({ length: ROWS }, (_, i) => {
      const uscc = i % 150 === 7 ? `91440304BAD${String(i).padStart(7, '0')}` : makeUscc('9', '1', '440304', String(30_000_000 + i * 11));
      const score = i % 50 === 3 ? '' : i % 200 === 5 ? '120' : String(60 + (i % 41));
      return `${uscc},1391234${String(i).padStart(4, '0')},${RESULTS[i % 3]},${score}`;
    }),
  ].join('\n') + '\n';

const inspections = {
  code: 'SCJG-INSPECTIONS',
  nameZh: '市場主體雙隨機抽查結果',
  nameEn: 'Random inspections of market entities',
  descriptionZh: '「雙隨機、一公開」抽查的結果：被查企業、聯繫電話、結論與評分。',
  category: ['經濟建設', '市場監管', '監督檢查'],
  openness: 'conditional',
  updateFrequency: 'monthly',
  subjectKey: 'uscc',
  subjectKind: 'enterprise',
  fields: [
    { name: 'uscc', type: 'string', role: 'direct_identifier', grade: 'general_2', piiType: 'uscc' },
    { name: 'contact_phone', type: 'string', role: 'quasi_identifier', grade: 'general_2' }, // not declared: the scan finds it
    { name: 'result', type: 'string', role: 'other', grade: 'general_1' },
    { name: 'score', type: 'integer', role: 'other', grade: 'general_1', rules: { min: 0, max: 100 } },
  ],
};

describe.runIf(existsSync(CHROMIUM) || process.env.CI)('ingestion and invoices in the portal', () => {
  let platform: TestPlatform;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  let market: ApiClient;
  let resourceId: string;
  let walk: PortalWalk;


  beforeAll(async () => {
    platform = await startTestPlatform();
    browser = await launchChromium();
    page = await browser.newPage();
    walk = walkPortal(page, platform, 'ingestion');
    market = await platform.loginAs('scjg.steward');
    const registered = await market.post('/api/v1/resources', inspections);
    expect(registered.status).toBe(201);
    resourceId = registered.body.id;
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await page.screenshot({ path: path.join(SCREENSHOTS, `ingestion-failure-${ctx.task.name.slice(0, 20).replace(/\W+/g, '-')}.png`) });
  });
  afterAll(async () => {
    await browser?.cleanup();
    await platform?.close();
  });

  it('the steward uploads a CSV with a progress bar, confirms a PII suggestion and reads the quality profile; the authority publishes it', { timeout: 120_000 }, async () => {
    await walk.signIn('scjg.steward');
    await walk.go('/resources');
    await page.locator('[data-testid=open-SCJG-INSPECTIONS]').click();
    await page.locator('[data-testid=upload-panel]').waitFor();
    await page.locator('[data-testid=upload-drop] input[type=file]').setInputFiles({ name: 'inspections-2026.csv', mimeType: 'text/csv', buffer: Buffer.from(inspectionCsv, 'utf8') });
    await page.locator('[data-testid=upload-file-name]').getByText('inspections-2026.csv').waitFor();
    await walk.screenshot('file-chosen');

    await page.locator('[data-testid=upload-start]').click();
    await page.locator('[data-testid=upload-progress][data-percent="100"]').waitFor();
    await page.locator('[data-testid=upload-done]').waitFor();
    expect(await page.locator('[data-testid=upload-done]').textContent()).toContain(`第 1 版已匯聚：${ROWS} 行`);
    expect(await page.locator('[data-testid=upload-progress]').textContent()).toContain('100%');
    await page.locator('[data-testid=upload-done]').scrollIntoViewIfNeeded();
    await walk.screenshot('uploaded-100-percent');

    // the scan found the undeclared mobile numbers; the steward confirms the suggestion
    const suggestion = page.locator('[data-testid=pii-suggestion-contact_phone-mobile]');
    await suggestion.waitFor();
    expect(await suggestion.textContent()).toMatch(/手機號碼 \d+%/);
    expect(await page.locator('[data-testid=pii-current-contact_phone]').textContent()).toContain('待確認');
    await page.locator('[data-testid=pii-table]').scrollIntoViewIfNeeded();
    await walk.screenshot('pii-suggestions');
    await page.locator('[data-testid=confirm-pii-contact_phone]').click();
    await page.locator('[data-testid=pii-current-contact_phone]').getByText('已確認').waitFor();
    const field = (await market.get(`/api/v1/resources/${resourceId}`)).body.fields.find((f: { name: string }) => f.name === 'contact_phone');
    expect(field).toMatchObject({ piiType: 'mobile', piiConfirmed: true });
    await walk.screenshot('pii-confirmed');

    // the quality profile of version 1: nulls, distinct values, format errors of the credit codes, the max rule
    const quality = page.locator('[data-testid=quality-table]');
    await quality.scrollIntoViewIfNeeded();
    expect(await page.locator('[data-testid=format-uscc]').textContent()).toContain('3 個不符');
    const profileText = await quality.textContent();
    expect(profileText).toContain('高於最大值: 2');
    expect(profileText).toContain('2.0%'); // 8 of 400 scores are empty
    await page.mouse.wheel(0, 400);
    await walk.screenshot('quality-profile');

    // the steward drafts and submits the catalog entry
    await page.locator('[data-testid=open-SCJG-INSPECTIONS]').click(); // close the workbench
    await page.locator('[data-testid=draft-entry-SCJG-INSPECTIONS]').click();
    await page.locator('[data-testid=submit-entry-SCJG-INSPECTIONS]').click();
    await page.locator('[data-testid=resources]').getByText('已提交').waitFor();
    await walk.screenshot('entry-submitted');

    // the authority approves it and publishes the first edition
    await walk.signIn('authority.reviewer');
    await walk.go('/resources');
    await page.locator('[data-testid=entry-approve-SCJG-INSPECTIONS]').waitFor();
    await walk.screenshot('authority-review-queue');
    await page.locator('[data-testid=entry-approve-SCJG-INSPECTIONS]').click();
    await page.locator('[data-testid=entry-reasons]').fill('字段齊全，分類分級合理。');
    await walk.screenshot('authority-approves');
    await page.locator('[data-testid=entry-decision-ok]').click();
    await page.locator('[data-testid=awaiting-publication]').getByText('SCJG-INSPECTIONS').waitFor();
    await page.locator('[data-testid=edition-note]').fill('新增市場主體抽查結果');
    await page.locator('[data-testid=publish-edition]').click();
    await page.getByText('第 1 版目錄 ·').waitFor();
    await walk.screenshot('edition-published');
    const catalog = await platform.anonymous().get('/api/v1/catalog');
    expect(catalog.body).toMatchObject({ number: 1, note: '新增市場主體抽查結果' });
    expect(catalog.body.resources.map((r: { code: string }) => r.code)).toEqual(['SCJG-INSPECTIONS']);
  });

  it('a consumer that called an industry product API reads its invoice; the operator sees its usage by kind', { timeout: 180_000 }, async () => {
    // metered usage through the API: an industry grant; the operator's dev query on the masked twin (compute, twin
    // masking) and governed query on real data (compute, bytes scanned); an approved job run (compute, bytes scanned)
    const { authority, operator, grantId, orgs } = await grantEnterprisesToOperator(platform, {
      scenario: { kind: 'industry', purpose: SCENARIO, description: '以企業註冊資本與行業評估小微企業授信' },
      modes: ['governed_query', 'approved_job', 'product_api', 'export'],
    });
    const dev = await operator.post(`/api/v1/grants/${grantId}/dev/queries`, { sql: 'SELECT industry, count(*) AS n FROM scjg_enterprises GROUP BY industry' });
    expect(dev.status).toBe(200);
    const governed = await operator.post(`/api/v1/grants/${grantId}/queries`, { sql: 'SELECT industry, count(*) AS n, avg(capital) AS capital FROM scjg_enterprises GROUP BY industry' });
    expect(governed.status).toBe(200);
    expect(governed.body.withheld).toEqual({ minSubjects: 1, differencing: 0 }); // 金融科技 has 3 enterprises
    const ran = await runApprovedJob(operator, [authority], grantId, 'capital_indicator', [
      { output: 'capital_indicator', sql: 'SELECT uscc, capital, industry FROM scjg_enterprises' },
      { output: 'by_industry', sql: "SELECT industry, count(*) AS enterprises FROM scjg_enterprises WHERE industry <> '金融科技' GROUP BY industry" },
    ]);
    const resultId = (name: string) => ran.results.find((r) => r.name === name)!.id;

    // the industry counts leave the domain: the automated checks pass, two distinct reviewers approve, it is released
    const exported = await operator.post('/api/v1/exports', { resultTableId: resultId('by_industry'), format: 'csv', purpose: '普惠金融授信模型的行業分佈參考表', subjectCountColumn: 'enterprises' });
    expect(exported.body).toMatchObject({ state: 'awaiting_review', requiredReviewers: 2 });
    expect((await authority.post(`/api/v1/exports/${exported.body.id}/review`, { decision: 'approve' })).body.state).toBe('awaiting_review');
    const reviewer2 = await platform.loginAs('authority.reviewer2');
    expect((await reviewer2.post(`/api/v1/exports/${exported.body.id}/review`, { decision: 'approve' })).body.state).toBe('approved');

    // the product on the job's result: filed, approved, a key for the consumer, three calls
    const filed = await operator.post('/api/v1/products', capitalIndicatorFiling(grantId, resultId('capital_indicator'), SCENARIO));
    expect(filed.status).toBe(201);
    const checklist = { lawful_source: true, within_grant_scope: true, scenario_approved: true, pricing_basis: true, security_assessment: true, no_raw_data_output: true };
    expect((await authority.post(`/api/v1/products/${filed.body.id}/review`, { decision: 'approve', checklist })).body.state).toBe('approved');
    const issued = await operator.post(`/api/v1/products/${filed.body.id}/keys`, { consumerOrgId: orgs['CS-XDJR'], scenario: SCENARIO, quotaPerDay: 10, ratePerMinute: 100 });
    expect(issued.status).toBe(201);
    for (const e of enterprises.slice(0, 3)) {
      const res = await fetch(`${platform.url}/api/v1/product-api/${filed.body.id}?scenario=${encodeURIComponent(SCENARIO)}&key=${encodeURIComponent(e.uscc)}`, { headers: { 'x-product-key': issued.body.key } });
      expect(res.status).toBe(200);
    }
    // calls are counted in memory and flushed every second
    const consumer = await platform.loginAs('consumer.developer');
    const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
    let invoice: { body: { document: { total: string; lines: unknown[] } } } | undefined;
    for (let i = 0; i < 30; i++) {
      invoice = await consumer.get(`/api/v1/invoices/${month}`);
      if (invoice.body.document?.lines?.length) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(invoice!.body.document.total).toBe('0.30');

    // the operator's usage of the month, as the server metered it: every kind the operator's work made, non-zero
    const operatorInvoice = (await operator.get(`/api/v1/invoices/${month}`)).body.document as {
      lines: Array<{ kind: string; measured?: { quantity: string; records: number } }>;
      unbilled: unknown[];
    };
    const meteredKinds = ['compute_seconds', 'bytes_scanned', 'masking_operations', 'export'];
    for (const kind of meteredKinds) {
      const line = operatorInvoice.lines.find((l) => l.kind === kind);
      expect(Number(line?.measured?.quantity), kind).toBeGreaterThan(0);
    }
    expect(operatorInvoice.lines.find((l) => l.kind === 'export')!.measured).toEqual({ quantity: '1', unit: 'count', records: 1 }); // one release
    expect(operatorInvoice.unbilled).toEqual([]); // every use falls under the grant's agreement

    await walk.signIn('consumer.developer');
    await walk.go('/invoices');
    await page.locator('[data-testid=invoice-lines]').waitFor();
    expect(await page.locator('[data-testid=invoice]').getAttribute('data-month')).toBe(month);
    expect(await page.locator('[data-testid=invoice-total]').textContent()).toContain('¥0.30');
    const line = await page.locator('[data-testid=invoice-line-1]').textContent();
    expect(line).toContain('3 次調用');
    expect(line).toContain('¥0.10');
    expect(await page.locator('[data-testid=usage-api_call]').textContent()).toContain('3');
    await walk.screenshot('consumer-invoice', { fullPage: true });

    // the month before: nothing metered
    await page.locator('[data-testid=invoice-prev]').click();
    await page.locator('[data-testid=invoice-empty]').waitFor();
    expect(page.url()).toMatch(/#\/invoices\/\d{4}-\d{2}$/);
    await walk.screenshot('consumer-invoice-empty-month');

    await walk.signIn('operator.admin');
    await walk.go(`/invoices/${month}`);
    await page.locator('[data-testid=invoice-usage]').waitFor();
    // each kind's card: a non-zero quantity in its unit, from at least one record
    const usage = async (kind: string) => {
      const card = page.locator(`[data-testid=usage-${kind}]`);
      return { value: (await card.locator('.ant-statistic-content').textContent())!.trim(), records: Number(/^(\d+) 條記錄/.exec((await card.locator('.ant-typography').textContent())!)?.[1]) };
    };
    const compute = await usage('compute_seconds');
    expect(compute.value).toMatch(/^[\d.,]+ 秒$/);
    expect(compute.value).not.toMatch(/^0 秒$/);
    expect(compute.records).toBeGreaterThanOrEqual(4); // the dev query, the governed query, the dev run, the run
    const scanned = await usage('bytes_scanned');
    expect(scanned.value).toMatch(/^[\d.,]+ (KB|MB|GB)$/);
    expect(scanned.records).toBeGreaterThanOrEqual(2); // the governed query and the run
    const masking = await usage('masking_operations');
    expect(Number(masking.value.replaceAll(',', ''))).toBeGreaterThan(0);
    expect(masking.records).toBeGreaterThanOrEqual(1); // the twin built for the dev query
    expect(await usage('export')).toEqual({ value: '1', records: 1 });
    expect(await page.locator('[data-testid=invoice-unbilled]').count()).toBe(0);
    // the grant is charged per call: the other kinds are listed in the invoice, not charged
    expect(await page.locator('[data-testid=invoice-lines]').getByText('不計費').count()).toBeGreaterThanOrEqual(meteredKinds.length);
    await walk.screenshot('operator-invoice', { fullPage: true });

    // the same invoice in English
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByText('Usage this month').waitFor();
    await walk.screenshot('operator-invoice-en', { fullPage: true });
  });
});
