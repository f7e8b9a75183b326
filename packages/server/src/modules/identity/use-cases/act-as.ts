import type { Deps } from '../../../deps.ts';
import { systemContext } from '../../../db/database.ts';
import type { Actor } from '../../../policy/actor.ts';
import * as store from '../store.ts';

/**
 * The actor of a known user, for the platform's own scripted work (the demo seed ingests data as the department's
 * steward would). Never reachable from a request: requests get their actor from a credential.
 */
export async function actAs(deps: Pick<Deps, 'db'>, username: string): Promise<Actor> {
  const user = await deps.db.tx(systemContext('act as'), (tx) => store.findUserWithOrganization(tx, { username }));
  if (!user) throw new Error(`no user ${username}`);
  return { userId: user.id, username: user.username, orgId: user.orgId, orgType: user.orgType, orgStatus: user.orgStatus, roles: user.roles, via: 'internal' };
}
