import { DomainError } from '@shuyun/core';
import type { Deps } from '../../../deps.ts';
import { type Actor, tenantContext } from '../../../policy/actor.ts';
import { authorize } from '../../../policy/decide.ts';
import { draftPlatformServiceAgreement } from '../../agreements/index.ts';
import { appendToLedger } from '../../ledger/index.ts';
import { notify } from '../../notifications/index.ts';
import { findAuthority } from '../../organizations/index.ts';
import * as store from '../store.ts';
import { admissionView } from '../views.ts';
import { nextState } from './transition.ts';

/**
 * The operator admits or refuses the company. An admission is filed (備案) with the authority at once, and the
 * platform service agreement (平臺服務協議) is drafted for both to sign.
 */
export async function decideAdmission(deps: Pick<Deps, 'db' | 'clock' | 'config'>, actor: Actor, id: string, input: { decision: 'admit' | 'refuse'; reasons?: string | undefined }) {
  if (input.decision === 'refuse' && !input.reasons) throw new DomainError('APPLICATION_REASONS_REQUIRED');
  const now = deps.clock.now();
  return deps.db.tx(tenantContext(actor), async (tx) => {
    const admission = await store.findAdmission(tx, id);
    if (!admission) throw new DomainError('NOT_FOUND');
    authorize(actor, 'admission.decide', { orgId: admission.operatorOrgId });
    const state = nextState(admission.state, input.decision);
    const admitted = state === 'admitted';
    const authority = await findAuthority(tx);
    const updated = await store.updateAdmission(tx, id, {
      state,
      reasons: input.reasons ?? null,
      decidedAt: now,
      decidedBy: actor.userId,
      updatedAt: now,
      ...(admitted ? { filedAt: now } : {}),
    });
    await appendToLedger(tx, deps.clock, {
      actor: { userId: actor.userId, orgId: actor.orgId },
      action: admitted ? 'admission.admitted' : 'admission.refused',
      entity: { type: 'partner_admission', id },
      orgs: [admission.partnerOrgId, ...(admitted ? [authority.id] : [])],
      payload: { reasons: input.reasons ?? null, filedWith: admitted ? authority.code : null },
    });
    await notify(tx, deps.clock, {
      orgIds: [admission.partnerOrgId],
      kind: admitted ? 'admission.admitted' : 'admission.refused',
      subject: { type: 'partner_admission', id },
      zh: admitted ? '已准入為平臺合作方，請簽署平臺服務協議' : '平臺合作方准入申請未獲通過',
      en: admitted ? 'You are admitted as a platform partner: please sign the platform service agreement' : 'Your admission was refused',
    });
    if (admitted) {
      await notify(tx, deps.clock, { orgIds: [authority.id], kind: 'admission.filed', subject: { type: 'partner_admission', id }, zh: '平臺合作方准入備案', en: 'Partner admission filed' });
      await draftPlatformServiceAgreement(tx, deps, actor, updated);
    }
    return admissionView(updated);
  });
}
