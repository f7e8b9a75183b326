import { type ApplicationScope, DomainError, nextApplicationState } from '@shuyun/core';
import type { Deps } from '../../../deps.ts';
import type { ApplicationScenario } from '../../../db/schema.ts';
import { type Actor, tenantContext } from '../../../policy/actor.ts';
import { authorize } from '../../../policy/decide.ts';
import { appendToLedger } from '../../ledger/index.ts';
import { findAuthority } from '../../organizations/index.ts';
import * as store from '../store.ts';
import { loadApplicationView, startStage } from './stages.ts';
import { checkScope } from './submit-application.ts';

/**
 * The applicant answers a return with more information (and may revise its scope). The clock does not pause and
 * resume: the stage that returned the application starts again with a full 5 working days, because the reviewer
 * now has a different application in front of it (the earlier round stays on record with its own deadline).
 */
export async function resubmitApplication(
  deps: Pick<Deps, 'db' | 'clock'>,
  actor: Actor,
  id: string,
  input: { note: string; scenario?: ApplicationScenario | undefined; resources?: ApplicationScope['resources'] | undefined; modes?: ApplicationScope['modes'] | undefined },
) {
  const now = deps.clock.now();
  return deps.db.tx(tenantContext(actor), async (tx) => {
    const application = await store.findApplication(tx, id);
    if (!application) throw new DomainError('NOT_FOUND');
    authorize(actor, 'application.submit', { orgId: application.applicantOrgId }, { visibleToOthers: true });
    const returnedFrom = application.returnedFrom;
    const transition = returnedFrom ? nextApplicationState(application.state, { type: 'resubmit', returnedFrom }) : { ok: false as const };
    if (!transition.ok || !returnedFrom) throw new DomainError('STATE_CONFLICT');
    const scope = { resources: input.resources ?? application.requested.resources, modes: input.modes ? [...new Set(input.modes)] : application.requested.modes };
    const sourceOrgIds = await checkScope(tx, scope);
    const authority = await findAuthority(tx);
    const parties = [...new Set([...application.parties, authority.id, ...sourceOrgIds])];
    const updated = await store.updateApplication(tx, id, {
      state: transition.to,
      scenario: input.scenario ?? application.scenario,
      requested: scope,
      granted: scope,
      sourceOrgIds,
      returnedFrom: null,
      parties,
      updatedAt: now,
    });
    await startStage(tx, deps.clock, updated, returnedFrom);
    await appendToLedger(tx, deps.clock, {
      actor: { userId: actor.userId, orgId: actor.orgId },
      action: 'application.resubmitted',
      entity: { type: 'application', id },
      orgs: parties,
      payload: { number: application.number, to: returnedFrom, note: input.note, scopeChanged: input.resources !== undefined || input.modes !== undefined },
    });
    return loadApplicationView(tx, updated, now);
  });
}
