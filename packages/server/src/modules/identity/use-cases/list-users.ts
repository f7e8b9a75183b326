import type { Deps } from '../../../deps.ts';
import { type Actor, tenantContext } from '../../../policy/actor.ts';
import { authorize } from '../../../policy/decide.ts';
import * as store from '../store.ts';

/** The users of one organization. Another tenant's organization: 404. */
export async function listOrganizationUsers(deps: Pick<Deps, 'db'>, actor: Actor, orgId: string) {
  authorize(actor, 'user.list', { orgId });
  return deps.db.tx(tenantContext(actor), (tx) => store.listUsers(tx));
}
