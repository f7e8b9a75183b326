import { DomainError, nextApplicationState } from '@shuyun/core';
import type { Deps } from '../../../deps.ts';
import { type Actor, tenantContext } from '../../../policy/actor.ts';
import { authorize } from '../../../policy/decide.ts';
import { appendToLedger } from '../../ledger/index.ts';
import * as store from '../store.ts';
import { loadApplicationView, startStage } from './stages.ts';

/**
 * Resources that need cross-level or cross-region data go to the city authority (Art. 18). The district authority
 * records the escalation; its evaluation stage stops (the city's time is not the district's delay) and starts again
 * with a full 5 working days when it records the city's answer.
 */
export async function escalateApplication(deps: Pick<Deps, 'db' | 'clock'>, actor: Actor, id: string, reason: string) {
  const now = deps.clock.now();
  return deps.db.tx(tenantContext(actor), async (tx) => {
    const application = await store.findApplication(tx, id);
    if (!application) throw new DomainError('NOT_FOUND');
    authorize(actor, 'application.escalate', { orgId: application.applicantOrgId }, { visibleToOthers: true });
    const transition = nextApplicationState(application.state, { type: 'escalate' });
    if (!transition.ok) throw new DomainError('STATE_CONFLICT');
    const open = (await store.stagesOf(tx, id)).find((s) => !s.closedAt && s.kind === 'authority_evaluation' && s.reviewerOrgId === actor.orgId);
    if (!open) throw new DomainError('APPLICATION_NOT_YOUR_STAGE');
    await store.closeStage(tx, open.id, { closedAt: now, outcome: 'escalated', decidedBy: actor.userId, reasons: reason, conditions: null });
    const escalation = await store.insertEscalation(tx, { applicationId: id, reason, escalatedBy: actor.userId, escalatedAt: now, parties: application.parties });
    const updated = await store.updateApplication(tx, id, { state: transition.to, updatedAt: now });
    await appendToLedger(tx, deps.clock, {
      actor: { userId: actor.userId, orgId: actor.orgId },
      action: 'application.escalated',
      entity: { type: 'escalation', id: escalation.id },
      orgs: application.parties,
      payload: { number: application.number, reason },
      derivedFrom: [{ type: 'application', id }],
    });
    return loadApplicationView(tx, updated, now);
  });
}

/** The district authority records the city authority's answer; its evaluation starts again. */
export async function answerEscalation(deps: Pick<Deps, 'db' | 'clock'>, actor: Actor, id: string, input: { outcome: 'agreed' | 'refused'; answer: string }) {
  const now = deps.clock.now();
  return deps.db.tx(tenantContext(actor), async (tx) => {
    const application = await store.findApplication(tx, id);
    if (!application) throw new DomainError('NOT_FOUND');
    authorize(actor, 'application.escalate', { orgId: application.applicantOrgId }, { visibleToOthers: true });
    const transition = nextApplicationState(application.state, { type: 'answer_escalation' });
    const escalation = await store.openEscalation(tx, id);
    if (!transition.ok || !escalation) throw new DomainError('STATE_CONFLICT');
    await store.updateEscalation(tx, escalation.id, { answer: input.answer, outcome: input.outcome, answeredBy: actor.userId, answeredAt: now });
    const updated = await store.updateApplication(tx, id, { state: transition.to, updatedAt: now });
    await startStage(tx, deps.clock, updated, 'authority_evaluation');
    await appendToLedger(tx, deps.clock, {
      actor: { userId: actor.userId, orgId: actor.orgId },
      action: 'application.escalation_answered',
      entity: { type: 'escalation', id: escalation.id },
      orgs: application.parties,
      payload: { number: application.number, outcome: input.outcome },
      derivedFrom: [{ type: 'application', id }],
    });
    return loadApplicationView(tx, updated, now);
  });
}
