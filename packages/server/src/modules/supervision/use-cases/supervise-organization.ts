import { DomainError } from '@shuyun/core';
import type { Deps } from '../../../deps.ts';
import { type Actor, tenantContext } from '../../../policy/actor.ts';
import { authorize } from '../../../policy/decide.ts';
import { endAgreementsOf } from '../../agreements/index.ts';
import { endGrants } from '../../grants/index.ts';
import { appendToLedger } from '../../ledger/index.ts';
import { notify } from '../../notifications/index.ts';
import { invalidateProductApi } from '../../products/index.ts';
import { findOrganizationById, setOrganizationStatus } from '../../organizations/index.ts';
import * as store from '../store.ts';
import { actionView, handoverView } from '../views.ts';

export interface SupervisionInput {
  kind: 'suspend' | 'resume' | 'terminate';
  reasons: string;
  rectificationDue?: string | undefined;
}

const ledgerAction = { suspend: 'organization.suspended', resume: 'organization.resumed', terminate: 'organization.terminated' } as const;

/**
 * The authority suspends an operator or partner with a rectification deadline (Art. 29–30, 39), resumes it, or
 * terminates it. The status is read on every request and every grant use, so each takes effect on the very next
 * request: a suspended operator's partners are refused with it, without touching their grants. Termination closes
 * every access for good (grants and agreements end), keeps its ledger entries at least 2 years (the retention floor
 * follows `terminated_at`), and opens the data deletion and handover task.
 */
export async function superviseOrganization(deps: Pick<Deps, 'db' | 'clock'>, actor: Actor, orgId: string, input: SupervisionInput) {
  authorize(actor, 'organization.supervise', {});
  const now = deps.clock.now();
  const result = await deps.db.tx(tenantContext(actor), async (tx) => {
    const target = await findOrganizationById(tx, orgId);
    if (!target) throw new DomainError('NOT_FOUND');
    if (target.type !== 'operator' && target.type !== 'partner') throw new DomainError('ORGANIZATION_TYPE_MISMATCH');
    const allowed = { suspend: ['active'], resume: ['suspended'], terminate: ['active', 'suspended'] }[input.kind];
    if (!allowed.includes(target.status)) throw new DomainError(input.kind === 'resume' ? 'ORGANIZATION_NOT_SUSPENDED' : 'STATE_CONFLICT');
    const status = ({ suspend: 'suspended', resume: 'active', terminate: 'terminated' } as const)[input.kind];
    await setOrganizationStatus(tx, orgId, status, now);
    const action = await store.insertAction(tx, { kind: input.kind, targetOrgId: orgId, reasons: input.reasons, rectificationDue: input.rectificationDue ?? null, actedBy: actor.userId, actedAt: now, parties: [actor.orgId, orgId] });
    await appendToLedger(tx, deps.clock, {
      actor: { userId: actor.userId, orgId: actor.orgId },
      action: ledgerAction[input.kind],
      entity: { type: 'organization', id: orgId },
      orgs: [orgId],
      payload: { reasons: input.reasons, rectificationDue: input.rectificationDue ?? null },
    });
    let handover;
    if (input.kind === 'terminate') {
      await endGrants(tx, deps.clock, actor, { orgInvolved: orgId }, 'terminated', 'organization terminated');
      await endAgreementsOf(tx, deps.clock, actor, { orgInvolved: orgId }, 'terminated', 'organization terminated');
      handover = handoverView(await store.insertHandover(tx, { orgId, kind: 'data_deletion_and_handover', state: 'open', openedAt: now, parties: [actor.orgId, orgId] }));
    }
    await notify(tx, deps.clock, {
      orgIds: [orgId],
      kind: `organization.${status}`,
      subject: { type: 'organization', id: orgId },
      zh: { suspend: '貴單位已被暫停，請在整改期限內完成整改', resume: '貴單位已恢復運營', terminate: '貴單位的授權已終止，請配合完成數據刪除與移交' }[input.kind],
      en: { suspend: 'Your organization is suspended: rectify by the deadline', resume: 'Your organization is resumed', terminate: 'Your authorization is terminated: complete the data deletion and handover' }[input.kind],
    });
    return { action: actionView(action), status, handover: handover ?? null };
  });
  invalidateProductApi(deps); // product APIs of this organization (or its partners) stop or resume with the next call
  return result;
}

/** The authority confirms the terminated organization's data was deleted and its work handed over. */
export async function confirmHandover(deps: Pick<Deps, 'db' | 'clock'>, actor: Actor, id: string, note: string) {
  authorize(actor, 'handover.confirm', {});
  const now = deps.clock.now();
  return deps.db.tx(tenantContext(actor), async (tx) => {
    const task = await store.findHandover(tx, id);
    if (!task) throw new DomainError('NOT_FOUND');
    if (task.state !== 'open') throw new DomainError('STATE_CONFLICT');
    const updated = await store.updateHandover(tx, id, { state: 'confirmed', confirmedAt: now, confirmedBy: actor.userId, note });
    await appendToLedger(tx, deps.clock, {
      actor: { userId: actor.userId, orgId: actor.orgId },
      action: 'handover.confirmed',
      entity: { type: 'handover_task', id },
      orgs: [task.orgId],
      payload: { note },
      derivedFrom: [{ type: 'organization', id: task.orgId }],
    });
    return handoverView(updated);
  });
}

export async function listSupervision(deps: Pick<Deps, 'db'>, actor: Actor) {
  return deps.db.tx(tenantContext(actor), async (tx) => ({
    actions: (await store.listActions(tx)).map(actionView),
    handovers: (await store.listHandovers(tx)).map(handoverView),
  }));
}
