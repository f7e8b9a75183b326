import { DomainError } from '@shuyun/core';
import type { Deps } from '../../../deps.ts';
import { type Actor, tenantContext } from '../../../policy/actor.ts';
import { authorize } from '../../../policy/decide.ts';
import { endAgreementsOf } from '../../agreements/index.ts';
import { endGrants } from '../../grants/index.ts';
import { appendToLedger } from '../../ledger/index.ts';
import { notify } from '../../notifications/index.ts';
import { invalidateProductApi } from '../../products/index.ts';
import { findAuthority } from '../../organizations/index.ts';
import * as store from '../store.ts';
import { admissionView } from '../views.ts';
import { nextState } from './transition.ts';

/**
 * The partner leaves, or the operator ends the partnership (Art. 17). Exit closes every access at once, in the same
 * transaction: the partner's grants obtained through this operator and its platform service agreement end. The exit
 * is filed with the authority.
 */
export async function exitAdmission(deps: Pick<Deps, 'db' | 'clock'>, actor: Actor, id: string, reasons: string) {
  const now = deps.clock.now();
  const result = await deps.db.tx(tenantContext(actor), async (tx) => {
    const admission = await store.findAdmission(tx, id);
    if (!admission) throw new DomainError('NOT_FOUND');
    authorize(actor, 'admission.exit', { orgId: actor.orgType === 'partner' ? admission.partnerOrgId : admission.operatorOrgId });
    const state = nextState(admission.state, 'exit');
    const authority = await findAuthority(tx);
    const updated = await store.updateAdmission(tx, id, { state, reasons, exitedAt: now, exitFiledAt: now, updatedAt: now });
    await appendToLedger(tx, deps.clock, {
      actor: { userId: actor.userId, orgId: actor.orgId },
      action: 'admission.exited',
      entity: { type: 'partner_admission', id },
      orgs: [admission.partnerOrgId, admission.operatorOrgId, authority.id],
      payload: { reasons, filedWith: authority.code },
    });
    const ended = await endGrants(tx, deps.clock, actor, { assigneeOrgId: admission.partnerOrgId, operatorOrgId: admission.operatorOrgId }, 'terminated', 'partner exit');
    await endAgreementsOf(tx, deps.clock, actor, { admissionId: id }, 'terminated', 'partner exit');
    await notify(tx, deps.clock, {
      orgIds: [admission.partnerOrgId, admission.operatorOrgId, authority.id],
      kind: 'admission.exited',
      subject: { type: 'partner_admission', id },
      zh: `平臺合作方退出並備案，${ended} 項授權已終止`,
      en: `Partner exit filed; ${ended} grant(s) terminated`,
    });
    return admissionView(updated);
  });
  invalidateProductApi(deps); // the partner's product APIs follow from the very next call
  return result;
}
