import { reviewStageNames } from '@shuyun/core';
import type { Deps } from '../../../deps.ts';
import { systemContext } from '../../../db/database.ts';
import { appendToLedger } from '../../ledger/index.ts';
import { notify } from '../../notifications/index.ts';
import { findAuthority } from '../../organizations/index.ts';
import * as store from '../store.ts';

/**
 * The deadline scheduler's step: every open stage past its deadline is flagged once, ledgered (so the record shows
 * who is late), and the reviewer, the applicant and the authority are notified (inbox and webhook).
 */
export async function flagOverdueStages(deps: Pick<Deps, 'db' | 'clock'>): Promise<number> {
  const now = deps.clock.now();
  return deps.db.tx(systemContext('deadline scheduler'), async (tx) => {
    const overdue = await store.lockNewlyOverdueStages(tx, now);
    const authority = await findAuthority(tx);
    for (const stage of overdue) {
      const application = (await store.findApplication(tx, stage.applicationId))!;
      await store.markOverdue(tx, stage.id, now);
      await appendToLedger(tx, deps.clock, {
        actor: { userId: null, orgId: null },
        action: 'application.stage_overdue',
        entity: { type: 'application', id: application.id },
        orgs: application.parties,
        payload: { number: application.number, stage: stage.kind, reviewer: stage.reviewerOrgId, round: stage.round, dueAt: stage.dueAt.toISOString() },
      });
      const name = reviewStageNames[stage.kind];
      await notify(tx, deps.clock, {
        orgIds: [stage.reviewerOrgId, application.applicantOrgId, authority.id],
        kind: 'application.stage_overdue',
        subject: { type: 'application', id: application.id },
        zh: `授權申請 ${application.number} 的${name.zh}已超過 5 個工作日期限`,
        en: `Application ${application.number}: the ${name.en.toLowerCase()} is past its 5-working-day deadline`,
        data: { number: application.number, stage: stage.kind, reviewerOrgId: stage.reviewerOrgId, dueAt: stage.dueAt.toISOString() },
      });
    }
    return overdue.length;
  });
}
