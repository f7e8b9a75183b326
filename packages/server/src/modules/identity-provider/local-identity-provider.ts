import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Configuration, InteractionDetails, Provider } from 'oidc-provider';
import { pickLanguage, renderErrorPage, renderLoginPage, type DemoUser, type Lang, type LoginAlert } from './login-page.ts';
import { createMemoryAdapter } from './memory-adapter.ts';
import { loadOrCreateProviderKeys, type ProviderKeys } from './provider-keys.ts';

export interface AccountDirectory {
  // checks a password; the directory itself counts failures and locks (5 failures -> locked 15 min)
  verifyPassword(
    username: string,
    password: string,
  ): Promise<{ kind: 'ok'; accountId: string } | { kind: 'invalid' } | { kind: 'locked'; until: Date }>;
  findAccount(accountId: string): Promise<{ accountId: string; claims: Record<string, unknown> } | undefined>;
  // demo mode only: shown as a chooser on the login page (username, display name, organization name, role)
  listDemoUsers?(): Promise<DemoUser[]>;
}

export interface LocalIdentityProviderOptions {
  host: string; // '127.0.0.1'
  port: number; // 0 = pick a free port
  clients: Array<{ clientId: string; clientSecret?: string; redirectUris: string[]; public?: boolean }>;
  apiAudience: string; // resource indicator of the Shuyun API; access tokens for it are JWT (RS256)
  signingKeysFile: string; // JWKS private keys persisted here (created on first start, reused later)
  accounts: AccountDirectory;
  demoPasswordHint?: string; // shown on the chooser in demo mode
  logger?: { info(obj: object, msg?: string): void; warn(obj: object, msg?: string): void };
}

/**
 * Claims released with the `profile` scope (ID token) when the directory's `findAccount` returns them.
 * oidc-provider only releases claims mapped to a scope, so a claim missing here never reaches Shuyun.
 */
export const PROFILE_CLAIMS = [
  'name', 'preferred_username', 'given_name', 'family_name', 'nickname', 'locale', 'zoneinfo', 'updated_at',
  'org_id', 'org_type', 'org_name', 'roles',
];

const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
const MAX_FORM_BYTES = 16 * 1024;

export async function startLocalIdentityProvider(opts: LocalIdentityProviderOptions): Promise<{ issuer: string; close(): Promise<void> }> {
  const keys = await loadOrCreateProviderKeys(opts.signingKeysFile);
  const oidc = await importOidcProvider(opts.logger);

  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const issuer = `http://${opts.host.includes(':') ? `[${opts.host}]` : opts.host}:${port}`;

  let provider: Provider;
  try {
    provider = new oidc.Provider(issuer, providerConfiguration(opts, keys, oidc.errors.InvalidTarget));
  } catch (err) {
    server.close(); // a bad client list must not leave the port taken
    throw err;
  }
  provider.proxy = false; // listens on loopback only: never trust X-Forwarded-* headers
  provider.on('server_error', (_ctx: unknown, err: unknown) => opts.logger?.warn({ err }, 'local identity provider: server error'));
  provider.on('error', (err: unknown) => opts.logger?.warn({ err }, 'local identity provider: request error')); // else Koa prints it
  provider.use(endPreviousLogin(provider));

  const handleOidc = provider.callback();
  const interactions = new Interactions(provider, opts, oidc.errors.SessionNotFound);
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const url = URL.parse(req.url ?? '/', issuer);
    if (!url) return sendHtml(res, 400, renderErrorPage(pickLanguage(req.headers['accept-language'])));
    const match = /^\/interaction\/([\w-]+)(\/login|\/abort)?$/.exec(url.pathname);
    if (!match) return handleOidc(req, res);
    interactions.handle(req, res, url, match[1] ?? '', match[2]).catch((err: unknown) => {
      opts.logger?.warn({ err }, 'local identity provider: interaction failed');
      if (!res.headersSent) sendHtml(res, 500, renderErrorPage(pickLanguage(req.headers['accept-language'])));
      else res.destroy();
    });
  });

  opts.logger?.info({ issuer }, 'local identity provider listening');
  return {
    issuer,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections(); // keep-alive connections would hold close() open
      }),
  };
}

function providerConfiguration(opts: LocalIdentityProviderOptions, keys: ProviderKeys, InvalidTarget: new () => Error): Configuration {
  const resourceServer = {
    scope: 'openid profile api',
    audience: opts.apiAudience,
    accessTokenTTL: ACCESS_TOKEN_TTL_SECONDS,
    accessTokenFormat: 'jwt' as const,
    jwt: { sign: { alg: 'RS256' } },
  };
  return {
    adapter: createMemoryAdapter(),
    clients: opts.clients.map((c) => {
      if (!c.public && !c.clientSecret) throw new Error(`identity provider client ${c.clientId}: a confidential client needs a clientSecret`);
      return {
        client_id: c.clientId,
        ...(c.public
          ? { token_endpoint_auth_method: 'none' }
          : { client_secret: c.clientSecret, token_endpoint_auth_method: 'client_secret_basic' }),
        redirect_uris: c.redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
      };
    }),
    jwks: keys.signing,
    cookies: {
      keys: keys.cookies,
      // Browsers share cookies between ports of one host: prefixed names keep clear of the Shuyun server's cookies.
      names: { session: 'shuyun_idp_session', interaction: 'shuyun_idp_interaction', resume: 'shuyun_idp_resume' },
    },
    scopes: ['openid', 'profile'], // no offline_access: no refresh tokens, Shuyun keeps its own session
    claims: { openid: ['sub'], profile: PROFILE_CLAIMS },
    pkce: { required: () => true }, // S256 is the only method oidc-provider v9 accepts
    async findAccount(_ctx, sub) {
      const account = await opts.accounts.findAccount(sub);
      if (!account) return undefined;
      return { accountId: account.accountId, claims: async () => ({ ...account.claims, sub: account.accountId }) };
    },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: { enabled: false }, // no single sign-on session to end (see endPreviousLogin)
      resourceIndicators: {
        enabled: true,
        defaultResource: async () => opts.apiAudience,
        useGrantedResource: async () => true,
        async getResourceServerInfo(_ctx, indicator) {
          if (indicator !== opts.apiAudience) throw new InvalidTarget();
          return resourceServer;
        },
      },
    },
    interactions: { url: async (_ctx, interaction) => `/interaction/${interaction.uid}` },
    // Every TTL is set: oidc-provider prints a console notice for each default it has to fall back to.
    ttl: {
      AccessToken: ACCESS_TOKEN_TTL_SECONDS,
      AuthorizationCode: 60,
      IdToken: ACCESS_TOKEN_TTL_SECONDS,
      Interaction: 30 * 60,
      Session: 60 * 60,
      Grant: 60 * 60,
    },
    clientBasedCORS: () => false, // Shuyun exchanges codes server-side; browsers never call the token endpoint
    async renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = renderErrorPage(pickLanguage(ctx.get('accept-language')), out.error_description ?? out.error);
    },
  };
}

/**
 * A new authorization request ends whatever login the browser still has here, so every login shows the form.
 * Shuyun keeps its own session; without this, logging out of Shuyun and in as another demo user would either
 * silently reuse the previous user or stop at oidc-provider's "sign out first?" page.
 */
function endPreviousLogin(provider: Provider) {
  return async (ctx: { path: string; method: string }, next: () => Promise<void>) => {
    if (ctx.path === '/auth') {
      const session = await provider.Session.get(ctx);
      if (session.accountId) await session.destroy();
    }
    await next();
  };
}

class Interactions {
  constructor(
    private readonly provider: Provider,
    private readonly opts: LocalIdentityProviderOptions,
    private readonly SessionNotFound: new () => Error,
  ) {}

  async handle(req: IncomingMessage, res: ServerResponse, url: URL, uid: string, action: string | undefined): Promise<void> {
    const requested = url.searchParams.get('lang') ?? undefined;
    const acceptLanguage = req.headers['accept-language'];
    let details: InteractionDetails;
    try {
      details = await this.provider.interactionDetails(req, res);
    } catch (err) {
      if (!(err instanceof this.SessionNotFound)) throw err;
      return sendHtml(res, 400, renderErrorPage(pickLanguage(requested, acceptLanguage)));
    }
    // The interaction comes from this browser's cookie; the URL must name that same interaction.
    if (details.uid !== uid) return sendHtml(res, 400, renderErrorPage(pickLanguage(requested, acceptLanguage)));
    const lang = pickLanguage(requested, stringParam(details.params.ui_locales), acceptLanguage);

    if (action === '/abort') {
      const result = { error: 'access_denied', error_description: 'End-User aborted interaction' };
      return this.provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
    }
    if (details.prompt.name === 'consent') return this.grantEverythingAsked(req, res, details);
    if (details.prompt.name !== 'login') return sendHtml(res, 400, renderErrorPage(lang));

    if (action === '/login' && req.method === 'POST') return this.login(req, res, details, lang);
    return this.showLoginPage(res, details, lang, { username: stringParam(details.params.login_hint) });
  }

  private async login(req: IncomingMessage, res: ServerResponse, details: InteractionDetails, lang: Lang): Promise<void> {
    const form = await readForm(req);
    if (!form) return sendHtml(res, 413, renderErrorPage(lang));
    const username = (form.get('username') ?? '').trim();
    const password = form.get('password') ?? '';
    const outcome = username && password ? await this.opts.accounts.verifyPassword(username, password) : ({ kind: 'invalid' } as const);
    if (outcome.kind === 'ok') {
      // remember: false — the login lives as long as the browser window, never as a lasting cookie.
      const result = { login: { accountId: outcome.accountId, remember: false } };
      return this.provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
    }
    // The same words whether the username exists or not: the page must not confirm who has an account.
    return this.showLoginPage(res, details, lang, { username, alert: outcome });
  }

  private async showLoginPage(
    res: ServerResponse,
    details: InteractionDetails,
    lang: Lang,
    form: { username?: string; alert?: LoginAlert },
  ): Promise<void> {
    const nonce = randomBytes(16).toString('base64');
    const demoUsers = await this.opts.accounts.listDemoUsers?.();
    const html = renderLoginPage({ lang, uid: details.uid, nonce, ...form, demoUsers, demoPasswordHint: this.opts.demoPasswordHint });
    sendHtml(res, 200, html, nonce);
  }

  /** Shuyun's clients are first party: the consent prompt is answered at once, granting what was asked. */
  private async grantEverythingAsked(req: IncomingMessage, res: ServerResponse, details: InteractionDetails): Promise<void> {
    const { Grant } = this.provider;
    const accountId = details.session?.accountId;
    if (!accountId) throw new Error('consent prompt without a logged-in account');
    const grant =
      (details.grantId ? await Grant.find(details.grantId) : undefined) ??
      new Grant({ accountId, clientId: String(details.params.client_id) });
    const missing = details.prompt.details;
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    for (const [resource, scopes] of Object.entries(missing.missingResourceScopes ?? {})) grant.addResourceScope(resource, scopes.join(' '));
    const result = { consent: { grantId: await grant.save() } };
    return this.provider.interactionFinished(req, res, result, { mergeWithLastSubmission: true });
  }
}

function stringParam(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams | undefined> {
  let body = '';
  for await (const chunk of req) {
    body += String(chunk);
    if (body.length > MAX_FORM_BYTES) return undefined;
  }
  return new URLSearchParams(body);
}

function sendHtml(res: ServerResponse, status: number, html: string, scriptNonce?: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    // No form-action: the login form's redirect chain ends on Shuyun's origin, which form-action would block.
    'content-security-policy': `default-src 'none'; style-src 'unsafe-inline'; script-src ${scriptNonce ? `'nonce-${scriptNonce}'` : "'none'"}; base-uri 'none'; frame-ancestors 'none'`,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  });
  res.end(html);
}

type OidcProviderModule = typeof import('oidc-provider');
let oidcProviderModule: Promise<OidcProviderModule> | undefined;

/**
 * oidc-provider v9 prints "Unsupported runtime" to the console when imported on Node 20 (it wants Node 22).
 * It works on Node 20.19 (our floor); import it once with that notice routed to our logger instead.
 */
function importOidcProvider(logger: LocalIdentityProviderOptions['logger']): Promise<OidcProviderModule> {
  oidcProviderModule ??= (async () => {
    const warn = console.warn;
    const notices: string[] = [];
    console.warn = (...args: unknown[]) => {
      const [first] = args;
      if (typeof first === 'string' && first.includes('oidc-provider')) notices.push(first.replace(/\x1b\[[\d;]*m/g, ''));
      else warn.apply(console, args);
    };
    try {
      return await import('oidc-provider');
    } finally {
      console.warn = warn;
      // Info, not warn: Node 20.19 is a floor the project chose, and the tests run the real flow on it.
      for (const notice of notices) logger?.info({ notice }, 'oidc-provider runtime notice');
    }
  })();
  return oidcProviderModule;
}
