import { type ApplicationScope, DomainError, narrowScope, nextApplicationState, type ReviewStageKind, reviewStageNames } from '@shuyun/core';
import type { Deps } from '../../../deps.ts';
import type { ApplicationControls } from '../../../db/schema.ts';
import { type Actor, tenantContext } from '../../../policy/actor.ts';
import { authorize } from '../../../policy/decide.ts';
import { draftServiceAgreement } from '../../agreements/index.ts';
import { appendToLedger, type LedgerAction } from '../../ledger/index.ts';
import { notify } from '../../notifications/index.ts';
import * as store from '../store.ts';
import { closeOpenStages, loadApplicationView, startStage } from './stages.ts';

export interface DecisionInput {
  decision: 'approve' | 'return' | 'reject';
  reasons?: string | undefined;
  /** approve with conditions: the narrowed scope (never wider than asked) */
  conditions?: Partial<ApplicationScope> | undefined;
  /** the authority's thresholds for the grant */
  controls?: ApplicationControls | undefined;
}

const ledgerAction: Record<DecisionInput['decision'], LedgerAction> = { approve: 'application.stage_approved', return: 'application.returned', reject: 'application.rejected' };

/**
 * The reviewer of the current stage decides: the operator (初審), the authority (評估確認) or a source department
 * (確認意見). Which stage is decided follows from who decides; a party that is not waited for is refused, a party that
 * already decided is told so, and an organization that is no party gets 404. Returns and rejections need reasons;
 * conditions may only narrow the scope.
 */
export async function decideApplication(deps: Pick<Deps, 'db' | 'clock' | 'config'>, actor: Actor, id: string, input: DecisionInput) {
  if (input.decision !== 'approve' && !input.reasons) throw new DomainError('APPLICATION_REASONS_REQUIRED');
  const now = deps.clock.now();
  return deps.db.tx(tenantContext(actor), async (tx) => {
    const application = await store.findApplication(tx, id);
    if (!application) throw new DomainError('NOT_FOUND');
    const stages = await store.stagesOf(tx, id);
    // reaching here means the actor may see it (row-level security): a party, or a supervisor
    authorize(actor, 'application.review', { orgId: application.applicantOrgId }, { visibleToOthers: true });
    const mine = stages.filter((s) => s.reviewerOrgId === actor.orgId);
    const open = mine.find((s) => !s.closedAt && s.kind === application.state);
    if (!open) {
      const last = mine.at(-1);
      const decided = last?.closedAt && (last.outcome === 'approved' || last.outcome === 'returned' || last.outcome === 'rejected');
      throw new DomainError(decided ? 'APPLICATION_ALREADY_DECIDED' : 'APPLICATION_NOT_YOUR_STAGE');
    }
    const kind: ReviewStageKind = open.kind;
    let granted = application.granted;
    if (input.conditions && input.decision === 'approve') {
      const narrowed = narrowScope(application.granted, input.conditions);
      if (!narrowed.ok) throw new DomainError('APPLICATION_CONDITIONS_WIDEN', narrowed.widening.map((path) => ({ path, reason: 'widens' })));
      granted = narrowed.scope;
    }
    const controls = kind === 'authority_evaluation' && input.controls ? { ...application.controls, ...input.controls } : application.controls;
    const confirmationsLeft = stages.filter((s) => s.kind === 'source_confirmation' && !s.closedAt && s.id !== open.id).length;
    const transition = nextApplicationState(application.state, input.decision === 'approve' ? { type: 'approve', stage: kind, confirmationsLeft } : { type: input.decision, stage: kind });
    if (!transition.ok) throw new DomainError('STATE_CONFLICT');
    const outcome = input.decision === 'approve' ? 'approved' : input.decision === 'return' ? 'returned' : 'rejected';
    await store.closeStage(tx, open.id, { closedAt: now, outcome, decidedBy: actor.userId, reasons: input.reasons ?? null, conditions: input.conditions ?? null });
    if (input.decision !== 'approve') await closeOpenStages(tx, id, now, 'superseded', open.id);
    const updated = await store.updateApplication(tx, id, {
      state: transition.to,
      granted,
      controls,
      updatedAt: now,
      ...(input.decision === 'return' ? { returnedFrom: kind } : {}),
      ...(transition.to === 'approved' || transition.to === 'rejected' ? { decidedAt: now } : {}),
    });
    await appendToLedger(tx, deps.clock, {
      actor: { userId: actor.userId, orgId: actor.orgId },
      action: ledgerAction[input.decision],
      entity: { type: 'application', id },
      orgs: application.parties,
      payload: { number: application.number, stage: kind, round: open.round, reasons: input.reasons ?? null, conditions: input.conditions ?? null, controls: kind === 'authority_evaluation' ? (input.controls ?? null) : null, late: now > open.dueAt },
    });
    const stageName = reviewStageNames[kind];
    if (transition.to !== application.state && transition.to !== 'approved') {
      if (transition.to === 'authority_evaluation' || transition.to === 'source_confirmation') await startStage(tx, deps.clock, updated, transition.to);
      await notify(tx, deps.clock, {
        orgIds: [application.applicantOrgId],
        kind: `application.${input.decision === 'approve' ? 'stage_approved' : outcome}`,
        subject: { type: 'application', id },
        zh: `授權申請 ${application.number} ${stageName.zh}${input.decision === 'approve' ? '已通過' : input.decision === 'return' ? '退回補充材料' : '未通過'}`,
        en: `Application ${application.number}: ${stageName.en} ${input.decision === 'approve' ? 'approved' : input.decision === 'return' ? 'returned for more information' : 'rejected'}`,
      });
    }
    if (transition.to === 'approved') {
      await appendToLedger(tx, deps.clock, {
        actor: { userId: actor.userId, orgId: actor.orgId },
        action: 'application.approved',
        entity: { type: 'application', id },
        orgs: application.parties,
        payload: { number: application.number, granted },
      });
      await draftServiceAgreement(tx, deps, actor, updated);
      await notify(tx, deps.clock, {
        orgIds: application.parties,
        kind: 'application.approved',
        subject: { type: 'application', id },
        zh: `授權申請 ${application.number} 已通過，請各方簽署開發利用服務協議`,
        en: `Application ${application.number} is approved: every party, please sign the service agreement`,
      });
    }
    return loadApplicationView(tx, updated, now);
  });
}
