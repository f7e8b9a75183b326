import { type Clock, type ReviewStageKind, reviewStageNames, STAGE_WORKING_DAYS } from '@shuyun/core';
import type { Tx } from '../../../db/database.ts';
import { workingDayCalendar } from '../../calendar/index.ts';
import { notify } from '../../notifications/index.ts';
import { findAuthority } from '../../organizations/index.ts';
import * as store from '../store.ts';
import { applicationView } from '../views.ts';

/** Who reviews a stage: the partner's operator, the authority, or each source department of the resources. */
export async function reviewersOf(tx: Tx, application: store.ApplicationRow, kind: ReviewStageKind): Promise<string[]> {
  if (kind === 'operator_review') return [application.operatorOrgId!];
  if (kind === 'authority_evaluation') return [(await findAuthority(tx)).id];
  return application.sourceOrgIds;
}

/**
 * Starts a stage: one row per reviewer, each due at the end of the 5th working day after today (Beijing time, the
 * State Council schedule; a year nobody entered fails loudly and nothing is written). Each reviewer is notified.
 */
export async function startStage(tx: Tx, clock: Clock, application: store.ApplicationRow, kind: ReviewStageKind): Promise<void> {
  const now = clock.now();
  const calendar = await workingDayCalendar(tx);
  const dueAt = calendar.addWorkingDays(now, STAGE_WORKING_DAYS);
  const previous = await store.stagesOf(tx, application.id);
  const reviewers = await reviewersOf(tx, application, kind);
  await store.insertStages(tx, reviewers.map((reviewerOrgId) => ({
    applicationId: application.id,
    kind,
    reviewerOrgId,
    round: previous.filter((s) => s.kind === kind && s.reviewerOrgId === reviewerOrgId).length + 1,
    startedAt: now,
    dueAt,
    parties: application.parties,
  })));
  const name = reviewStageNames[kind];
  await notify(tx, clock, {
    orgIds: reviewers,
    kind: 'application.stage_started',
    subject: { type: 'application', id: application.id },
    zh: `授權申請 ${application.number} 待${name.zh}，請於 5 個工作日內辦理`,
    en: `Application ${application.number} awaits your ${name.en.toLowerCase()} within 5 working days`,
    data: { number: application.number, stage: kind, dueAt: dueAt.toISOString() },
  });
}

/** Closes every open stage row of the application except `keep` (after a return, a rejection or a withdrawal). */
export async function closeOpenStages(tx: Tx, applicationId: string, now: Date, outcome: 'superseded' | 'withdrawn', keep?: string) {
  for (const s of await store.stagesOf(tx, applicationId)) {
    if (!s.closedAt && s.id !== keep) await store.closeStage(tx, s.id, { closedAt: now, outcome, decidedBy: null, reasons: null, conditions: null });
  }
}

/** The application with its stages, expert opinions and escalations, as its parties see it. */
export async function loadApplicationView(tx: Tx, application: store.ApplicationRow, now: Date) {
  const [stages, opinions, escalations] = [await store.stagesOf(tx, application.id), await store.opinionsOf(tx, application.id), await store.escalationsOf(tx, application.id)];
  const calendar = await workingDayCalendar(tx);
  return applicationView(application, { stages, opinions, escalations }, now, calendar);
}
