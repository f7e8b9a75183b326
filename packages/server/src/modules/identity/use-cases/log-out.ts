import type { Deps } from '../../../deps.ts';
import { systemContext } from '../../../db/database.ts';
import type { Actor } from '../../../policy/actor.ts';
import { appendToLedger } from '../../ledger/index.ts';
import * as store from '../store.ts';

export async function logOut(deps: Pick<Deps, 'db' | 'clock'>, actor: Actor): Promise<void> {
  if (!actor.sessionId) return; // bearer tokens and API keys have no server-side session to close
  const sessionId = actor.sessionId;
  await deps.db.tx(systemContext('log out'), async (tx) => {
    await store.revokeSession(tx, sessionId, deps.clock.now());
    await appendToLedger(tx, deps.clock, {
      actor: { userId: actor.userId, orgId: actor.orgId },
      action: 'session.closed',
      entity: { type: 'session', id: sessionId },
      payload: {},
    });
  });
}
