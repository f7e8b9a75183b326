import { DomainError } from '@shuyun/core';
import type { Deps } from '../../../deps.ts';
import { type Actor, tenantContext } from '../../../policy/actor.ts';
import { authorize } from '../../../policy/decide.ts';
import * as store from '../store.ts';
import { toOrganizationView } from './view.ts';

export async function getOrganization(deps: Pick<Deps, 'db'>, actor: Actor, id: string) {
  const row = await deps.db.tx(tenantContext(actor), (tx) => store.findOrganization(tx, id));
  if (!row) throw new DomainError('NOT_FOUND');
  authorize(actor, 'organization.read', { orgId: row.id }, { visibleToOthers: true });
  return toOrganizationView(row);
}
