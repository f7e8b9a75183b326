import type { Deps } from '../../../deps.ts';
import { systemContext } from '../../../db/database.ts';
import * as store from '../store.ts';

/** Demo mode only: the chooser on the embedded provider's login page (one line per user, roles joined). */
export async function listDemoUsers(deps: Pick<Deps, 'db'>) {
  const rows = await deps.db.tx(systemContext('demo user chooser'), (tx) => store.listUsersWithRoles(tx));
  const byUser = new Map<string, { username: string; displayName: string; organization: string; role: string }>();
  for (const r of rows) {
    const seen = byUser.get(r.username);
    if (seen) seen.role += `, ${r.role}`;
    else byUser.set(r.username, { ...r });
  }
  return [...byUser.values()];
}
