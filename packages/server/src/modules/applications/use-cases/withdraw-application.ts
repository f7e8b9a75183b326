import { DomainError, nextApplicationState } from '@shuyun/core';
import type { Deps } from '../../../deps.ts';
import { type Actor, tenantContext } from '../../../policy/actor.ts';
import { authorize } from '../../../policy/decide.ts';
import { appendToLedger } from '../../ledger/index.ts';
import { notify } from '../../notifications/index.ts';
import * as store from '../store.ts';
import { closeOpenStages, loadApplicationView } from './stages.ts';

/** The applicant withdraws an open application; every open stage closes and its reviewers are told. */
export async function withdrawApplication(deps: Pick<Deps, 'db' | 'clock'>, actor: Actor, id: string, reasons: string) {
  const now = deps.clock.now();
  return deps.db.tx(tenantContext(actor), async (tx) => {
    const application = await store.findApplication(tx, id);
    if (!application) throw new DomainError('NOT_FOUND');
    authorize(actor, 'application.submit', { orgId: application.applicantOrgId }, { visibleToOthers: true });
    const transition = nextApplicationState(application.state, { type: 'withdraw' });
    if (!transition.ok) throw new DomainError('STATE_CONFLICT');
    await closeOpenStages(tx, id, now, 'withdrawn');
    const updated = await store.updateApplication(tx, id, { state: transition.to, decidedAt: now, updatedAt: now });
    await appendToLedger(tx, deps.clock, {
      actor: { userId: actor.userId, orgId: actor.orgId },
      action: 'application.withdrawn',
      entity: { type: 'application', id },
      orgs: application.parties,
      payload: { number: application.number, reasons },
    });
    await notify(tx, deps.clock, { orgIds: application.parties.filter((o) => o !== actor.orgId), kind: 'application.withdrawn', subject: { type: 'application', id }, zh: `授權申請 ${application.number} 已撤回`, en: `Application ${application.number} was withdrawn` });
    return loadApplicationView(tx, updated, now);
  });
}
