import { DomainError } from '@shuyun/core';
import type { Deps } from '../../../deps.ts';
import { type Actor, tenantContext } from '../../../policy/actor.ts';
import { authorize } from '../../../policy/decide.ts';
import { appendToLedger } from '../../ledger/index.ts';
import { notify } from '../../notifications/index.ts';
import * as store from '../store.ts';
import { jobView } from '../views.ts';

/** The developer submits the job with its dev run (on the twin) to the operator and the authority. */
export async function submitJob(deps: Pick<Deps, 'db' | 'clock'>, actor: Actor, jobId: string) {
  const now = deps.clock.now();
  return deps.db.tx(tenantContext(actor), async (tx) => {
    const job = await store.findJob(tx, jobId);
    if (!job) throw new DomainError('NOT_FOUND');
    authorize(actor, 'job.develop', { orgId: job.orgId }, { visibleToOthers: true });
    if (job.state !== 'draft') throw new DomainError('STATE_CONFLICT');
    const devRun = job.devRun as { hash?: string } | null;
    if (devRun?.hash !== job.hash) throw new DomainError('VALIDATION_FAILED', [{ path: '/devRun', reason: 'required', message: 'run the job on the twin first' }]);
    const updated = await store.updateJob(tx, jobId, { state: 'submitted', submittedAt: now });
    await appendToLedger(tx, deps.clock, {
      actor: { userId: actor.userId, orgId: actor.orgId },
      action: 'job.submitted',
      entity: { type: 'job', id: jobId },
      orgs: job.parties,
      payload: { name: job.name, hash: job.hash },
    });
    await notify(tx, deps.clock, { orgIds: job.reviewerOrgIds, kind: 'job.submitted', subject: { type: 'job', id: jobId }, zh: `作業 ${job.name} 待審核`, en: `Job ${job.name} awaits your review` });
    return jobView(updated);
  });
}
