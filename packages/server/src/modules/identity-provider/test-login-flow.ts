// Test support (not a test): walks a browser login through the local identity provider with plain fetch.
// Used by this module's tests and by the server's integration tests to log demo users in for real.

/** The provider showed its login page again instead of letting the user through. */
export class ProviderLoginRejected extends Error {
  constructor(
    readonly alert: string, // the message shown to the user, e.g. "帳號或密碼錯誤"
    readonly pageUrl: string, // where the form is shown again: start there (same cookies) to try once more
    readonly html: string,
  ) {
    super(`login rejected: ${alert || '(no message)'}`);
    this.name = 'ProviderLoginRejected';
  }
}

export interface LoginFlowOptions {
  /** One jar for every origin, as a browser keeps cookies per host and not per port. Filled in place. */
  cookies?: Map<string, string>;
  acceptLanguage?: string;
  maxRedirects?: number;
  /** The provider's origin, when the walk may leave it before any page is shown (e.g. starting at its abort link). */
  providerOrigin?: string;
}

export interface LoginPage {
  pageUrl: string;
  status: number;
  html: string;
  cookies: Map<string, string>;
}

/**
 * Starts at `startUrl` (a Shuyun URL that redirects to the provider, or the provider's authorization URL),
 * fills in the provider's login form and follows redirects until the browser would leave the provider.
 * Returns that URL without fetching it (typically Shuyun's callback with `code` and `state`) and the cookie jar,
 * so the caller can request the callback with the cookies its own start request set.
 * Throws `ProviderLoginRejected` when the provider answers with its login page again (wrong password, locked…).
 */
export async function loginThroughProvider(
  startUrl: string,
  username: string,
  password: string,
  opts: LoginFlowOptions = {},
): Promise<{ finalUrl: string; cookies: Map<string, string> }> {
  const browser = new Browser(opts);
  const first = await browser.walk(startUrl);
  if (first.kind === 'left') return { finalUrl: first.finalUrl, cookies: browser.cookies };

  const action = attribute(/<form\b[^>]*\bid="login-form"[^>]*>/.exec(first.html)?.[0], 'action');
  if (!action) throw new Error(`no login form at ${first.url} (HTTP ${first.status})`);
  const form = new URLSearchParams({ username, password });
  const after = await browser.walk(new URL(action, first.url).href, form);
  if (after.kind === 'left') return { finalUrl: after.finalUrl, cookies: browser.cookies };
  const alert = /<p class="alert" role="alert">([\s\S]*?)<\/p>/.exec(after.html)?.[1];
  throw new ProviderLoginRejected(decodeHtml(alert ?? ''), after.url, after.html);
}

/** Follows redirects from `startUrl` to the first page shown (the login page, normally) and returns it. */
export async function openLoginPage(startUrl: string, opts: LoginFlowOptions = {}): Promise<LoginPage> {
  const browser = new Browser(opts);
  const step = await browser.walk(startUrl);
  if (step.kind === 'left') throw new Error(`left the provider without a page, for ${step.finalUrl}`);
  return { pageUrl: step.url, status: step.status, html: step.html, cookies: browser.cookies };
}

type Step = { kind: 'left'; finalUrl: string } | { kind: 'page'; url: string; status: number; html: string };

class Browser {
  readonly cookies: Map<string, string>;
  private providerOrigin: string | undefined;
  private redirectsLeft: number;

  constructor(private readonly opts: LoginFlowOptions) {
    this.cookies = opts.cookies ?? new Map();
    this.redirectsLeft = opts.maxRedirects ?? 20;
    this.providerOrigin = opts.providerOrigin;
  }

  /**
   * Unless given, the provider is the origin of the first cross-origin redirect target, or else of the first page shown.
   * Once known, a redirect to any other origin means the browser is leaving it: stop there.
   */
  async walk(url: string, form?: URLSearchParams): Promise<Step> {
    let current = new URL(url);
    let body = form;
    for (;;) {
      const res = await this.send(current, body);
      body = undefined;
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location) {
        await res.body?.cancel();
        const next = new URL(location, current);
        if (this.providerOrigin === undefined && next.origin !== current.origin) this.providerOrigin = next.origin;
        else if (this.providerOrigin !== undefined && next.origin !== this.providerOrigin) return { kind: 'left', finalUrl: next.href };
        if (--this.redirectsLeft < 0) throw new Error(`too many redirects, last to ${next.href}`);
        current = next;
        continue;
      }
      this.providerOrigin ??= current.origin;
      return { kind: 'page', url: current.href, status: res.status, html: await res.text() };
    }
  }

  private async send(url: URL, form: URLSearchParams | undefined): Promise<Response> {
    const headers: Record<string, string> = {};
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    if (this.opts.acceptLanguage) headers['accept-language'] = this.opts.acceptLanguage;
    if (form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await fetch(url, { method: form ? 'POST' : 'GET', headers, body: form?.toString(), redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) this.store(line);
    return res;
  }

  // Paths and domains are ignored: on one loopback host every cookie goes everywhere, which is enough here.
  private store(setCookie: string): void {
    const [pair = '', ...attributes] = setCookie.split(';');
    const eq = pair.indexOf('=');
    if (eq <= 0) return;
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    const expired = attributes.some((a) => {
      const [key = '', val = ''] = a.split('=').map((s) => s.trim());
      if (key.toLowerCase() === 'max-age') return Number(val) <= 0;
      if (key.toLowerCase() === 'expires') return Date.parse(val) <= Date.now();
      return false;
    });
    if (expired || value === '') this.cookies.delete(name);
    else this.cookies.set(name, value);
  }
}

function attribute(tag: string | undefined, name: string): string | undefined {
  const value = tag && new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1];
  return value ? decodeHtml(value) : undefined;
}

function decodeHtml(text: string): string {
  return text
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&');
}
