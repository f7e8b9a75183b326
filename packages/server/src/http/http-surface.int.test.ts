import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../../../test/support/test-platform.ts';
import { actions, PUBLIC } from '../policy/actions.ts';
import { API_PREFIX } from './app.ts';

describe('the HTTP surface', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform({ env: { SHUYUN_BODY_LIMIT_BYTES: '4096' } });
  });
  afterAll(async () => platform?.close());

  it('every registered API route declares an action from the catalogue', () => {
    const apiRoutes = platform.app.registeredRoutes.filter((r) => r.url.startsWith(API_PREFIX));
    expect(apiRoutes.length).toBeGreaterThan(5);
    const undeclared = apiRoutes.filter((r) => r.action !== PUBLIC && !(r.action && r.action in actions));
    expect(undeclared).toEqual([]);
  });

  it('publishes a valid OpenAPI 3 document that lists every API route, and interactive docs', async () => {
    const res = await platform.anonymous().get('/openapi.json');
    expect(res.status).toBe(200);
    const result = await new Validator().validate(res.body);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    const documented = new Set(Object.entries(res.body.paths as Record<string, object>).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`)));
    const routes = platform.app.registeredRoutes
      .filter((r) => r.url.startsWith(API_PREFIX))
      .map((r) => `${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`);
    expect(routes.filter((r) => !documented.has(r))).toEqual([]);
    const docs = await fetch(`${platform.url}/docs`, { redirect: 'follow' });
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger-ui');
  });

  it('health answers 200 after checking the database; metrics are in Prometheus format', async () => {
    const health = await platform.anonymous().get('/healthz');
    expect(health.status).toBe(200);
    expect(health.body.status).toBe('ok');
    await platform.anonymous().get('/api/v1/me');
    const metrics = await platform.anonymous().get('/metrics');
    expect(metrics.body).toContain('shuyun_http_requests_total{method="GET",route="/api/v1/me",status="401"}');
  });

  it('every response carries a request id; a sane incoming one is kept', async () => {
    const res = await platform.anonymous().with({ 'x-request-id': 'trace-abc-12345' }).get('/api/v1/me');
    expect(res.headers.get('x-request-id')).toBe('trace-abc-12345');
    expect(res.body.requestId).toBe('trace-abc-12345');
  });

  describe('bad input gets a clear 4xx problem, never a 5xx', () => {
    let admin: Awaited<ReturnType<TestPlatform['loginAs']>>;
    beforeAll(async () => {
      admin = await platform.loginAs('authority.admin');
    });

    it('malformed JSON', async () => {
      const res = await admin.request('POST', '/api/v1/api-keys', undefined, { rawBody: '{"name": "x", ' });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('MALFORMED_JSON');
    });

    it('unknown fields are rejected, not stripped, and named', async () => {
      const res = await admin.post('/api/v1/api-keys', { name: 'x', scopes: ['session.read'], isAdmin: true });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.errors).toEqual([{ path: '/body/isAdmin', reason: 'unrecognized_key', message: 'unknown field' }]);
    });

    it('wrong types name the field and never echo the value', async () => {
      const res = await admin.with({ 'accept-language': 'en' }).post('/api/v1/api-keys', { name: 'x', scopes: 'secret-value-123', expiresInDays: 'soon' });
      expect(res.status).toBe(400);
      expect(res.body.title).toBe('The request is not valid');
      expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['/body/expiresInDays', '/body/scopes']);
      expect(JSON.stringify(res.body)).not.toContain('secret-value-123');
    });

    it('oversize bodies', async () => {
      const res = await admin.post('/api/v1/api-keys', { name: 'x'.repeat(10_000), scopes: ['session.read'] });
      expect(res.status).toBe(413);
      expect(res.body.code).toBe('BODY_TOO_LARGE');
    });

    it('unsupported content types', async () => {
      const res = await admin.request('POST', '/api/v1/api-keys', undefined, { rawBody: 'name=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      expect(res.status).toBe(415);
      expect(res.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    });

    it('missing or malformed credentials, before the body is even read', async () => {
      const anonymous = await platform.anonymous().request('POST', '/api/v1/api-keys', undefined, { rawBody: '{broken' });
      expect(anonymous.status).toBe(401);
      const basic = await platform.anonymous().with({ authorization: 'Basic YWRtaW46YWRtaW4=' }).get('/api/v1/me');
      expect(basic.status).toBe(401);
      expect(basic.body.code).toBe('AUTH_INVALID_TOKEN');
    });

    it('ids that are not ids, and paths that do not exist', async () => {
      const badId = await admin.get('/api/v1/organizations/not-a-uuid');
      expect(badId.status).toBe(400);
      expect(badId.body.errors[0].path).toBe('/params/id');
      const missing = await admin.get('/api/v1/organizations/00000000-0000-4000-8000-000000000000');
      expect(missing.status).toBe(404);
      const nowhere = await admin.get('/api/v1/no-such-thing');
      expect(nowhere.status).toBe(404);
      expect(nowhere.body.code).toBe('NOT_FOUND');
    });

    it('a failed request leaves nothing behind', async () => {
      const before = (await admin.get('/api/v1/api-keys')).body.items.length;
      await admin.post('/api/v1/api-keys', { name: 'x', scopes: ['session.read', 'nope.nope'] });
      await admin.post('/api/v1/api-keys', { name: 'x', scopes: ['session.read'], expiresInDays: 9999 });
      expect((await admin.get('/api/v1/api-keys')).body.items.length).toBe(before);
    });
  });
});
