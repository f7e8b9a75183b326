import { beijingDateOf, type WorkingDayCalendar } from '@shuyun/core';
import type { ApplicationRow, EscalationRow, OpinionRow, StageRow } from './store.ts';

export function stageView(s: StageRow, now: Date, calendar: WorkingDayCalendar | undefined) {
  const overdue = s.closedAt ? s.closedAt > s.dueAt : now > s.dueAt;
  let workingDaysLeft: number | null = null;
  if (!s.closedAt && calendar) {
    try {
      workingDaysLeft = calendar.workingDaysBetween(beijingDateOf(now), beijingDateOf(s.dueAt));
    } catch {
      workingDaysLeft = null; // a year without a schedule: the deadline itself was computed, the countdown cannot be
    }
  }
  return {
    id: s.id,
    kind: s.kind,
    reviewerOrgId: s.reviewerOrgId,
    round: s.round,
    startedAt: s.startedAt.toISOString(),
    dueAt: s.dueAt.toISOString(),
    closedAt: s.closedAt?.toISOString() ?? null,
    outcome: s.outcome,
    reasons: s.reasons,
    overdue,
    workingDaysLeft,
  };
}

export function opinionView(o: OpinionRow) {
  return {
    id: o.id,
    expertOrgId: o.expertOrgId,
    question: o.question,
    requestedAt: o.requestedAt.toISOString(),
    recommendation: o.recommendation,
    opinion: o.opinion,
    submittedAt: o.submittedAt?.toISOString() ?? null,
  };
}

export function escalationView(e: EscalationRow) {
  return { id: e.id, reason: e.reason, escalatedAt: e.escalatedAt.toISOString(), outcome: e.outcome, answer: e.answer, answeredAt: e.answeredAt?.toISOString() ?? null };
}

export function applicationView(
  a: ApplicationRow,
  related: { stages: StageRow[]; opinions: OpinionRow[]; escalations: EscalationRow[] },
  now: Date,
  calendar: WorkingDayCalendar | undefined,
) {
  return {
    id: a.id,
    number: a.number,
    title: a.title,
    applicantOrgId: a.applicantOrgId,
    applicantKind: a.applicantKind,
    operatorOrgId: a.operatorOrgId,
    state: a.state,
    scenario: a.scenario,
    requested: a.requested,
    granted: a.granted,
    controls: a.controls,
    termMonths: a.termMonths,
    sourceOrgIds: a.sourceOrgIds,
    submittedAt: a.submittedAt.toISOString(),
    decidedAt: a.decidedAt?.toISOString() ?? null,
    stages: related.stages.map((s) => stageView(s, now, calendar)),
    opinions: related.opinions.map(opinionView),
    escalations: related.escalations.map(escalationView),
  };
}
