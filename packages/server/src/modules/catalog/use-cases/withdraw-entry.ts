import { DomainError } from '@shuyun/core';
import type { Deps } from '../../../deps.ts';
import { type Actor, tenantContext } from '../../../policy/actor.ts';
import { authorize } from '../../../policy/decide.ts';
import { appendToLedger } from '../../ledger/index.ts';
import * as store from '../store.ts';
import { entryView } from '../views.ts';
import { nextState } from './transition.ts';

/** The department or the authority takes a resource out of the catalog; the next edition no longer lists it. */
export async function withdrawEntry(deps: Pick<Deps, 'db' | 'clock'>, actor: Actor, entryId: string) {
  const now = deps.clock.now();
  return deps.db.tx(tenantContext(actor), async (tx) => {
    const entry = await store.findEntry(tx, entryId);
    if (!entry) throw new DomainError('NOT_FOUND');
    authorize(actor, 'catalog.withdraw', { orgId: entry.orgId });
    const resource = (await store.findResource(tx, entry.resourceId))!;
    const updated = await store.updateEntry(tx, entry.id, { state: nextState(entry.state, 'withdraw', resource.openness), updatedAt: now });
    await appendToLedger(tx, deps.clock, {
      actor: { userId: actor.userId, orgId: actor.orgId },
      action: 'catalog.entry_withdrawn',
      entity: { type: 'catalog_entry', id: entry.id },
      orgs: [entry.orgId],
      payload: { resourceCode: resource.code },
    });
    return entryView(updated);
  });
}
