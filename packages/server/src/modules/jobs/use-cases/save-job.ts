import { DomainError } from '@shuyun/core';
import type { Deps } from '../../../deps.ts';
import type { JobStatement } from '../../../db/schema.ts';
import { type Actor, tenantContext } from '../../../policy/actor.ts';
import { authorize } from '../../../policy/decide.ts';
import { grantFacts, requireUsableGrant } from '../../grants/index.ts';
import { appendToLedger } from '../../ledger/index.ts';
import { findAuthority } from '../../organizations/index.ts';
import * as store from '../store.ts';
import { jobView } from '../views.ts';
import { jobHash } from './job-hash.ts';

/**
 * A job (code to data, 作業): a named sequence of SELECT statements, each writing one result table. It is written in
 * the dev workspace; saving a new text puts it back to draft, so the reviewers always see what would run.
 */
export async function saveJob(deps: Pick<Deps, 'db' | 'clock'>, actor: Actor, grantId: string, input: { name: string; statements: JobStatement[] }) {
  const now = deps.clock.now();
  return deps.db.tx(tenantContext(actor), async (tx) => {
    await requireUsableGrant(tx, actor, grantId, { mode: 'approved_job' }, now);
    authorize(actor, 'job.develop', { orgId: actor.orgId });
    const outputs = input.statements.map((s) => s.output);
    if (new Set(outputs).size !== outputs.length) throw new DomainError('VALIDATION_FAILED', [{ path: '/statements', reason: 'duplicate_output' }]);
    const authority = await findAuthority(tx);
    const parties = await grantFacts(tx, grantId);
    const reviewerOrgIds = [...new Set([...(parties.operatorOrgId ? [parties.operatorOrgId] : []), authority.id])];
    const hash = jobHash(input.statements);
    const existing = (await store.jobsOf(tx, grantId)).find((j) => j.name === input.name);
    let job;
    if (existing) {
      if (existing.state === 'running' || existing.state === 'submitted') throw new DomainError('STATE_CONFLICT');
      job = await store.updateJob(tx, existing.id, { statements: input.statements, hash, state: 'draft', devRun: null, errorCode: null, submittedAt: null, decidedAt: null });
    } else {
      job = await store.insertJob(tx, { grantId, orgId: actor.orgId, name: input.name, statements: input.statements, hash, state: 'draft', reviewerOrgIds, createdAt: now, parties: [...new Set([actor.orgId, ...reviewerOrgIds])] });
      if (!job) throw new DomainError('JOB_NAME_TAKEN');
    }
    await appendToLedger(tx, deps.clock, {
      actor: { userId: actor.userId, orgId: actor.orgId },
      action: 'job.saved',
      entity: { type: 'job', id: job.id },
      orgs: job.parties,
      payload: { name: input.name, hash, statements: input.statements.length },
      derivedFrom: [{ type: 'grant', id: grantId }],
    });
    return jobView(job);
  });
}
