import type { OrganizationType } from '@shuyun/core';
import type { Deps } from '../../../deps.ts';
import { type Actor, tenantContext } from '../../../policy/actor.ts';
import * as store from '../store.ts';
import { toOrganizationView } from './view.ts';

/** The directory of organizations (partners choose an operator to apply to, and so on). */
export async function listOrganizations(deps: Pick<Deps, 'db'>, actor: Actor, filter: { type?: OrganizationType }) {
  const rows = await deps.db.tx(tenantContext(actor), (tx) => store.listOrganizations(tx, filter));
  return rows.map(toOrganizationView);
}
