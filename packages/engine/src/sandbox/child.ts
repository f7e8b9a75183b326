// The entry of a session's child process (started by host.ts with an IPC channel and `serialization: 'advanced'`).
// One process, one DuckDB instance, one session: a crash, an abort or the out-of-memory killer ends this process
// only. It exits when the host disconnects, so no session outlives the server.
import { EngineError } from './errors.ts';
import { openSession, type SandboxSession } from './session.ts';
import type { ChildReply, HostMessage } from './protocol.ts';

let session: SandboxSession | undefined;

function reply(message: ChildReply): void {
  if (process.connected) process.send?.(message);
}

function toSerializable(err: unknown) {
  if (err instanceof EngineError) return err.toJSON();
  // A caller's mistake caught by validation (TypeError) or a bug: the host maps it to an internal failure. Only the
  // message of our own TypeErrors crosses (they name spec fields, never data); DuckDB messages never do.
  return { code: 'INTERNAL' as const, message: err instanceof TypeError ? err.message : undefined };
}

async function handle(message: HostMessage): Promise<void> {
  switch (message.t) {
    case 'open': {
      try {
        session = await openSession(message.spec);
        reply({ t: 'opened' });
      } catch (err) {
        reply({ t: 'open-failed', error: toSerializable(err) });
      }
      return;
    }
    case 'run': {
      try {
        if (!session) throw new EngineError('ENGINE_SESSION_CLOSED');
        const result = await session.run(message.sql, message.opts);
        reply({ t: 'result', id: message.id, result });
      } catch (err) {
        reply({ t: 'error', id: message.id, error: toSerializable(err), fatal: session?.broken ?? false });
      }
      return;
    }
    case 'close': {
      session?.close();
      session = undefined;
      process.exit(0);
    }
  }
}

process.on('message', (message: HostMessage) => {
  void handle(message);
});
process.on('disconnect', () => {
  process.exit(0);
});
