import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../../../test/support/test-platform.ts';

describe('when something breaks inside', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform();
  });
  afterAll(async () => platform?.close());

  it('the caller gets a 500 problem with a request id and nothing of the internals', async () => {
    const user = await platform.loginAs('research.developer');
    // an operator's mistake in the database, as the platform would meet it in production
    await platform.deps.db.asOwner((s) => s.exec('ALTER TABLE organizations RENAME TO organizations_moved'));
    try {
      const res = await user.with({ 'accept-language': 'en' }).get('/api/v1/organizations');
      expect(res.status).toBe(500);
      expect(res.body).toMatchObject({ code: 'INTERNAL', status: 500, title: 'Internal error; contact the administrator with the request id' });
      expect(res.body.requestId).toBe(res.headers.get('x-request-id'));
      const text = JSON.stringify(res.body);
      for (const leak of ['organizations_moved', 'relation', 'does not exist', 'select ', 'stack', '.ts:']) expect(text.toLowerCase()).not.toContain(leak);
    } finally {
      await platform.deps.db.asOwner((s) => s.exec('ALTER TABLE organizations_moved RENAME TO organizations'));
    }
    expect((await user.get('/api/v1/organizations')).status).toBe(200);
  });
});
