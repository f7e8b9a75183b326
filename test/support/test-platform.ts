import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Clock } from '../../packages/core/src/index.ts';
import { type Config, loadConfig } from '../../packages/server/src/config/config.ts';
import { loginThroughProvider } from '../../packages/server/src/modules/identity-provider/test-login-flow.ts';
import { type Platform, startPlatform } from '../../packages/server/src/platform.ts';
import { openTestDatabase } from './test-database.ts';

export const DEMO_PASSWORD = 'Shuyun@2026';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface TestPlatform extends Platform {
  config: Config;
  /** logs a demo user in through the embedded OIDC provider, as a browser would; returns an API client */
  loginAs(username: string, password?: string): Promise<ApiClient>;
  anonymous(): ApiClient;
}

/** The whole platform on its test database, on free loopback ports, with an optional fake clock. */
export async function startTestPlatform(opts: { clock?: Clock; env?: Record<string, string> } = {}): Promise<TestPlatform> {
  const db = await openTestDatabase();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'shuyun-test-'));
  const config = loadConfig({}, {
    SHUYUN_DATA_DIR: dataDir,
    SHUYUN_PORT: String(await freePort()),
    SHUYUN_OIDC_PORT: String(await freePort()),
    SHUYUN_LOG_LEVEL: 'silent',
    SHUYUN_DEMO_PASSWORD: DEMO_PASSWORD,
    SHUYUN_DEMO_SCALE: 'none',
    ...opts.env,
  });
  const platform = await startPlatform(config, { db, ...(opts.clock ? { clock: opts.clock } : {}) });
  return {
    ...platform,
    config,
    async close() {
      await platform.close();
      await db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
    async loginAs(username, password = DEMO_PASSWORD) {
      const cookies = new Map<string, string>();
      const { finalUrl } = await loginThroughProvider(`${platform.url}/api/v1/auth/login`, username, password, { cookies });
      const res = await fetch(finalUrl, { redirect: 'manual', headers: { cookie: cookieHeader(cookies) } });
      const session = /shuyun_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
      if (res.status !== 302 || !session) throw new Error(`login callback failed: HTTP ${res.status} ${await res.text()}`);
      return new ApiClient(platform.url, { cookie: `shuyun_session=${session}` });
    },
    anonymous() {
      return new ApiClient(platform.url, {});
    },
  };
}

function cookieHeader(cookies: Map<string, string>): string {
  return [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
}

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** A small HTTP client for scenario tests: JSON in, JSON (or problem+json) out. */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    readonly headers: Record<string, string>,
  ) {}

  with(headers: Record<string, string>): ApiClient {
    return new ApiClient(this.baseUrl, { ...this.headers, ...headers });
  }

  async request<T = any>(method: string, path: string, body?: unknown, extra: { rawBody?: string; headers?: Record<string, string> } = {}): Promise<ApiResponse<T>> {
    const payload = extra.rawBody ?? (body === undefined ? undefined : JSON.stringify(body));
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      redirect: 'manual',
      headers: { ...this.headers, ...(payload !== undefined ? { 'content-type': 'application/json' } : {}), ...extra.headers },
      ...(payload !== undefined ? { body: payload } : {}),
    });
    const text = await res.text();
    const type = res.headers.get('content-type') ?? '';
    return { status: res.status, headers: res.headers, body: (type.includes('json') && text ? JSON.parse(text) : text) as T };
  }

  get<T = any>(path: string) {
    return this.request<T>('GET', path);
  }
  post<T = any>(path: string, body?: unknown) {
    return this.request<T>('POST', path, body);
  }
}
