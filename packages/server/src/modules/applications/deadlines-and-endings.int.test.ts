import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '@shuyun/core';
import { endOfBeijingDay, nthWorkingDayAfter } from '../../../../../test/support/independent-calendar.ts';
import { type ApiClient, startTestPlatform, type TestPlatform } from '../../../../../test/support/test-platform.ts';
import { runScheduledSteps } from '../../scheduler.ts';

// Deadlines the way the regulation counts them (5 working days, the State Council schedule, 調休 included), what
// happens when a reviewer is late, a year nobody entered, and how access ends: a partner's exit, an operator's
// termination; and agreements as evidence: a tampered text is never signed, a change is an amendment signed again.

const registry = {
  code: 'SCJG-REGISTRY',
  nameZh: '企業登記信息',
  category: ['經濟建設', '市場監管', '商事登記'],
  openness: 'unconditional',
  updateFrequency: 'daily',
  subjectKey: 'uscc',
  subjectKind: 'enterprise',
  fields: [
    { name: 'uscc', type: 'string', role: 'direct_identifier', grade: 'general_2', piiType: 'uscc' },
    { name: 'street', type: 'string', role: 'quasi_identifier', grade: 'general_1' },
  ],
};

describe('deadlines, overdue reviewers, unknown years, exits, termination and agreement evidence', () => {
  const clock = new FakeClock('2026-02-13T16:00:00+08:00'); // the Friday before the 2026 Spring Festival holidays
  let platform: TestPlatform;
  let authority: ApiClient;
  let market: ApiClient;
  let operator: ApiClient;
  let operator2: ApiClient;
  let bank: ApiClient;
  const org: Record<string, string> = {};
  let resourceId: string;
  const hooks: Array<{ body: string; signature: string | undefined }> = [];
  let hookServer: Server;

  /** The application walks every stage to approval and every party signs: the grant it yields. */
  async function grantFor(applicant: ApiClient, body: Record<string, unknown>): Promise<{ applicationId: string; grantId: string; agreementId: string }> {
    const submitted = await applicant.post('/api/v1/applications', body);
    expect(submitted.status).toBe(201);
    const id = submitted.body.id as string;
    if (submitted.body.state === 'operator_review') await operator.post(`/api/v1/applications/${id}/decision`, { decision: 'approve' });
    await authority.post(`/api/v1/applications/${id}/decision`, { decision: 'approve' });
    expect((await market.post(`/api/v1/applications/${id}/decision`, { decision: 'approve' })).body.state).toBe('approved');
    const agreement = (await authority.get('/api/v1/agreements')).body.items.find((a: { applicationId: string }) => a.applicationId === id);
    for (const signer of [authority, market, operator, applicant]) await signer.post(`/api/v1/agreements/${agreement.id}/signatures`, {});
    const grant = (await applicant.get('/api/v1/grants')).body.items.find((g: { applicationId: string }) => g.applicationId === id);
    expect(grant.state).toBe('active');
    return { applicationId: id, grantId: grant.id, agreementId: agreement.id };
  }
  const application = (overrides: Record<string, unknown> = {}) => ({
    title: '街道企業分佈研究',
    scenario: { kind: 'public_interest', purpose: 'public-governance.streets', description: '按街道統計企業數量，服務基層治理' },
    resources: [{ resourceId, fields: ['uscc', 'street'] }],
    modes: ['governed_query'],
    termMonths: 6,
    ...overrides,
  });

  beforeAll(async () => {
    hookServer = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        hooks.push({ body, signature: req.headers['x-shuyun-signature'] as string | undefined });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => hookServer.listen(0, '127.0.0.1', resolve));
    platform = await startTestPlatform({ clock, env: { SHUYUN_SESSION_IDLE_MINUTES: '10000000', SHUYUN_SESSION_MAX_HOURS: '1000000', SHUYUN_SCHEDULER_SECONDS: '100000' } });
    authority = await platform.loginAs('authority.reviewer');
    market = await platform.loginAs('scjg.steward');
    operator = await platform.loginAs('operator.admin');
    operator2 = await platform.loginAs('operator2.admin');
    bank = await platform.loginAs('bank.developer');
    for (const o of (await authority.get('/api/v1/organizations')).body.items) org[o.code] = o.id;
    resourceId = (await market.post('/api/v1/resources', registry)).body.id;
    const entry = await market.post('/api/v1/catalog/entries', { resourceId });
    await market.post(`/api/v1/catalog/entries/${entry.body.id}/submit`);
    await authority.post(`/api/v1/catalog/entries/${entry.body.id}/decision`, { decision: 'approve' });
    await authority.post('/api/v1/catalog/editions', {});
  });
  afterAll(async () => {
    await platform?.close();
    hookServer?.close();
  });

  it('an operator applies on the Friday before Spring Festival: the 調休 Saturday 02-14 is day 1, the evaluation is due 02-27', async () => {
    const webhook = await operator.request('PUT', '/api/v1/webhook', { url: `http://127.0.0.1:${(hookServer.address() as { port: number }).port}/shuyun` });
    expect(webhook.body.secret).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    const submitted = await operator.post('/api/v1/applications', application());
    expect(submitted.body.state).toBe('authority_evaluation'); // an operator's application has no operator review
    const due = nthWorkingDayAfter('2026-02-13', 5);
    expect(due).toBe('2026-02-27');
    expect(submitted.body.stages[0].dueAt).toBe(endOfBeijingDay(due));

    // the authority does not decide in time: the scheduler flags the stage once, notifies, and ledgers who is late
    clock.set('2026-03-02T09:00:00+08:00');
    await runScheduledSteps(platform.deps);
    await runScheduledSteps(platform.deps); // a second pass flags nothing twice
    const late = await operator.get(`/api/v1/applications/${submitted.body.id}`);
    // late by two working days on Monday 03-02: the 調休 Saturday 02-28 and the Monday itself
    expect(late.body.stages[0]).toMatchObject({ overdue: true, reviewerOrgId: org['FT-ZSJ'], workingDaysLeft: -2 });
    const overdueNotices = (await authority.get('/api/v1/inbox')).body.items.filter((n: { kind: string; subject: { id: string } }) => n.kind === 'application.stage_overdue' && n.subject.id === submitted.body.id);
    expect(overdueNotices).toHaveLength(1);
    const delivered = hooks.map((h) => ({ ...h, event: JSON.parse(h.body) })).filter((h) => h.event.kind === 'application.stage_overdue');
    expect(delivered).toHaveLength(1);
    expect(delivered[0]!.signature).toBe(`sha256=${createHmac('sha256', webhook.body.secret).update(delivered[0]!.body).digest('hex')}`);
    expect(delivered[0]!.event.data).toMatchObject({ stage: 'authority_evaluation', reviewerOrgId: org['FT-ZSJ'] });
    await platform.ledger.sync();
    const entries = (await authority.get('/api/v1/ledger/entries?start=0&limit=1000')).body.items;
    expect(entries.filter((e: { leaf: { action: string; entity: { id: string } } }) => e.leaf.action === 'application.stage_overdue' && e.leaf.entity.id === submitted.body.id)).toHaveLength(1);
    // a late decision is still a decision, and the record keeps that it was late
    expect((await authority.post(`/api/v1/applications/${submitted.body.id}/decision`, { decision: 'reject', reasons: '場景與數據不匹配' })).body.stages[0]).toMatchObject({ outcome: 'rejected', overdue: true });
  });

  it('a deadline that reaches a year nobody entered fails loudly and stores nothing; the authority enters the year once', async () => {
    clock.set('2026-12-28T10:00:00+08:00');
    const before = (await operator.get('/api/v1/applications')).body.items.length;
    const refused = await operator.post('/api/v1/applications', application());
    expect(refused).toMatchObject({ status: 409, body: { code: 'CALENDAR_YEAR_UNKNOWN' } });
    expect((await operator.get('/api/v1/applications')).body.items).toHaveLength(before);

    const schedule2027 = {
      year: 2027,
      holidays: [{ date: '2027-01-01', name: '元旦' }, { date: '2027-01-02', name: '元旦' }, { date: '2027-01-03', name: '元旦' }],
      makeUpWorkdays: [],
    };
    expect((await operator.post('/api/v1/calendar/schedules', schedule2027)).status).toBe(403);
    expect((await authority.post('/api/v1/calendar/schedules', { ...schedule2027, makeUpWorkdays: [{ date: '2027-01-04', name: '元旦' }] })).body.code).toBe('VALIDATION_FAILED'); // a Monday is a working day already
    expect((await authority.post('/api/v1/calendar/schedules', schedule2027)).status).toBe(201);
    expect((await authority.post('/api/v1/calendar/schedules', schedule2027)).body.code).toBe('CALENDAR_YEAR_EXISTS');
    expect((await bank.get('/api/v1/calendar/schedules')).body.items.map((s: { year: number }) => s.year)).toEqual([2024, 2025, 2026, 2027]);
    const accepted = await operator.post('/api/v1/applications', application());
    expect(accepted.status).toBe(201);
    // 12-29 Tue, 12-30 Wed, 12-31 Thu, (01-01…01-03 off), 01-04 Mon, 01-05 Tue
    expect(accepted.body.stages[0].dueAt).toBe(endOfBeijingDay('2027-01-05'));
    await operator.post(`/api/v1/applications/${accepted.body.id}/withdrawal`, { reasons: '測試撤回' });
  });

  it("a partner's exit closes every access it had through the operator at once, and is filed with the authority", async () => {
    clock.set('2026-04-01T10:00:00+08:00');
    const applied = await bank.post('/api/v1/admissions', { operatorOrgId: org['OP-FTDO'], qualifications: { businessScope: '普惠金融', dataSecurityMeasures: '等保三級', contactName: '孫', contactPhone: '0755-1234567' } });
    await operator.post(`/api/v1/admissions/${applied.body.id}/decision`, { decision: 'admit' });
    const { grantId } = await grantFor(bank, application({ operatorOrgId: org['OP-FTDO'], title: '普惠金融街道分佈' }));
    expect((await bank.post(`/api/v1/grants/${grantId}/check`, { mode: 'governed_query' })).body).toEqual({ allowed: true });

    const exited = await bank.post(`/api/v1/admissions/${applied.body.id}/exit`, { reasons: '業務調整，主動退出' });
    expect(exited.body).toMatchObject({ state: 'exited', exitFiledAt: expect.any(String) });
    expect((await bank.post(`/api/v1/grants/${grantId}/check`, { mode: 'governed_query' })).body.code).toBe('GRANT_TERMINATED');
    expect((await bank.get(`/api/v1/grants/${grantId}`)).body.state).toBe('terminated');
    const platformAgreement = (await bank.get('/api/v1/agreements')).body.items.find((a: { admissionId: string | null }) => a.admissionId === applied.body.id);
    expect(platformAgreement.state).toBe('terminated');
    expect((await authority.get(`/api/v1/admissions/${applied.body.id}`)).body.exitFiledAt).toEqual(expect.any(String));
    // no new application without a new admission
    expect((await bank.post('/api/v1/applications', application({ operatorOrgId: org['OP-FTDO'] }))).body.code).toBe('ADMISSION_REQUIRED');
  });

  it('terminating an operator closes every access, keeps its ledger entries, and opens the deletion and handover task', async () => {
    const { grantId } = await grantFor(operator2, application({ title: '運營單位自用分析' }));
    const terminated = await authority.post(`/api/v1/organizations/${org['OP-PCSZ']}/termination`, { reasons: '嚴重違反協議約定' });
    expect(terminated.body).toMatchObject({ status: 'terminated', handover: { state: 'open', orgId: org['OP-PCSZ'] } });
    expect((await operator2.get('/api/v1/applications')).status).toBe(403); // the very next request
    expect((await authority.get(`/api/v1/grants/${grantId}`)).body.state).toBe('terminated');
    const confirmed = await authority.post(`/api/v1/handover-tasks/${terminated.body.handover.id}/confirmation`, { note: '已確認刪除開發環境數據並移交在途產品' });
    expect(confirmed.body.state).toBe('confirmed');
    // its ledger entries stay: not even the database owner may delete them inside the retention period
    await platform.ledger.sync();
    const removal = platform.deps.db.asOwner((s) => s.query(`DELETE FROM ledger_entries WHERE $1::uuid = ANY (orgs)`, [org['OP-PCSZ']]));
    await expect(removal).rejects.toThrow();
  });

  it('an agreement whose stored text was altered is never signed; a change is an amendment that every party signs again', async () => {
    const drafted = await authority.post('/api/v1/agreements', {
      operatorOrgId: org['OP-FTDO'],
      authorizedData: { zh: '福田區授權運營目錄所列公共數據', en: 'The public data in the Futian operation catalog' },
      applicationScope: { zh: '普惠金融、基層治理', en: 'Inclusive finance and local governance' },
    });
    expect(drafted.status).toBe(201);
    expect(drafted.body.validUntil).toBe('2028-03-31'); // 2 years by default (Art. 13)
    const html = await authority.get(`/api/v1/agreements/${drafted.body.id}/document.html`);
    expect(html.headers.get('content-type')).toContain('text/html');
    expect(html.body).toContain('公共數據授權運營協議');
    expect(html.body).toContain(drafted.body.hash);
    const pdf = await fetch(`${platform.url}/api/v1/agreements/${drafted.body.id}/document.pdf`, { headers: authority.headers });
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');

    // someone with database access edits the text behind the application's back
    await platform.deps.db.asOwner(async (s) => {
      await s.query('ALTER TABLE agreements DISABLE TRIGGER agreements_immutable_document');
      await s.query(`UPDATE agreements SET document = jsonb_set(document, '{term,until}', '"2036-03-31"') WHERE id = $1`, [drafted.body.id]);
      await s.query('ALTER TABLE agreements ENABLE TRIGGER agreements_immutable_document');
    });
    expect((await operator.post(`/api/v1/agreements/${drafted.body.id}/signatures`, {})).body.code).toBe('AGREEMENT_HASH_MISMATCH');

    const second = await authority.post('/api/v1/agreements', {
      operatorOrgId: org['OP-FTDO'],
      authorizedData: { zh: '福田區授權運營目錄所列公共數據', en: 'The public data in the Futian operation catalog' },
      applicationScope: { zh: '普惠金融', en: 'Inclusive finance' },
    });
    await authority.post(`/api/v1/agreements/${second.body.id}/signatures`, {});
    expect((await operator.post(`/api/v1/agreements/${second.body.id}/signatures`, {})).body.state).toBe('in_force');
    const amended = await authority.post(`/api/v1/agreements/${second.body.id}/amendments`, { reason: { zh: '延長授權期限', en: 'Extend the term' }, changes: { term: { until: '2028-12-31' } } });
    expect(amended.status).toBe(201);
    expect(amended.body).toMatchObject({ state: 'awaiting_signatures', amendsId: second.body.id, validUntil: '2028-12-31' });
    expect(amended.body.document.amends.previousHash).toBe(second.body.hash);
    expect((await authority.get(`/api/v1/agreements/${second.body.id}`)).body.state).toBe('in_force'); // until the amendment is signed
    await authority.post(`/api/v1/agreements/${amended.body.id}/signatures`, {});
    expect((await operator.post(`/api/v1/agreements/${amended.body.id}/signatures`, {})).body.state).toBe('in_force');
    expect((await authority.get(`/api/v1/agreements/${second.body.id}`)).body.state).toBe('superseded');
  });
});
