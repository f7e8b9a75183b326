import { randomUUID } from 'node:crypto';
import type { Clock } from '@shuyun/core';
import type { AgreementDocument } from '@shuyun/core/agreements';
import { grantPolicyFromAgreement } from '@shuyun/core/agreements';
import type { Tx } from '../../../db/database.ts';
import type { Actor } from '../../../policy/actor.ts';
import { appendToLedger } from '../../ledger/index.ts';
import { notify } from '../../notifications/index.ts';
import * as store from '../store.ts';

/**
 * A service agreement has come into force: its grant — the machine-readable usage policy the engine and product APIs
 * enforce — is issued in the same transaction. The grantee is the partner (working through the operator that is
 * also a party) or the operator.
 */
export async function issueGrant(tx: Tx, clock: Clock, actor: Actor, agreement: { id: string; applicationId: string; document: AgreementDocument; parties: string[] }) {
  const id = randomUUID();
  const policy = grantPolicyFromAgreement(agreement.document, id);
  const partner = agreement.document.parties.find((p) => p.role === 'partner');
  const operator = agreement.document.parties.find((p) => p.role === 'operator');
  const grant = await store.insertGrant(tx, {
    id,
    agreementId: agreement.id,
    applicationId: agreement.applicationId,
    assigneeOrgId: policy.assignee.organizationId,
    operatorOrgId: partner && operator ? operator.organizationId : null,
    state: 'active',
    policy,
    validFrom: new Date(policy.term.from),
    validUntil: new Date(policy.term.until),
    epsilonTotalMicro: policy.privacyBudget ? Math.round(policy.privacyBudget.epsilonTotal * 1e6) : null,
    createdAt: clock.now(),
    parties: agreement.parties,
  });
  await appendToLedger(tx, clock, {
    actor: { userId: actor.userId, orgId: actor.orgId },
    action: 'grant.issued',
    entity: { type: 'grant', id },
    orgs: agreement.parties,
    payload: { assignee: policy.assignee.organizationId, scenario: policy.purpose.scenario, modes: policy.modes, resources: policy.targets.map((t) => t.resource), until: policy.term.until },
    derivedFrom: [{ type: 'agreement', id: agreement.id }, { type: 'application', id: agreement.applicationId }],
  });
  await notify(tx, clock, { orgIds: [policy.assignee.organizationId], kind: 'grant.issued', subject: { type: 'grant', id }, zh: '授權已生效，可在開發環境與生產環境按授權使用數據', en: 'Your grant is in force: use the data as it allows' });
  return grant;
}
