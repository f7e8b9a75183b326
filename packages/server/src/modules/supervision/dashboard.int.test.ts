import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '@shuyun/core';
import { capitalIndicatorFiling, runApprovedJob } from '../../../../../test/support/approved-jobs.ts';
import { enterprises, grantEnterprisesToOperator } from '../../../../../test/support/granted-enterprises.ts';
import { type ApiClient, startTestPlatform, type TestPlatform } from '../../../../../test/support/test-platform.ts';
import { productApiOf } from '../products/index.ts';

// Art. 14, 39: the authority and the regulators watch the whole platform, read-only — applications by state and review
// stage with what is overdue, metered product API calls, privacy budget spent, exports by state, suspensions. Nobody
// else learns the dashboards exist.

const SCENARIO = 'inclusive-finance.credit';

describe('the supervision dashboards: cross-tenant aggregates for supervisors only', () => {
  const clock = new FakeClock('2026-06-01T10:00:00+08:00');
  let platform: TestPlatform;
  let authority: ApiClient;
  let operator: ApiClient;
  let regulator: ApiClient;
  let orgs: Record<string, string>;
  let grantId: string;
  let productId: string;
  let pendingApplicationId: string;

  beforeAll(async () => {
    platform = await startTestPlatform({ clock, env: { SHUYUN_SESSION_IDLE_MINUTES: '10000000', SHUYUN_SESSION_MAX_HOURS: '1000000' } });
    regulator = await platform.loginAs('regulator.viewer');
    const empty = await regulator.get('/api/v1/supervision/dashboard');
    expect(empty.status).toBe(200);
    expect(empty.body).toMatchObject({ applications: { total: 0, byState: [], stages: [], overdue: [] }, productCalls: { total: 0, byDay: [], byProduct: [] }, epsilon: { grants: 0, spent: 0 }, exports: { total: 0, byState: [] }, suspensions: { byKind: [], current: [] } });

    ({ authority, operator, grantId, orgs } = await grantEnterprisesToOperator(platform, {
      scenario: { kind: 'industry', purpose: SCENARIO, description: '以企業註冊資本與行業評估小微企業授信' },
      modes: ['governed_query', 'approved_job', 'product_api', 'export'],
      controls: { epsilonBudget: 2 },
    }));

    // ε: one differentially private aggregate
    const dp = await operator.post(`/api/v1/grants/${grantId}/dp-queries`, { view: 'scjg_enterprises', groupBy: ['industry'], measures: [{ kind: 'count' }], epsilon: '0.5' });
    expect(dp.status).toBe(200);

    // a per-enterprise indicator from an approved job, filed as a product, called twice by a consumer
    const ran = await runApprovedJob(operator, [authority], grantId, 'capital_indicator', [{ output: 'capital_indicator', sql: 'SELECT uscc, capital, industry FROM scjg_enterprises' }]);
    const resultTableId = ran.results[0]!.id;
    const filed = await operator.post('/api/v1/products', capitalIndicatorFiling(grantId, resultTableId, SCENARIO));
    productId = filed.body.id;
    const checklist = { lawful_source: true, within_grant_scope: true, scenario_approved: true, pricing_basis: true, security_assessment: true, no_raw_data_output: true };
    expect((await authority.post(`/api/v1/products/${productId}/review`, { decision: 'approve', checklist })).body.state).toBe('approved');
    const key = (await operator.post(`/api/v1/products/${productId}/keys`, { consumerOrgId: orgs['CS-XDJR'], scenario: SCENARIO, quotaPerDay: 10, ratePerMinute: 100 })).body.key as string;
    for (const e of enterprises.slice(0, 2)) {
      const res = await fetch(`${platform.url}/api/v1/product-api/${productId}?scenario=${SCENARIO}&key=${e.uscc}`, { headers: { 'x-product-key': key } });
      expect(res.status).toBe(200);
    }
    await productApiOf(platform.deps).flush();

    // an export of the identifiers themselves: blocked by the automated checks
    const exported = await operator.post('/api/v1/exports', { resultTableId, format: 'csv', purpose: '企業指標附表' });
    expect(exported.body.state).toBe('blocked');

    // a second application waits for the authority; a partner is suspended
    const first = (await operator.get('/api/v1/applications')).body.items[0];
    const pending = await operator.post('/api/v1/applications', {
      title: '福田區企業分析（第二期）',
      scenario: { kind: 'industry', purpose: SCENARIO, description: '以企業註冊資本與行業評估小微企業授信' },
      resources: first.requested.resources,
      modes: ['governed_query'],
    });
    expect(pending.status).toBe(201);
    pendingApplicationId = pending.body.id;
    expect((await authority.post(`/api/v1/organizations/${orgs['PT-SOFT']}/suspension`, { reasons: '未按約定報送安全評估報告', rectificationDue: '2026-06-30' })).status).toBe(200);
  });
  afterAll(async () => platform?.close());

  it('anyone but the authority and regulators gets 404, as if there were no dashboards', async () => {
    for (const username of ['operator.admin', 'bank.developer', 'scjg.steward', 'consumer.developer', 'expert.reviewer']) {
      const res = await (await platform.loginAs(username)).get('/api/v1/supervision/dashboard');
      expect({ username, status: res.status, code: res.body.code }).toEqual({ username, status: 404, code: 'NOT_FOUND' });
    }
    expect((await (await platform.loginAs('authority.admin')).get('/api/v1/supervision/dashboard')).status).toBe(200);
    expect((await platform.anonymous().get('/api/v1/supervision/dashboard')).status).toBe(401);
  });

  it('a regulator sees every tenant: applications, product calls, ε, exports and suspensions', async () => {
    const d = (await regulator.get('/api/v1/supervision/dashboard')).body;
    expect(d.applications.total).toBe(2);
    expect(d.applications.byState).toEqual(expect.arrayContaining([{ state: 'approved', count: 1 }]));
    const pending = (await regulator.get(`/api/v1/applications/${pendingApplicationId}`)).body;
    const openKind = pending.stages.find((s: { closedAt: string | null }) => s.closedAt === null).kind;
    expect(d.applications.stages).toEqual([{ kind: openKind, open: 1, overdue: 0, closedLate: 0 }]);
    expect(d.applications.overdue).toEqual([]);
    expect(d.productCalls).toMatchObject({ total: 2, from: '2026-05-03', until: '2026-06-01', byDay: [{ day: '2026-06-01', calls: 2 }] });
    expect(d.productCalls.byProduct).toEqual([{ productId, nameZh: '企業註冊資本指標', nameEn: 'Enterprise registered capital indicator', orgId: orgs['OP-FTDO'], calls: 2 }]);
    expect(d.epsilon).toMatchObject({ grants: 1, total: 2, spent: 0.5, byGrant: [{ grantId, epsilonTotal: 2, epsilonSpent: 0.5, state: 'active' }] });
    expect(d.exports).toEqual({ total: 1, byState: [{ state: 'blocked', count: 1 }] });
    expect(d.suspensions.byKind).toEqual([{ kind: 'suspend', count: 1 }]);
    expect(d.suspensions.current).toEqual([
      { orgId: orgs['PT-SOFT'], orgType: 'partner', admissionId: null, operatorOrgId: null, since: expect.any(String), rectificationDue: '2026-06-30', reasons: '未按約定報送安全評估報告' },
    ]);
  });

  it('a stage past its five working days shows as overdue, the longest first', async () => {
    clock.set('2026-06-15T10:00:00+08:00');
    const d = (await regulator.get('/api/v1/supervision/dashboard')).body;
    expect(d.applications.stages[0]).toMatchObject({ open: 1, overdue: 1 });
    expect(d.applications.overdue).toEqual([expect.objectContaining({ applicationId: pendingApplicationId, title: '福田區企業分析（第二期）', number: expect.stringMatching(/^SQ-/) })]);
    expect(d.productCalls.byDay).toEqual([{ day: '2026-06-01', calls: 2 }]); // still within the last 30 days
  });
});
