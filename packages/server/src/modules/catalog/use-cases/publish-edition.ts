import { DomainError } from '@shuyun/core';
import type { Deps } from '../../../deps.ts';
import type { Tx } from '../../../db/database.ts';
import { systemContext } from '../../../db/database.ts';
import { type Actor, tenantContext } from '../../../policy/actor.ts';
import { authorize } from '../../../policy/decide.ts';
import { appendToLedger } from '../../ledger/index.ts';
import { findOrganizationById } from '../../organizations/index.ts';
import * as store from '../store.ts';
import { editionView, resourceView } from '../views.ts';

/**
 * The authority publishes the next numbered edition of the authorized-operation catalog: every entry approved
 * since the last edition joins the ones already published; withdrawn entries drop out. Each item carries a
 * snapshot of the resource's metadata and fields as published (never data).
 */
export async function publishEdition(deps: Pick<Deps, 'db' | 'clock'>, actor: Actor, note: string) {
  authorize(actor, 'catalog.publish', {});
  const now = deps.clock.now();
  return deps.db.tx(tenantContext(actor), async (tx) => {
    const last = await store.latestEdition(tx);
    const previous = new Set(last ? (await store.editionItems(tx, last.number)).map((i) => i.resourceId) : []);
    const entries = await store.entriesInStates(tx, ['approved', 'published']);
    const current = new Set(entries.map((e) => e.resourceId));
    const changed = entries.some((e) => e.state === 'approved') || [...previous].some((id) => !current.has(id));
    if (!changed) throw new DomainError('CATALOG_NOTHING_TO_PUBLISH');
    const number = (last?.number ?? 0) + 1;
    const items = [];
    for (const entry of entries) {
      if (entry.state === 'approved') await store.updateEntry(tx, entry.id, { state: 'published', updatedAt: now });
      const resource = (await store.findResource(tx, entry.resourceId))!;
      items.push({ edition: number, resourceId: resource.id, resourceCode: resource.code, snapshot: await snapshot(tx, resource) });
    }
    await store.insertEdition(tx, { number, publishedAt: now, publishedBy: actor.userId, note }, items);
    await appendToLedger(tx, deps.clock, {
      actor: { userId: actor.userId, orgId: actor.orgId },
      action: 'catalog.edition_published',
      entity: { type: 'catalog_edition', id: String(number) },
      orgs: [...new Set(entries.map((e) => e.orgId))],
      payload: { number, resources: items.map((i) => i.resourceCode).sort() },
      derivedFrom: entries.map((e) => ({ type: 'catalog_entry', id: e.id })),
    });
    return editionView({ number, publishedAt: now, note }, items);
  });
}

async function snapshot(tx: Tx, resource: store.ResourceRow) {
  const publisher = await findOrganizationById(tx, resource.orgId);
  const { catalogState: _, ...view } = resourceView(resource, await store.fieldsOf(tx, resource.id), undefined);
  return { ...view, publisher: { id: resource.orgId, nameZh: publisher?.nameZh ?? '', nameEn: publisher?.nameEn ?? null } };
}

/** The catalog as published: the latest edition, or a given one. Readable by everyone, signed in or not. */
export async function readEdition(deps: Pick<Deps, 'db'>, number?: number) {
  return deps.db.tx(systemContext('read catalog'), async (tx) => {
    const edition = number === undefined ? await store.latestEdition(tx) : await store.findEdition(tx, number);
    if (!edition) throw new DomainError('NOT_FOUND');
    return editionView(edition, await store.editionItems(tx, edition.number));
  });
}
