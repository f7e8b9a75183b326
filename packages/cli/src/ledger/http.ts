// The CLI's only channel to a Shuyun server: JSON over HTTP. No server code is imported here, so a witness or
// an auditor can run the CLI against any deployment, including one it does not trust.

/** The server answered, but not with success; `code` is the problem+json code when there is one. */
export class ServerError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'ServerError';
  }
}

const REQUEST_TIMEOUT_MS = 60_000;

export interface LedgerServer {
  readonly url: string;
  get<T>(path: string, query?: Record<string, number | string>): Promise<T>;
  post<T>(path: string, body: unknown): Promise<T>;
}

/** `apiKey` (a `shy_…` key) goes in as a bearer token; public routes are called without it. */
export function ledgerServer(url: string, apiKey?: string): LedgerServer {
  const base = url.replace(/\/+$/, '');
  const auth: Record<string, string> = apiKey ? { authorization: `Bearer ${apiKey}` } : {};
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, {
        method,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS), // a witness run from cron must end, even against a stalled server
        headers: { accept: 'application/json', ...auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      throw new Error(`cannot reach ${base}: ${cause?.code ?? cause?.message ?? (err as Error).message}`);
    }
    const text = await res.text();
    if (!res.ok) throw problem(method, path, res.status, text);
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new Error(`${method} ${path.split('?')[0]}: the server did not answer JSON`);
    }
  }
  return {
    url: base,
    get: (path, query) => call('GET', query ? `${path}?${new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]))}` : path),
    post: (path, body) => call('POST', path, body),
  };
}

function problem(method: string, path: string, status: number, text: string): ServerError {
  let code: string | undefined;
  let title = '';
  try {
    const body = JSON.parse(text) as { code?: unknown; title?: unknown; detail?: unknown };
    code = typeof body.code === 'string' ? body.code : undefined;
    title = [body.title, body.detail].filter((s) => typeof s === 'string' && s !== '').join(': ');
  } catch {
    // not problem+json (a proxy's page, say): the status says enough
  }
  // Never echo the query string: it is ours, and logs of it are noise.
  const where = `${method} ${path.split('?')[0]}`;
  return new ServerError(`${where} answered HTTP ${status}${code ? ` ${code}` : ''}${title ? ` (${title})` : ''}`, status, code);
}
