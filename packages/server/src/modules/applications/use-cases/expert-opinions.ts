import { DomainError, isOpenApplication } from '@shuyun/core';
import type { Deps } from '../../../deps.ts';
import { type Actor, tenantContext } from '../../../policy/actor.ts';
import { authorize } from '../../../policy/decide.ts';
import { appendToLedger } from '../../ledger/index.ts';
import { notify } from '../../notifications/index.ts';
import { findOrganizationById } from '../../organizations/index.ts';
import * as store from '../store.ts';
import { opinionView } from '../views.ts';

/** The authority asks an expert (Art. 5.4); the expert becomes a party of the application so it can read it. */
export async function requestExpertOpinion(deps: Pick<Deps, 'db' | 'clock'>, actor: Actor, id: string, input: { expertOrgId: string; question: string }) {
  const now = deps.clock.now();
  return deps.db.tx(tenantContext(actor), async (tx) => {
    const application = await store.findApplication(tx, id);
    if (!application) throw new DomainError('NOT_FOUND');
    authorize(actor, 'application.request_opinion', { orgId: application.applicantOrgId }, { visibleToOthers: true });
    if (!isOpenApplication(application.state)) throw new DomainError('STATE_CONFLICT');
    const expert = await findOrganizationById(tx, input.expertOrgId);
    if (!expert) throw new DomainError('NOT_FOUND');
    if (expert.type !== 'expert') throw new DomainError('ORGANIZATION_TYPE_MISMATCH');
    const parties = [...new Set([...application.parties, expert.id])];
    await store.updateApplication(tx, id, { parties, updatedAt: now });
    const opinion = await store.insertOpinion(tx, { applicationId: id, expertOrgId: expert.id, question: input.question, requestedBy: actor.userId, requestedAt: now, parties: [actor.orgId, expert.id, application.applicantOrgId] });
    await appendToLedger(tx, deps.clock, {
      actor: { userId: actor.userId, orgId: actor.orgId },
      action: 'application.opinion_requested',
      entity: { type: 'expert_opinion', id: opinion.id },
      orgs: [expert.id, application.applicantOrgId],
      payload: { number: application.number, expert: expert.code },
      derivedFrom: [{ type: 'application', id }],
    });
    await notify(tx, deps.clock, { orgIds: [expert.id], kind: 'application.opinion_requested', subject: { type: 'expert_opinion', id: opinion.id }, zh: `請就授權申請 ${application.number} 提出專家意見`, en: `Your opinion is requested on application ${application.number}` });
    return opinionView(opinion);
  });
}

/** The expert gives its opinion once; it is attached to the authority's evaluation. */
export async function giveExpertOpinion(deps: Pick<Deps, 'db' | 'clock'>, actor: Actor, opinionId: string, input: { recommendation: 'approve' | 'approve_with_conditions' | 'reject'; opinion: string }) {
  const now = deps.clock.now();
  return deps.db.tx(tenantContext(actor), async (tx) => {
    const opinion = await store.findOpinion(tx, opinionId);
    if (!opinion) throw new DomainError('NOT_FOUND');
    authorize(actor, 'application.give_opinion', { orgId: opinion.expertOrgId });
    if (opinion.expertOrgId !== actor.orgId) throw new DomainError('FORBIDDEN');
    if (opinion.submittedAt) throw new DomainError('EXPERT_OPINION_ALREADY_GIVEN');
    const updated = await store.updateOpinion(tx, opinionId, { recommendation: input.recommendation, opinion: input.opinion, submittedBy: actor.userId, submittedAt: now });
    const [authorityId] = opinion.parties; // the requesting authority first, then the expert and the applicant
    await appendToLedger(tx, deps.clock, {
      actor: { userId: actor.userId, orgId: actor.orgId },
      action: 'application.opinion_given',
      entity: { type: 'expert_opinion', id: opinionId },
      orgs: opinion.parties,
      payload: { recommendation: input.recommendation },
      derivedFrom: [{ type: 'application', id: opinion.applicationId }],
    });
    await notify(tx, deps.clock, { orgIds: [authorityId!], kind: 'application.opinion_given', subject: { type: 'application', id: opinion.applicationId }, zh: '專家意見已提交', en: 'The expert opinion has been given' });
    return opinionView(updated);
  });
}
