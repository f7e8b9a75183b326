import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createRelyingParty, OidcLoginError, startLocalIdentityProvider, type AccountDirectory, type RelyingParty } from './index.ts';
import { loginThroughProvider, openLoginPage, ProviderLoginRejected } from './test-login-flow.ts';

const API = 'urn:shuyun:api';
const CALLBACK = 'http://127.0.0.1:9/api/v1/auth/callback'; // Shuyun's callback: the walk stops before fetching it
const PASSWORD = 'Shuyun@2026';
const LOCKED_UNTIL = new Date('2026-03-02T06:05:00Z'); // 14:05 in Futian

// ── factories ───────────────────────────────────────────────────────
const demoUsers = [
  {
    username: 'zhang.wei',
    accountId: 'usr_partner_dev',
    displayName: '張偉',
    organization: '福田普惠銀行',
    role: '開發者',
    claims: { name: '張偉', preferred_username: 'zhang.wei', org_id: 'org_bank', org_type: 'partner', org_name: '福田普惠銀行', roles: ['developer'] },
  },
  {
    username: 'li.na',
    accountId: 'usr_authority_reviewer',
    displayName: '李娜',
    organization: '<b>R&D</b> "authority"',
    role: '審核人',
    claims: { name: '李娜', preferred_username: 'li.na', org_id: 'org_authority', org_type: 'authority', roles: ['reviewer'] },
  },
  { username: 'wang.fang', accountId: 'usr_locked', displayName: '王芳', organization: '福田區民政局', role: '管理員', claims: {} },
];

/** An in-memory directory; wang.fang has failed too often and is locked. Records every failed attempt. */
function demoDirectory(): AccountDirectory & { failedAttempts: string[] } {
  const failedAttempts: string[] = [];
  return {
    failedAttempts,
    async verifyPassword(username, password) {
      const user = demoUsers.find((u) => u.username === username);
      if (user?.username === 'wang.fang') return { kind: 'locked', until: LOCKED_UNTIL };
      if (!user || password !== PASSWORD) {
        failedAttempts.push(username);
        return { kind: 'invalid' };
      }
      return { kind: 'ok', accountId: user.accountId };
    },
    async findAccount(accountId) {
      const user = demoUsers.find((u) => u.accountId === accountId);
      return user && { accountId, claims: user.claims };
    },
    async listDemoUsers() {
      return demoUsers.map(({ username, displayName, organization, role }) => ({ username, displayName, organization, role }));
    },
  };
}

function recordingLogger() {
  const entries: Array<{ level: string; obj: object; msg?: string }> = [];
  return {
    entries,
    info: (obj: object, msg?: string) => entries.push({ level: 'info', obj, msg }),
    warn: (obj: object, msg?: string) => entries.push({ level: 'warn', obj, msg }),
  };
}

async function startProvider(dir: string, port = 0, logger = recordingLogger()) {
  return startLocalIdentityProvider({
    host: '127.0.0.1',
    port,
    clients: [
      { clientId: 'shuyun-portal', clientSecret: 'portal-secret', redirectUris: [CALLBACK] },
      { clientId: 'shuyun-cli', public: true, redirectUris: [CALLBACK] },
    ],
    apiAudience: API,
    signingKeysFile: path.join(dir, 'oidc', 'idp-keys.json'),
    accounts: demoDirectory(),
    demoPasswordHint: PASSWORD,
    logger,
  });
}

function shuyunAt(issuer: string) {
  return createRelyingParty({ issuer, clientId: 'shuyun-portal', clientSecret: 'portal-secret', redirectUri: CALLBACK, apiAudience: API, allowInsecureHttp: true });
}

/** The whole login as Shuyun does it: redirect out, log in on the provider, come back, exchange the code. */
async function logIn(rp: RelyingParty, username: string, cookies = new Map<string, string>()) {
  const { url, pending } = await rp.beginLogin();
  const { finalUrl } = await loginThroughProvider(url, username, PASSWORD, { cookies });
  return rp.completeLogin(new URL(finalUrl), pending);
}

// ── scenarios ───────────────────────────────────────────────────────
describe('a newcomer logs in to Shuyun through the local identity provider', () => {
  let dir: string;
  let idp: Awaited<ReturnType<typeof startLocalIdentityProvider>>;
  let directory: ReturnType<typeof demoDirectory>;
  let rp: RelyingParty;
  const consoleCalls = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) => vi.spyOn(console, m));

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'shuyun-idp-'));
    directory = demoDirectory();
    idp = await startLocalIdentityProvider({
      host: '127.0.0.1',
      port: 0,
      clients: [{ clientId: 'shuyun-portal', clientSecret: 'portal-secret', redirectUris: [CALLBACK] }],
      apiAudience: API,
      signingKeysFile: path.join(dir, 'idp-keys.json'),
      accounts: directory,
      demoPasswordHint: PASSWORD,
      logger: recordingLogger(),
    });
    rp = await shuyunAt(idp.issuer);
  });
  afterAll(async () => {
    await idp?.close();
    await rm(dir, { recursive: true, force: true });
    for (const spy of consoleCalls) spy.mockRestore();
  });

  it('the partner developer logs in; Shuyun learns who they are and for which organization', async () => {
    const { url, pending } = await rp.beginLogin();
    expect(new URL(url).searchParams.get('code_challenge_method')).toBe('S256');

    const { finalUrl } = await loginThroughProvider(url, 'zhang.wei', PASSWORD);
    expect(finalUrl.startsWith(`${CALLBACK}?`)).toBe(true);
    expect(new URL(finalUrl).searchParams.get('code')).toBeTruthy();

    const login = await rp.completeLogin(new URL(finalUrl), pending);
    expect(login.claims).toMatchObject({
      iss: idp.issuer,
      sub: 'usr_partner_dev',
      name: '張偉',
      preferred_username: 'zhang.wei',
      org_id: 'org_bank',
      org_type: 'partner',
      org_name: '福田普惠銀行',
      roles: ['developer'],
    });
    expect(login.expiresIn).toBeGreaterThan(0);
  });

  it('an authorization request without PKCE is sent back with an error, even from the confidential client', async () => {
    const authorize = new URL('/auth', idp.issuer);
    authorize.search = new URLSearchParams({ client_id: 'shuyun-portal', response_type: 'code', scope: 'openid', redirect_uri: CALLBACK }).toString();
    const res = await fetch(authorize, { redirect: 'manual' });
    const back = new URL(res.headers.get('location') ?? '', idp.issuer);
    expect(back.origin + back.pathname).toBe(CALLBACK);
    expect(back.searchParams.get('error')).toBe('invalid_request');
    expect(back.searchParams.get('code')).toBeNull();
  });

  it('the API accepts the access token from that login, and refuses it once its signature is tampered with', async () => {
    const { accessToken } = await logIn(rp, 'zhang.wei');
    const verified = await rp.verifyAccessToken(accessToken);
    expect(verified.sub).toBe('usr_partner_dev');
    expect(verified.claims).toMatchObject({ iss: idp.issuer, aud: API });

    const [header, payload, signature = ''] = accessToken.split('.');
    const flipped = signature[10] === 'A' ? 'B' : 'A';
    const tampered = `${header}.${payload}.${signature.slice(0, 10)}${flipped}${signature.slice(11)}`;
    await expect(rp.verifyAccessToken(tampered)).rejects.toMatchObject({ name: 'OidcLoginError', reason: 'invalid_token' });
    await expect(rp.verifyAccessToken('not-a-token')).rejects.toMatchObject({ reason: 'invalid_token' });
  });

  it('a callback carrying a state Shuyun never issued is refused, and the error shows no token', async () => {
    const { url, pending } = await rp.beginLogin();
    const { finalUrl } = await loginThroughProvider(url, 'zhang.wei', PASSWORD);
    const refused = await rp.completeLogin(new URL(finalUrl), { ...pending, state: 'forged' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(OidcLoginError);
    expect(refused).toMatchObject({ reason: 'state_mismatch' });
    expect((refused as Error).message).not.toContain(new URL(finalUrl).searchParams.get('code'));
  });

  it('the login page greets in Chinese, lists the demo users with the demo password, and switches to English', async () => {
    const { url } = await rp.beginLogin();
    const zh = await openLoginPage(url);
    expect(zh.status).toBe(200);
    expect(zh.html).toContain('<html lang="zh-CN">');
    expect(zh.html).toContain('帳號');
    expect(zh.html).toContain('data-username="zhang.wei"');
    expect(zh.html).toContain('福田普惠銀行');
    expect(zh.html).toContain(`<code>${PASSWORD}</code>`);
    // an organization name is text, never markup
    expect(zh.html).toContain('&lt;b&gt;R&amp;D&lt;/b&gt; &quot;authority&quot;');
    expect(zh.html).not.toContain('<b>R&D</b>');

    const en = await openLoginPage(`${zh.pageUrl}?lang=en`, { cookies: zh.cookies });
    expect(en.html).toContain('<html lang="en">');
    expect(en.html).toContain('Demo users');

    const { url: secondUrl } = await rp.beginLogin();
    const byBrowser = await openLoginPage(secondUrl, { acceptLanguage: 'en-GB,en;q=0.9' });
    expect(byBrowser.html).toContain('Sign in');
  });

  it('a wrong password shows the same message whether or not the user exists; then the right one gets in', async () => {
    const { url, pending } = await rp.beginLogin();
    const cookies = new Map<string, string>();
    const wrong = await loginThroughProvider(url, 'zhang.wei', 'not-the-password', { cookies }).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(ProviderLoginRejected);
    expect(wrong).toMatchObject({ alert: '帳號或密碼錯誤' });
    expect((wrong as ProviderLoginRejected).html).toContain('value="zhang.wei"'); // only the password needs retyping

    const { url: otherUrl } = await rp.beginLogin();
    await expect(loginThroughProvider(otherUrl, 'nobody.here', 'whatever')).rejects.toMatchObject({ alert: '帳號或密碼錯誤' });
    expect(directory.failedAttempts).toEqual(['zhang.wei', 'nobody.here']);

    const retry = await loginThroughProvider((wrong as ProviderLoginRejected).pageUrl, 'zhang.wei', PASSWORD, { cookies });
    const login = await rp.completeLogin(new URL(retry.finalUrl), pending);
    expect(login.claims.sub).toBe('usr_partner_dev');
  });

  it('a locked account is told until when it is locked, in either language', async () => {
    const { url } = await rp.beginLogin();
    await expect(loginThroughProvider(url, 'wang.fang', PASSWORD)).rejects.toMatchObject({ alert: '帳號已鎖定至 14:05，請稍後再試' });
    const { url: enUrl } = await rp.beginLogin();
    await expect(loginThroughProvider(enUrl, 'wang.fang', PASSWORD, { acceptLanguage: 'en' })).rejects.toMatchObject({
      alert: 'Account locked until 14:05 (UTC+8); try again later',
    });
  });

  it('after one login, the same browser is asked again, so a newcomer can switch to another demo user', async () => {
    const browser = new Map<string, string>();
    expect((await logIn(rp, 'zhang.wei', browser)).claims.sub).toBe('usr_partner_dev');
    expect((await logIn(rp, 'li.na', browser)).claims).toMatchObject({ sub: 'usr_authority_reviewer', org_type: 'authority' });
  });

  it('cancelling on the login page brings the user back to Shuyun with access_denied', async () => {
    const { url, pending } = await rp.beginLogin();
    const page = await openLoginPage(url);
    const abort = new URL(`${new URL(page.pageUrl).pathname}/abort`, page.pageUrl).href;
    const { finalUrl } = await loginThroughProvider(abort, 'unused', 'unused', {
      cookies: page.cookies,
      providerOrigin: idp.issuer,
    });
    expect(new URL(finalUrl).searchParams.get('error')).toBe('access_denied');
    await expect(rp.completeLogin(new URL(finalUrl), pending)).rejects.toMatchObject({ reason: 'token_exchange_failed', detail: 'access_denied' });
  });

  it('writes nothing to the console while doing all this', () => {
    for (const spy of consoleCalls) expect(spy).not.toHaveBeenCalled();
  });
});

describe('the local identity provider restarts', () => {
  it('keeps its signing keys: an access token issued before the restart still verifies after it', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'shuyun-idp-'));
    try {
      const first = await startProvider(dir);
      const { accessToken } = await logIn(await shuyunAt(first.issuer), 'zhang.wei');
      const keysBefore = await readFile(path.join(dir, 'oidc', 'idp-keys.json'), 'utf8');
      await first.close();

      const second = await startProvider(dir, Number(new URL(first.issuer).port));
      try {
        expect(second.issuer).toBe(first.issuer);
        const afterRestart = await shuyunAt(second.issuer);
        await expect(afterRestart.verifyAccessToken(accessToken)).resolves.toMatchObject({ sub: 'usr_partner_dev' });
        expect(await readFile(path.join(dir, 'oidc', 'idp-keys.json'), 'utf8')).toBe(keysBefore);
        expect(await readFile(path.join(dir, 'oidc', 'idp-keys.cookies.json'), 'utf8')).toContain('"keys"');
      } finally {
        await second.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('Shuyun as the relying party of an issuer', () => {
  it('refuses a plain-http issuer unless told it is the local one on loopback', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'shuyun-idp-'));
    const idp = await startProvider(dir);
    try {
      await expect(
        createRelyingParty({ issuer: idp.issuer, clientId: 'shuyun-portal', clientSecret: 'portal-secret', redirectUri: CALLBACK, apiAudience: API }),
      ).rejects.toMatchObject({ reason: 'issuer_unreachable', detail: 'OAUTH_HTTP_REQUEST_FORBIDDEN' });
    } finally {
      await idp.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('logs in as a public client (no secret) with PKCE alone', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'shuyun-idp-'));
    const idp = await startProvider(dir);
    try {
      const cli = await createRelyingParty({ issuer: idp.issuer, clientId: 'shuyun-cli', redirectUri: CALLBACK, apiAudience: API, allowInsecureHttp: true });
      const login = await logIn(cli, 'li.na');
      expect(login.claims).toMatchObject({ sub: 'usr_authority_reviewer', aud: 'shuyun-cli' });
      await expect(cli.verifyAccessToken(login.accessToken)).resolves.toMatchObject({ sub: 'usr_authority_reviewer' });
    } finally {
      await idp.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('names an issuer that does not answer as unreachable', async () => {
    await expect(
      createRelyingParty({ issuer: 'http://127.0.0.1:9', clientId: 'x', redirectUri: CALLBACK, apiAudience: API, allowInsecureHttp: true }),
    ).rejects.toMatchObject({ reason: 'issuer_unreachable' });
  });
});
