import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '@shuyun/core';
import { detectWatermark } from '@shuyun/engine';
import { runApprovedJob } from '../../../../../test/support/approved-jobs.ts';
import { grantEnterprisesToOperator } from '../../../../../test/support/granted-enterprises.ts';
import { type ApiClient, startTestPlatform, type TestPlatform } from '../../../../../test/support/test-platform.ts';

// Art. 16, 21, 33: results leave the domain only through export review. The automated checks block a result that
// carries a raw identifier or a group below the threshold; a clean one needs two distinct reviewers of the authority
// (the data is conditional-class); the released file names its recipient in a watermark and downloads once.

describe('export review: automated checks, four eyes, a watermarked single-use release', () => {
  const clock = new FakeClock('2026-06-01T10:00:00+08:00');
  let platform: TestPlatform;
  let authority: ApiClient;
  let reviewer2: ApiClient;
  let operator: ApiClient;
  let grantId: string;

  /** An approved job's result table, from one SELECT. */
  async function resultOf(name: string, sql: string): Promise<string> {
    return (await runApprovedJob(operator, [authority], grantId, name, [{ output: name, sql }])).results[0]!.id;
  }

  beforeAll(async () => {
    platform = await startTestPlatform({ clock, env: { SHUYUN_SESSION_IDLE_MINUTES: '10000000', SHUYUN_SESSION_MAX_HOURS: '1000000' } });
    ({ authority, operator, grantId } = await grantEnterprisesToOperator(platform, {
      scenario: { kind: 'public_interest', purpose: 'public-governance.industry', description: '按行業統計企業，形成產業分析報告' },
      modes: ['approved_job', 'export'],
    }));
    reviewer2 = await platform.loginAs('authority.reviewer2');
  });
  afterAll(async () => platform?.close());

  it('a result with one group below the threshold is blocked, and no reviewer can release it', async () => {
    const resultTableId = await resultOf('by_industry', 'SELECT industry, count(*) AS enterprises FROM scjg_enterprises GROUP BY industry');
    const request = await operator.post('/api/v1/exports', { resultTableId, format: 'csv', purpose: '產業分析報告附表', subjectCountColumn: 'enterprises' });
    expect(request.body).toMatchObject({ state: 'blocked' });
    const groupSize = request.body.checks.checks.find((c: { name: string }) => c.name === 'group_size');
    expect(groupSize.passed).toBe(false);
    expect((await authority.post(`/api/v1/exports/${request.body.id}/review`, { decision: 'approve' })).body.code).toBe('EXPORT_CHECKS_FAILED');
  });

  it('a result that carries one raw identifier is blocked, and the findings name the column, never the value', async () => {
    const resultTableId = await resultOf('with_contact', "SELECT industry, count(*) AS enterprises, min(legal_rep_mobile) AS contact FROM scjg_enterprises WHERE industry <> '金融科技' GROUP BY industry");
    const request = await operator.post('/api/v1/exports', { resultTableId, format: 'csv', purpose: '產業分析報告附表', subjectCountColumn: 'enterprises' });
    expect(request.body.state).toBe('blocked');
    const pii = request.body.checks.checks.find((c: { name: string }) => c.name === 'pii_values');
    expect(pii.passed).toBe(false);
    expect(JSON.stringify(pii)).toContain('contact');
    expect(JSON.stringify(request.body)).not.toMatch(/1380013\d{4}/);
  });

  it('a clean result needs two distinct reviewers; the release names its recipient in a watermark and downloads once', async () => {
    // a scenario table for a stress test: each enterprise's capital under 20 growth steps (1,140 rows)
    const resultTableId = await resultOf('capital_rows', "SELECT industry, capital * (100 + g.step) AS capital FROM scjg_enterprises, range(20) AS g(step) WHERE industry <> '金融科技'");
    const request = await operator.post('/api/v1/exports', { resultTableId, format: 'csv', purpose: '註冊資本分佈研究', quasiIdentifiers: ['industry'], measureColumns: [{ name: 'capital', decimals: 0 }] });
    expect(request.body).toMatchObject({ state: 'awaiting_review', requiredReviewers: 2 });
    const id = request.body.id as string;
    expect((await operator.post(`/api/v1/exports/${id}/review`, { decision: 'approve' })).status).toBe(403); // never the requester
    expect((await authority.post(`/api/v1/exports/${id}/review`, { decision: 'approve' })).body.state).toBe('awaiting_review');
    expect((await authority.post(`/api/v1/exports/${id}/review`, { decision: 'approve' })).body.code).toBe('EXPORT_ALREADY_REVIEWED');
    const approved = await reviewer2.post(`/api/v1/exports/${id}/review`, { decision: 'approve' });
    expect(approved.body).toMatchObject({ state: 'approved', releaseSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect((await reviewer2.get(`/api/v1/exports/${id}`)).body.summary.length).toBeGreaterThan(0);

    const link = await operator.post(`/api/v1/exports/${id}/links`);
    expect(link.status).toBe(201);
    const first = await fetch(link.body.url);
    expect(first.status).toBe(200);
    const bytes = Buffer.from(await first.arrayBuffer());
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(approved.body.releaseSha256);
    expect((await fetch(link.body.url)).status).toBe(404); // single use

    const file = path.join(platform.config.dataDir, 'downloaded.csv');
    writeFileSync(file, bytes);
    const key = readFileSync(path.join(platform.config.ledger.keysDir, 'watermark.key'), 'utf8').trim();
    const detected = await detectWatermark(file, { key, candidates: [id, '00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002'] });
    expect(detected).toMatchObject({ found: true, recipientId: id });
  });

  it("the jobs' compute and scans and the release are metered, and the operator's month invoice lists them free of charge (public interest)", async () => {
    const invoice = await operator.get('/api/v1/invoices/2026-06');
    expect(invoice.status).toBe(200);
    const lines = invoice.body.document.lines as Array<{ kind: string; measured?: { quantity: string; records: number }; amount: string; exemption?: { reason: string } }>;
    const byKind = new Map(lines.map((l) => [l.kind, l]));
    for (const kind of ['compute_seconds', 'bytes_scanned', 'export']) expect(byKind.has(kind), kind).toBe(true);
    expect(Number(byKind.get('export')!.measured!.quantity)).toBe(1); // one release
    expect(Number(byKind.get('bytes_scanned')!.measured!.quantity)).toBeGreaterThan(0);
    expect(lines.every((l) => Number(l.amount) === 0)).toBe(true); // public interest: free
    expect(invoice.body.document.total).toBe('0.00');
  });
});

// Issue 7 §1: the automated checks include the grant's budget status. A grant whose ε budget is spent by
// differentially private queries has its exports blocked (what the budget bounds must not leak through another door);
// while some is left, the check passes and tells the reviewers how much.
describe("export review: the grant's privacy budget", () => {
  const clock = new FakeClock('2026-06-01T10:00:00+08:00');
  let platform: TestPlatform;
  let authority: ApiClient;
  let operator: ApiClient;
  let grantId: string;
  let resultTableId: string;

  const dp = (epsilon: string) => operator.post(`/api/v1/grants/${grantId}/dp-queries`, { view: 'scjg_enterprises', groupBy: ['industry'], measures: [{ kind: 'count' }], epsilon });
  const requestExport = () =>
    operator.post('/api/v1/exports', { resultTableId, format: 'csv', purpose: '註冊資本分佈研究', quasiIdentifiers: ['industry'], measureColumns: [{ name: 'capital', decimals: 0 }] });
  type Check = { name: string; passed: boolean; skipped: boolean; findings: unknown[]; notes: unknown[] };
  const budgetCheck = (body: { checks: { checks: Check[] } }) => body.checks.checks.find((c) => c.name === 'budget');

  beforeAll(async () => {
    platform = await startTestPlatform({ clock, env: { SHUYUN_SESSION_IDLE_MINUTES: '10000000', SHUYUN_SESSION_MAX_HOURS: '1000000' } });
    ({ authority, operator, grantId } = await grantEnterprisesToOperator(platform, {
      scenario: { kind: 'public_interest', purpose: 'public-governance.industry', description: '按行業統計企業，形成產業分析報告' },
      modes: ['governed_query', 'approved_job', 'export'],
      controls: { epsilonBudget: 1 },
    }));
    // a clean scenario table (each enterprise's capital under 20 growth steps): it passes every check on the data
    const ran = await runApprovedJob(operator, [authority], grantId, 'capital_rows', [{ output: 'capital_rows', sql: "SELECT industry, capital * (100 + g.step) AS capital FROM scjg_enterprises, range(20) AS g(step) WHERE industry <> '金融科技'" }]);
    resultTableId = ran.results[0]!.id;
  });
  afterAll(async () => platform?.close());

  it('with ε left, the budget check passes and says how much is left', async () => {
    expect((await dp('0.4')).status).toBe(200);
    const request = await requestExport();
    expect(request.body.state).toBe('awaiting_review');
    expect(budgetCheck(request.body)).toMatchObject({ passed: true, skipped: false, findings: [], notes: [{ code: 'budget_remaining', epsilonTotal: 1, epsilonRemaining: 0.6 }] });
    const summary = (await operator.with({ 'accept-language': 'zh-CN' }).get(`/api/v1/exports/${request.body.id}`)).body.summary as string[];
    expect(summary).toContain('隱私預算: 通過');
  });

  it('once DP queries have spent the budget, an export request is blocked by `budget` alone, and no reviewer can release it', async () => {
    expect((await dp('0.6')).status).toBe(200);
    expect((await dp('0.1')).body.code).toBe('GRANT_BUDGET_EXHAUSTED');
    const request = await requestExport();
    expect(request.body.state).toBe('blocked');
    const checks = request.body.checks.checks as Array<{ name: string; passed: boolean }>;
    expect(checks.filter((c) => !c.passed).map((c) => c.name)).toEqual(['budget']);
    expect(budgetCheck(request.body)?.findings).toEqual([{ code: 'budget_exhausted', epsilonTotal: 1, epsilonSpent: 1, blocking: true }]);
    expect((await authority.post(`/api/v1/exports/${request.body.id}/review`, { decision: 'approve' })).body.code).toBe('EXPORT_CHECKS_FAILED');

    const en = (await operator.with({ 'accept-language': 'en' }).get(`/api/v1/exports/${request.body.id}`)).body.summary as string[];
    expect(en).toContain('privacy budget: failed');
    expect(en).toContain("  - [blocking] the grant's privacy budget is spent (ε 1 of 1 used)");
    const zh = (await operator.with({ 'accept-language': 'zh-CN' }).get(`/api/v1/exports/${request.body.id}`)).body.summary as string[];
    expect(zh).toContain('  - 【阻斷】授權的隱私預算已用盡（已用 ε 1 / 共 1）');
  });
});
