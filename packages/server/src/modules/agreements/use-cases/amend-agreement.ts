import { DomainError } from '@shuyun/core';
import { type AgreementDocument, type AgreementInput, buildAmendment } from '@shuyun/core/agreements';
import type { Deps } from '../../../deps.ts';
import { type Actor, tenantContext } from '../../../policy/actor.ts';
import { authorize } from '../../../policy/decide.ts';
import * as store from '../store.ts';
import { insertDraft } from './draft-agreement.ts';
import { loadAgreementView } from './load-agreement.ts';

export interface AmendmentChanges {
  reason: { zh: string; en: string };
  /** new terms, merged over the agreement's: e.g. `{ term: { until } }`, `{ minSubjects }`, `{ modes }` */
  changes: Record<string, unknown>;
}

/**
 * A signed agreement never changes: an amendment is a new document citing the old one's hash, signed again by every
 * party. The agreement it amends stays in force until then.
 */
export async function amendAgreement(deps: Pick<Deps, 'db' | 'clock'>, actor: Actor, id: string, input: AmendmentChanges) {
  return deps.db.tx(tenantContext(actor), async (tx) => {
    const agreement = await store.findAgreement(tx, id);
    if (!agreement) throw new DomainError('NOT_FOUND');
    authorize(actor, 'agreement.amend', { orgId: agreement.signerOrgIds.includes(actor.orgId) ? actor.orgId : agreement.signerOrgIds[0] }, { visibleToOthers: true });
    if (!agreement.signerOrgIds.includes(actor.orgId)) throw new DomainError('FORBIDDEN');
    if (agreement.state !== 'in_force') throw new DomainError('STATE_CONFLICT');
    const previous = agreement.document as AgreementDocument;
    const { amends: _amends, ...base } = previous;
    const term = { ...previous.term, ...((input.changes.term as object | undefined) ?? {}) };
    const next = {
      kind: previous.kind,
      number: previous.number,
      parties: previous.parties.map((p) => ({ role: p.role, organizationId: p.organizationId, nameZh: p.nameZh, ...(p.nameEn ? { nameEn: p.nameEn } : {}), uscc: p.uscc })),
      ...base.variables,
      ...input.changes,
      term,
    } as AgreementInput;
    const document = buildAmendment(previous, next, input.reason);
    const draft = await insertDraft(tx, deps.clock, actor, {
      document,
      kind: agreement.kind,
      amendsId: agreement.id,
      ...(agreement.applicationId ? { applicationId: agreement.applicationId } : {}),
      ...(agreement.admissionId ? { admissionId: agreement.admissionId } : {}),
    });
    return loadAgreementView(tx, draft);
  });
}
