import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '@shuyun/core';
import { enterprises, grantEnterprisesToOperator } from '../../../../../test/support/granted-enterprises.ts';
import { type ApiClient, startTestPlatform, type TestPlatform } from '../../../../../test/support/test-platform.ts';

// "Usable but not visible" (Art. 4, 16, 33): the grantee explores a masked twin freely, then reaches the real data
// only through governed queries — column controls on every use, no row that covers fewer than the grant's minimum
// number of enterprises, refusals that name the rule and never a value — and every query is on the record.

describe('workspaces: the masked twin for exploration, governed queries on real data', () => {
  const clock = new FakeClock('2026-06-01T10:00:00+08:00');
  let platform: TestPlatform;
  let authority: ApiClient;
  let market: ApiClient;
  let operator: ApiClient;
  let grantId: string;
  const secretValues = enterprises.flatMap((e) => [e.uscc, e.mobile]);

  beforeAll(async () => {
    platform = await startTestPlatform({ clock, env: { SHUYUN_SESSION_IDLE_MINUTES: '10000000', SHUYUN_SESSION_MAX_HOURS: '1000000' } });
    ({ authority, market, operator, grantId } = await grantEnterprisesToOperator(platform, {
      scenario: { kind: 'public_interest', purpose: 'public-governance.industry', description: '按行業統計企業數量與註冊資本，服務產業政策' },
      modes: ['governed_query', 'approved_job'],
      controls: { epsilonBudget: 1 },
    }));
  });
  afterAll(async () => platform?.close());

  it('in the dev workspace the partner sees every row, but identifiers are masked (USCC keeps its first 8, mobile 3 + 4)', async () => {
    const answer = await operator.post(`/api/v1/grants/${grantId}/dev/queries`, { sql: 'SELECT uscc, legal_rep_mobile, industry FROM scjg_enterprises ORDER BY industry' });
    expect(answer.status).toBe(200);
    expect(answer.body.masked).toBe(true);
    expect(answer.body.rows).toHaveLength(60);
    for (const [uscc, mobile] of answer.body.rows as string[][]) {
      expect(mobile).toMatch(/^138\*{4}\d{4}$/);
      expect(uscc!.slice(0, 8)).toBe('91440304');
      expect(uscc).toContain('*');
    }
    expect(JSON.stringify(answer.body)).not.toMatch(new RegExp(secretValues.join('|')));
  });

  it('the synthetic twin keeps the distribution but holds no real identifier at all', async () => {
    const answer = await operator.post(`/api/v1/grants/${grantId}/dev/queries`, { sql: 'SELECT uscc, industry FROM scjg_enterprises', twin: 'synthetic' });
    expect(answer.body).toMatchObject({ twin: 'synthetic' });
    expect(answer.body.rows).toHaveLength(60);
    const real = new Set(enterprises.map((e) => e.uscc));
    expect((answer.body.rows as string[][]).filter(([uscc]) => real.has(uscc!))).toEqual([]);
    // each value is sampled from the real distribution: only real industries, the two large ones certainly present
    // (a 3-in-60 industry may by chance be missed: the twin is seeded by the grant id)
    const industries = new Set((answer.body.rows as string[][]).map((r) => r[1]));
    expect([...industries].every((i) => ['製造業', '批發零售', '金融科技'].includes(i!))).toBe(true);
    expect(industries).toContain('製造業');
    expect(industries).toContain('批發零售');
  });

  it('a governed aggregate releases only groups of at least 5 enterprises and says how many it withheld', async () => {
    const answer = await operator.post(`/api/v1/grants/${grantId}/queries`, { sql: 'SELECT industry, count(*) AS enterprises, sum(capital) AS capital FROM scjg_enterprises GROUP BY industry ORDER BY industry' });
    expect(answer.status).toBe(200);
    expect(answer.body.suppressed).toBe(1); // 金融科技 has only 3 enterprises
    const byIndustry = Object.fromEntries(answer.body.rows.map((r: [string, number | string, number | string]) => [r[0], Number(r[1])]));
    expect(byIndustry).toEqual({ 製造業: 30, 批發零售: 27 });
  });

  it('identifiers never leave: selecting one, grouping by one, or a file reader are refused by rule, without any value', async () => {
    const refusals = [
      ['SELECT uscc FROM scjg_enterprises', 'GOVERNED_COLUMN_CONTROL'],
      ['SELECT legal_rep_mobile, count(*) FROM scjg_enterprises GROUP BY legal_rep_mobile', 'GOVERNED_COLUMN_CONTROL'],
      ["SELECT * FROM read_csv('/etc/passwd')", 'GOVERNED_RELATION_NOT_ALLOWED'],
      ["SELECT industry, count(*) FROM scjg_enterprises WHERE uscc = '" + enterprises[0]!.uscc + "' GROUP BY industry", 'GOVERNED_COLUMN_CONTROL'],
      ['SELECT 1; SELECT 2', 'GOVERNED_SQL_INVALID'],
    ] as const;
    for (const [sql, code] of refusals) {
      const refused = await operator.post(`/api/v1/grants/${grantId}/queries`, { sql });
      expect({ sql, code: refused.body.code }).toEqual({ sql, code });
      expect(refused.status).toBeGreaterThanOrEqual(400);
      expect(refused.status).toBeLessThan(500);
      expect(JSON.stringify(refused.body)).not.toMatch(new RegExp(secretValues.join('|')));
    }
  });

  it('a differentially private aggregate debits ε before it answers; when the budget cannot cover a query, nothing is released', async () => {
    const request = { view: 'scjg_enterprises', groupBy: ['industry'], measures: [{ kind: 'count' }, { kind: 'sum', column: 'capital', lower: 0, upper: 1000 }], epsilon: '0.5' };
    const answer = await operator.post(`/api/v1/grants/${grantId}/dp-queries`, request);
    expect(answer.status).toBe(200);
    expect(answer.body.epsilon).toBe('0.5');
    expect(answer.body.columns[0]).toBe('industry');
    for (const row of answer.body.rows as Array<[string, number | string, number | string]>) expect(Number.isInteger(Number(row[1]))).toBe(true);
    expect((await operator.get(`/api/v1/grants/${grantId}`)).body.epsilonSpent).toBe(0.5);
    const refused = await operator.post(`/api/v1/grants/${grantId}/dp-queries`, { ...request, epsilon: '0.6' });
    expect(refused.body.code).toBe('GRANT_BUDGET_EXHAUSTED');
    expect(refused.body.rows).toBeUndefined();
    expect((await operator.get(`/api/v1/grants/${grantId}`)).body.epsilonSpent).toBe(0.5);
  });

  it('every query is on the record with its text hash and outcome, and in the ledger', async () => {
    const record = (await operator.get(`/api/v1/grants/${grantId}/queries`)).body.items as Array<{ workspace: string; outcome: string; refusalCode: string | null; sqlHash: string }>;
    expect(record.filter((q) => q.workspace === 'dev' && q.outcome === 'answered')).toHaveLength(2); // masked and synthetic
    expect(record.filter((q) => q.workspace === 'prod' && q.outcome === 'answered')).toHaveLength(2); // the governed and the DP query
    expect(record.filter((q) => q.outcome === 'refused').map((q) => q.refusalCode).sort()).toEqual(['GOVERNED_COLUMN_CONTROL', 'GOVERNED_COLUMN_CONTROL', 'GOVERNED_COLUMN_CONTROL', 'GOVERNED_RELATION_NOT_ALLOWED', 'GOVERNED_SQL_INVALID', 'GRANT_BUDGET_EXHAUSTED']);
    expect(record.every((q) => /^[0-9a-f]{64}$/.test(q.sqlHash))).toBe(true);
    await platform.ledger.sync();
    const entries = (await authority.get('/api/v1/ledger/entries?start=0&limit=1000')).body.items as Array<{ leaf: { action: string } }>;
    expect(entries.filter((e) => e.leaf.action === 'workspace.query_refused')).toHaveLength(6);
    expect(entries.filter((e) => e.leaf.action === 'grant.epsilon_spent')).toHaveLength(1);
  });

  it('a job is developed on the twin, reviewed as an exact text, and runs on real data only approved and unchanged; its result stays in-domain', async () => {
    const statements = [{ output: 'capital_by_industry', sql: 'SELECT industry, count(*) AS enterprises, avg(capital) AS mean_capital FROM scjg_enterprises GROUP BY industry' }];
    const saved = await operator.post(`/api/v1/grants/${grantId}/jobs`, { name: 'industry_profile', statements });
    expect(saved.body).toMatchObject({ state: 'draft', hash: expect.stringMatching(/^[0-9a-f]{64}$/), reviewerOrgIds: [expect.any(String)] });
    const jobId = saved.body.id as string;
    expect((await operator.post(`/api/v1/jobs/${jobId}/submission`)).body.code).toBe('VALIDATION_FAILED'); // no dev run yet
    const devRun = await operator.post(`/api/v1/jobs/${jobId}/dev-run`);
    expect(devRun.body.devRun).toMatchObject({ on: 'masked_twin', hash: saved.body.hash, outputs: [{ output: 'capital_by_industry', rows: 3 }] });
    expect((await operator.post(`/api/v1/jobs/${jobId}/submission`)).body.state).toBe('submitted');
    expect((await operator.post(`/api/v1/jobs/${jobId}/run`)).body.code).toBe('JOB_NOT_APPROVED');
    expect((await market.post(`/api/v1/jobs/${jobId}/review`, { decision: 'approve' })).status).toBe(403); // source departments do not review jobs
    expect((await authority.post(`/api/v1/jobs/${jobId}/review`, { decision: 'approve' })).body.state).toBe('approved');

    // someone changes the stored text after approval: the job no longer runs
    await platform.deps.db.asOwner((s) => s.query(`UPDATE jobs SET statements = jsonb_set(statements, '{0,sql}', '"SELECT uscc FROM scjg_enterprises"') WHERE id = $1`, [jobId]));
    expect((await operator.post(`/api/v1/jobs/${jobId}/run`)).body.code).toBe('JOB_CHANGED');
    await platform.deps.db.asOwner((s) => s.query('UPDATE jobs SET statements = $2::jsonb WHERE id = $1', [jobId, JSON.stringify(statements)]));

    const ran = await operator.post(`/api/v1/jobs/${jobId}/run`);
    expect(ran.body).toMatchObject({ state: 'succeeded', results: [{ name: 'capital_by_industry', rows: 3, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }] });
    expect(Object.keys(ran.body.results[0]).sort()).toEqual(['bytes', 'createdAt', 'id', 'name', 'rows', 'sha256']); // kept in-domain, not returned
    // editing an approved job puts it back to draft: the next run needs a new review
    await operator.post(`/api/v1/grants/${grantId}/jobs`, { name: 'industry_profile', statements: [{ output: 'capital_by_industry', sql: 'SELECT industry, count(*) AS n FROM scjg_enterprises GROUP BY industry' }] });
    expect((await operator.post(`/api/v1/jobs/${jobId}/run`)).body.code).toBe('JOB_NOT_APPROVED');
  });

  it('a suspended grantee is refused on its very next query', async () => {
    const { body } = await authority.get('/api/v1/organizations');
    const operatorId = body.items.find((o: { code: string }) => o.code === 'OP-FTDO').id;
    await authority.post(`/api/v1/organizations/${operatorId}/suspension`, { reasons: '安全審計未通過' });
    expect((await operator.post(`/api/v1/grants/${grantId}/queries`, { sql: 'SELECT industry, count(*) FROM scjg_enterprises GROUP BY industry' })).body.code).toBe('ORGANIZATION_SUSPENDED');
    await authority.post(`/api/v1/organizations/${operatorId}/resumption`, { reasons: '整改完成' });
    expect((await operator.post(`/api/v1/grants/${grantId}/queries`, { sql: 'SELECT industry, count(*) FROM scjg_enterprises GROUP BY industry' })).status).toBe(200);
  });
});
