import { makeUscc } from '../../packages/core/src/index.ts';
import type { ApiClient, TestPlatform } from './test-platform.ts';

// A scenario many tests start from: the market regulator's enterprise registry (60 enterprises, one industry with only
// 3) is ingested and published; the operator applies for it for its own analysis; the authority (threshold 5
// enterprises per released row), the department and every party sign; the operator holds the grant.

const industries = [...Array(30).fill('製造業'), ...Array(27).fill('批發零售'), ...Array(3).fill('金融科技')] as string[];
export const enterprises = industries.map((industry, i) => ({
  uscc: makeUscc('9', '1', '440304', String(10_000_000 + i * 7)),
  mobile: `1380013${String(1000 + i).padStart(4, '0')}`,
  industry,
  capital: 100 + i,
}));
export const enterpriseCsv = ['uscc,legal_rep_mobile,industry,capital', ...enterprises.map((e) => `${e.uscc},${e.mobile},${e.industry},${e.capital}`)].join('\n') + '\n';

export const enterpriseRegistry = {
  code: 'SCJG-ENTERPRISES',
  nameZh: '企業登記信息',
  category: ['經濟建設', '市場監管', '商事登記'],
  openness: 'conditional',
  updateFrequency: 'daily',
  subjectKey: 'uscc',
  subjectKind: 'enterprise',
  fields: [
    { name: 'uscc', type: 'string', role: 'direct_identifier', grade: 'general_2', piiType: 'uscc' },
    { name: 'legal_rep_mobile', type: 'string', role: 'direct_identifier', grade: 'general_3', piiType: 'mobile' },
    { name: 'industry', type: 'string', role: 'quasi_identifier', grade: 'general_1' },
    { name: 'capital', type: 'decimal', role: 'other', grade: 'general_1' },
  ],
};

/**
 * The department registers `resource`, ingests `csv` as its first version and submits its catalog entry; the
 * authority approves it and publishes an edition. Throws on any step that does not succeed; returns the resource id.
 */
export async function publishResource(market: ApiClient, authority: ApiClient, resource: object, csv: string): Promise<string> {
  const registered = await market.post('/api/v1/resources', resource);
  if (registered.status !== 201) throw new Error(`registration failed: ${JSON.stringify(registered.body)}`);
  const version = await market.request('POST', `/api/v1/resources/${registered.body.id}/versions`, undefined, { rawBody: csv, headers: { 'content-type': 'text/csv' } });
  if (version.status !== 201) throw new Error(`ingest failed: ${JSON.stringify(version.body)}`);
  const entry = await market.post('/api/v1/catalog/entries', { resourceId: registered.body.id });
  await market.post(`/api/v1/catalog/entries/${entry.body.id}/submit`);
  await authority.post(`/api/v1/catalog/entries/${entry.body.id}/decision`, { decision: 'approve' });
  const edition = await authority.post('/api/v1/catalog/editions', {});
  if (edition.status !== 201) throw new Error(`publishing failed: ${JSON.stringify(edition.body)}`);
  return registered.body.id as string;
}

export interface GrantedEnterprises {
  authority: ApiClient;
  market: ApiClient;
  operator: ApiClient;
  grantId: string;
  orgs: Record<string, string>;
}

export async function grantEnterprisesToOperator(
  platform: TestPlatform,
  opts: { scenario: { kind: 'public_interest' | 'industry'; purpose: string; description: string }; modes: string[]; controls?: Record<string, number> },
): Promise<GrantedEnterprises> {
  const authority = await platform.loginAs('authority.reviewer');
  const market = await platform.loginAs('scjg.steward');
  const operator = await platform.loginAs('operator.admin');
  const orgs: Record<string, string> = {};
  for (const o of (await authority.get('/api/v1/organizations')).body.items) orgs[o.code] = o.id;
  const resourceId = await publishResource(market, authority, enterpriseRegistry, enterpriseCsv);
  const application = await operator.post('/api/v1/applications', {
    title: '福田區企業分析',
    scenario: opts.scenario,
    resources: [{ resourceId, fields: ['uscc', 'legal_rep_mobile', 'industry', 'capital'] }],
    modes: opts.modes,
  });
  if (application.status !== 201) throw new Error(`application failed: ${JSON.stringify(application.body)}`);
  await authority.post(`/api/v1/applications/${application.body.id}/decision`, { decision: 'approve', controls: { minSubjects: 5, ...opts.controls } });
  await market.post(`/api/v1/applications/${application.body.id}/decision`, { decision: 'approve' });
  const agreement = (await operator.get('/api/v1/agreements')).body.items.find((a: { applicationId: string }) => a.applicationId === application.body.id);
  for (const signer of [authority, market, operator]) await signer.post(`/api/v1/agreements/${agreement.id}/signatures`, {});
  const grant = (await operator.get('/api/v1/grants')).body.items.find((g: { applicationId: string }) => g.applicationId === application.body.id);
  if (!grant) throw new Error('no grant was issued');
  return { authority, market, operator, grantId: grant.id, orgs };
}
