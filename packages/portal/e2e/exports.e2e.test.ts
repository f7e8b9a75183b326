import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runApprovedJob } from '../../../test/support/approved-jobs.ts';
import { grantEnterprisesToOperator } from '../../../test/support/granted-enterprises.ts';
import { type ApiClient, startTestPlatform, type TestPlatform } from '../../../test/support/test-platform.ts';
import { CHROMIUM, launchChromium } from './browser.ts';
import { type PortalWalk, walkPortal } from './portal.ts';

// Issue 7/8 in the portal: results leave the domain only through export review. The operator holds a grant with the
// export mode and two results of approved jobs (set up through the API). In Chromium, in Chinese, at 1366×768: the
// operator requests the export of a clean result; authority.reviewer approves, is refused a second approval, and
// authority.reviewer2 approves (four eyes); the operator creates the single-use link, downloads the released file
// once and is refused the second time. A result carrying a raw identifier (a mobile number) is requested from the
// job's result table and is blocked by the PII check. The regulator reads the list, and one request in English.

describe.runIf(existsSync(CHROMIUM) || process.env.CI)('export review in the portal', () => {
  let platform: TestPlatform;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  let operator: ApiClient;
  let authority: ApiClient;
  let grantId: string;
  let walk: PortalWalk;


  /** An approved job's result table on real data, from one SELECT. */
  async function resultOf(name: string, sql: string): Promise<string> {
    return (await runApprovedJob(operator, [authority], grantId, name, [{ output: name, sql }])).results[0]!.id;
  }

  beforeAll(async () => {
    platform = await startTestPlatform();
    ({ authority, operator, grantId } = await grantEnterprisesToOperator(platform, {
      scenario: { kind: 'public_interest', purpose: 'public-governance.industry', description: '按行業統計企業，形成產業分析報告' },
      modes: ['approved_job', 'export'],
    }));
    // a clean scenario table (each enterprise's capital under 20 growth steps) and one that carries a raw mobile number
    const [launched] = await Promise.all([
      launchChromium(),
      resultOf('capital_rows', "SELECT industry, capital * (100 + g.step) AS capital FROM scjg_enterprises, range(20) AS g(step) WHERE industry <> '金融科技'"),
      resultOf('with_contact', "SELECT industry, count(*) AS enterprises, min(legal_rep_mobile) AS contact FROM scjg_enterprises WHERE industry <> '金融科技' GROUP BY industry"),
    ]);
    browser = launched;
    page = await browser.newPage();
    walk = walkPortal(page, platform, 'exports');
    page.setDefaultTimeout(60_000); // the machine may be shared: give a slow page a minute, not half

  }, 120_000);
  afterAll(async () => {
    await browser?.cleanup();
    await platform?.close();
  });

  it('request, two distinct reviewers, a single-use download; a blocked export shows its blocking check', { timeout: 300_000 }, async () => {
    // 1. the operator requests the export of the clean result through the form
    await walk.signIn('operator.admin');
    await walk.go('/exports');
    await page.getByText('暫無出域申請').waitFor();
    await walk.screenshot('operator-empty-list');
    await page.locator('[data-testid=new-export]').click();
    await page.locator('[data-testid=export-form]').waitFor();
    await walk.pick('export-result', 'capital_rows');
    await page.locator('[data-testid=export-purpose]').fill('註冊資本分佈研究：向區發改局提供分行業的註冊資本情景表');
    await walk.pick('export-quasi', 'industry');
    await walk.pick('export-measures', 'capital');
    await walk.screenshot('operator-request-form', { fullPage: true });
    await page.locator('[data-testid=export-submit]').click();
    await page.locator('[data-testid=export-state][data-state=awaiting_review]').waitFor();
    await page.locator('[data-testid=check-pii_values][data-status=passed]').waitFor();
    expect(await page.locator('[data-testid=export-required-reviewers]').textContent()).toContain('2');
    const id = /#\/exports\/([0-9a-f-]{36})/.exec(page.url())![1]!;
    await walk.screenshot('operator-awaiting-review');

    // 2. authority.reviewer finds it in the queue, reads the checks and approves; a second approval of theirs is refused
    await walk.signIn('authority.reviewer');
    await walk.go('/exports');
    await page.locator(`[data-testid=export-queue] [data-testid=open-export-${id}]`).waitFor();
    await page.getByText('待您審核').first().waitFor();
    await walk.screenshot('reviewer1-queue');
    await page.locator(`[data-testid=export-queue] [data-testid=open-export-${id}]`).click();
    await page.locator('[data-testid=export-review]').waitFor();
    await page.locator('[data-testid=export-checks]').waitFor();
    await walk.screenshot('reviewer1-checks-and-decision');
    await page.locator('[data-testid=export-reasons]').fill('已核對自動檢查：無個人信息，分組均達到門檻，用途與授權場景一致。');
    await page.locator('[data-testid=export-approve]').click();
    await page.locator('[data-testid=export-second-reviewer-required]').waitFor();
    await page.locator('[data-testid=export-already-reviewed]').waitFor();
    await walk.screenshot('reviewer1-approved-second-reviewer-required');
    await page.locator('[data-testid=export-approve]').click();
    await page.locator('[data-testid=problem]').getByText('EXPORT_ALREADY_REVIEWED').waitFor();
    await walk.screenshot('reviewer1-second-approval-refused');

    // 3. authority.reviewer2, a distinct reviewer, approves: the file is released
    await walk.signIn('authority.reviewer2');
    await walk.go(`/exports/${id}`);
    await page.locator('[data-testid=export-second-reviewer-required]').waitFor();
    await walk.screenshot('reviewer2-detail');
    await page.locator('[data-testid=export-approve]').click();
    await page.locator('[data-testid=export-state][data-state=approved]').waitFor();
    await walk.screenshot('reviewer2-approved-released');
    const released = (await operator.get(`/api/v1/exports/${id}`)).body as { state: string; releaseSha256: string };
    expect(released.state).toBe('approved');

    // 4. the operator creates the single-use link and downloads the file; the same link is refused the second time
    await walk.signIn('operator.admin');
    await walk.go(`/exports/${id}`);
    await page.locator('[data-testid=export-create-link]').click();
    await page.locator('[data-testid=export-link-ready]').waitFor();
    await walk.screenshot('operator-link-created');
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid=export-download]').click()]);
    const file = await download.path();
    expect(createHash('sha256').update(readFileSync(file)).digest('hex')).toBe(released.releaseSha256);
    await page.locator('[data-testid=export-link-used]').waitFor();
    await page.locator('[data-testid=export-try-again]').click();
    await page.locator('[data-testid=problem]').getByText('EXPORT_LINK_INVALID').waitFor();
    await walk.screenshot('operator-downloaded-link-spent');

    // 5. the result with a raw mobile number, requested from the job's result table, is blocked by the PII check
    await walk.go(`/grants/${grantId}/jobs`);
    const row = page.locator('tr.ant-table-row', { hasText: 'with_contact' });
    await row.locator('.ant-table-row-expand-icon').click();
    await page.locator('[data-testid=request-export-with_contact]').click();
    await page.locator('[data-testid=export-form]').waitFor();
    await page.locator('[data-testid=export-purpose]').fill('產業分析報告附表');
    await walk.pick('export-subject-count', 'enterprises');
    await walk.screenshot('operator-request-from-job', { fullPage: true });
    await page.locator('[data-testid=export-submit]').click();
    await page.locator('[data-testid=export-state][data-state=blocked]').waitFor();
    await page.locator('[data-testid=check-pii_values][data-status=blocked]').waitFor();
    expect(await page.locator('[data-testid=check-pii_values]').textContent()).toContain('contact');
    expect(await page.content()).not.toMatch(/1380013\d{4}/); // the finding names the column, never the value
    await walk.screenshot('operator-blocked-by-pii');

    // 6. the regulator reads both requests, and can decide on neither
    await walk.signIn('regulator.viewer');
    await walk.go('/exports');
    await page.locator(`[data-testid=open-export-${id}]`).waitFor();
    expect(await page.locator('[data-testid=exports] tr.ant-table-row').count()).toBe(2);
    await walk.screenshot('regulator-list');
    await page.locator(`[data-testid=open-export-${id}]`).click();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByText('Automated checks').first().waitFor();
    await page.getByText('Released', { exact: true }).first().waitFor();
    expect(await page.locator('[data-testid=export-review], [data-testid=export-download-panel]').count()).toBe(0);
    await walk.screenshot('regulator-detail-en');
  });
});
