import { FakeClock } from '@shuyun/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginThroughProvider, ProviderLoginRejected } from '../identity-provider/test-login-flow.ts';
import { createRelyingParty } from '../identity-provider/index.ts';
import { startTestPlatform, type TestPlatform } from '../../../../../test/support/test-platform.ts';

describe('identity: logging in, sessions, bearer tokens and API keys', () => {
  const clock = new FakeClock('2026-03-02T09:00:00+08:00');
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform({ clock });
  });
  afterAll(async () => platform?.close());

  it('a demo partner logs in through the local OIDC provider and sees who they are', async () => {
    const bank = await platform.loginAs('bank.developer');
    const me = await bank.get('/api/v1/me');
    expect(me.status).toBe(200);
    expect(me.body.user.username).toBe('bank.developer');
    expect(me.body.organization.nameZh).toBe('鵬城普惠銀行股份有限公司');
    expect(me.body.organization.type).toBe('partner');
    expect(me.body.roles).toEqual(['admin', 'developer', 'signatory']);
    expect(me.body.via).toBe('session');
  });

  it('anyone without credentials is asked to log in, in their language', async () => {
    const zh = await platform.anonymous().get('/api/v1/me');
    expect(zh.status).toBe(401);
    expect(zh.headers.get('content-type')).toContain('application/problem+json');
    expect(zh.body).toMatchObject({ code: 'AUTH_REQUIRED', title: '需要登錄', status: 401 });
    const en = await platform.anonymous().with({ 'accept-language': 'en-GB,en;q=0.9' }).get('/api/v1/me');
    expect(en.body.title).toBe('Authentication required');
  });

  it('after logging out, the session cookie opens nothing', async () => {
    const user = await platform.loginAs('research.developer');
    expect((await user.post('/api/v1/auth/logout')).status).toBe(204);
    const after = await user.get('/api/v1/me');
    expect(after.status).toBe(401);
  });

  it('an idle session expires after the configured idle time; an active one stays', async () => {
    const user = await platform.loginAs('software.developer');
    clock.advanceMinutes(29);
    expect((await user.get('/api/v1/me')).status).toBe(200);
    clock.advanceMinutes(29); // 29 minutes since the last request: still alive
    expect((await user.get('/api/v1/me')).status).toBe(200);
    clock.advanceMinutes(31);
    const expired = await user.get('/api/v1/me');
    expect(expired.status).toBe(401);
    expect(expired.body.code).toBe('AUTH_SESSION_EXPIRED');
  });

  it('five wrong passwords lock the account for 15 minutes, even against the right password', async () => {
    for (let i = 0; i < 4; i++) {
      await expect(platform.loginAs('consumer.developer', 'wrong-password')).rejects.toThrow(ProviderLoginRejected);
    }
    const fifth = await platform.loginAs('consumer.developer', 'wrong-password').catch((e: unknown) => e);
    expect(fifth).toBeInstanceOf(ProviderLoginRejected);
    expect((fifth as ProviderLoginRejected).alert).toMatch(/鎖定|locked/);
    const rightButLocked = await platform.loginAs('consumer.developer').catch((e: unknown) => e);
    expect((rightButLocked as ProviderLoginRejected).alert).toMatch(/鎖定|locked/);
    clock.advanceMinutes(14);
    await expect(platform.loginAs('consumer.developer')).rejects.toThrow(ProviderLoginRejected);
    clock.advanceMinutes(2);
    const user = await platform.loginAs('consumer.developer');
    expect((await user.get('/api/v1/me')).body.user.username).toBe('consumer.developer');
  });

  it('a wrong password does not tell whether the username exists', async () => {
    const unknown = (await platform.loginAs('nobody.at.all', 'wrong-password').catch((e: unknown) => e)) as ProviderLoginRejected;
    const known = (await platform.loginAs('expert.reviewer', 'wrong-password').catch((e: unknown) => e)) as ProviderLoginRejected;
    expect(unknown).toBeInstanceOf(ProviderLoginRejected);
    expect(known.alert).toBe('帳號或密碼錯誤');
    expect(unknown.alert).toBe(known.alert);
  });

  it('an OIDC access token from the issuer works as a bearer token; a forged one does not', async () => {
    // a script or the CLI logs in as the operator's developer with the same client and gets a JWT access token
    const rp = await createRelyingParty({
      issuer: platform.issuer,
      clientId: platform.config.oidc.clientId,
      redirectUri: `${platform.url}/api/v1/auth/callback`,
      apiAudience: `${platform.config.publicUrl}/api/v1`,
      allowInsecureHttp: true,
    });
    const { url, pending } = await rp.beginLogin();
    const { finalUrl } = await loginThroughProvider(url, 'operator.developer', 'Shuyun@2026');
    const { accessToken } = await rp.completeLogin(new URL(finalUrl), pending);
    const client = platform.anonymous().with({ authorization: `Bearer ${accessToken}` });
    const me = await client.get('/api/v1/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ via: 'bearer', user: { username: 'operator.developer' } });

    const [h, p, s] = accessToken.split('.');
    const forged = `${h}.${p}.${s!.slice(0, -4)}AAAA`;
    const refused = await platform.anonymous().with({ authorization: `Bearer ${forged}` }).get('/api/v1/me');
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('AUTH_INVALID_TOKEN');
  });

  it('an API key works until it is revoked, then gets 401', async () => {
    const admin = await platform.loginAs('operator.admin');
    const created = await admin.post('/api/v1/api-keys', { name: '夜間同步腳本', scopes: ['organization.*', 'session.read'], expiresInDays: 30 });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^shy_/);
    const machine = platform.anonymous().with({ authorization: `Bearer ${created.body.secret}` });
    expect((await machine.get('/api/v1/organizations?type=operator')).body.items).toHaveLength(2);
    expect((await machine.get('/api/v1/me')).body).toMatchObject({ via: 'api_key', scopes: ['organization.*', 'session.read'] });

    // the key was not issued for managing keys: its scope refuses it
    expect((await machine.get('/api/v1/api-keys')).status).toBe(403);

    // the list shows the key without its secret
    const listed = await admin.get('/api/v1/api-keys');
    expect(listed.body.items.map((k: { id: string }) => k.id)).toContain(created.body.id);
    expect(JSON.stringify(listed.body)).not.toContain(created.body.secret);

    const revoked = await admin.post(`/api/v1/api-keys/${created.body.id}/revoke`);
    expect(revoked.body.status).toBe('revoked');
    const after = await machine.get('/api/v1/organizations');
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('AUTH_INVALID_TOKEN');
    expect((await admin.post(`/api/v1/api-keys/${created.body.id}/revoke`)).body.code).toBe('API_KEY_ALREADY_REVOKED');
  });

  it('an API key stops working when it expires', async () => {
    const admin = await platform.loginAs('scjg.steward');
    const created = await admin.post('/api/v1/api-keys', { name: 'short', scopes: ['session.read'], expiresInDays: 1 });
    const machine = platform.anonymous().with({ 'x-api-key': created.body.secret });
    expect((await machine.get('/api/v1/me')).status).toBe(200);
    clock.advance(86_400_000 + 1000);
    expect((await machine.get('/api/v1/me')).status).toBe(401);
  });

  it('an API key cannot be issued for actions that do not exist', async () => {
    const admin = await platform.loginAs('operator.admin');
    const res = await admin.post('/api/v1/api-keys', { name: 'x', scopes: ['session.read', 'everything.delete'] });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('API_KEY_SCOPE_INVALID');
    expect(res.body.errors).toEqual([{ path: '/body/scopes/1', reason: 'unknown_action' }]);
  });

  it("another tenant's API key and users are not found (404), not forbidden", async () => {
    const operator = await platform.loginAs('operator.admin');
    const key = await operator.post('/api/v1/api-keys', { name: 'ops', scopes: ['session.read'] });
    const bank = await platform.loginAs('bank.developer');
    const res = await bank.post(`/api/v1/api-keys/${key.body.id}/revoke`);
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('NOT_FOUND');
    expect((await bank.get('/api/v1/api-keys')).body.items.map((k: { id: string }) => k.id)).not.toContain(key.body.id);

    const operatorMe = await operator.get('/api/v1/me');
    const users = await bank.get(`/api/v1/organizations/${operatorMe.body.organization.id}/users`);
    expect(users.status).toBe(404);
    const own = await operator.get(`/api/v1/organizations/${operatorMe.body.organization.id}/users`);
    expect(own.body.items.map((u: { username: string }) => u.username)).toEqual(['operator.admin', 'operator.developer']);
  });

  it('a user without the admin role may not list the users of their own organization (403)', async () => {
    const dev = await platform.loginAs('operator.developer');
    const me = await dev.get('/api/v1/me');
    const res = await dev.get(`/api/v1/organizations/${me.body.organization.id}/users`);
    expect(res.status).toBe(403);
  });
});
