import { DomainError, isOperable } from '@shuyun/core';
import type { Deps } from '../../../deps.ts';
import { type Actor, tenantContext } from '../../../policy/actor.ts';
import { authorize } from '../../../policy/decide.ts';
import { appendToLedger } from '../../ledger/index.ts';
import * as store from '../store.ts';
import { entryView } from '../views.ts';
import { nextState } from './transition.ts';

/** The department drafts a catalog entry for one of its resources. A not-open resource is refused at once. */
export async function draftEntry(deps: Pick<Deps, 'db' | 'clock'>, actor: Actor, resourceId: string) {
  const now = deps.clock.now();
  return deps.db.tx(tenantContext(actor), async (tx) => {
    const resource = await store.findResource(tx, resourceId);
    if (!resource) throw new DomainError('NOT_FOUND');
    authorize(actor, 'catalog.propose', { orgId: resource.orgId });
    if (!isOperable(resource.openness)) throw new DomainError('RESOURCE_NOT_OPEN');
    const entry = await store.insertEntry(tx, { resourceId, orgId: resource.orgId, state: 'draft', createdAt: now, updatedAt: now });
    if (!entry) throw new DomainError('CATALOG_ENTRY_EXISTS');
    await appendToLedger(tx, deps.clock, {
      actor: { userId: actor.userId, orgId: actor.orgId },
      action: 'catalog.entry_drafted',
      entity: { type: 'catalog_entry', id: entry.id },
      payload: { resourceCode: resource.code },
      derivedFrom: [{ type: 'data_resource', id: resourceId }],
    });
    return entryView(entry);
  });
}

/** The department submits (or resubmits, after a return) its entry to the authority. */
export async function submitEntry(deps: Pick<Deps, 'db' | 'clock'>, actor: Actor, entryId: string) {
  const now = deps.clock.now();
  return deps.db.tx(tenantContext(actor), async (tx) => {
    const entry = await store.findEntry(tx, entryId);
    if (!entry) throw new DomainError('NOT_FOUND');
    authorize(actor, 'catalog.propose', { orgId: entry.orgId });
    const resource = (await store.findResource(tx, entry.resourceId))!;
    const state = nextState(entry.state, 'submit', resource.openness);
    const updated = await store.updateEntry(tx, entry.id, { state, submittedAt: now, updatedAt: now });
    await appendToLedger(tx, deps.clock, {
      actor: { userId: actor.userId, orgId: actor.orgId },
      action: 'catalog.entry_submitted',
      entity: { type: 'catalog_entry', id: entry.id },
      payload: { resourceCode: resource.code, from: entry.state },
    });
    return entryView(updated);
  });
}
