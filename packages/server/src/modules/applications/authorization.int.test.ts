import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '@shuyun/core';
import { fromOdrl, normalizeUsagePolicy, type UsagePolicy } from '@shuyun/core/policy';
import { endOfBeijingDay, nthWorkingDayAfter } from '../../../../../test/support/independent-calendar.ts';
import { type ApiClient, startTestPlatform, type TestPlatform } from '../../../../../test/support/test-platform.ts';
import { runScheduledSteps } from '../../scheduler.ts';

// Art. 13–19, 29–30 and 39 as the regulation reads: a partner is admitted by an operator; it applies for catalog
// resources; the operator reviews, the authority evaluates, each source department confirms, each within 5 working
// days; every party signs the service agreement; the grant it yields is enforced, suspended and ended.

const enterprises = {
  code: 'SCJG-ENTERPRISES',
  nameZh: '企業登記信息',
  category: ['經濟建設', '市場監管', '商事登記'],
  openness: 'conditional',
  updateFrequency: 'daily',
  subjectKey: 'uscc',
  subjectKind: 'enterprise',
  fields: [
    { name: 'uscc', type: 'string', role: 'direct_identifier', grade: 'general_2', piiType: 'uscc' },
    { name: 'industry', type: 'string', role: 'quasi_identifier', grade: 'general_1' },
    { name: 'capital', type: 'decimal', role: 'other', grade: 'general_1' },
    { name: 'legal_rep_id', type: 'string', role: 'direct_identifier', grade: 'general_4', piiType: 'resident_id' },
  ],
};
const contributions = {
  code: 'RLZY-CONTRIBUTIONS',
  nameZh: '企業社保繳納信息',
  category: ['社會保障', '社會保險', '繳費'],
  openness: 'conditional',
  updateFrequency: 'monthly',
  subjectKey: 'uscc',
  subjectKind: 'enterprise',
  fields: [
    { name: 'uscc', type: 'string', role: 'direct_identifier', grade: 'general_2', piiType: 'uscc' },
    { name: 'month', type: 'string', role: 'other', grade: 'general_1' },
    { name: 'insured', type: 'integer', role: 'sensitive', grade: 'general_3' },
  ],
};
const medicalRecords = {
  code: 'WJJ-MEDICAL-RECORDS',
  nameZh: '門診病歷',
  category: ['衛生健康', '醫療服務', '病歷'],
  openness: 'not_open',
  updateFrequency: 'daily',
  fields: [{ name: 'patient_id', type: 'string', role: 'direct_identifier', grade: 'important', piiType: 'resident_id' }],
};

const qualifications = {
  businessScope: '小微企業普惠信貸',
  dataSecurityMeasures: '等保三級機房，數據分級分類管理，專人專崗',
  certifications: ['等保三級'],
  contactName: '孫風控',
  contactPhone: '0755-88880000',
};

describe('authorization: admission, three review stages on working-day deadlines, agreements, grants, suspension', () => {
  const clock = new FakeClock('2026-09-28T10:00:00+08:00'); // Monday before the 2026 National Day holidays
  let platform: TestPlatform;
  let authority: ApiClient;
  let market: ApiClient;
  let hr: ApiClient;
  let health: ApiClient;
  let operator: ApiClient;
  let bank: ApiClient;
  let software: ApiClient;
  let expert: ApiClient;
  let regulator: ApiClient;
  const org: Record<string, string> = {};
  const resource: Record<string, string> = {};
  let applicationId: string;
  let grantId: string;

  beforeAll(async () => {
    platform = await startTestPlatform({ clock, env: { SHUYUN_SESSION_IDLE_MINUTES: '10000000', SHUYUN_SESSION_MAX_HOURS: '1000000', SHUYUN_SCHEDULER_SECONDS: '100000' } });
    const as = (username: string) => platform.loginAs(username);
    [authority, market, hr, health, operator, bank, software, expert, regulator] = [
      await as('authority.reviewer'), await as('scjg.steward'), await as('rlzy.steward'), await as('wjj.steward'), await as('operator.admin'),
      await as('bank.developer'), await as('software.developer'), await as('expert.reviewer'), await as('regulator.viewer'),
    ];
    for (const o of (await authority.get('/api/v1/organizations')).body.items) org[o.code] = o.id;
    // the departments catalogue their resources; the authority publishes them in the operation catalog
    for (const [client, body] of [[market, enterprises], [hr, contributions]] as const) {
      const r = await client.post('/api/v1/resources', body);
      expect(r.status).toBe(201);
      resource[body.code] = r.body.id;
      const entry = await client.post('/api/v1/catalog/entries', { resourceId: r.body.id });
      await client.post(`/api/v1/catalog/entries/${entry.body.id}/submit`);
      expect((await authority.post(`/api/v1/catalog/entries/${entry.body.id}/decision`, { decision: 'approve' })).body.state).toBe('approved');
    }
    resource[medicalRecords.code] = (await health.post('/api/v1/resources', medicalRecords)).body.id;
    expect((await authority.post('/api/v1/catalog/editions', { note: '2026 年第三版' })).status).toBe(201);
  });
  afterAll(async () => platform?.close());

  it('a company is admitted by the operator, the admission is filed with the authority, and both sign the platform service agreement', async () => {
    // no application before admission
    const early = await bank.post('/api/v1/applications', { title: '普惠金融', operatorOrgId: org['OP-FTDO'], scenario: { kind: 'industry', purpose: 'inclusive-finance.credit', description: '小微企業信用評估與授信風控' }, resources: [{ resourceId: resource['SCJG-ENTERPRISES'], fields: ['industry'] }], modes: ['governed_query'] });
    expect(early.body.code).toBe('ADMISSION_REQUIRED');

    const applied = await bank.post('/api/v1/admissions', { operatorOrgId: org['OP-FTDO'], qualifications });
    expect(applied.status).toBe(201);
    expect((await bank.post('/api/v1/admissions', { operatorOrgId: org['OP-FTDO'], qualifications })).body.code).toBe('ADMISSION_EXISTS');
    // only that operator decides; another partner may not decide admissions and does not even see this one
    expect((await software.post(`/api/v1/admissions/${applied.body.id}/decision`, { decision: 'admit' })).status).toBe(403);
    expect((await software.get(`/api/v1/admissions/${applied.body.id}`)).status).toBe(404);
    expect((await authority.get(`/api/v1/admissions/${applied.body.id}`)).body.state).toBe('applied');
    const admitted = await operator.post(`/api/v1/admissions/${applied.body.id}/decision`, { decision: 'admit' });
    expect(admitted.body).toMatchObject({ state: 'admitted', filedAt: expect.any(String) });

    const filed = (await authority.get('/api/v1/inbox')).body.items.find((n: { kind: string }) => n.kind === 'admission.filed');
    expect(filed.subject.id).toBe(applied.body.id);
    const platformAgreement = (await bank.get('/api/v1/agreements')).body.items.find((a: { kind: string }) => a.kind === 'platform_service_agreement');
    expect(platformAgreement.state).toBe('awaiting_signatures');
    expect((await bank.post(`/api/v1/agreements/${platformAgreement.id}/signatures`, {})).body.state).toBe('awaiting_signatures');
    const inForce = await operator.post(`/api/v1/agreements/${platformAgreement.id}/signatures`, {});
    expect(inForce.body.state).toBe('in_force');
    expect(inForce.body.signatures.map((s: { verified: boolean }) => s.verified)).toEqual([true, true]);
  });

  it('a not-open resource, or a field the resource does not have, cannot be applied for; nothing is stored', async () => {
    const base = { title: '普惠金融', operatorOrgId: org['OP-FTDO'], scenario: { kind: 'industry', purpose: 'inclusive-finance.credit', description: '小微企業信用評估模型' }, modes: ['governed_query'] };
    const notOpen = await bank.post('/api/v1/applications', { ...base, resources: [{ resourceId: resource['WJJ-MEDICAL-RECORDS'], fields: ['patient_id'] }] });
    expect(notOpen).toMatchObject({ status: 409, body: { code: 'APPLICATION_RESOURCE_NOT_IN_CATALOG' } });
    const unknownField = await bank.post('/api/v1/applications', { ...base, resources: [{ resourceId: resource['SCJG-ENTERPRISES'], fields: ['industry', 'shoe_size'] }] });
    expect(unknownField).toMatchObject({ status: 400, body: { code: 'APPLICATION_FIELDS_UNKNOWN', errors: [{ path: '/resources/0/fields/1' }] } });
    expect((await bank.get('/api/v1/applications')).body.items).toEqual([]);
  });

  it('the partner applies on the Monday before National Day: the operator review is due at the end of the 5th working day (the 調休 Saturday 10-10)', async () => {
    const submitted = await bank.post('/api/v1/applications', {
      title: '小微企業普惠信貸風控',
      operatorOrgId: org['OP-FTDO'],
      scenario: { kind: 'industry', purpose: 'inclusive-finance.credit', description: '以企業登記與社保繳納數據評估小微企業經營活力' },
      resources: [
        { resourceId: resource['SCJG-ENTERPRISES'], fields: ['uscc', 'industry', 'capital', 'legal_rep_id'] },
        { resourceId: resource['RLZY-CONTRIBUTIONS'], fields: ['uscc', 'month', 'insured'] },
      ],
      modes: ['governed_query', 'product_api'],
      termMonths: 12,
    });
    expect(submitted.status).toBe(201);
    applicationId = submitted.body.id;
    expect(submitted.body).toMatchObject({ state: 'operator_review', number: expect.stringMatching(/^SQ-2026-\d{6}$/) });
    const [stage] = submitted.body.stages;
    expect(stage).toMatchObject({ kind: 'operator_review', reviewerOrgId: org['OP-FTDO'], round: 1, overdue: false, workingDaysLeft: 5 });
    expect(nthWorkingDayAfter('2026-09-28', 5)).toBe('2026-10-10');
    expect(stage.dueAt).toBe(endOfBeijingDay('2026-10-10'));
    // the operator is told in its inbox
    expect((await operator.get('/api/v1/inbox?unread=true')).body.items.some((n: { kind: string; subject: { id: string } }) => n.kind === 'application.stage_started' && n.subject.id === applicationId)).toBe(true);
  });

  it('only the reviewer of the current stage decides: others are refused and nothing changes', async () => {
    expect((await market.post(`/api/v1/applications/${applicationId}/decision`, { decision: 'approve' })).body.code).toBe('APPLICATION_NOT_YOUR_STAGE');
    expect((await authority.post(`/api/v1/applications/${applicationId}/decision`, { decision: 'approve' })).body.code).toBe('APPLICATION_NOT_YOUR_STAGE');
    expect((await software.post(`/api/v1/applications/${applicationId}/decision`, { decision: 'approve' })).status).toBe(403); // partners review nothing
    expect((await software.get(`/api/v1/applications/${applicationId}`)).status).toBe(404);
    expect((await regulator.post(`/api/v1/applications/${applicationId}/decision`, { decision: 'approve' })).status).toBe(403);
    expect((await regulator.get(`/api/v1/applications/${applicationId}`)).body.state).toBe('operator_review'); // regulators read everything
    expect((await operator.post(`/api/v1/applications/${applicationId}/decision`, { decision: 'reject' })).body.code).toBe('APPLICATION_REASONS_REQUIRED');
    expect((await bank.get(`/api/v1/applications/${applicationId}`)).body.stages).toHaveLength(1);
  });

  it('the operator approves on Wednesday 09-30; the authority evaluation is due 10-13; approving twice is refused', async () => {
    clock.set('2026-09-30T15:00:00+08:00');
    const approved = await operator.post(`/api/v1/applications/${applicationId}/decision`, { decision: 'approve' });
    expect(approved.body.state).toBe('authority_evaluation');
    const evaluation = approved.body.stages.find((s: { kind: string }) => s.kind === 'authority_evaluation');
    expect(nthWorkingDayAfter('2026-09-30', 5)).toBe('2026-10-13');
    expect(evaluation.dueAt).toBe(endOfBeijingDay('2026-10-13'));
    expect((await operator.post(`/api/v1/applications/${applicationId}/decision`, { decision: 'approve' })).body.code).toBe('APPLICATION_ALREADY_DECIDED');
  });

  it('the authority asks the expert panel; the opinion is attached once', async () => {
    clock.set('2026-10-08T09:30:00+08:00');
    const requested = await authority.post(`/api/v1/applications/${applicationId}/expert-opinions`, { expertOrgId: org['EX-PANEL'], question: '法定代表人身份證號是否為該場景所必需？' });
    expect(requested.status).toBe(201);
    expect((await expert.get(`/api/v1/applications/${applicationId}`)).body.title).toBe('小微企業普惠信貸風控');
    const given = await expert.post(`/api/v1/expert-opinions/${requested.body.id}`, { recommendation: 'approve_with_conditions', opinion: '建議刪除法定代表人身份證號字段，其餘字段必要且適度。' });
    expect(given.body).toMatchObject({ recommendation: 'approve_with_conditions', submittedAt: expect.any(String) });
    expect((await expert.post(`/api/v1/expert-opinions/${requested.body.id}`, { recommendation: 'reject', opinion: '改變主意' })).body.code).toBe('EXPERT_OPINION_ALREADY_GIVEN');
    expect((await authority.get(`/api/v1/applications/${applicationId}`)).body.opinions[0].opinion).toContain('刪除法定代表人身份證號');
  });

  it('the authority returns it for more information; the partner resubmits and the evaluation starts again with a full 5 working days', async () => {
    const returned = await authority.post(`/api/v1/applications/${applicationId}/decision`, { decision: 'return', reasons: '請補充模型說明及數據安全保護方案' });
    expect(returned.body.state).toBe('returned');
    expect((await authority.post(`/api/v1/applications/${applicationId}/decision`, { decision: 'approve' })).body.code).toBe('APPLICATION_ALREADY_DECIDED');
    clock.set('2026-10-09T11:00:00+08:00');
    const resubmitted = await bank.post(`/api/v1/applications/${applicationId}/resubmission`, { note: '已補充模型說明與數據安全保護方案' });
    expect(resubmitted.body.state).toBe('authority_evaluation');
    const rounds = resubmitted.body.stages.filter((s: { kind: string }) => s.kind === 'authority_evaluation');
    expect(rounds.map((s: { round: number; outcome: string | null }) => [s.round, s.outcome])).toEqual([[1, 'returned'], [2, null]]);
    expect(nthWorkingDayAfter('2026-10-09', 5)).toBe('2026-10-15'); // 10-10 is a 調休 working Saturday
    expect(rounds[1].dueAt).toBe(endOfBeijingDay('2026-10-15'));
  });

  it('cross-region data is escalated to the city authority; its answer restarts the evaluation', async () => {
    const escalated = await authority.post(`/api/v1/applications/${applicationId}/escalation`, { reason: '社保繳納數據涉及市級歸集，需市政務服務數據管理局確認' });
    expect(escalated.body.state).toBe('escalated');
    expect((await authority.post(`/api/v1/applications/${applicationId}/decision`, { decision: 'approve' })).body.code).toBe('APPLICATION_NOT_YOUR_STAGE');
    clock.set('2026-10-14T10:00:00+08:00');
    const answered = await authority.post(`/api/v1/applications/${applicationId}/escalation/answer`, { outcome: 'agreed', answer: '同意在區平臺內以受控方式使用' });
    expect(answered.body.state).toBe('authority_evaluation');
    expect(answered.body.escalations[0]).toMatchObject({ outcome: 'agreed', answeredAt: expect.any(String) });
    expect(answered.body.stages.filter((s: { kind: string }) => s.kind === 'authority_evaluation').at(-1).dueAt).toBe(endOfBeijingDay(nthWorkingDayAfter('2026-10-14', 5)));
  });

  it('the authority approves with conditions that narrow (never widen) the scope, and sets the thresholds', async () => {
    const widen = await authority.post(`/api/v1/applications/${applicationId}/decision`, { decision: 'approve', conditions: { modes: ['governed_query', 'export'] } });
    expect(widen).toMatchObject({ status: 400, body: { code: 'APPLICATION_CONDITIONS_WIDEN', errors: [{ path: '/conditions/modes/1' }] } });
    const approved = await authority.post(`/api/v1/applications/${applicationId}/decision`, {
      decision: 'approve',
      conditions: {
        resources: [
          { resourceId: resource['SCJG-ENTERPRISES'], fields: ['uscc', 'industry', 'capital'] },
          { resourceId: resource['RLZY-CONTRIBUTIONS'], fields: ['uscc', 'month', 'insured'] },
        ],
      },
      controls: { minSubjects: 20, epsilonBudget: 3 },
    });
    expect(approved.body.state).toBe('source_confirmation');
    expect(approved.body.granted.resources[0].fields).toEqual(['uscc', 'industry', 'capital']);
    expect(approved.body.requested.resources[0].fields).toContain('legal_rep_id');
    const confirmations = approved.body.stages.filter((s: { kind: string; closedAt: string | null }) => s.kind === 'source_confirmation');
    expect(confirmations.map((s: { reviewerOrgId: string }) => s.reviewerOrgId).sort()).toEqual([org['FT-SCJG'], org['FT-RLZY']].sort());
  });

  it('each source department confirms; the last confirmation approves the application and drafts the tripartite service agreement', async () => {
    expect((await market.post(`/api/v1/applications/${applicationId}/decision`, { decision: 'approve' })).body.state).toBe('source_confirmation');
    expect((await market.post(`/api/v1/applications/${applicationId}/decision`, { decision: 'approve' })).body.code).toBe('APPLICATION_ALREADY_DECIDED');
    const approved = await hr.post(`/api/v1/applications/${applicationId}/decision`, { decision: 'approve' });
    expect(approved.body).toMatchObject({ state: 'approved', decidedAt: expect.any(String) });

    const agreement = (await bank.get('/api/v1/agreements')).body.items.find((a: { applicationId: string | null }) => a.applicationId === applicationId);
    expect(agreement).toMatchObject({ kind: 'service_agreement', state: 'awaiting_signatures' });
    expect(agreement.signerOrgIds.sort()).toEqual([org['FT-ZSJ'], org['FT-SCJG'], org['FT-RLZY'], org['OP-FTDO'], org['PT-BANK']].sort());
    const dataList = agreement.document.variables.dataList;
    expect(dataList.find((d: { resource: string }) => d.resource === 'SCJG-ENTERPRISES').fields).toEqual([
      { name: 'uscc', control: 'join_key_only' },
      { name: 'industry', control: 'plaintext_after_group_by' },
      { name: 'capital', control: 'plaintext' },
    ]);
    expect(agreement.document.variables.fee).toMatchObject({ kind: 'charged' }); // industry use is charged (Art. 37)
  });

  it('the agreement is in force only when every party has signed; a forged signature or a stale hash is refused', async () => {
    const agreement = (await bank.get('/api/v1/agreements')).body.items.find((a: { applicationId: string | null }) => a.applicationId === applicationId);
    const url = `/api/v1/agreements/${agreement.id}/signatures`;
    expect((await bank.post(url, { hash: '0'.repeat(64) })).body.code).toBe('AGREEMENT_HASH_MISMATCH');
    expect((await software.post(url, {})).status).toBe(404);
    for (const signer of [bank, operator, market]) expect((await signer.post(url, { hash: agreement.hash })).body.state).toBe('awaiting_signatures');
    expect((await bank.post(url, {})).body.code).toBe('AGREEMENT_ALREADY_SIGNED');
    expect((await bank.get('/api/v1/grants')).body.items).toEqual([]); // not in force: no grant yet
    // the HR department holds its own key: a signature made with another key does not verify
    const { generateSm2KeyPair, encodeHex } = await import('@shuyun/core/ledger');
    const { signAgreementHash } = await import('@shuyun/core/agreements');
    const own = generateSm2KeyPair();
    expect((await hr.post('/api/v1/signing-keys', { publicKey: encodeHex(own.publicKey) })).status).toBe(201);
    const forged = signAgreementHash(agreement.hash, encodeHex(generateSm2KeyPair().privateKey));
    expect((await hr.post(url, { signature: forged })).body.code).toBe('AGREEMENT_SIGNATURE_INVALID');
    expect((await hr.post(url, { signature: signAgreementHash(agreement.hash, encodeHex(own.privateKey)) })).body.state).toBe('awaiting_signatures');
    const inForce = await authority.post(url, {});
    expect(inForce.body.state).toBe('in_force');
    expect(inForce.body.signatures).toHaveLength(5);
    expect(inForce.body.signatures.every((s: { verified: boolean }) => s.verified)).toBe(true);
  });

  it('the grant is the usage policy: ODRL that round-trips, enforced on every use', async () => {
    const [grant] = (await bank.get('/api/v1/grants')).body.items;
    grantId = grant.id;
    expect(grant).toMatchObject({ state: 'active', assigneeOrgId: org['PT-BANK'], operatorOrgId: org['OP-FTDO'], epsilonTotal: 3 });
    const odrl = await bank.get(`/api/v1/grants/${grantId}/policy.jsonld`);
    expect(odrl.headers.get('content-type')).toContain('application/ld+json');
    expect(odrl.body['@type']).toBe('Agreement');
    expect(fromOdrl(odrl.body)).toEqual(normalizeUsagePolicy(grant.policy as UsagePolicy));

    const check = (body: unknown, client = bank) => client.post(`/api/v1/grants/${grantId}/check`, body);
    expect((await check({ mode: 'governed_query', resources: [{ resource: 'SCJG-ENTERPRISES', fields: ['industry', 'capital'] }] })).body).toEqual({ allowed: true });
    expect((await check({ mode: 'governed_query', resources: [{ resource: 'SCJG-ENTERPRISES', fields: ['legal_rep_id'] }] })).body.code).toBe('GRANT_FIELD_NOT_GRANTED');
    expect((await check({ mode: 'export' })).body.code).toBe('GRANT_MODE_NOT_PERMITTED');
    expect((await check({ mode: 'governed_query' }, software)).status).toBe(404);
  });

  it('the authority suspends the operator: its partner is refused from the very next request, the operator may only read; resumption restores both', async () => {
    const suspended = await authority.post(`/api/v1/organizations/${org['OP-FTDO']}/suspension`, { reasons: '未按要求開展年度安全審計', rectificationDue: '2026-11-30' });
    expect(suspended.body.status).toBe('suspended');
    expect((await bank.post(`/api/v1/grants/${grantId}/check`, { mode: 'governed_query' })).body.code).toBe('GRANT_SUSPENDED');
    expect((await operator.post('/api/v1/admissions/00000000-0000-4000-8000-000000000000/decision', { decision: 'admit' })).body.code).toBe('ORGANIZATION_SUSPENDED');
    expect((await operator.get('/api/v1/applications')).status).toBe(200);
    await authority.post(`/api/v1/organizations/${org['OP-FTDO']}/resumption`, { reasons: '整改完成' });
    expect((await bank.post(`/api/v1/grants/${grantId}/check`, { mode: 'governed_query' })).body).toEqual({ allowed: true });
  });

  it('the operator suspends and resumes its partner; during suspension the grant is refused', async () => {
    const [admission] = (await bank.get('/api/v1/admissions')).body.items;
    await operator.post(`/api/v1/admissions/${admission.id}/suspension`, { reasons: '超範圍使用數據', rectificationDue: '2026-11-15' });
    expect((await bank.post(`/api/v1/grants/${grantId}/check`, { mode: 'governed_query' })).body.code).toBe('GRANT_SUSPENDED');
    await operator.post(`/api/v1/admissions/${admission.id}/resumption`, { reasons: '已整改' });
    expect((await bank.post(`/api/v1/grants/${grantId}/check`, { mode: 'governed_query' })).body).toEqual({ allowed: true });
  });

  it('every step is ledgered with lineage: application → agreement → grant', async () => {
    await platform.ledger.sync();
    const lineage = await authority.get(`/api/v1/ledger/lineage?entityType=grant&entityId=${grantId}`);
    expect(lineage.status).toBe(200);
    const upstream = JSON.stringify(lineage.body);
    expect(upstream).toContain(applicationId);
    const entries = (await authority.get('/api/v1/ledger/entries?start=0&limit=1000')).body.items as Array<{ leaf: { action: string; entity: { id: string } } }>;
    const actions = entries.filter((e) => e.leaf.entity.id === applicationId).map((e) => e.leaf.action);
    expect(actions).toEqual(expect.arrayContaining(['application.submitted', 'application.stage_approved', 'application.returned', 'application.resubmitted', 'application.approved']));
  });

  it('past its term the grant is refused, and the scheduler records the expiry', async () => {
    clock.set('2027-11-01T09:00:00+08:00');
    expect((await bank.post(`/api/v1/grants/${grantId}/check`, { mode: 'governed_query' })).body.code).toBe('GRANT_NOT_IN_FORCE');
    await runScheduledSteps(platform.deps);
    expect((await bank.get(`/api/v1/grants/${grantId}`)).body.state).toBe('expired');
    clock.set('2026-10-20T09:00:00+08:00');
    expect((await bank.post(`/api/v1/grants/${grantId}/check`, { mode: 'governed_query' })).body.code).toBe('GRANT_NOT_IN_FORCE');
  });
});
