import path from 'node:path';
import type { Page } from 'playwright-core';
import type { TestPlatform } from '../../../test/support/test-platform.ts';
import { SCREENSHOTS } from './browser.ts';

/** How an end-to-end test walks the portal: as a person would, one page, numbered screenshots. */
export interface PortalWalk {
  /** Signs in through the local identity provider's chooser; a fresh cookie jar so the provider asks again. */
  signIn(username: string): Promise<void>;
  /** Goes to a hash route (`/exports/…`) without reloading the portal. */
  go(hash: string): Promise<void>;
  /** Opens an antd Select (by its data-testid or its wrapper's) and picks the option whose title starts with `title`. */
  pick(testId: string, title: string): Promise<void>;
  /** `<prefix>-NN-<name>.png` in test-results/screenshots, once antd's transitions have settled. */
  screenshot(name: string, opts?: { fullPage?: boolean }): Promise<void>;
}

export function walkPortal(page: Page, platform: TestPlatform, prefix: string): PortalWalk {
  let shot = 0;
  return {
    async signIn(username) {
      await page.context().clearCookies();
      await page.goto(platform.url);
      await page.getByText('統一身份認證登錄').click();
      await page.waitForSelector('#login-form');
      await page.locator(`button[data-username="${username}"]`).click();
      await page.locator('input[name="password"]').fill(platform.config.demoPassword);
      await page.locator('#login-form button[type="submit"]').click();
      await page.getByText('歡迎，').waitFor();
    },
    async go(hash) {
      await page.evaluate((h) => {
        window.location.hash = h;
      }, hash);
    },
    async pick(testId, title) {
      await page.locator(`.ant-select[data-testid=${testId}], [data-testid=${testId}] .ant-select`).first().click();
      const list = await page.locator(`[data-testid=${testId}] input`).first().getAttribute('aria-controls');
      const dropdown = page.locator(`.ant-select-dropdown:has([id="${list}"])`);
      await dropdown.locator(`.ant-select-item-option[title^="${title}"]`).click();
      await page.keyboard.press('Escape');
      // closed before the next step: a dropdown fading out over a neighbouring control would take its click
      await dropdown.waitFor({ state: 'hidden' });
    },
    async screenshot(name, opts = {}) {
      await page.waitForTimeout(300);
      await page.screenshot({ path: path.join(SCREENSHOTS, `${prefix}-${String(++shot).padStart(2, '0')}-${name}.png`), ...opts });
    },
  };
}

/**
 * Opens the filing form on the products page and fills in the bank's capital indicator (kind, names, description,
 * scope, manner, pricing basis and price); the source, the screenshot and the submit are the caller's.
 */
export async function fillCapitalIndicatorFiling(page: Page): Promise<void> {
  await page.locator('[data-testid=file-product]').click();
  await page.locator('[data-testid=filing-form]').waitFor();
  await page.locator('[data-testid=pf-kind]').getByText('數據指標').click();
  await page.locator('[data-testid=pf-name-zh]').fill('企業註冊資本指標');
  await page.locator('[data-testid=pf-name-en]').fill('Enterprise registered capital indicator');
  await page.locator('[data-testid=pf-description]').fill('按統一社會信用代碼查詢企業註冊資本與行業，服務普惠金融授信');
  await page.locator('[data-testid=pf-scope]').fill('福田區登記企業');
  await page.locator('[data-testid=pf-manner]').fill('接口按代碼逐條查詢，不得批量導出');
  await page.locator('[data-testid=pf-pricing-basis]').fill('成本加成（運營成本 + 準許利潤）');
  await page.locator('[data-testid=pf-price]').fill('0.10');
}
