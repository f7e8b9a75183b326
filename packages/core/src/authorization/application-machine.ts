// The life of a data-resource authorization application (公共數據資源授權申請, Art. 18).
//
//   from a partner:   operator_review ─approve─▶ authority_evaluation ─approve─▶ source_confirmation ─all approve─▶ approved
//   from an operator:                            authority_evaluation ─approve─▶ source_confirmation ─all approve─▶ approved
//
//   any review stage ─return (reasons)─▶ returned ─resubmit─▶ the stage that returned it (its clock starts again)
//   any review stage ─reject (reasons)─▶ rejected
//   authority_evaluation ─escalate─▶ escalated (to the city authority) ─answer─▶ authority_evaluation (clock starts again)
//   any open state ─withdraw (the applicant)─▶ withdrawn
//
// Source confirmation runs in parallel: one confirmation per source department whose resources are included; the
// application is approved when the last of them approves.

export const applicationStates = [
  'operator_review', //       初審: the partner's operator
  'authority_evaluation', //  評估確認: the district authority
  'escalated', //             the authority has asked the city authority (跨層級、跨區域) and waits for its answer
  'source_confirmation', //   確認意見: each source department
  'returned', //              returned to the applicant for more information
  'approved',
  'rejected',
  'withdrawn',
] as const;
export type ApplicationState = (typeof applicationStates)[number];

export const reviewStageKinds = ['operator_review', 'authority_evaluation', 'source_confirmation'] as const;
export type ReviewStageKind = (typeof reviewStageKinds)[number];

export const reviewStageNames: Record<ReviewStageKind, { zh: string; en: string }> = {
  operator_review: { zh: '運營單位初審', en: 'Operator review' },
  authority_evaluation: { zh: '主管部門評估確認', en: 'Authority evaluation' },
  source_confirmation: { zh: '數源部門確認', en: 'Source confirmation' },
};

/** Art. 18: every stage has 5 working days from the day it starts. */
export const STAGE_WORKING_DAYS = 5;

export type ApplicantKind = 'partner' | 'operator';

/** The stage an application starts in. */
export function firstStage(applicant: ApplicantKind): ReviewStageKind {
  return applicant === 'partner' ? 'operator_review' : 'authority_evaluation';
}

export type ApplicationEvent =
  | { type: 'approve'; stage: ReviewStageKind; /** source confirmations still open after this one */ confirmationsLeft?: number }
  | { type: 'return'; stage: ReviewStageKind }
  | { type: 'reject'; stage: ReviewStageKind }
  | { type: 'resubmit'; returnedFrom: ReviewStageKind }
  | { type: 'escalate' }
  | { type: 'answer_escalation' }
  | { type: 'withdraw' };

export type ApplicationTransition = { ok: true; to: ApplicationState } | { ok: false; reason: 'illegal_transition' };

const open: readonly ApplicationState[] = ['operator_review', 'authority_evaluation', 'escalated', 'source_confirmation', 'returned'];

export function isOpenApplication(state: ApplicationState): boolean {
  return open.includes(state);
}

/** Pure: the next state of an application, or why the event is not allowed now. */
export function nextApplicationState(from: ApplicationState, event: ApplicationEvent): ApplicationTransition {
  const to = target(from, event);
  return to ? { ok: true, to } : { ok: false, reason: 'illegal_transition' };
}

function target(from: ApplicationState, event: ApplicationEvent): ApplicationState | undefined {
  switch (event.type) {
    case 'approve':
      if (from !== event.stage) return undefined;
      if (from === 'operator_review') return 'authority_evaluation';
      if (from === 'authority_evaluation') return 'source_confirmation';
      return (event.confirmationsLeft ?? 0) > 0 ? 'source_confirmation' : 'approved';
    case 'return':
      return from === event.stage ? 'returned' : undefined;
    case 'reject':
      return from === event.stage ? 'rejected' : undefined;
    case 'resubmit':
      return from === 'returned' ? event.returnedFrom : undefined;
    case 'escalate':
      return from === 'authority_evaluation' ? 'escalated' : undefined;
    case 'answer_escalation':
      return from === 'escalated' ? 'authority_evaluation' : undefined;
    case 'withdraw':
      return open.includes(from) ? 'withdrawn' : undefined;
  }
}

/** The scope an application asks for: resources with a subset of their fields, and computation modes. */
export interface ApplicationScope {
  resources: Array<{ resourceId: string; fields: string[] }>;
  modes: string[];
}

/**
 * Approval with conditions may only narrow what was asked: fewer resources, fewer fields, fewer modes.
 * Returns the narrowed scope, or the paths that would widen it.
 */
export function narrowScope(asked: ApplicationScope, conditions: Partial<ApplicationScope>): { ok: true; scope: ApplicationScope } | { ok: false; widening: string[] } {
  const widening: string[] = [];
  const modes = conditions.modes ?? asked.modes;
  modes.forEach((m, i) => {
    if (!asked.modes.includes(m)) widening.push(`/conditions/modes/${i}`);
  });
  const resources = conditions.resources ?? asked.resources;
  resources.forEach((r, i) => {
    const before = asked.resources.find((a) => a.resourceId === r.resourceId);
    if (!before) return widening.push(`/conditions/resources/${i}/resourceId`);
    r.fields.forEach((f, j) => {
      if (!before.fields.includes(f)) widening.push(`/conditions/resources/${i}/fields/${j}`);
    });
  });
  if (modes.length === 0) widening.push('/conditions/modes');
  if (resources.length === 0 || resources.some((r) => r.fields.length === 0)) widening.push('/conditions/resources');
  return widening.length > 0 ? { ok: false, widening } : { ok: true, scope: { resources, modes: [...new Set(modes)] } };
}
