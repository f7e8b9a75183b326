import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../../test/support/test-platform.ts';
import { CHROMIUM, launchChromium, SCREENSHOTS } from './browser.ts';

// CI installs Chromium; on a developer machine without it the browser test says so and is skipped.
describe.runIf(existsSync(CHROMIUM) || process.env.CI)('the portal in Chromium', () => {
  let platform: TestPlatform;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  beforeAll(async () => {
    platform = await startTestPlatform();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.cleanup();
    await platform?.close();
  });

  it('a newcomer picks a demo user on the local identity provider, logs in, and sees their organization in Chinese, then English', async () => {
    const page = await browser.newPage();
    await page.goto(platform.url);
    await page.getByText('統一身份認證登錄').click();
    await page.waitForSelector('#login-form');
    await page.screenshot({ path: path.join(SCREENSHOTS, '01-identity-provider-login.png') });
    await page.locator('button[data-username="bank.developer"]').click();
    await page.locator('input[name="password"]').fill(platform.config.demoPassword);
    await page.locator('#login-form button[type="submit"]').click();
    await page.getByText('歡迎，孫風控').waitFor();
    expect(await page.getByText('鵬城普惠銀行股份有限公司').isVisible()).toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOTS, '02-portal-signed-in-zh.png') });

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByText('Pengcheng Inclusive Bank Co., Ltd.').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, '03-portal-signed-in-en.png') });

    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByText('Log in with unified identity').waitFor();
  });
});
