import { DomainError } from '@shuyun/core';
import type { Deps } from '../../../deps.ts';
import { type Actor, tenantContext } from '../../../policy/actor.ts';
import * as store from '../store.ts';
import { entryView, resourceView } from '../views.ts';

/** A department sees its own resources; the authority and regulators see all (row-level security decides). */
export async function listResources(deps: Pick<Deps, 'db'>, actor: Actor) {
  return deps.db.tx(tenantContext(actor), async (tx) => {
    const views = [];
    for (const r of await store.listResources(tx)) views.push(resourceView(r, await store.fieldsOf(tx, r.id), await store.entryOfResource(tx, r.id)));
    return views;
  });
}

export async function getResource(deps: Pick<Deps, 'db'>, actor: Actor, id: string) {
  return deps.db.tx(tenantContext(actor), async (tx) => {
    const r = await store.findResource(tx, id);
    if (!r) throw new DomainError('NOT_FOUND');
    return resourceView(r, await store.fieldsOf(tx, r.id), await store.entryOfResource(tx, r.id));
  });
}

export async function findResourceByCode(deps: Pick<Deps, 'db'>, actor: Actor, code: string) {
  return deps.db.tx(tenantContext(actor), async (tx) => {
    const r = await store.findResourceByCode(tx, code);
    return r ? { id: r.id, versions: (await store.versionsOf(tx, r.id)).length } : undefined;
  });
}

/** Catalog entries: a department's own; all of them for the authority and regulators (row-level security). */
export async function listEntries(deps: Pick<Deps, 'db'>, actor: Actor, state?: store.EntryRow['state']) {
  const rows = await deps.db.tx(tenantContext(actor), (tx) => store.listEntries(tx, state));
  return rows.map(entryView);
}
