import { DomainError } from '@shuyun/core';
import type { Deps } from '../../../deps.ts';
import { type Actor, tenantContext } from '../../../policy/actor.ts';
import { authorize } from '../../../policy/decide.ts';
import { appendToLedger } from '../../ledger/index.ts';
import { notify } from '../../notifications/index.ts';
import { invalidateProductApi } from '../../products/index.ts';
import { recordSupervisionAction } from '../../supervision/index.ts';
import * as store from '../store.ts';
import { admissionView } from '../views.ts';
import { nextState } from './transition.ts';

/**
 * The operator suspends a partner (with a rectification deadline) or resumes it (Art. 39). While suspended, every
 * grant the partner holds through this operator is refused from the very next request: grants are checked against
 * the admission on every use, nothing has to be revoked and restored.
 */
export async function supervisePartner(deps: Pick<Deps, 'db' | 'clock'>, actor: Actor, id: string, input: { kind: 'suspend' | 'resume'; reasons: string; rectificationDue?: string | undefined }) {
  const now = deps.clock.now();
  const result = await deps.db.tx(tenantContext(actor), async (tx) => {
    const admission = await store.findAdmission(tx, id);
    if (!admission) throw new DomainError('NOT_FOUND');
    authorize(actor, 'admission.supervise', { orgId: admission.operatorOrgId });
    const state = nextState(admission.state, input.kind);
    const updated = await store.updateAdmission(tx, id, { state, updatedAt: now });
    await recordSupervisionAction(tx, {
      kind: input.kind,
      targetOrgId: admission.partnerOrgId,
      admissionId: id,
      reasons: input.reasons,
      rectificationDue: input.rectificationDue ?? null,
      actedBy: actor.userId,
      actedAt: now,
      parties: [admission.partnerOrgId, admission.operatorOrgId],
    });
    await appendToLedger(tx, deps.clock, {
      actor: { userId: actor.userId, orgId: actor.orgId },
      action: input.kind === 'suspend' ? 'admission.suspended' : 'admission.resumed',
      entity: { type: 'partner_admission', id },
      orgs: [admission.partnerOrgId],
      payload: { reasons: input.reasons, rectificationDue: input.rectificationDue ?? null },
    });
    await notify(tx, deps.clock, {
      orgIds: [admission.partnerOrgId],
      kind: `admission.${input.kind === 'suspend' ? 'suspended' : 'resumed'}`,
      subject: { type: 'partner_admission', id },
      zh: input.kind === 'suspend' ? '運營單位已暫停貴單位的合作，請按期整改' : '運營單位已恢復貴單位的合作',
      en: input.kind === 'suspend' ? 'The operator suspended your partnership: rectify by the deadline' : 'The operator resumed your partnership',
    });
    return admissionView(updated);
  });
  invalidateProductApi(deps); // the partner's product APIs follow from the very next call
  return result;
}
