import type { Deps } from '../../../deps.ts';
import { systemContext } from '../../../db/database.ts';
import { secretHash, verifyPassword } from '../secrets.ts';
import { appendToLedger } from '../../ledger/index.ts';
import * as store from '../store.ts';

const NO_ACTOR = { userId: null, orgId: null };

export type PasswordCheck = { kind: 'ok'; accountId: string } | { kind: 'invalid' } | { kind: 'locked'; until: Date };

/**
 * The local identity provider's password check, with the lock-out classified protection level 3 expects:
 * after `maxFailures` wrong passwords in a row the account is locked for `lockMinutes`; while locked, even the
 * right password is refused and not counted.
 */
export async function checkPassword(deps: Pick<Deps, 'db' | 'clock' | 'config'>, username: string, password: string): Promise<PasswordCheck> {
  const { maxFailures, lockMinutes } = deps.config.login;
  return deps.db.tx(systemContext('password check'), async (tx) => {
    const now = deps.clock.now();
    const user = await store.findUserForLogin(tx, username);
    if (user?.lockedUntil && user.lockedUntil > now) return { kind: 'locked', until: user.lockedUntil };
    const ok = await verifyPassword(password, user?.passwordHash ?? null);
    if (!user || user.status !== 'active') {
      // the attempted name is hashed, never stored: it may be a mistyped password or someone's identity
      await appendToLedger(tx, deps.clock, { actor: NO_ACTOR, action: 'login.failed', entity: { type: 'username', id: `sha256:${secretHash(username)}` }, payload: { reason: 'unknown_or_disabled' } });
      return { kind: 'invalid' };
    }
    const about = { actor: NO_ACTOR, entity: { type: 'user', id: user.id }, orgs: [user.orgId] };
    if (ok) {
      if (user.failedLogins > 0 || user.lockedUntil) await store.recordLoginResult(tx, user.id, { failedLogins: 0, lockedUntil: null });
      return { kind: 'ok', accountId: user.id };
    }
    const failures = user.failedLogins + 1;
    if (failures >= maxFailures) {
      const until = new Date(now.getTime() + lockMinutes * 60_000);
      await store.recordLoginResult(tx, user.id, { failedLogins: 0, lockedUntil: until });
      await appendToLedger(tx, deps.clock, { ...about, action: 'account.locked', payload: { failures, until: until.toISOString() } });
      return { kind: 'locked', until };
    }
    await store.recordLoginResult(tx, user.id, { failedLogins: failures, lockedUntil: null });
    await appendToLedger(tx, deps.clock, { ...about, action: 'login.failed', payload: { reason: 'wrong_password', failures } });
    return { kind: 'invalid' };
  });
}
