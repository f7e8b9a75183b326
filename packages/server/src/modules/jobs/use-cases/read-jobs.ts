import { DomainError } from '@shuyun/core';
import type { Deps } from '../../../deps.ts';
import { type Actor, tenantContext } from '../../../policy/actor.ts';
import * as store from '../store.ts';
import { jobView } from '../views.ts';

export async function listJobs(deps: Pick<Deps, 'db'>, actor: Actor, grantId: string) {
  return deps.db.tx(tenantContext(actor), async (tx) => {
    const views = [];
    for (const j of await store.jobsOf(tx, grantId)) views.push(jobView(j, await store.resultTablesOf(tx, j.id), await store.reviewsOf(tx, j.id, j.hash)));
    return views;
  });
}

export async function getJob(deps: Pick<Deps, 'db'>, actor: Actor, id: string) {
  return deps.db.tx(tenantContext(actor), async (tx) => {
    const job = await store.findJob(tx, id);
    if (!job) throw new DomainError('NOT_FOUND');
    return jobView(job, await store.resultTablesOf(tx, id), await store.reviewsOf(tx, id, job.hash));
  });
}
