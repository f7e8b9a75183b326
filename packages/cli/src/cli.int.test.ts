import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testDatabaseKind } from '../../../test/support/test-database.ts';
import { DEMO_PASSWORD, freePort } from '../../../test/support/test-platform.ts';
import { loginThroughProvider } from '../../server/src/modules/identity-provider/test-login-flow.ts';

const MAIN = path.resolve(import.meta.dirname, 'main.ts');
const running = new Set<ChildProcess>();

interface Started {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
}

/** Runs `shuyun <args>` as a new user would (a separate node process), with only the given SHUYUN_* variables. */
function runShuyun(args: string[], env: Record<string, string>): Omit<Started, 'url'> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SHUYUN_')));
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { env: { ...clean, SHUYUN_LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => (running.delete(child), resolve(code))));
  return { child, output: () => out, exited };
}

async function startShuyun(env: Record<string, string>): Promise<Started> {
  const port = await freePort();
  const oidcPort = await freePort();
  const proc = runShuyun(['start'], { SHUYUN_PORT: String(port), SHUYUN_OIDC_PORT: String(oidcPort), ...env });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    const ok = await fetch(`${url}/healthz`).then((r) => r.status === 200, () => false);
    if (ok) return { ...proc, url };
    if (proc.child.exitCode !== null || Date.now() > deadline) throw new Error(`shuyun start did not become healthy:\n${proc.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

afterAll(() => {
  for (const child of running) child.kill('SIGKILL');
});

describe.runIf(testDatabaseKind() === 'pglite')('shuyun start on the embedded database', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'shuyun-cli-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts on a fresh data directory, seeds the demo district, prints the demo users, and serves the portal and API', async () => {
    const first = await startShuyun({ SHUYUN_DATA_DIR: dataDir });
    expect(first.output()).toContain('authority.admin');
    expect(first.output()).toContain(DEMO_PASSWORD);
    const portal = await fetch(first.url, { headers: { accept: 'text/html' } });
    expect(await portal.text()).toContain('<div id="root">');
    expect((await fetch(`${first.url}/openapi.json`)).status).toBe(200);

    // a second process on the same directory is refused with a clear message, and the first keeps serving
    const second = runShuyun(['start'], { SHUYUN_DATA_DIR: dataDir, SHUYUN_PORT: String(await freePort()), SHUYUN_OIDC_PORT: String(await freePort()) });
    expect(await second.exited).toBe(3);
    expect(second.output()).toMatch(/data directory .* is in use by another Shuyun process \(pid \d+\)/);
    expect((await fetch(`${first.url}/healthz`)).status).toBe(200);

    // SIGTERM: a graceful stop that releases the directory
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    const again = await startShuyun({ SHUYUN_DATA_DIR: dataDir });
    expect(again.output()).not.toContain('was seeded'); // existing directory: nothing seeded twice
    const cookies = new Map<string, string>();
    const { finalUrl } = await loginThroughProvider(`${again.url}/api/v1/auth/login`, 'regulator.viewer', DEMO_PASSWORD, { cookies });
    expect(new URL(finalUrl).pathname).toBe('/api/v1/auth/callback');
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
  });

  it('refuses a bad configuration variable by name', async () => {
    const bad = runShuyun(['start'], { SHUYUN_DATA_DIR: dataDir, SHUYUN_PORT: 'eighty', SHUYUN_COLOUR: 'red' });
    expect(await bad.exited).toBe(2);
    expect(bad.output()).toContain('SHUYUN_PORT');
    expect(bad.output()).toContain('SHUYUN_COLOUR: unknown variable');
  });

  it('prints help', async () => {
    const help = runShuyun(['--help'], {});
    expect(await help.exited).toBe(0);
    expect(help.output()).toMatch(/start\s+start the platform/);
  });
});

describe.runIf(testDatabaseKind() === 'postgres')('several server processes on one PostgreSQL', () => {
  it('both serve, and a session opened on one is honoured by the other', async () => {
    const db = await openTestDatabase();
    try {
      const dirs = [mkdtempSync(path.join(tmpdir(), 'shuyun-a-')), mkdtempSync(path.join(tmpdir(), 'shuyun-b-'))];
      const [a, b] = await Promise.all(dirs.map((dir) => startShuyun({ SHUYUN_DATA_DIR: dir, SHUYUN_DATABASE_URL: db.url! })));
      const cookies = new Map<string, string>();
      const { finalUrl } = await loginThroughProvider(`${a!.url}/api/v1/auth/login`, 'authority.reviewer', DEMO_PASSWORD, { cookies });
      const callback = await fetch(finalUrl, { redirect: 'manual', headers: { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
      const session = /shuyun_session=([^;]+)/.exec(callback.headers.get('set-cookie') ?? '')?.[1];
      expect(session).toBeDefined();
      const onB = await fetch(`${b!.url}/api/v1/me`, { headers: { cookie: `shuyun_session=${session}` } });
      expect(onB.status).toBe(200);
      expect(((await onB.json()) as { user: { username: string } }).user.username).toBe('authority.reviewer');
      for (const p of [a!, b!]) p.child.kill('SIGTERM');
      expect(await Promise.all([a!.exited, b!.exited])).toEqual([0, 0]);
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    } finally {
      await db.close();
    }
  });
});
