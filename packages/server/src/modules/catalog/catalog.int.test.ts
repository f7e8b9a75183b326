import jsonld from 'jsonld';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, startTestPlatform, type TestPlatform } from '../../../../../test/support/test-platform.ts';
import { systemContext } from '../../db/database.ts';
import { catalogEntries } from '../../db/schema.ts';

const enterpriseRegistry = {
  code: 'SCJG-ENTERPRISE-REGISTRY',
  nameZh: '企業登記信息',
  nameEn: 'Enterprise registration records',
  descriptionZh: '福田區商事主體登記信息，含統一社會信用代碼、行業、註冊資本與狀態。',
  category: ['經濟建設', '市場監管', '商事登記'],
  openness: 'conditional',
  updateFrequency: 'daily',
  publishDate: '2026-01-15',
  subjectKey: 'uscc',
  subjectKind: 'enterprise',
  fields: [
    { name: 'uscc', type: 'string', role: 'direct_identifier', grade: 'general_2', piiType: 'uscc', description: '統一社會信用代碼' },
    { name: 'name', type: 'string', role: 'quasi_identifier', grade: 'general_2', description: '企業名稱' },
    { name: 'legal_rep_id', type: 'string', role: 'direct_identifier', grade: 'general_4', description: '法定代表人身份證號' },
    { name: 'capital', type: 'decimal', role: 'other', grade: 'general_1', description: '註冊資本（萬元）' },
  ],
};

describe('data resources and the authorized-operation catalog', () => {
  let platform: TestPlatform;
  let market: ApiClient;
  let health: ApiClient;
  let authority: ApiClient;
  let bank: ApiClient;
  beforeAll(async () => {
    platform = await startTestPlatform();
    market = await platform.loginAs('scjg.steward');
    health = await platform.loginAs('wjj.steward');
    authority = await platform.loginAs('authority.reviewer');
    bank = await platform.loginAs('bank.developer');
  });
  afterAll(async () => platform?.close());

  it('the department registers, drafts and submits; the authority returns it; it is resubmitted, approved and published in edition 1', async () => {
    const registered = await market.post('/api/v1/resources', enterpriseRegistry);
    expect(registered.status).toBe(201);
    expect(registered.body.grade).toBe('general_4'); // the highest of its fields (就高從嚴)
    expect(registered.body.fields.map((f: { name: string }) => f.name)).toEqual(['uscc', 'name', 'legal_rep_id', 'capital']);

    const draft = await market.post('/api/v1/catalog/entries', { resourceId: registered.body.id });
    expect(draft.body.state).toBe('draft');
    expect((await market.post(`/api/v1/catalog/entries/${draft.body.id}/submit`)).body.state).toBe('submitted');

    // only the authority decides
    expect((await market.post(`/api/v1/catalog/entries/${draft.body.id}/decision`, { decision: 'approve' })).status).toBe(403);
    const returned = await authority.post(`/api/v1/catalog/entries/${draft.body.id}/decision`, { decision: 'return', reasons: '請補充字段說明並確認法定代表人身份證號的分級' });
    expect(returned.body).toMatchObject({ state: 'returned', reasons: '請補充字段說明並確認法定代表人身份證號的分級' });
    expect((await authority.post(`/api/v1/catalog/entries/${draft.body.id}/decision`, { decision: 'approve' })).body.code).toBe('STATE_CONFLICT');
    expect((await authority.post(`/api/v1/catalog/entries/${draft.body.id}/decision`, { decision: 'reject' })).status).toBe(400); // reasons are required

    await market.post(`/api/v1/catalog/entries/${draft.body.id}/submit`);
    expect((await authority.post(`/api/v1/catalog/entries/${draft.body.id}/decision`, { decision: 'approve' })).body.state).toBe('approved');
    const edition = await authority.post('/api/v1/catalog/editions', { note: '2026 年第一版' });
    expect(edition.status).toBe(201);
    expect(edition.body.number).toBe(1);
    expect(edition.body.resources.map((r: { code: string }) => r.code)).toEqual(['SCJG-ENTERPRISE-REGISTRY']);

    // nothing new: no second edition
    expect((await authority.post('/api/v1/catalog/editions', {})).body.code).toBe('CATALOG_NOTHING_TO_PUBLISH');

    // a partner reads the published catalog (metadata and fields, never data)
    const catalog = await bank.get('/api/v1/catalog');
    expect(catalog.body.number).toBe(1);
    expect(catalog.body.resources[0].snapshot).toMatchObject({ code: 'SCJG-ENTERPRISE-REGISTRY', grade: 'general_4', publisher: { nameZh: '市場監督管理局福田監管局' } });
  });

  it('publishes the catalog as DCAT-AP JSON-LD and a human page per resource', async () => {
    const res = await fetch(`${platform.url}/catalog.jsonld`);
    expect(res.headers.get('content-type')).toContain('application/ld+json');
    const doc = await res.json();
    const expanded = await jsonld.expand(doc as jsonld.JsonLdDocument);
    const catalog = expanded.find((n) => (n['@type'] as string[] | undefined)?.includes('http://www.w3.org/ns/dcat#Catalog'))!;
    const datasets = catalog['http://www.w3.org/ns/dcat#dataset'] as Array<Record<string, unknown>>;
    expect(datasets).toHaveLength(1);
    const dataset = datasets[0]!;
    expect(dataset['http://purl.org/dc/terms/identifier']).toEqual([{ '@value': 'SCJG-ENTERPRISE-REGISTRY' }]);
    expect(dataset['http://purl.org/dc/terms/accessRights']).toEqual([{ '@id': 'http://publications.europa.eu/resource/authority/access-right/RESTRICTED' }]);
    expect(dataset['http://purl.org/dc/terms/accrualPeriodicity']).toEqual([{ '@id': 'http://publications.europa.eu/resource/authority/frequency/DAILY' }]);
    expect(JSON.stringify(dataset['http://purl.org/dc/terms/title'])).toContain('企業登記信息');

    const page = await fetch(`${platform.url}/catalog/resources/SCJG-ENTERPRISE-REGISTRY`);
    const html = await page.text();
    expect(html).toContain('<h1>企業登記信息</h1>');
    expect(html).toContain('有條件開放');
    expect((await fetch(`${platform.url}/catalog/resources/NOPE`)).status).toBe(404);
  });

  it('a not-open resource can be registered but never enters the catalog — refused by the use case and by the database', async () => {
    const closed = await health.post('/api/v1/resources', {
      code: 'WJJ-PSYCH-RECORDS',
      nameZh: '精神衛生診療記錄',
      category: ['衛生健康', '診療'],
      openness: 'not_open',
      updateFrequency: 'monthly',
      fields: [{ name: 'patient_id', type: 'string', role: 'direct_identifier', grade: 'important' }],
    });
    expect(closed.status).toBe(201);
    expect(closed.body.grade).toBe('important');
    const draft = await health.post('/api/v1/catalog/entries', { resourceId: closed.body.id });
    expect(draft.status).toBe(409);
    expect(draft.body.code).toBe('RESOURCE_NOT_OPEN');

    // even code that skips the use case cannot put it in: the store refuses
    const me = (await health.get('/api/v1/me')).body;
    const direct = await platform.deps.db
      .tx(systemContext('bypass attempt'), (tx) => tx.insert(catalogEntries).values({ resourceId: closed.body.id, orgId: me.organization.id, state: 'submitted', createdAt: new Date(), updatedAt: new Date() }))
      .catch((e: Error) => String(e.cause ?? e));
    expect(direct).toMatch(/not-open resource cannot enter/);
  });

  it('a published resource cannot be reclassified as not open without leaving the catalog first', async () => {
    const published = (await bank.get('/api/v1/catalog')).body.resources[0];
    const attempt = await platform.deps.db
      .asOwner((s) => s.query(`UPDATE data_resources SET openness = 'not_open' WHERE id = $1`, [published.resourceId]))
      .catch((e: Error) => e.message);
    expect(attempt).toMatch(/withdraw the resource from the catalog/);
  });

  it("departments see their own resources; another department's resource is not found; supervisors see all; partners cannot register", async () => {
    const own = (await market.get('/api/v1/resources')).body.items.map((r: { code: string }) => r.code);
    expect(own).toEqual(['SCJG-ENTERPRISE-REGISTRY']);
    const healthOwn = (await health.get('/api/v1/resources')).body.items;
    expect((await market.get(`/api/v1/resources/${healthOwn[0].id}`)).status).toBe(404);
    const all = (await authority.get('/api/v1/resources')).body.items.map((r: { code: string }) => r.code);
    expect(all).toEqual(['SCJG-ENTERPRISE-REGISTRY', 'WJJ-PSYCH-RECORDS']);
    const partner = await bank.post('/api/v1/resources', { ...enterpriseRegistry, code: 'BANK-OWN' });
    expect(partner.status).toBe(403);
  });

  it('the department confirms a PII type; the resource grade follows its fields', async () => {
    const resource = (await market.get('/api/v1/resources')).body.items[0];
    const res = await market.post(`/api/v1/resources/${resource.id}/fields/legal_rep_id/classification`, { piiType: 'resident_id', grade: 'important' });
    expect(res.status).toBe(200);
    expect(res.body.grade).toBe('important');
    expect(res.body.fields.find((f: { name: string }) => f.name === 'legal_rep_id')).toMatchObject({ piiType: 'resident_id', piiConfirmed: true, grade: 'important' });
    expect((await health.post(`/api/v1/resources/${resource.id}/fields/legal_rep_id/classification`, { piiType: null })).status).toBe(404);
  });

  it('bad resource definitions are refused with the fields named', async () => {
    const dup = await market.post('/api/v1/resources', { ...enterpriseRegistry, code: 'SCJG-DUP', subjectKey: 'nope', fields: [enterpriseRegistry.fields[0], enterpriseRegistry.fields[0]] });
    expect(dup.status).toBe(400);
    expect(dup.body.code).toBe('RESOURCE_FIELDS_INVALID');
    expect(dup.body.errors.map((e: { path: string }) => e.path)).toEqual(['/body/fields/1/name', '/body/subjectKey']);
    const taken = await market.post('/api/v1/resources', enterpriseRegistry);
    expect(taken.body.code).toBe('RESOURCE_CODE_TAKEN');
    expect(taken.body.errors).toEqual([{ path: '/body/code', reason: 'taken' }]);
    // a pattern the profile's engine (DuckDB, RE2) cannot run is refused at its field, and nothing is registered
    const withLookahead = enterpriseRegistry.fields.map((f, i) => (i === 0 ? { ...f, rules: { pattern: '(?=9)[0-9A-Z]{18}' } } : f));
    const lookahead = await market.post('/api/v1/resources', { ...enterpriseRegistry, code: 'SCJG-LOOKAHEAD', fields: withLookahead });
    expect(lookahead.status).toBe(400);
    expect(lookahead.body.code).toBe('RESOURCE_FIELDS_INVALID');
    expect(lookahead.body.errors).toMatchObject([{ path: '/body/fields/0/rules/pattern', reason: 'invalid_pattern' }]);
    const codes = ((await market.get('/api/v1/resources')).body.items as { code: string }[]).map((r) => r.code);
    expect(codes).not.toContain('SCJG-LOOKAHEAD');
    const fixed = enterpriseRegistry.fields.map((f, i) => (i === 0 ? { ...f, rules: { pattern: '9[0-9A-Z]{17}' } } : f));
    expect((await market.post('/api/v1/resources', { ...enterpriseRegistry, code: 'SCJG-LOOKAHEAD', fields: fixed })).status).toBe(201);
  });

  it('the department corrects a name and a field description in place; the published edition keeps its snapshot; the change is on the record', async () => {
    const resource = (await market.get('/api/v1/resources')).body.items.find((r: { code: string }) => r.code === 'SCJG-ENTERPRISE-REGISTRY');
    const path = `/api/v1/resources/${resource.id}`;
    const res = await market.request('PATCH', path, { nameZh: '企業登記信息（更正）', descriptionZh: resource.descriptionZh, fields: { capital: { description: '註冊資本（萬元人民幣）' } } });
    expect(res.status).toBe(200);
    const read = (await market.get(path)).body;
    expect(read).toMatchObject({ code: 'SCJG-ENTERPRISE-REGISTRY', nameZh: '企業登記信息（更正）', openness: 'conditional', catalogState: 'published' });
    expect(read.fields.find((f: { name: string }) => f.name === 'capital').description).toBe('註冊資本（萬元人民幣）');
    // edition 1 is a snapshot: it still says what was published
    expect((await bank.get('/api/v1/catalog/editions/1')).body.resources[0].snapshot.nameZh).toBe('企業登記信息');

    await platform.ledger.sync();
    const entries = ((await authority.get('/api/v1/ledger/entries?start=0&limit=1000')).body.items as Array<{ leaf: { action: string; entity: { id: string }; derivedFrom: unknown }; payload: unknown }>)
      .filter((e) => e.leaf.action === 'resource.updated' && e.leaf.entity.id === resource.id);
    expect(entries).toHaveLength(1); // the unchanged description is not counted as a change
    expect(entries[0]!.payload).toEqual({ code: 'SCJG-ENTERPRISE-REGISTRY', changed: ['nameZh', 'fields.capital.description'] });
    expect(entries[0]!.leaf.derivedFrom).toEqual([{ type: 'data_resource', id: resource.id }]);

    // another department does not learn the resource exists; the authority sees it but may not edit it
    expect((await health.request('PATCH', path, { nameZh: '改名' })).status).toBe(404);
    expect((await authority.request('PATCH', path, { nameZh: '改名' })).status).toBe(403);
    // what is not descriptive metadata is refused, and nothing changes
    const openness = await market.request('PATCH', path, { nameZh: '改名', openness: 'open' });
    expect(openness.status).toBe(400);
    expect(openness.body.code).toBe('VALIDATION_FAILED');
    expect(openness.body.errors).toEqual([{ path: '/body/openness', reason: 'unrecognized_key', message: 'unknown field' }]);
    expect((await market.request('PATCH', path, { fields: { capital: { description: 'x', grade: 'core' } } })).body.errors).toMatchObject([{ path: '/body/fields/capital/grade', reason: 'unrecognized_key' }]);
    expect((await market.request('PATCH', path, { fields: { nope: { description: 'x' } } })).body).toMatchObject({ code: 'RESOURCE_FIELDS_INVALID', errors: [{ path: '/body/fields/nope', reason: 'not_a_field' }] });
    const empty = await market.with({ 'accept-language': 'en' }).request('PATCH', path, {});
    expect(empty.status).toBe(400);
    expect(empty.body).toMatchObject({ code: 'RESOURCE_NOTHING_TO_UPDATE', title: 'The request changes nothing: name at least one property to update' });
    expect((await market.get(path)).body).toMatchObject({ nameZh: '企業登記信息（更正）', openness: 'conditional', grade: read.grade });
  });

  it('the authority withdraws a published resource; another department cannot; the next edition no longer lists it', async () => {
    const [entry] = (await authority.get('/api/v1/catalog/entries?state=published')).body.items;
    expect((await health.post(`/api/v1/catalog/entries/${entry.id}/withdraw`)).status).toBe(404);
    const withdrawn = await authority.post(`/api/v1/catalog/entries/${entry.id}/withdraw`);
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.state).toBe('withdrawn');
    const edition = await authority.post('/api/v1/catalog/editions', { note: '撤出企業登記信息' });
    expect(edition.body).toMatchObject({ number: 2, resources: [] });
    expect((await bank.get('/api/v1/catalog/editions/1')).body.resources).toHaveLength(1); // history stays
  });
});
