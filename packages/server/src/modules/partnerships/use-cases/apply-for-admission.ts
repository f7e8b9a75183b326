import { DomainError } from '@shuyun/core';
import type { Deps } from '../../../deps.ts';
import { type Actor, tenantContext } from '../../../policy/actor.ts';
import { authorize } from '../../../policy/decide.ts';
import { appendToLedger } from '../../ledger/index.ts';
import { notify } from '../../notifications/index.ts';
import { findOrganizationById } from '../../organizations/index.ts';
import * as store from '../store.ts';
import { admissionView } from '../views.ts';

/** A company applies to an operator to become a platform partner, with its qualifications (Art. 17). */
export async function applyForAdmission(deps: Pick<Deps, 'db' | 'clock'>, actor: Actor, input: { operatorOrgId: string; qualifications: Record<string, unknown> }) {
  authorize(actor, 'admission.apply', { orgId: actor.orgId });
  const now = deps.clock.now();
  return deps.db.tx(tenantContext(actor), async (tx) => {
    const operator = await findOrganizationById(tx, input.operatorOrgId);
    if (!operator || operator.type !== 'operator') throw new DomainError('NOT_FOUND');
    if (operator.status !== 'active') throw new DomainError('STATE_CONFLICT');
    const row = await store.insertAdmission(tx, {
      partnerOrgId: actor.orgId,
      operatorOrgId: operator.id,
      state: 'applied',
      qualifications: input.qualifications,
      appliedAt: now,
      updatedAt: now,
      parties: [actor.orgId, operator.id],
    });
    if (!row) throw new DomainError('ADMISSION_EXISTS');
    await appendToLedger(tx, deps.clock, {
      actor: { userId: actor.userId, orgId: actor.orgId },
      action: 'admission.applied',
      entity: { type: 'partner_admission', id: row.id },
      orgs: [operator.id],
      payload: { operator: operator.code },
    });
    await notify(tx, deps.clock, { orgIds: [operator.id], kind: 'admission.applied', subject: { type: 'partner_admission', id: row.id }, zh: '收到平臺合作方准入申請', en: 'A company applied to become your platform partner' });
    return admissionView(row);
  });
}
