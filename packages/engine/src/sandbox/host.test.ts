import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineError } from './errors.ts';
import { EngineHost, type EngineSession } from './host.ts';
import { sandboxFixture, type SandboxFixture } from './test-fixtures.ts';

// Scenarios of the engine host: every session in its own child process, off the API's event loop.

let fx: SandboxFixture;
let host: EngineHost;
const exits: Array<{ sessionId: string; signal: NodeJS.Signals | null }> = [];

beforeAll(async () => {
  fx = await sandboxFixture();
  host = new EngineHost({ maxSessions: 3, killGraceMs: 1_000, onChildExit: ({ sessionId, signal }) => exits.push({ sessionId, signal }) });
});
afterAll(async () => {
  await host?.closeAll();
  await fx?.remove();
});

async function refusal(p: Promise<unknown>): Promise<EngineError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(EngineError);
    return err as EngineError;
  }
  throw new Error('expected a refusal, the call succeeded');
}

const people = () => ({ people: { parquetPath: fx.peopleParquet, openness: 'conditional' as const } });
const RUNAWAY = 'SELECT count(*) FROM range(100000) a, range(100000) b';

function alive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('sessions run in child processes', () => {
  let session: EngineSession;
  beforeAll(async () => {
    session = await host.openSession({ ...{ datasets: people() }, timeoutMs: 10_000 });
  });
  afterAll(async () => {
    await session?.close();
  });

  it('a query runs in the session child, not in this process, and errors cross as EngineErrors', async () => {
    expect(session.pid).toBeTypeOf('number');
    expect(session.pid).not.toBe(process.pid);
    expect((await session.run('SELECT count(*) AS n FROM people')).rows).toEqual([['10']]);
    const e = await refusal(session.run('SELECT CAST(secret AS INTEGER) FROM people'));
    expect(e.code).toBe('ENGINE_QUERY_FAILED');
    expect(e.status).toBe(422);
    expect(JSON.stringify(e.details)).not.toContain('SECRET');
    expect((await refusal(session.run('SELECT 1; SELECT 2'))).code).toBe('ENGINE_MULTI_STATEMENT');
  });

  it("the child has none of the server's environment", async () => {
    process.env.SHUYUN_SANDBOX_TEST_SECRET = 'do-not-inherit';
    const other = await host.openSession({ datasets: people() });
    try {
      const environ = `/proc/${other.pid}/environ`;
      if (existsSync(environ)) {
        const env = readFileSync(environ, 'utf8');
        expect(env).not.toContain('SHUYUN_SANDBOX_TEST_SECRET');
        expect(env).not.toContain('PATH=');
      }
    } finally {
      delete process.env.SHUYUN_SANDBOX_TEST_SECRET;
      await other.close();
    }
  });

  it('a runaway query is interrupted at its timeout inside the child, which stays and answers the next query', async () => {
    const pid = session.pid;
    const started = Date.now();
    const e = await refusal(session.run(RUNAWAY, { timeoutMs: 400 }));
    expect(e.code).toBe('ENGINE_TIMEOUT');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(session.pid).toBe(pid);
    expect((await session.run('SELECT count(*) FROM people')).rows).toEqual([['10']]);
    expect(session.restarts).toBe(0);
  });

  it('a child that does not answer after its timeout (frozen) is killed and cleanly replaced', async () => {
    const frozen = session.pid!;
    process.kill(frozen, 'SIGSTOP');
    const started = Date.now();
    const e = await refusal(session.run('SELECT 1', { timeoutMs: 300 }));
    expect(e.code).toBe('ENGINE_TIMEOUT');
    expect(e.details).toEqual([{ path: '/sql', reason: 'killed' }]);
    expect(Date.now() - started).toBeLessThan(5_000);
    await expect.poll(() => alive(frozen)).toBe(false);
    // The next call starts a fresh child with the same datasets.
    expect((await session.run('SELECT count(*) FROM people')).rows).toEqual([['10']]);
    expect(session.pid).not.toBe(frozen);
    expect(session.restarts).toBe(1);
  });

  it('a child that dies mid-query (crash, OOM kill) fails that query only; the server and other sessions go on', async () => {
    const bystander = await host.openSession({ datasets: { data: { parquetPath: fx.otherParquet, openness: 'unconditional' } } });
    try {
      const victim = session.pid!;
      const running = session.run(RUNAWAY, { timeoutMs: 20_000 });
      setTimeout(() => process.kill(victim, 'SIGKILL'), 200);
      const e = await refusal(running);
      expect(e.code).toBe('ENGINE_SESSION_CRASHED');
      expect(e.status).toBe(503);
      expect(exits.some((x) => x.sessionId === session.id && x.signal === 'SIGKILL')).toBe(true);
      expect((await bystander.run('SELECT * FROM data')).rows).toEqual([['other-tenant-row']]);
      expect((await session.run('SELECT count(*) FROM people')).rows).toEqual([['10']]);
      expect(session.restarts).toBe(2);
    } finally {
      await bystander.close();
    }
  });

  it('calls on one session queue: each gets its own answer', async () => {
    const answers = await Promise.all([1, 2, 3].map((n) => session.run(`SELECT ${n} AS n`)));
    expect(answers.map((a) => a.rows)).toEqual([[[1]], [[2]], [[3]]]);
  });
});

describe('opening and closing', () => {
  it('refuses a not_open resource before any process starts', async () => {
    const before = host.sessionCount;
    const e = await refusal(host.openSession({ datasets: { sealed: { parquetPath: fx.otherParquet, openness: 'not_open' } } }));
    expect(e.code).toBe('RESOURCE_NOT_OPEN');
    expect(host.sessionCount).toBe(before);
  });

  it('a missing version file is refused from the child, and leaves no session behind', async () => {
    const before = host.sessionCount;
    const e = await refusal(host.openSession({ datasets: { gone: { parquetPath: `${fx.dir}/gone.parquet`, openness: 'conditional' } } }));
    expect(e.code).toBe('ENGINE_DATASET_UNAVAILABLE');
    expect(host.sessionCount).toBe(before);
  });

  it('two sessions are two processes with two catalogs; a full host says busy; closing ends the child', async () => {
    const a = await host.openSession({ datasets: { data: { parquetPath: fx.peopleParquet, openness: 'conditional' } } });
    const b = await host.openSession({ datasets: { data: { parquetPath: fx.otherParquet, openness: 'conditional' } } });
    const c = await host.openSession({ datasets: {} });
    try {
      expect(new Set([a.pid, b.pid, c.pid, process.pid]).size).toBe(4);
      expect((await a.run('SELECT count(*) FROM data')).rows).toEqual([['10']]);
      expect((await b.run('SELECT * FROM data')).rows).toEqual([['other-tenant-row']]);
      expect((await refusal(c.run('SELECT * FROM data'))).code).toBe('ENGINE_SQL_INVALID');
      expect((await refusal(host.openSession({ datasets: {} }))).code).toBe('ENGINE_BUSY');
    } finally {
      const pid = a.pid;
      await a.close();
      expect(alive(pid)).toBe(false);
      expect((await refusal(a.run('SELECT 1'))).code).toBe('ENGINE_SESSION_CLOSED');
      await b.close();
      await c.close();
    }
    expect(host.sessionCount).toBe(0);
  });
});

describe('spill directories', () => {
  it('each child spills in its own subdirectory, removed when the child is killed or the session closes', async () => {
    const base = path.join(fx.dir, 'spill-base');
    mkdirSync(base);
    const s = await host.openSession({ datasets: people(), spillDirectory: base });
    try {
      const first = readdirSync(base);
      expect(first).toHaveLength(1);
      process.kill(s.pid!, 'SIGKILL');
      await expect.poll(() => readdirSync(base).includes(first[0]!)).toBe(false);
      expect((await s.run('SELECT count(*) FROM people')).rows).toEqual([['10']]);
      expect(readdirSync(base)).toHaveLength(1);
      expect(readdirSync(base)[0]).not.toBe(first[0]);
    } finally {
      await s.close();
    }
    await expect.poll(() => readdirSync(base)).toEqual([]);
  });
});

describe('spare children', () => {
  it('a host keeping a spare child opens sessions in it, and replaces it for the next one', async () => {
    const warm = new EngineHost({ spareChildren: 1 });
    try {
      const first = await warm.openSession({ datasets: people() });
      const second = await warm.openSession({ datasets: { data: { parquetPath: fx.otherParquet, openness: 'conditional' } } });
      expect(first.pid).not.toBe(second.pid);
      expect((await first.run('SELECT count(*) FROM people')).rows).toEqual([['10']]);
      expect((await refusal(first.run('SELECT * FROM data'))).code).toBe('ENGINE_SQL_INVALID');
      expect((await second.run('SELECT * FROM data')).rows).toEqual([['other-tenant-row']]);
    } finally {
      await warm.closeAll();
    }
    expect(warm.sessionCount).toBe(0);
    expect((await refusal(warm.openSession({ datasets: people() }))).code).toBe('ENGINE_SESSION_CLOSED');
  });
});
