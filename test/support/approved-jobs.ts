import { expect } from 'vitest';
import type { ApiClient } from './test-platform.ts';

/**
 * Code to data, as many tests need it: the grantee saves a job, runs it on the twin, submits it; every reviewer
 * approves its exact text; the grantee runs it on the real data. Returns the succeeded job (with its result tables).
 */
export async function runApprovedJob(
  grantee: ApiClient,
  reviewers: readonly ApiClient[],
  grantId: string,
  name: string,
  statements: ReadonlyArray<{ output: string; sql: string }>,
): Promise<{ id: string; results: Array<{ id: string; name: string }> }> {
  const job = await grantee.post(`/api/v1/grants/${grantId}/jobs`, { name, statements });
  expect(job.body.id).toEqual(expect.any(String));
  expect((await grantee.post(`/api/v1/jobs/${job.body.id}/dev-run`)).status).toBe(200);
  await grantee.post(`/api/v1/jobs/${job.body.id}/submission`);
  for (const reviewer of reviewers) expect((await reviewer.post(`/api/v1/jobs/${job.body.id}/review`, { decision: 'approve' })).status).toBe(200);
  const ran = await grantee.post(`/api/v1/jobs/${job.body.id}/run`);
  expect(ran.body.state).toBe('succeeded');
  return ran.body;
}

/** The filing of a per-enterprise indicator (registered capital and industry by USCC) served from a result table. */
export function capitalIndicatorFiling(grantId: string, resultTableId: string, scenario: string) {
  return {
    grantId,
    kind: 'indicator',
    nameZh: '企業註冊資本指標',
    nameEn: 'Enterprise registered capital indicator',
    description: '按統一社會信用代碼查詢企業註冊資本與行業，服務普惠金融授信',
    scenarios: [scenario],
    scope: '福田區登記企業',
    mannerOfUse: '接口按代碼查詢，不得批量導出',
    pricing: { basis: '成本加成（運營成本 + 準許利潤）', price: '0.10', per: 'call' },
    source: { resultTableId, lookupColumn: 'uscc', outputColumns: ['capital', 'industry'] },
  };
}
