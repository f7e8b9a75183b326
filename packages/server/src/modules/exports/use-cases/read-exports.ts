import { DomainError } from '@shuyun/core';
import { summarizeExportChecks } from '@shuyun/engine';
import type { Deps } from '../../../deps.ts';
import { type Actor, tenantContext } from '../../../policy/actor.ts';
import * as store from '../store.ts';
import { exportView } from '../views.ts';

export async function listExports(deps: Pick<Deps, 'db'>, actor: Actor) {
  return deps.db.tx(tenantContext(actor), async (tx) => {
    const views = [];
    for (const e of await store.listExports(tx)) views.push(exportView(e, await store.reviewsOf(tx, e.id)));
    return views;
  });
}

/** One request with the checks' summary in the reader's language (what the reviewers see; counts, never values). */
export async function getExport(deps: Pick<Deps, 'db'>, actor: Actor, id: string, lang: 'zh-CN' | 'en') {
  return deps.db.tx(tenantContext(actor), async (tx) => {
    const e = await store.findExport(tx, id);
    if (!e) throw new DomainError('NOT_FOUND');
    return { ...exportView(e, await store.reviewsOf(tx, id)), summary: summarizeExportChecks(e.checks as Parameters<typeof summarizeExportChecks>[0], lang) };
  });
}
