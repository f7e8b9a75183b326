import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeUscc } from '@shuyun/core';
import { type ApiClient, startTestPlatform, type TestPlatform } from '../../../test/support/test-platform.ts';
import { CHROMIUM, launchChromium, SCREENSHOTS } from './browser.ts';
import { type PortalWalk, walkPortal } from './portal.ts';

// Registering a data resource as the market regulator's steward does it, in Chromium at 1366×768 and in Chinese: the
// registration form on the resources page (names, 類/項/目, openness, frequency, four fields, one of them the subject
// key, one a mobile number declared as PII), a code already in use refused in the form, then the new resource open in
// the workbench where the upload panel takes over and version 1 arrives. The authority sees no registration button;
// the steward then corrects the resource's Chinese name in the workbench's edit form.

const complaintsCsv = [
  'complaint_id,uscc,contact_mobile,received_on',
  ...Array.from({ length: 6 }, (_, i) => `TS2026${String(i + 1).padStart(4, '0')},${makeUscc('9', '1', '440304', String(40_000_000 + i * 7))},1380013${String(i).padStart(4, '0')},2026-03-0${i + 1}`),
].join('\n') + '\n';

describe.runIf(existsSync(CHROMIUM) || process.env.CI)('registering a resource in the portal', () => {
  let platform: TestPlatform;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  let market: ApiClient;
  let walk: PortalWalk;

  beforeAll(async () => {
    platform = await startTestPlatform();
    browser = await launchChromium();
    page = await browser.newPage();
    walk = walkPortal(page, platform, 'registration');
    market = await platform.loginAs('scjg.steward');
    // a resource the department registered earlier: its code is taken
    const earlier = await market.post('/api/v1/resources', {
      code: 'SCJG-COMPLAINTS',
      nameZh: '消費投訴舉報記錄（舊）',
      category: ['經濟建設'],
      openness: 'not_open',
      updateFrequency: 'irregular',
      fields: [{ name: 'id', type: 'string', role: 'other', grade: 'general_1' }],
    });
    expect(earlier.status).toBe(201);
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await page.screenshot({ path: path.join(SCREENSHOTS, `registration-failure-${ctx.task.name.slice(0, 20).replace(/\W+/g, '-')}.png`), fullPage: true });
  });
  afterAll(async () => {
    await browser?.cleanup();
    await platform?.close();
  });

  it('the steward registers a resource in the form, a taken code is refused in it, then uploads version 1', { timeout: 120_000 }, async () => {
    await walk.signIn('scjg.steward');
    await walk.go('/resources');
    await page.locator('[data-testid=resources]').getByText('SCJG-COMPLAINTS').waitFor();
    await walk.screenshot('resources-with-register-button');
    await page.locator('[data-testid=register-resource]').click();
    await page.locator('[data-testid=reg-form]').waitFor();

    // basics: the code typed in lower case becomes upper case (the code is the one already taken)
    await page.locator('[data-testid=reg-code]').fill('scjg-complaints');
    expect(await page.locator('[data-testid=reg-code]').inputValue()).toBe('SCJG-COMPLAINTS');
    await page.locator('[data-testid=reg-name-zh]').fill('消費投訴舉報記錄');
    await page.locator('[data-testid=reg-name-en]').fill('Consumer complaints and reports');
    await page.locator('[data-testid=reg-description-zh]').fill('12315 平臺受理的消費投訴與舉報：被投訴企業、聯繫手機、受理日期。');
    await page.locator('[data-testid=reg-category-0]').fill('經濟建設');
    await page.locator('[data-testid=reg-category-1]').fill('市場監管');
    await page.locator('[data-testid=reg-category-2]').fill('投訴舉報');
    await page.locator('[data-testid=reg-openness]').getByText('有條件開放').click();
    await walk.pick('reg-frequency', '每月');
    await page.locator('[data-testid=reg-publish-date]').click();
    await page.keyboard.type('2026-03-01');
    await page.keyboard.press('Enter');

    // four fields: an id with quality rules, the credit code (subject key), a mobile declared as PII, a date
    await page.locator('[data-testid=reg-field-name-0]').fill('complaint_id');
    await page.locator('[data-testid=reg-field-description-0]').fill('投訴編號');
    await page.locator('[data-testid=reg-field-nullable-0]').uncheck();
    await page.locator('[data-testid=reg-field-notnull-0]').check();
    await page.locator('[data-testid=reg-field-unique-0]').check();
    await page.locator('[data-testid=reg-field-pattern-0]').fill('^(?=TS)TS\\d{8}$'); // a lookahead: not RE2
    await page.locator('[data-testid=reg-add-field]').click();
    await page.locator('[data-testid=reg-field-name-1]').fill('uscc');
    await page.locator('[data-testid=reg-field-description-1]').fill('被投訴企業統一社會信用代碼');
    await walk.pick('reg-field-pii-1', '統一社會信用代碼');
    await walk.pick('reg-field-grade-1', '一般 2 級');
    expect(await page.locator('[data-testid=reg-field-grade-1]').textContent()).toBe('一般 2 級');
    await page.locator('[data-testid=reg-add-field]').click();
    await page.locator('[data-testid=reg-field-name-2]').fill('contact_mobile');
    await page.locator('[data-testid=reg-field-description-2]').fill('投訴人聯繫手機');
    await walk.pick('reg-field-pii-2', '手機號碼');
    await walk.pick('reg-field-grade-2', '一般 3 級');
    await page.locator('[data-testid=reg-add-field]').click();
    await page.locator('[data-testid=reg-field-name-3]').fill('received_on');
    await page.locator('[data-testid=reg-field-type-3]').click();
    const types = await page.locator('[data-testid=reg-field-type-3] input').getAttribute('aria-controls');
    await page.locator(`.ant-select-dropdown:has([id="${types}"]) .ant-select-item-option[title="日期"]`).click(); // not 日期時間
    // declaring a PII type made the field a direct identifier; the resource takes its most sensitive field's grade
    expect(await page.locator('[data-testid=reg-field-role-2]').textContent()).toContain('直接標識符');
    expect(await page.locator('[data-testid=reg-grade]').textContent()).toBe('一般 3 級');
    // the subject key is chosen among the fields; its PII type (a credit code) says it is about enterprises
    await walk.pick('reg-subject-key', 'uscc');
    expect(await page.locator('[data-testid=reg-subject-kind] .ant-radio-button-wrapper-checked').textContent()).toBe('企業');
    await page.locator('[data-testid=reg-fields]').scrollIntoViewIfNeeded();
    await walk.screenshot('fields-defined');

    // the pattern is not one the platform's engine (RE2) can run: the API refuses it at its field
    await page.locator('[data-testid=reg-submit]').click();
    await page.locator('[data-testid=problem]').getByText('RESOURCE_FIELDS_INVALID').waitFor();
    const patternItem = page.locator('.ant-form-item:has([data-testid=reg-field-pattern-0])');
    await patternItem.locator('.ant-form-item-explain-error').getByText('不是平臺可執行的正則表達式', { exact: false }).waitFor();
    await patternItem.scrollIntoViewIfNeeded();
    await walk.screenshot('pattern-refused');
    await page.locator('[data-testid=reg-field-pattern-0]').fill('^TS\\d{8}$');

    // the code is taken: the API refuses, the form says so under the code, in Chinese
    await page.locator('[data-testid=reg-submit]').click();
    await page.locator('[data-testid=problem]').getByText('RESOURCE_CODE_TAKEN').waitFor();
    const codeItem = page.locator('.ant-form-item:has([data-testid=reg-code])');
    await codeItem.locator('.ant-form-item-explain-error').getByText('數據資源代碼已被使用').waitFor();
    await walk.screenshot('code-taken-refused');

    await page.locator('[data-testid=reg-code]').fill('SCJG-COMPLAINTS-12315');
    await page.locator('[data-testid=reg-submit]').click();

    // registered: the list shows it, open in the workbench with its upload panel
    const workbench = page.locator('[data-testid=workbench-SCJG-COMPLAINTS-12315]');
    await workbench.locator('[data-testid=upload-panel]').waitFor();
    expect(await page.locator('[data-testid=resources]').textContent()).toContain('消費投訴舉報記錄');
    expect(await workbench.locator('[data-testid=pii-current-contact_mobile]').textContent()).toContain('已確認');
    const listed = (await market.get('/api/v1/resources')).body.items as { code: string; id: string }[];
    const registered = (await market.get(`/api/v1/resources/${listed.find((r) => r.code === 'SCJG-COMPLAINTS-12315')!.id}`)).body;
    expect(registered).toMatchObject({
      nameZh: '消費投訴舉報記錄',
      nameEn: 'Consumer complaints and reports',
      category: ['經濟建設', '市場監管', '投訴舉報'],
      openness: 'conditional',
      updateFrequency: 'monthly',
      format: 'table',
      publishDate: '2026-03-01',
      subjectKey: 'uscc',
      subjectKind: 'enterprise',
      grade: 'general_3',
    });
    expect(registered.fields.map((f: { name: string; type: string }) => `${f.name}:${f.type}`)).toEqual(['complaint_id:string', 'uscc:string', 'contact_mobile:string', 'received_on:date']);
    expect(registered.fields[0]).toMatchObject({ nullable: false, rules: { notNull: true, unique: true, pattern: '^TS\\d{8}$' } });
    expect(registered.fields[1]).toMatchObject({ piiType: 'uscc', piiConfirmed: true, role: 'direct_identifier', grade: 'general_2' });
    expect(registered.fields[2]).toMatchObject({ piiType: 'mobile', piiConfirmed: true, role: 'direct_identifier', grade: 'general_3' });
    await walk.screenshot('registered-open-in-workbench');

    // the upload panel takes over: a small CSV becomes version 1
    await workbench.locator('[data-testid=upload-drop] input[type=file]').setInputFiles({ name: 'complaints-2026-03.csv', mimeType: 'text/csv', buffer: Buffer.from(complaintsCsv, 'utf8') });
    await workbench.locator('[data-testid=upload-start]').click();
    await workbench.locator('[data-testid=upload-done]').waitFor();
    expect(await workbench.locator('[data-testid=upload-done]').textContent()).toContain('第 1 版已匯聚：6 行');
    await workbench.locator('[data-testid=versions] tbody').getByText('v1', { exact: true }).waitFor();
    await workbench.locator('[data-testid=quality-profile][data-version="1"]').waitFor();
    await workbench.locator('[data-testid=versions]').scrollIntoViewIfNeeded();
    await walk.screenshot('version-1-uploaded');
  });

  it('the authority, which may not register resources, sees no registration button', { timeout: 60_000 }, async () => {
    await walk.signIn('authority.reviewer');
    await walk.go('/resources');
    await page.locator('[data-testid=resources]').getByText('SCJG-COMPLAINTS-12315').waitFor();
    expect(await page.locator('[data-testid=register-resource]').count()).toBe(0);
    await page.locator('[data-testid=open-SCJG-COMPLAINTS-12315]').click();
    await page.locator('[data-testid=workbench-SCJG-COMPLAINTS-12315] [data-testid=versions]').waitFor();
    expect(await page.locator('[data-testid=edit-SCJG-COMPLAINTS-12315]').count()).toBe(0); // nor an edit button
  });

  it('the steward corrects the Chinese name of the registered resource; the list shows it', { timeout: 60_000 }, async () => {
    await walk.signIn('scjg.steward');
    const { id } = ((await market.get('/api/v1/resources')).body.items as { code: string; id: string }[]).find((r) => r.code === 'SCJG-COMPLAINTS-12315')!;
    await walk.go(`/resources/${id}`);
    await page.locator('[data-testid=edit-SCJG-COMPLAINTS-12315]').click();
    await page.locator('[data-testid=edit-form]').waitFor();
    await page.locator('[data-testid=edit-name-zh]').fill('消費投訴舉報信息');
    await page.locator('[data-testid=edit-field-description-uscc]').fill('被投訴企業的統一社會信用代碼');
    await walk.screenshot('edit-form');
    await page.locator('#edit-save').click();
    await page.locator('[data-testid=edit-form]').waitFor({ state: 'detached' });
    await page.locator('[data-testid=resources]').getByText('消費投訴舉報信息').waitFor();
    const edited = (await market.get(`/api/v1/resources/${id}`)).body;
    expect(edited).toMatchObject({ code: 'SCJG-COMPLAINTS-12315', nameZh: '消費投訴舉報信息', nameEn: 'Consumer complaints and reports', openness: 'conditional' });
    expect(edited.fields.find((f: { name: string }) => f.name === 'uscc').description).toBe('被投訴企業的統一社會信用代碼');
    await walk.screenshot('name-corrected-in-list');
  });
});
