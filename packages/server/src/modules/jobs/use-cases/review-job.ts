import { DomainError } from '@shuyun/core';
import type { Deps } from '../../../deps.ts';
import { type Actor, tenantContext } from '../../../policy/actor.ts';
import { authorize } from '../../../policy/decide.ts';
import { appendToLedger } from '../../ledger/index.ts';
import { notify } from '../../notifications/index.ts';
import * as store from '../store.ts';
import { jobView } from '../views.ts';

/**
 * The operator (for a partner's job) and the authority review the submitted text and its dev run. The review is of
 * this exact text (its hash): approved when every reviewer approves, rejected at the first rejection.
 */
export async function reviewJob(deps: Pick<Deps, 'db' | 'clock'>, actor: Actor, jobId: string, input: { decision: 'approve' | 'reject'; reasons?: string | undefined }) {
  if (input.decision === 'reject' && !input.reasons) throw new DomainError('APPLICATION_REASONS_REQUIRED');
  const now = deps.clock.now();
  return deps.db.tx(tenantContext(actor), async (tx) => {
    const job = await store.findJob(tx, jobId);
    if (!job) throw new DomainError('NOT_FOUND');
    authorize(actor, 'job.review', { orgId: job.orgId }, { visibleToOthers: true });
    if (!job.reviewerOrgIds.includes(actor.orgId)) throw new DomainError('FORBIDDEN');
    if (job.state !== 'submitted') throw new DomainError('STATE_CONFLICT');
    const review = await store.insertReview(tx, { jobId, reviewerOrgId: actor.orgId, jobHash: job.hash, decision: input.decision, reasons: input.reasons ?? null, decidedBy: actor.userId, decidedAt: now, parties: job.parties });
    if (!review) throw new DomainError('APPLICATION_ALREADY_DECIDED');
    const reviews = await store.reviewsOf(tx, jobId, job.hash);
    const state = input.decision === 'reject' ? 'rejected' : job.reviewerOrgIds.every((o) => reviews.some((r) => r.reviewerOrgId === o && r.decision === 'approve')) ? 'approved' : 'submitted';
    const updated = await store.updateJob(tx, jobId, { state, ...(state !== 'submitted' ? { decidedAt: now } : {}) });
    await appendToLedger(tx, deps.clock, {
      actor: { userId: actor.userId, orgId: actor.orgId },
      action: state === 'approved' ? 'job.approved' : state === 'rejected' ? 'job.rejected' : 'job.reviewed',
      entity: { type: 'job', id: jobId },
      orgs: job.parties,
      payload: { hash: job.hash, decision: input.decision, reasons: input.reasons ?? null },
    });
    if (state !== 'submitted') await notify(tx, deps.clock, { orgIds: [job.orgId], kind: `job.${state}`, subject: { type: 'job', id: jobId }, zh: `作業 ${job.name} ${state === 'approved' ? '已獲批准，可在生產環境運行' : '被駁回'}`, en: `Job ${job.name} was ${state}` });
    return jobView(updated, [], reviews);
  });
}
