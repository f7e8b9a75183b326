import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { EngineError } from './errors.ts';
import type { ChildError, ChildReply, HostMessage } from './protocol.ts';
import { validateSessionSpec } from './session.ts';
import { SESSION_DEFAULTS, type QueryResult, type RunOptions, type SessionSpec } from './types.ts';

// The engine host: the API's side of the sandbox. Every session runs in its own child process (one DuckDB
// instance each), so a query never runs on the API's event loop, and a crash, an abort or the kernel's
// out-of-memory killer takes down one session's process, never the server. A statement that overruns is
// interrupted inside the child at its timeout; a child that has not answered `killGraceMs` later is killed and
// replaced by a fresh one on the next call (same spec; a SELECT-only session has no state to lose).

export interface EngineHostOptions {
  /** Sessions open at once; more are refused with ENGINE_BUSY (default 16). */
  maxSessions?: number;
  /** After a statement's timeout, how long its child has to answer before it is killed (default 2,000 ms). */
  killGraceMs?: number;
  /** How long a child has to start and open its session (default 30,000 ms). */
  openTimeoutMs?: number;
  /** V8 heap of a child in MB (results are held there before they cross; DuckDB's memory is `memoryLimit`). */
  childHeapMb?: number;
  /**
   * Child processes kept started and waiting for a session, so that opening one does not wait for Node and DuckDB
   * to load (default 0; a server would keep 1). They hold no data until a session opens in them.
   */
  spareChildren?: number;
  /** Told when a child process ends other than by `close` (for logs and metrics; `stderrTail` is the child's last output). */
  onChildExit?: (info: { sessionId: string; code: number | null; signal: NodeJS.Signals | null; stderrTail: string }) => void;
}

export interface EngineSession {
  readonly id: string;
  readonly datasetNames: readonly string[];
  /** The current child's process id (undefined while none is running). */
  readonly pid: number | undefined;
  /** How many times the child was replaced after a crash, a kill or a fatal engine error. */
  readonly restarts: number;
  /** Runs exactly one SELECT in the session's child: see `SandboxSession.run`. */
  run(sql: string, opts?: RunOptions): Promise<QueryResult>;
  close(): Promise<void>;
}

const CHILD_ENTRY = fileURLToPath(new URL('./child.ts', import.meta.url));
const STDERR_TAIL = 4096;

/** Node arguments of a child: the TypeScript loader when running from source, and a bounded V8 heap. */
function childExecArgv(heapMb: number): string[] {
  const args = [`--max-old-space-size=${heapMb}`];
  if (CHILD_ENTRY.endsWith('.ts')) {
    const tsx = createRequire(import.meta.url).resolve('tsx');
    args.unshift('--import', pathToFileURL(tsx).href);
  }
  return args;
}

/** The child's environment: nothing of the server's (no database URL, no keys), only what Node and DuckDB need. */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { LANG: 'C.UTF-8' };
  for (const key of ['TZ', 'TMPDIR', 'NODE_ENV'] as const) if (process.env[key] !== undefined) env[key] = process.env[key];
  return env;
}

export class EngineHost {
  readonly #sessions = new Map<string, HostedSession>();
  #spares: Child[] = [];
  readonly #opts: Required<Omit<EngineHostOptions, 'onChildExit'>> & Pick<EngineHostOptions, 'onChildExit'>;
  #closed = false;

  constructor(opts: EngineHostOptions = {}) {
    this.#opts = {
      maxSessions: opts.maxSessions ?? 16,
      killGraceMs: opts.killGraceMs ?? 2_000,
      openTimeoutMs: opts.openTimeoutMs ?? 30_000,
      childHeapMb: opts.childHeapMb ?? 256,
      spareChildren: opts.spareChildren ?? 0,
      onChildExit: opts.onChildExit,
    };
    this.#refillSpares();
  }

  /** A started child for a new session: a spare when one is ready, else a new one. */
  #takeChild = (): Child => {
    const spare = this.#spares.find((c) => !c.exited);
    this.#spares = this.#spares.filter((c) => c !== spare && !c.exited);
    queueMicrotask(() => this.#refillSpares());
    return spare ?? new Child(this.#opts.childHeapMb);
  };

  #refillSpares(): void {
    while (!this.#closed && this.#spares.length < this.#opts.spareChildren) {
      const spare = new Child(this.#opts.childHeapMb);
      spare.onExit = () => {
        this.#spares = this.#spares.filter((c) => c !== spare);
      };
      this.#spares.push(spare);
    }
  }

  /** Sessions open now. */
  get sessionCount(): number {
    return this.#sessions.size;
  }

  /**
   * Opens a session in a new child process. Refused before anything starts when a dataset's resource is not open
   * (RESOURCE_NOT_OPEN) or the host is full (ENGINE_BUSY); ENGINE_DATASET_UNAVAILABLE when a file is missing.
   */
  async openSession(spec: SessionSpec): Promise<EngineSession> {
    if (this.#closed) throw new EngineError('ENGINE_SESSION_CLOSED');
    validateSessionSpec(spec);
    if (this.#sessions.size >= this.#opts.maxSessions) throw new EngineError('ENGINE_BUSY');
    const session = new HostedSession(randomUUID(), structuredClone(spec), this.#opts, this.#takeChild, () => this.#sessions.delete(session.id));
    this.#sessions.set(session.id, session);
    try {
      await session.start();
    } catch (err) {
      this.#sessions.delete(session.id);
      await session.close();
      throw err;
    }
    return session;
  }

  /** Closes every session and refuses new ones. */
  async closeAll(): Promise<void> {
    this.#closed = true;
    for (const spare of this.#spares) spare.kill();
    this.#spares = [];
    await Promise.all([...this.#sessions.values()].map((s) => s.close()));
  }
}

interface Pending {
  resolve(result: QueryResult): void;
  reject(err: unknown): void;
}

/** One child process and the replies it owes. */
class Child {
  readonly proc: ChildProcess;
  readonly pending = new Map<number, Pending>();
  stderrTail = '';
  exited = false;
  #onOpened: ((err?: unknown) => void) | undefined;

  /** Told when the process has ended (set by whoever holds the child now: the spare list, then its session). */
  onExit: (code: number | null, signal: NodeJS.Signals | null) => void = () => {};

  constructor(heapMb: number) {
    this.proc = fork(CHILD_ENTRY, [], {
      execArgv: childExecArgv(heapMb),
      serialization: 'advanced',
      // stdout ignored: nothing a query makes DuckDB print (e.g. profiling output) reaches the server's log.
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      env: childEnv(),
      cwd: os.tmpdir(),
    });
    this.proc.stderr?.setEncoding('utf8');
    this.proc.stderr?.on('data', (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-STDERR_TAIL);
    });
    this.proc.on('message', (m: ChildReply) => this.#onMessage(m));
    this.proc.on('exit', (code, signal) => {
      this.exited = true;
      this.#onOpened?.(new EngineError('ENGINE_SESSION_CRASHED', [{ path: '/session', reason: 'exited_while_opening' }]));
      this.#onOpened = undefined;
      for (const p of this.pending.values()) p.reject(new EngineError('ENGINE_SESSION_CRASHED'));
      this.pending.clear();
      this.onExit(code, signal);
    });
    this.proc.on('error', () => {
      // A failed send or spawn: 'exit' follows (or the process never started); replies are rejected there.
    });
  }

  /** Opens the session in this child; resolves once DuckDB is set up and locked. */
  open(spec: SessionSpec, timeoutMs: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#onOpened = undefined;
        this.kill();
        reject(new EngineError('ENGINE_SESSION_CRASHED', [{ path: '/session', reason: 'open_timeout' }]));
      }, timeoutMs);
      this.#onOpened = (err) => {
        clearTimeout(timer);
        if (err) reject(err);
        else resolve();
      };
      try {
        this.send({ t: 'open', spec });
      } catch (err) {
        this.#onOpened = undefined;
        clearTimeout(timer);
        reject(err);
      }
    });
  }

  send(message: HostMessage): void {
    if (this.exited || !this.proc.connected) throw new EngineError('ENGINE_SESSION_CRASHED');
    this.proc.send(message);
  }

  kill(): void {
    if (!this.exited) this.proc.kill('SIGKILL');
  }

  #onMessage(m: ChildReply): void {
    switch (m.t) {
      case 'opened':
        this.#onOpened?.();
        this.#onOpened = undefined;
        return;
      case 'open-failed':
        this.#onOpened?.(fromChildError(m.error));
        this.#onOpened = undefined;
        return;
      case 'result':
      case 'error': {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        if (m.t === 'result') p.resolve(m.result);
        else {
          if (m.fatal) this.kill();
          p.reject(fromChildError(m.error));
        }
        return;
      }
    }
  }
}

function fromChildError(e: ChildError): Error {
  if (e.code === 'INTERNAL') return new Error(`sandbox child failed${'message' in e && e.message ? `: ${e.message}` : ''}`);
  return EngineError.fromJSON(e);
}

class HostedSession implements EngineSession {
  readonly datasetNames: readonly string[];
  #child: Child | undefined;
  #restarts = 0;
  #nextId = 1;
  #closed = false;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly id: string,
    private readonly spec: SessionSpec,
    private readonly opts: Required<Omit<EngineHostOptions, 'onChildExit'>> & Pick<EngineHostOptions, 'onChildExit'>,
    private readonly takeChild: () => Child,
    private readonly onClosed: () => void,
  ) {
    this.datasetNames = Object.keys(spec.datasets);
  }

  get pid(): number | undefined {
    return this.#child && !this.#child.exited ? this.#child.proc.pid : undefined;
  }

  get restarts(): number {
    return this.#restarts;
  }

  async start(): Promise<void> {
    const child = this.takeChild();
    // A spill directory is readable by the instance that spills there (DuckDB allows its temp directory): each
    // child gets its own, under the spec's, removed when the child ends however it ends.
    const spill = this.spec.spillDirectory === undefined ? undefined : mkdtempSync(path.join(this.spec.spillDirectory, 'sandbox-'));
    child.onExit = (code, signal) => {
      if (spill) rmSync(spill, { recursive: true, force: true });
      if (this.#child === child) this.#child = undefined;
      if (!this.#closed) this.opts.onChildExit?.({ sessionId: this.id, code, signal, stderrTail: child.stderrTail });
    };
    this.#child = child;
    await child.open(spill ? { ...this.spec, spillDirectory: spill } : this.spec, this.opts.openTimeoutMs);
  }

  run(sql: string, opts: RunOptions = {}): Promise<QueryResult> {
    const next = this.#queue.then(() => this.#run(sql, opts));
    this.#queue = next.catch(() => undefined);
    return next;
  }

  async #run(sql: string, opts: RunOptions): Promise<QueryResult> {
    if (this.#closed) throw new EngineError('ENGINE_SESSION_CLOSED');
    const timeoutMs = opts.timeoutMs ?? this.spec.timeoutMs ?? SESSION_DEFAULTS.timeoutMs;
    if (!(Number.isFinite(timeoutMs) && timeoutMs > 0)) throw new TypeError('timeoutMs must be a positive number');
    if (!this.#child || this.#child.exited) {
      // The previous child crashed, was killed at a timeout or hit a fatal engine error: a fresh one, same spec.
      this.#restarts++;
      await this.start();
    }
    const child = this.#child;
    if (!child) throw new EngineError('ENGINE_SESSION_CRASHED');
    const id = this.#nextId++;
    return new Promise<QueryResult>((resolve, reject) => {
      // The child interrupts the statement at `timeoutMs`; if it has not answered by the grace period, it is stuck
      // (or frozen): kill it, and the next call starts a new one.
      const deadline = setTimeout(() => {
        if (!child.pending.has(id)) return;
        child.pending.delete(id);
        child.kill();
        reject(new EngineError('ENGINE_TIMEOUT', [{ path: '/sql', reason: 'killed' }]));
      }, timeoutMs + this.opts.killGraceMs);
      child.pending.set(id, {
        resolve: (r) => {
          clearTimeout(deadline);
          resolve(r);
        },
        reject: (e) => {
          clearTimeout(deadline);
          reject(e);
        },
      });
      try {
        child.send({ t: 'run', id, sql, opts: { ...opts, timeoutMs } });
      } catch (err) {
        child.pending.delete(id);
        clearTimeout(deadline);
        reject(err);
      }
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.onClosed();
    const child = this.#child;
    this.#child = undefined;
    if (!child || child.exited) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        child.kill();
      }, 2_000);
      child.proc.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      try {
        child.send({ t: 'close' });
      } catch {
        child.kill();
      }
    });
  }
}
