import type { EngineHost, EngineSession, SessionSpec } from '@shuyun/engine';

const IDLE_MS = 5 * 60_000;

/**
 * Open engine sessions, reused between requests of the same workspace (opening one starts a process: about a
 * second). A session is keyed by what it may see (grant, workspace, dataset versions), so a new version or another
 * grant never shares one. Reuse never skips a check: every request checks its grant before it touches a session.
 * Idle sessions close after 5 minutes.
 */
class WorkspaceSessions {
  readonly #entries = new Map<string, { session: Promise<EngineSession>; lastUsed: number }>();
  readonly #timer: NodeJS.Timeout;

  constructor(private readonly engine: EngineHost) {
    this.#timer = setInterval(() => this.#evictIdle(), 30_000);
    this.#timer.unref();
  }

  async get(key: string, spec: () => Promise<SessionSpec>): Promise<EngineSession> {
    const found = this.#entries.get(key);
    if (found) {
      found.lastUsed = Date.now();
      return found.session;
    }
    const session = spec().then((s) => this.engine.openSession(s));
    this.#entries.set(key, { session, lastUsed: Date.now() });
    session.catch(() => this.#entries.delete(key));
    return session;
  }

  /** Closes every session of a grant (it was suspended, terminated or expired). */
  async closeGrant(grantId: string): Promise<void> {
    for (const [key, entry] of this.#entries) {
      if (!key.startsWith(`${grantId}:`)) continue;
      this.#entries.delete(key);
      await (await entry.session.catch(() => undefined))?.close();
    }
  }

  #evictIdle(): void {
    const now = Date.now();
    for (const [key, entry] of this.#entries) {
      if (now - entry.lastUsed < IDLE_MS) continue;
      this.#entries.delete(key);
      void entry.session.then((s) => s.close()).catch(() => undefined);
    }
  }
}

const byEngine = new WeakMap<EngineHost, WorkspaceSessions>();

export function workspaceSessions(engine: EngineHost): WorkspaceSessions {
  let sessions = byEngine.get(engine);
  if (!sessions) byEngine.set(engine, (sessions = new WorkspaceSessions(engine)));
  return sessions;
}
