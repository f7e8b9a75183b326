// The grant an agreement in force yields: the service agreement's scenario, data list, call method, limits, term
// and fee, as the usage policy the engine and the product APIs enforce (issue 5 §5).
import { z } from 'zod';
import { DomainError } from '../errors/catalogue.ts';
import { parseUsagePolicy, policyTermFromDates, type UsagePolicy } from '../policy/usage-policy.ts';
import { agreementHash } from './hash.ts';
import { serviceAgreementInputSchema, type AgreementDocument } from './model.ts';

const serviceVariablesSchema = serviceAgreementInputSchema.pick({
  applicationId: true,
  scenario: true,
  dataList: true,
  modes: true,
  minSubjects: true,
  privacyBudget: true,
  quotas: true,
  fee: true,
});
export type ServiceAgreementVariables = z.infer<typeof serviceVariablesSchema>;

/**
 * The usage policy of a service agreement: assigner the authority, assignee the partner (or the operator when no
 * partner is a party), term from the first day 00:00 to the day after the last 00:00 Beijing time, linked to the
 * agreement by its hash. Whether the agreement is in force is for the caller to establish first.
 */
export function grantPolicyFromAgreement(document: AgreementDocument, grantId: string): UsagePolicy {
  if (document.kind !== 'service_agreement') {
    throw new DomainError('AGREEMENT_TERMS_INVALID', [{ path: '/kind', reason: 'not_a_service_agreement', message: 'grants come from service agreements' }]);
  }
  const parsed = serviceVariablesSchema.safeParse(document.variables);
  if (!parsed.success) {
    throw new DomainError('AGREEMENT_TERMS_INVALID', parsed.error.issues.map((i) => ({ path: `/variables/${i.path.join('/')}`, reason: i.code, message: i.message })));
  }
  const v = parsed.data;
  const authority = document.parties.find((p) => p.role === 'authority');
  const grantee = document.parties.find((p) => p.role === 'partner') ?? document.parties.find((p) => p.role === 'operator');
  if (!authority || !grantee) {
    throw new DomainError('AGREEMENT_PARTIES_INVALID', [{ path: '/parties', reason: 'missing_grantee', message: 'a service agreement names the authority and the grantee' }]);
  }
  return parseUsagePolicy({
    id: grantId,
    agreementHash: agreementHash(document),
    assigner: { organizationId: authority.organizationId, uscc: authority.uscc },
    assignee: { organizationId: grantee.organizationId, uscc: grantee.uscc },
    purpose: { scenario: v.scenario.code, usage: v.scenario.usage },
    term: policyTermFromDates(document.term.from, document.term.until),
    targets: v.dataList.map((d) => ({ resource: d.resource, fields: d.fields })),
    modes: v.modes,
    minSubjects: v.minSubjects,
    ...(v.privacyBudget ? { privacyBudget: v.privacyBudget } : {}),
    ...(v.quotas ? { quotas: v.quotas } : {}),
    fee: v.fee,
  });
}
