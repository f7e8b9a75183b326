import { DomainError } from '@shuyun/core';
import type { Deps } from '../../../deps.ts';
import { type Actor, tenantContext } from '../../../policy/actor.ts';
import * as store from '../store.ts';
import { loadApplicationView } from './stages.ts';

/** Applications the caller is party to (row-level security); the authority and regulators read all of them. */
export async function listApplications(deps: Pick<Deps, 'db' | 'clock'>, actor: Actor, filter: { state?: string | undefined; awaitingMe?: boolean | undefined }) {
  const now = deps.clock.now();
  return deps.db.tx(tenantContext(actor), async (tx) => {
    const views = [];
    for (const a of await store.listApplications(tx)) {
      if (filter.state && a.state !== filter.state) continue;
      const view = await loadApplicationView(tx, a, now);
      if (filter.awaitingMe && !view.stages.some((s) => s.closedAt === null && s.reviewerOrgId === actor.orgId)) continue;
      views.push(view);
    }
    return views;
  });
}

export async function getApplication(deps: Pick<Deps, 'db' | 'clock'>, actor: Actor, id: string) {
  return deps.db.tx(tenantContext(actor), async (tx) => {
    const application = await store.findApplication(tx, id);
    if (!application) throw new DomainError('NOT_FOUND');
    return loadApplicationView(tx, application, deps.clock.now());
  });
}
