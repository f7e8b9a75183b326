import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUscc } from '@shuyun/core';
import { publishResource } from '../../../test/support/granted-enterprises.ts';
import { type ApiClient, startTestPlatform, type TestPlatform } from '../../../test/support/test-platform.ts';
import { CHROMIUM, launchChromium } from './browser.ts';
import { fillCapitalIndicatorFiling, type PortalWalk, walkPortal } from './portal.ts';

// The platform's core loop as the people who walk it see it, in Chromium at 1366×768 and in Chinese:
// the bank applies through the form; the operator, the authority and the market regulator approve in their queues;
// every party signs the agreements; the bank queries the masked twin and the real data, writes a job that the
// operator and the authority approve, and runs it; it requests an export of one result, which two reviewers of the
// authority release, and downloads it once; it files the other result as a product, the authority approves it, the
// bank issues a key and the consumer calls the product's API; the regulator sees it all on the dashboard and in the
// ledger. Only the set-up (a published catalog, the bank's admission) goes through the API.

const industries = [...Array(30).fill('製造業'), ...Array(27).fill('批發零售'), ...Array(3).fill('金融科技')] as string[];
const csv =
  ['uscc,legal_rep_mobile,industry,capital', ...industries.map((industry, i) => `${makeUscc('9', '1', '440304', String(20_000_000 + i * 7))},1380013${String(1000 + i).padStart(4, '0')},${industry},${100 + i}`)].join('\n') + '\n';

const resource = {
  code: 'SCJG-ENTERPRISES',
  nameZh: '企業登記信息',
  nameEn: 'Enterprise registrations',
  descriptionZh: '福田區商事主體的登記信息：統一社會信用代碼、法定代表人聯繫電話、行業、註冊資本。',
  category: ['經濟建設', '市場監管', '商事登記'],
  openness: 'conditional',
  updateFrequency: 'daily',
  subjectKey: 'uscc',
  subjectKind: 'enterprise',
  fields: [
    { name: 'uscc', type: 'string', role: 'direct_identifier', grade: 'general_2', piiType: 'uscc' },
    { name: 'legal_rep_mobile', type: 'string', role: 'direct_identifier', grade: 'general_3', piiType: 'mobile' },
    { name: 'industry', type: 'string', role: 'quasi_identifier', grade: 'general_1' },
    { name: 'capital', type: 'decimal', role: 'other', grade: 'general_1' },
  ],
};

describe.runIf(existsSync(CHROMIUM) || process.env.CI)('the core loop in the portal', () => {
  let platform: TestPlatform;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  let bank: ApiClient;
  let grantId: string;
  let productId: string;
  const clients: Record<string, ApiClient> = {};
  const orgOf: Record<string, string> = {};
  let walk: PortalWalk;


  /** The product's source: the result table holding the per-enterprise indicator. */
  const choosePfSource = async (table: string) => {
    const select = page.locator('.ant-select:has([data-testid=pf-result-table]), .ant-select[data-testid=pf-result-table]').first();
    await select.click();
    const list = await select.locator('input').first().getAttribute('aria-controls');
    await page.locator(`.ant-select-dropdown:has([id="${list}"]) .ant-select-item-option[title*="· ${table} ·"]`).click();
    await expect.poll(() => page.locator('[data-testid=pf-source]').textContent()).toContain('uscc'); // the lookup column follows the table
  };

  beforeAll(async () => {
    platform = await startTestPlatform();
    browser = await launchChromium();
    page = await browser.newPage();
    walk = walkPortal(page, platform, 'loop');
    page.setDefaultTimeout(60_000); // the machine may be shared: give a slow page a minute
    const market = await platform.loginAs('scjg.steward');
    const authority = await platform.loginAs('authority.reviewer');
    const operator = await platform.loginAs('operator.admin');
    bank = await platform.loginAs('bank.developer');
    for (const [name, client] of Object.entries({ market, authority, operator, bank })) {
      orgOf[name] = (await client.get('/api/v1/me')).body.organization.id;
      clients[name] = client;
    }

    // the market regulator's resource is catalogued and published
    await publishResource(market, authority, resource, csv);

    // the bank is admitted as a partner of the operator
    const admission = await bank.post('/api/v1/admissions', {
      operatorOrgId: orgOf.operator,
      qualifications: { businessScope: '小微企業信貸', dataSecurityMeasures: '等保三級，數據安全管理制度', contactName: '孫風控', contactPhone: '13800000000' },
    });
    expect(admission.status).toBe(201);
    expect((await operator.post(`/api/v1/admissions/${admission.body.id}/decision`, { decision: 'admit' })).body.state).toBe('admitted');
  });
  afterAll(async () => {
    await browser?.cleanup();
    await platform?.close();
  });

  it('the bank applies, three reviewers approve, every party signs, and the bank queries the twin and the real data', { timeout: 300_000 }, async () => {
    // 1. the bank browses the catalog and applies through the form
    await walk.signIn('bank.developer');
    await walk.screenshot('bank-home');
    await walk.go('/catalog');
    await page.getByRole('link', { name: 'SCJG-ENTERPRISES' }).click();
    await page.getByText('企業登記信息').first().waitFor();
    await page.getByText('legal_rep_mobile').first().waitFor();
    await walk.screenshot('catalog-resource-detail');
    await page.getByRole('button', { name: '申請使用' }).click();
    await page.locator('[data-testid=apply-title]').fill('小微企業信貸風控分析');
    await page.locator('[data-testid=field-SCJG-ENTERPRISES-legal_rep_mobile]').click(); // not needed: leave the mobile out
    await page.locator('[data-testid=apply-purpose]').fill('inclusive-finance.credit');
    await page.locator('[data-testid=apply-description]').fill('按行業統計企業數量與註冊資本，用於小微企業信貸風險評估。');
    await page.getByText('審核作業').click();
    await page.getByText('數據出域').click();
    await page.getByText('產品接口').click();
    await walk.screenshot('apply-form');
    await page.locator('[data-testid=apply-submit]').click();
    await page.getByText('SQ-').first().waitFor();
    await page.getByText(/剩餘 \d+ 個工作日/).first().waitFor();
    await walk.screenshot('application-submitted-operator-review');
    const application = (await bank.get('/api/v1/applications')).body.items[0] as { id: string; number: string; requested: { resources: { fields: string[] }[] } };
    expect(application.requested.resources[0]!.fields.sort()).toEqual(['capital', 'industry', 'uscc']);

    // 2. the operator, the authority (with a threshold of 5 enterprises and an ε budget) and the department approve in their queues
    const approveInQueue = async (username: string, label: string, extra?: () => Promise<void>) => {
      await walk.signIn(username);
      await walk.go('/reviews');
      await page.locator(`[data-testid="open-${application.number}"]`).waitFor();
      await walk.screenshot(`${label}-queue`);
      await page.locator(`[data-testid="open-${application.number}"]`).click();
      await page.locator('[data-testid=decision-submit]').waitFor();
      await extra?.();
      await walk.screenshot(`${label}-decision`);
      await page.locator('[data-testid=decision-submit]').click();
      await page.locator('[data-testid=decision-submit]').waitFor({ state: 'detached' });
      await walk.screenshot(`${label}-decided`);
    };
    await approveInQueue('operator.admin', 'operator');
    expect((await bank.get(`/api/v1/applications/${application.id}`)).body.state).toBe('authority_evaluation');
    await approveInQueue('authority.reviewer', 'authority', async () => {
      await page.locator('[data-testid=min-subjects] input').fill('5');
      await page.locator('[data-testid=epsilon-budget] input').fill('3');
    });
    expect((await bank.get(`/api/v1/applications/${application.id}`)).body).toMatchObject({ state: 'source_confirmation', controls: { minSubjects: 5, epsilonBudget: 3 } });
    await approveInQueue('scjg.steward', 'department');
    expect((await bank.get(`/api/v1/applications/${application.id}`)).body.state).toBe('approved');

    // 3. every party signs each agreement it is party to: the service agreement (four parties) and the platform service agreement
    const agreements = (await bank.get('/api/v1/agreements')).body.items as { id: string; kind: string; signerOrgIds: string[] }[];
    expect(agreements.map((a) => a.kind).sort()).toEqual(['platform_service_agreement', 'service_agreement']);
    for (const [username, org] of [
      ['bank.developer', orgOf.bank],
      ['operator.admin', orgOf.operator],
      ['authority.reviewer', orgOf.authority],
      ['scjg.steward', orgOf.market],
    ] as const) {
      await walk.signIn(username);
      await walk.go('/agreements');
      await page.getByText('待我簽署').first().waitFor();
      await walk.screenshot(`${username.split('.')[0]}-agreements`);
      for (const agreement of agreements.filter((a) => a.signerOrgIds.includes(org!))) {
        await walk.go(`/agreements/${agreement.id}`);
        await page.locator('[data-testid=sign]').click();
        await page.locator('.ant-popconfirm').getByRole('button', { name: '確認' }).click();
        await page.locator('[data-testid=sign]').waitFor({ state: 'detached' });
        await page.getByText('驗簽通過').first().waitFor();
        await walk.screenshot(`${username.split('.')[0]}-signed-${agreement.kind}`);
      }
    }
    const signed = (await bank.get('/api/v1/agreements')).body.items as { state: string; signatures: { verified: boolean }[] }[];
    expect(signed.map((a) => a.state)).toEqual(['in_force', 'in_force']);
    expect(signed.flatMap((a) => a.signatures).every((s) => s.verified)).toBe(true);

    // 4. the bank sees its grant and its policy, explores the masked twin, then runs governed queries on the real data
    await walk.signIn('bank.developer');
    await walk.go('/grants');
    await page.locator('[data-testid=open-grant]').first().click();
    await page.getByText('僅作連接鍵').first().waitFor(); // the identifier may be used only to join
    await walk.screenshot('bank-grant-policy');

    await page.getByRole('tab', { name: /開發環境/ }).click();
    await page.locator('[data-testid=dev] textarea').fill('SELECT uscc, industry, capital FROM scjg_enterprises ORDER BY capital LIMIT 10');
    await page.locator('[data-testid=dev-run]').click();
    await page.locator('[data-testid=dev-result]').waitFor();
    expect(await page.locator('[data-testid=dev-result]').getByText('已脫敏').isVisible()).toBe(true);
    expect(await page.locator('[data-testid=dev-result]').textContent()).toContain('*'); // masked identifiers
    await walk.screenshot('bank-dev-workspace');

    await page.getByRole('tab', { name: /生產環境/ }).click();
    await page.locator('[data-testid=prod] textarea').fill('SELECT industry, count(*) AS enterprises, sum(capital) AS capital FROM scjg_enterprises GROUP BY industry ORDER BY industry');
    await page.locator('[data-testid=prod-run]').click();
    await page.locator('[data-testid=prod-result]').waitFor();
    await page.getByText('1 行因主體數少於 5 被隱藏').waitFor(); // 金融科技 has only 3 enterprises
    const released = await page.locator('[data-testid=prod-result]').textContent();
    expect(released).toContain('製造業');
    expect(released).not.toContain('金融科技');
    await walk.screenshot('bank-governed-query');

    await page.locator('[data-testid=prod] textarea').fill('SELECT uscc FROM scjg_enterprises');
    await page.locator('[data-testid=prod-run]').click();
    await page.locator('[data-testid=refusal]').waitFor();
    expect(await page.locator('[data-testid=refusal]').textContent()).toContain('GOVERNED_COLUMN_CONTROL');
    await walk.screenshot('bank-governed-query-refused');

    await page.getByRole('tab', { name: '查詢記錄' }).click();
    await page.locator('td code', { hasText: 'GOVERNED_COLUMN_CONTROL' }).first().waitFor();
    await walk.screenshot('bank-query-record');

    // the same record in English: the refusal title comes from the API in the user's language
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('tab', { name: 'Query record' }).waitFor();
    await walk.screenshot('bank-query-record-en');
    await page.getByRole('button', { name: '中文' }).click();
    grantId = /#\/grants\/([0-9a-f-]{36})/.exec(page.url())![1]!;
  });

  it('the bank writes a job on the twin; the operator and the authority approve its exact text; it runs on the real data', { timeout: 300_000 }, async () => {
    await walk.go(`/grants/${grantId}/jobs`);
    const editor = page.locator('[data-testid=job-editor]');
    await editor.locator('[data-testid=job-name]').fill('industry_and_indicator');
    await editor.locator('[data-testid=job-output-0]').fill('industry_capital');
    await editor.locator('[data-testid=job-sql-0]').fill("SELECT industry, count(*) AS enterprises, sum(capital) AS capital FROM scjg_enterprises WHERE industry <> '金融科技' GROUP BY industry");
    await editor.locator('[data-testid=job-add-statement]').click();
    await editor.locator('[data-testid=job-output-1]').fill('capital_indicator');
    await editor.locator('[data-testid=job-sql-1]').fill('SELECT uscc, capital, industry FROM scjg_enterprises');
    await editor.locator('[data-testid=job-save]').click();
    await page.locator('[data-testid=job-dev-run-industry_and_indicator]').click();
    await page.locator('[data-testid=job-submit-industry_and_indicator]').click();
    await page.locator('tr', { hasText: 'industry_and_indicator' }).getByText('待審核').first().waitFor();
    await walk.screenshot('bank-job-submitted');

    const job = ((await bank.get(`/api/v1/grants/${grantId}/jobs`)).body.items as { id: string; reviewerOrgIds: string[] }[])[0]!;
    const reviewerOf: Record<string, string> = { [orgOf.operator!]: 'operator.admin', [orgOf.authority!]: 'authority.reviewer', [orgOf.market!]: 'scjg.steward' };
    expect(job.reviewerOrgIds.length).toBeGreaterThan(0);
    for (const org of job.reviewerOrgIds) {
      await walk.signIn(reviewerOf[org]!);
      await walk.go('/reviews');
      await page.locator('[data-testid=job-approve-industry_and_indicator]').waitFor();
      await walk.screenshot(`${reviewerOf[org]!.split('.')[0]}-job-review`);
      await page.locator('[data-testid=job-approve-industry_and_indicator]').click();
      await page.locator('[data-testid=job-approve-industry_and_indicator]').waitFor({ state: 'detached' });
    }

    await walk.signIn('bank.developer');
    await walk.go(`/grants/${grantId}/jobs`);
    await page.locator('[data-testid=job-run-industry_and_indicator]').click();
    await page.locator('tr', { hasText: 'industry_and_indicator' }).getByText('已完成').first().waitFor();
    await page.locator('tr.ant-table-row', { hasText: 'industry_and_indicator' }).locator('.ant-table-row-expand-icon').click();
    await page.locator('[data-testid=request-export-industry_capital]').waitFor();
    await walk.screenshot('bank-job-results');
  });

  it('the bank requests an export of one result; two distinct reviewers of the authority release it; the bank downloads it once', { timeout: 300_000 }, async () => {
    await page.locator('[data-testid=request-export-industry_capital]').click();
    await page.locator('[data-testid=export-form]').waitFor();
    await page.locator('[data-testid=export-purpose]').fill('分行業企業數量與註冊資本，用於授信政策研究報告');
    await walk.pick('export-subject-count', 'enterprises');
    await walk.pick('export-measures', 'capital');
    await walk.screenshot('bank-export-request', { fullPage: true });
    await page.locator('[data-testid=export-submit]').click();
    await page.locator('[data-testid=export-state][data-state=awaiting_review]').waitFor();
    const exportId = /#\/exports\/([0-9a-f-]{36})/.exec(page.url())![1]!;
    await walk.screenshot('bank-export-awaiting-review');

    for (const reviewer of ['authority.reviewer', 'authority.reviewer2']) {
      await walk.signIn(reviewer);
      await walk.go('/exports');
      await page.locator(`[data-testid=export-queue] [data-testid=open-export-${exportId}]`).click();
      await page.locator('[data-testid=export-checks]').waitFor();
      await page.locator('[data-testid=export-reasons]').fill('自動檢查均通過：無個人信息，各組企業數達到門檻，用途與授權場景一致。');
      await walk.screenshot(`${reviewer.replace('.', '-')}-export-review`);
      await page.locator('[data-testid=export-approve]').click();
      await page.locator('[data-testid=export-four-eyes]').getByText(reviewer === 'authority.reviewer' ? '1' : '2').first().waitFor();
    }
    await page.locator('[data-testid=export-state][data-state=approved]').waitFor();
    await walk.screenshot('export-released');

    await walk.signIn('bank.developer');
    await walk.go(`/exports/${exportId}`);
    await page.locator('[data-testid=export-create-link]').click();
    await page.locator('[data-testid=export-link-ready]').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid=export-download]').click()]);
    const released = (await bank.get(`/api/v1/exports/${exportId}`)).body as { releaseSha256: string };
    expect(createHash('sha256').update(readFileSync(await download.path())).digest('hex')).toBe(released.releaseSha256);
    await page.locator('[data-testid=export-link-used]').waitFor();
    await walk.screenshot('bank-export-downloaded');
  });

  it('the bank files the indicator as a product; the authority approves it; the bank issues a key; the consumer calls the API', { timeout: 300_000 }, async () => {
    await walk.go('/products');
    await fillCapitalIndicatorFiling(page);
    await choosePfSource('capital_indicator');
    await walk.screenshot('bank-product-filing', { fullPage: true });
    await page.locator('[data-testid=pf-submit]').click();
    await page.locator('[data-testid=product-state]').getByText('待審核').waitFor();
    productId = /#\/products\/([0-9a-f-]{36})/.exec(page.url())?.[1] ?? ((await bank.get('/api/v1/products')).body.items[0].id as string);

    await walk.signIn('authority.reviewer');
    await walk.go('/products');
    await page.locator(`[data-testid=products-pending] [data-testid=open-product-${productId}]`).click();
    await page.locator('[data-testid=review-check-all]').click();
    await page.locator('[data-testid=review-reasons]').fill('來源合法，場景在授權用途內，定價依據為成本加成，僅按鍵返回結果列。');
    await walk.screenshot('authority-product-review');
    await page.locator('[data-testid=review-submit]').click();
    await page.locator('[data-testid=product-state]').getByText('已發佈').waitFor();
    await walk.screenshot('authority-product-published');

    await walk.signIn('bank.developer');
    await walk.go(`/products/${productId}`);
    await page.locator('[data-testid=tab-keys]').click();
    await page.locator('[data-testid=key-issue]').click();
    await page.locator('[data-testid=issued-key]').waitFor();
    const key = (await page.locator('[data-testid=issued-key]').innerText()).trim();
    await walk.screenshot('bank-key-issued');

    await walk.signIn('consumer.developer');
    await walk.go('/products');
    await page.locator(`[data-testid=products-usable] [data-testid=try-product-${productId}]`).click();
    await page.locator('[data-testid=try-key]').fill(key);
    const [first] = csv.split('\n')[1]!.split(',');
    await page.locator('[data-testid=try-lookup]').fill(first!);
    await page.locator('[data-testid=try-call]').click();
    await page.locator('[data-testid=try-result]').waitFor();
    expect(await page.locator('[data-testid=try-result]').textContent()).toContain('製造業');
    await walk.screenshot('consumer-api-answer');
  });

  it('the regulator sees the loop on its dashboards, verifies a ledger entry in the browser and traces the grant', { timeout: 300_000 }, async () => {
    await platform.ledger.sync({ forceCheckpoint: true });
    await walk.signIn('regulator.viewer');
    await walk.go('/dashboard');
    await page.locator('[data-testid=chart-applications][data-empty=false]').waitFor();
    await page.locator('[data-testid=chart-exports][data-empty=false]').waitFor();
    await walk.screenshot('regulator-dashboard', { fullPage: true });

    await walk.go(`/ledger/lineage?type=grant&id=${grantId}`);
    await page.locator('[data-testid=lineage-graph] canvas').first().waitFor();
    await walk.screenshot('regulator-grant-lineage');
    await walk.go('/ledger');
    await page.locator('[data-testid^=entry-link-]').first().waitFor();
    const listed = await page.locator('[data-testid^=entry-link-]').evaluateAll((links) => links.map((a) => Number(a.getAttribute('data-testid')!.slice('entry-link-'.length))));
    const { checkpointSize } = await platform.ledger.sync({ forceCheckpoint: true });
    const covered = listed.find((seq) => seq < checkpointSize!)!;
    await page.locator(`[data-testid=entry-link-${covered}]`).click();
    await page.locator('[data-testid=verify-result][data-verified=true]').waitFor();
    await walk.screenshot('regulator-entry-verified');
  });
});
