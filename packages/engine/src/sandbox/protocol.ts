// Messages between the host (the server's process) and a session's child process.
import type { SerializedEngineError } from './errors.ts';
import type { QueryResult, RunOptions, SessionSpec } from './types.ts';

export type HostMessage =
  | { t: 'open'; spec: SessionSpec }
  | { t: 'run'; id: number; sql: string; opts: RunOptions }
  | { t: 'close' };

/** An error that crossed the process boundary: an EngineError, or INTERNAL with at most our own validation text. */
export type ChildError = SerializedEngineError | { code: 'INTERNAL'; message: string | undefined };

export type ChildReply =
  | { t: 'opened' }
  | { t: 'open-failed'; error: ChildError }
  | { t: 'result'; id: number; result: QueryResult }
  | { t: 'error'; id: number; error: ChildError; fatal: boolean };
