import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = path.resolve(import.meta.dirname, '../../../test-results/screenshots');

/** Debian's Chromium, headless, with the flags that work on these machines and a fresh profile. */
export async function launchChromium(): Promise<Browser & { cleanup(): Promise<void> }> {
  const profile = mkdtempSync(path.join(tmpdir(), 'shuyun-chromium-'));
  mkdirSync(SCREENSHOTS, { recursive: true });
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1366, height: 768 },
    locale: 'zh-CN',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const browser = context.browser() as Browser | null;
  return Object.assign(browser ?? ({} as Browser), {
    newPage: () => context.newPage(),
    async cleanup() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  }) as Browser & { cleanup(): Promise<void> };
}
