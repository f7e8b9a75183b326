import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '@shuyun/core';
import { releasedAggregates } from '../../db/schema.ts';
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

  it('every use is metered in the same transaction: compute, the versions scanned, the twin masking; the month invoice lists them (public interest: free)', async () => {
    const usage = (await platform.deps.db.asOwner((s) => s.query('SELECT kind, sum(quantity)::text AS n FROM usage_records WHERE grant_id = $1 GROUP BY kind', [grantId]))) as Array<{ kind: string; n: string }>;
    const of = (kind: string) => Number(usage.find((u) => u.kind === kind)?.n ?? 0);
    expect(of('compute_ms')).toBeGreaterThan(0);
    expect(of('bytes_scanned')).toBeGreaterThan(0);
    // the masked twin: 60 enterprises × uscc, legal_rep_mobile and industry masked or generalized, built once; the synthetic twin as many
    expect(of('masking_operations')).toBe(2 * 60 * 3);
    const invoice = (await operator.get('/api/v1/invoices/2026-06')).body.document as { lines: Array<{ kind: string; amount: string }>; total: string };
    expect(invoice.lines.map((l) => l.kind)).toEqual(expect.arrayContaining(['compute_seconds', 'bytes_scanned', 'masking_operations']));
    expect(invoice.total).toBe('0.00');
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

// Differencing (threshold-only grants): each answer passes the threshold of 5 enterprises, but two answers whose sets
// of enterprises differ by 1 to 4 would give, subtracted, the capital of those few. capital = 100 + i for enterprise
// i (0–59); 製造業 is 0–29, 批發零售 30–56, 金融科技 57–59.
describe('workspaces: two governed answers cannot be subtracted to single out enterprises; a DP grant pays ε for each', () => {
  const clock = new FakeClock('2026-06-01T10:00:00+08:00');
  let platform: TestPlatform;
  let authority: ApiClient;
  let operator: ApiClient;
  let grantId: string;
  let orgs: Record<string, string>;
  const ask = async (sql: string) => operator.post(`/api/v1/grants/${grantId}/queries`, { sql });

  beforeAll(async () => {
    platform = await startTestPlatform({ clock, env: { SHUYUN_SESSION_IDLE_MINUTES: '10000000', SHUYUN_SESSION_MAX_HOURS: '1000000' } });
    ({ authority, operator, grantId, orgs } = await grantEnterprisesToOperator(platform, {
      scenario: { kind: 'public_interest', purpose: 'public-governance.industry', description: '按行業統計企業註冊資本，服務產業政策' },
      modes: ['governed_query'],
      controls: { epsilonBudget: 1 },
    }));
  });
  afterAll(async () => platform?.close());

  it('a SUM over everyone but enterprise 0, then with the constant moved past enterprise 1: the second is withheld (remembered across requests)', async () => {
    const first = await ask('SELECT count(*) AS n, sum(capital) AS total FROM scjg_enterprises WHERE capital > 100');
    expect(first.status).toBe(200);
    expect(first.body.rows.map((r: unknown[]) => Number(r[0]))).toEqual([59]);
    expect(first.body.withheld).toEqual({ minSubjects: 0, differencing: 0 });
    for (const sql of [
      'SELECT count(*) AS n, sum(capital) AS total FROM scjg_enterprises WHERE capital > 101',
      'SELECT sum(capital) AS total FROM scjg_enterprises WHERE capital >= 102',
      'SELECT sum(capital) FROM scjg_enterprises WHERE capital BETWEEN 102 AND 1000',
      'SELECT avg(capital) FROM scjg_enterprises WHERE NOT (capital <= 101) AND (capital < 150 OR NOT (capital < 150 AND capital > 0))',
      'SELECT sum(capital) FROM scjg_enterprises WHERE capital >= 105', // 55 against 59: 4 enterprises
    ]) {
      const second = await ask(sql);
      expect({ sql, status: second.status, rows: second.body.rows, suppressed: second.body.suppressed, withheld: second.body.withheld }).toEqual({ sql, status: 200, rows: [], suppressed: 1, withheld: { minSubjects: 0, differencing: 1 } });
    }
    // 54 against 59 is a statistic of 5: released, and remembered; then 53 against 54 is not
    expect((await ask('SELECT count(*) FROM scjg_enterprises WHERE capital >= 106')).body.rows).toEqual([['54']]);
    expect((await ask('SELECT count(*) FROM scjg_enterprises WHERE capital >= 107')).body.withheld).toEqual({ minSubjects: 0, differencing: 1 });
  });

  it('GROUP BY: a group that lost one enterprise is withheld, one with the same count released, a small one suppressed, each counted under its rule', async () => {
    const all = await ask('SELECT industry, count(*) AS n, sum(capital) AS total FROM scjg_enterprises GROUP BY industry ORDER BY industry');
    expect(all.body.rows.map((r: unknown[]) => [r[0], Number(r[1])])).toEqual([['批發零售', 27], ['製造業', 30]]);
    const narrower = await ask('SELECT industry, count(*) AS n, sum(capital) AS total FROM scjg_enterprises WHERE capital > 100 GROUP BY industry ORDER BY industry');
    expect(narrower.body.rows.map((r: unknown[]) => [r[0], Number(r[1])])).toEqual([['批發零售', 27]]); // 製造業 29 against 30: enterprise 0
    expect(narrower.body.suppressed).toBe(2);
    expect(narrower.body.withheld).toEqual({ minSubjects: 1, differencing: 1 });
  });

  it('a query without aggregation whose rows differ from an earlier answer by 2 enterprises is refused as a whole, by rule, without a value', async () => {
    const refused = await ask('SELECT capital FROM scjg_enterprises WHERE capital > 102');
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('GOVERNED_TOO_FEW_SUBJECTS');
    expect(refused.body.errors).toEqual([expect.objectContaining({ reason: 'differencing' })]);
    expect(JSON.stringify(refused.body.errors)).not.toMatch(/\d/); // no capital, no count
    expect(JSON.stringify(refused.body)).not.toMatch(new RegExp(enterprises.map((e) => e.uscc).join('|')));
  });

  it('legitimate repetition is not withheld: the same query twice, the same groups with other measures', async () => {
    const sql = 'SELECT industry, count(*) AS n, avg(capital) AS mean FROM scjg_enterprises GROUP BY industry ORDER BY industry';
    const a = await ask(sql);
    const b = await ask(sql);
    expect(b.body.rows).toEqual(a.body.rows);
    expect(b.body.withheld).toEqual({ minSubjects: 1, differencing: 0 });
    const c = await ask('SELECT industry, sum(capital) AS s, count(DISTINCT uscc) AS firms FROM scjg_enterprises GROUP BY industry ORDER BY industry');
    expect(c.body.rows.map((r: unknown[]) => [r[0], Number(r[2])])).toEqual([['批發零售', 27], ['製造業', 30]]);
    expect(c.body.withheld).toEqual({ minSubjects: 1, differencing: 0 });
    const d = await ask('SELECT count(*) AS n FROM scjg_enterprises WHERE capital > 100');
    expect(d.body.rows).toEqual([['59']]);
  });

  it('two differencing queries sent at once: only one of them is released (the memory is checked and written under the organization’s lock)', async () => {
    const grouped = (min: number) => `SELECT capital < 120 AS small, count(*) AS n, sum(capital) AS total FROM scjg_enterprises WHERE capital > ${min} GROUP BY capital < 120`;
    const [a, b] = await Promise.all([ask(grouped(100)), ask(grouped(102))]); // small: 19 against 17; large: 40 in both
    expect([a.status, b.status]).toEqual([200, 200]);
    expect([a.body.withheld.differencing, b.body.withheld.differencing].sort()).toEqual([0, 1]);
    expect(a.body.rows.length + b.body.rows.length).toBe(3);
  });

  it('the memory holds key digests and counts only, is the grantee\'s (row-level security), and the record says which rule withheld what', async () => {
    const rows = await platform.deps.db.asOwner((s) => s.query('SELECT * FROM released_aggregates'));
    expect(rows.length).toBeGreaterThan(3);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(String(r.group_key_hash)) && r.grant_id === grantId)).toBe(true);
    expect(JSON.stringify(rows)).not.toMatch(/製造業|批發零售|金融科技/);
    const tenant = (code: string, orgType: 'operator' | 'source_department' | 'authority') => ({ kind: 'tenant' as const, orgId: orgs[code]!, orgType, userId: null, roles: [] });
    expect(await platform.deps.db.tx(tenant('OP-FTDO', 'operator'), (tx) => tx.select().from(releasedAggregates))).toHaveLength(rows.length);
    expect(await platform.deps.db.tx(tenant('FT-SCJG', 'source_department'), (tx) => tx.select().from(releasedAggregates))).toEqual([]);
    const record = (await operator.get(`/api/v1/grants/${grantId}/queries`)).body.items as Array<{ outcome: string; refusalCode: string | null; suppressed: number | null; differencing: number | null }>;
    expect(record.filter((q) => q.outcome === 'answered' && (q.differencing ?? 0) > 0).length).toBeGreaterThanOrEqual(7);
    expect(record.filter((q) => q.outcome === 'refused').map((q) => q.refusalCode)).toEqual(['GOVERNED_TOO_FEW_SUBJECTS']);
  });

  it('with differential privacy, the two differencing queries are each answered with noise and each debited; the budget then refuses', async () => {
    const request = (value: number) => ({ view: 'scjg_enterprises', where: [{ column: 'capital', op: '>', value }], groupBy: [], measures: [{ kind: 'count' }, { kind: 'sum', column: 'capital', lower: 0, upper: 200 }], epsilon: '0.4' });
    const first = await operator.post(`/api/v1/grants/${grantId}/dp-queries`, request(100));
    expect(first.status).toBe(200);
    expect((await operator.get(`/api/v1/grants/${grantId}`)).body.epsilonSpent).toBe(0.4);
    const second = await operator.post(`/api/v1/grants/${grantId}/dp-queries`, request(101));
    expect(second.status).toBe(200);
    expect(second.body.epsilon).toBe('0.4');
    expect((await operator.get(`/api/v1/grants/${grantId}`)).body.epsilonSpent).toBe(0.8);
    const third = await operator.post(`/api/v1/grants/${grantId}/dp-queries`, request(102));
    expect(third.body.code).toBe('GRANT_BUDGET_EXHAUSTED');
    expect(third.body.rows).toBeUndefined();
    expect((await operator.get(`/api/v1/grants/${grantId}`)).body.epsilonSpent).toBe(0.8);
    await platform.ledger.sync();
    const entries = (await authority.get('/api/v1/ledger/entries?start=0&limit=1000')).body.items as Array<{ leaf: { action: string } }>;
    expect(entries.filter((e) => e.leaf.action === 'grant.epsilon_spent')).toHaveLength(2);
  });
});
