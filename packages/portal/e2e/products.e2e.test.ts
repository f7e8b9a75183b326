import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runApprovedJob } from '../../../test/support/approved-jobs.ts';
import { enterpriseCsv, enterpriseRegistry, enterprises, publishResource } from '../../../test/support/granted-enterprises.ts';
import { type ApiClient, startTestPlatform, type TestPlatform } from '../../../test/support/test-platform.ts';
import { CHROMIUM, launchChromium, SCREENSHOTS } from './browser.ts';
import { fillCapitalIndicatorFiling, type PortalWalk, walkPortal } from './portal.ts';

// Data products as the people who handle them see them, in Chromium at 1366×768 and in Chinese: the bank (a partner)
// files an indicator product in the form, the authority reviews it against the checklist and publishes it, the bank
// issues the consumer a key bound to the approved scenario (shown once), and the consumer calls the product API in
// the try-it panel: an answer, then a refusal for another scenario and one for the exhausted quota.
// What precedes the filing goes through the API: a published resource, the bank's admission, its grant (approved
// job + product API), and an approved job run on the real data whose in-domain result table the product serves.

const SCENARIO = 'inclusive-finance.credit';

describe.runIf(existsSync(CHROMIUM) || process.env.CI)('data products in the portal', () => {
  let platform: TestPlatform;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  let bank: ApiClient;
  let authority: ApiClient;
  const orgOf: Record<string, string> = {};
  let grantId: string;
  let walk: PortalWalk;


  beforeAll(async () => {
    platform = await startTestPlatform();
    browser = await launchChromium();
    page = await browser.newPage();
    walk = walkPortal(page, platform, 'products');
    const market = await platform.loginAs('scjg.steward');
    const operator = await platform.loginAs('operator.admin');
    authority = await platform.loginAs('authority.reviewer');
    bank = await platform.loginAs('bank.developer');
    for (const o of (await authority.get('/api/v1/organizations')).body.items as { code: string; id: string }[]) orgOf[o.code] = o.id;

    // the market regulator's enterprise registry is catalogued and published
    const resourceId = await publishResource(market, authority, enterpriseRegistry, enterpriseCsv);

    // the bank is admitted as the operator's partner, applies for an industry credit scenario with jobs and product APIs
    const admission = await bank.post('/api/v1/admissions', {
      operatorOrgId: orgOf['OP-FTDO'],
      qualifications: { businessScope: '小微企業信貸', dataSecurityMeasures: '等保三級，數據安全管理制度', contactName: '孫風控', contactPhone: '13800000000' },
    });
    expect((await operator.post(`/api/v1/admissions/${admission.body.id}/decision`, { decision: 'admit' })).body.state).toBe('admitted');
    const application = await bank.post('/api/v1/applications', {
      title: '小微企業授信指標',
      operatorOrgId: orgOf['OP-FTDO'],
      scenario: { kind: 'industry', purpose: SCENARIO, description: '以企業註冊資本與行業評估小微企業授信額度' },
      resources: [{ resourceId, fields: ['uscc', 'industry', 'capital'] }],
      modes: ['approved_job', 'product_api'],
    });
    expect(application.status).toBe(201);
    await operator.post(`/api/v1/applications/${application.body.id}/decision`, { decision: 'approve' });
    await authority.post(`/api/v1/applications/${application.body.id}/decision`, { decision: 'approve', controls: { minSubjects: 5 } });
    await market.post(`/api/v1/applications/${application.body.id}/decision`, { decision: 'approve' });
    expect((await bank.get(`/api/v1/applications/${application.body.id}`)).body.state).toBe('approved');
    const clients: Record<string, ApiClient> = { [orgOf['PT-BANK']!]: bank, [orgOf['OP-FTDO']!]: operator, [orgOf['FT-ZSJ']!]: authority, [orgOf['FT-SCJG']!]: market };
    for (const agreement of (await bank.get('/api/v1/agreements')).body.items as { id: string; signerOrgIds: string[] }[]) {
      for (const signer of agreement.signerOrgIds) expect((await clients[signer]!.post(`/api/v1/agreements/${agreement.id}/signatures`, {})).status).toBeLessThan(300);
    }
    const grant = ((await bank.get('/api/v1/grants')).body.items as { id: string; applicationId: string }[]).find((g) => g.applicationId === application.body.id);
    expect(grant).toBeDefined();
    grantId = grant!.id;

    // the bank's per-enterprise job is developed on the twin, approved by its reviewers and run on the real data
    await runApprovedJob(bank, [operator, authority], grant!.id, 'capital_indicator', [{ output: 'capital_indicator', sql: 'SELECT uscc, capital, industry FROM scjg_enterprises' }]);
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await page?.screenshot({ path: path.join(SCREENSHOTS, 'products-failure.png') });
  });
  afterAll(async () => {
    await browser?.cleanup();
    await platform?.close();
  });

  it('the bank files, the authority publishes, the bank issues a key, the consumer calls and is refused', { timeout: 180_000 }, async () => {
    // 1. the bank files the indicator product in the form (the grant, the result table and its columns are preselected)
    await walk.signIn('bank.developer');
    await walk.go('/products');
    await page.locator('[data-testid=products-mine-empty]').waitFor();
    await walk.screenshot('bank-no-products');
    await fillCapitalIndicatorFiling(page);
    await page.locator('[data-testid=pf-source]').getByText('capital_indicator').first().waitFor();
    await page.locator('[data-testid=pf-source]').getByText('industry').first().waitFor(); // the output columns follow the table
    await expect.poll(() => page.locator('[data-testid=pf-scenarios]').textContent()).toContain(SCENARIO);
    await walk.screenshot('filing-form', { fullPage: true });
    await page.locator('[data-testid=pf-submit]').click();
    await page.locator('[data-testid=product-state]').getByText('待審核').waitFor();
    await walk.screenshot('filed-awaiting-review');
    const filed = ((await bank.get('/api/v1/products')).body.items as { id: string; state: string; source: { lookupColumn: string; outputColumns: string[] } }[])[0]!;
    expect(filed).toMatchObject({ state: 'submitted', source: { lookupColumn: 'uscc', outputColumns: ['capital', 'industry'] } });
    // and a credit-scoring model, with its inspection record (through the API)
    const model = await bank.post('/api/v1/products', {
      grantId,
      kind: 'model',
      nameZh: '小微企業授信評分模型',
      nameEn: 'Small-business credit scoring model',
      description: '以企業註冊資本與行業訓練的授信評分模型，只輸出 0–100 的評分',
      scenarios: [SCENARIO],
      scope: '福田區登記企業',
      mannerOfUse: '輸入企業特徵，輸出授信評分',
      pricing: { basis: '成本加成（運營成本 + 準許利潤）', price: '500', per: 'month' },
      modelInspection: { trainingData: '企業註冊資本與行業（作業 capital_indicator 的域內結果表，共 12 家企業）', outputSurface: '一個 0–100 的評分，不含任何輸入字段', rawRowsReproducible: false, inspectedBy: '福田區數據局模型查驗組' },
    });
    expect(model.status).toBe(201);

    // 2. the authority reviews it against the checklist and publishes it
    await walk.signIn('authority.reviewer');
    await walk.go('/products');
    await page.locator(`[data-testid=products-pending] [data-testid=open-product-${filed.id}]`).click();
    await page.locator('[data-testid=review-panel]').waitFor();
    await page.locator('[data-testid=review-check-lawful_source]').click();
    await page.getByText('通過須清單各項全部通過').waitFor(); // one item is not enough
    await page.locator('[data-testid=review-check-all]').click();
    await page.locator('[data-testid=review-reasons]').fill('來源合法，場景在授權用途內，定價依據為成本加成，僅按鍵返回結果列。');
    await walk.screenshot('authority-review');
    await page.locator('[data-testid=review-submit]').click();
    await page.locator('[data-testid=review-results]').waitFor();
    await page.locator('[data-testid=product-state]').getByText('已發佈').waitFor();
    await walk.screenshot('authority-approved');

    // the model: the authority reads its inspection record in the review panel before approving it
    await walk.go('/products');
    await page.locator(`[data-testid=products-pending] [data-testid=open-product-${model.body.id}]`).click();
    await page.locator('[data-testid=review-panel] [data-testid=model-inspection]').waitFor();
    expect(await page.locator('[data-testid=review-panel] [data-testid=model-training-data]').textContent()).toContain('capital_indicator');
    expect(await page.locator('[data-testid=review-panel] [data-testid=model-raw-rows]').textContent()).toContain('不能復現原始數據行');
    await page.locator('[data-testid=review-check-all]').click();
    await walk.screenshot('authority-model-review', { fullPage: true });
    await page.locator('[data-testid=review-submit]').click();
    await page.locator('[data-testid=product-state]').getByText('已發佈').waitFor();
    // published: one model publication metered for the bank, on its invoice of the month (Beijing time)
    const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date());
    const invoice = await bank.get(`/api/v1/invoices/${month}`);
    expect(invoice.body.document.lines.filter((l: { kind: string }) => l.kind === 'model_publication')).toMatchObject([{ quantity: '1' }]);

    // 3. the bank issues the consumer a key bound to the approved scenario, with a daily quota of 2; it is shown once
    await walk.signIn('bank.developer');
    await walk.go(`/products/${filed.id}`);
    await page.locator('[data-testid=tab-keys]').click();
    await page.locator('[data-testid=issue-key]').waitFor();
    await page.locator('input[data-testid=key-quota], [data-testid=key-quota] input').first().fill('2');
    await page.locator('[data-testid=issue-key]').getByText('深南消費金融科技有限公司').waitFor(); // the one consumer, preselected
    await page.locator('[data-testid=key-issue]').click();
    await page.locator('[data-testid=issued-key]').waitFor();
    const key = (await page.locator('[data-testid=issued-key]').innerText()).trim();
    expect(key).toMatch(/^spk_/);
    await page.locator('[data-testid=keys-table]').getByText(`${key.slice(0, 10)}…`).waitFor(); // the key's prefix tells it apart
    expect(await page.locator('[data-testid=keys-table]').textContent()).not.toContain(key);
    await walk.screenshot('bank-key-issued');

    // 4. the consumer finds the product among those it can use and calls it in the try-it panel
    await walk.signIn('consumer.developer');
    await walk.go('/products');
    await page.locator(`[data-testid=products-usable] [data-testid=try-product-${filed.id}]`).waitFor();
    await page.locator('[data-testid=products-usable]').getByText(`${key.slice(0, 10)}…`).waitFor();
    await walk.screenshot('consumer-usable-products');
    await page.locator(`[data-testid=products-usable] [data-testid=try-product-${filed.id}]`).click();
    await page.locator('[data-testid=try-it]').waitFor();
    await page.locator('[data-testid=try-key]').fill(key);
    await page.locator('[data-testid=try-key-match]').getByText(SCENARIO).waitFor(); // one of the consumer's keys, by its prefix
    await page.locator('[data-testid=try-lookup]').fill(enterprises[0]!.uscc);
    await page.locator('[data-testid=try-call]').click();
    await page.locator('[data-testid=try-result]').waitFor();
    expect(await page.locator('[data-testid=try-result]').textContent()).toContain('製造業');
    await walk.screenshot('consumer-answer');

    // 5. another scenario is refused, then the daily quota of 2 runs out
    await page.locator('[data-testid=try-scenario] input').fill('marketing.ads');
    await page.locator('[data-testid=try-lookup]').fill(enterprises[1]!.uscc);
    await page.locator('[data-testid=try-call]').click();
    await page.locator('[data-testid=try-refusal]').waitFor();
    expect(await page.locator('[data-testid=try-refusal]').textContent()).toContain('PRODUCT_SCENARIO_NOT_APPROVED');
    await walk.screenshot('consumer-refused-scenario');
    await page.locator('[data-testid=try-scenario] input').fill(SCENARIO);
    await page.locator('[data-testid=try-lookup]').click(); // closes the scenario suggestions
    await page.locator('[data-testid=try-call]').click();
    await page.locator('[data-testid=try-result]').waitFor();
    await page.locator('[data-testid=try-lookup]').fill(enterprises[2]!.uscc);
    await page.locator('[data-testid=try-call]').click();
    await page.locator('[data-testid=try-refusal]').waitFor();
    expect(await page.locator('[data-testid=try-refusal]').textContent()).toContain('PRODUCT_QUOTA_EXHAUSTED');
    await walk.screenshot('consumer-refused-quota');

    // 6. the metered calls show on the consumer's key (metering is batched: a second or two)
    await page.locator('[data-testid=tab-keys]').click();
    await expect
      .poll(
        async () => {
          await page.locator('[data-testid=keys-refresh]').click();
          await page.waitForTimeout(500);
          return page.locator('[data-testid=keys-table]').textContent();
        },
        { timeout: 15_000, interval: 1_000 },
      )
      .toContain('2/2');
    await walk.screenshot('consumer-usage');
    await page.getByRole('button', { name: 'English' }).click(); // the same page in English
    await page.getByText("Our organization's keys and usage").waitFor();
    await page.locator('[data-testid=keys-table]').getByText('2/2').waitFor();
    await walk.screenshot('consumer-usage-en');
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByText('本單位的密鑰與用量').waitFor();

    // 7. the bank's cost accounting: revenue from the metered calls, the price against the cap, the ±10% rule
    await walk.signIn('bank.developer');
    await walk.go(`/products/${filed.id}`);
    await page.locator('[data-testid=tab-cost]').click();
    await page.locator('[data-testid=cost-amount-0]').fill('0.20');
    await page.locator('[data-testid=cost-treasury]').fill('2.35');
    await page.locator('[data-testid=cost-submit]').click();
    await page.locator('[data-testid=cost-result]').waitFor();
    expect(await page.locator('[data-testid=cost-deviation-flag]').textContent()).toContain('±10%');
    await walk.screenshot('bank-cost-account');
  });
});
