import { randomBytes } from 'node:crypto';
import { beijingDateOf, type Clock, DomainError, type FieldRole, type Grade } from '@shuyun/core';
import { type AgreementDocument, type AgreementInput, type AgreementPartyRole, agreementHash, buildAgreement, defaultUntil } from '@shuyun/core/agreements';
import type { ColumnControl, Fee } from '@shuyun/core/policy';
import type { Deps } from '../../../deps.ts';
import type { Tx } from '../../../db/database.ts';
import type { AgreementKind, applications, partnerAdmissions } from '../../../db/schema.ts';
import { type Actor, tenantContext } from '../../../policy/actor.ts';
import { authorize } from '../../../policy/decide.ts';
import { catalogResources } from '../../catalog/index.ts';
import { appendToLedger } from '../../ledger/index.ts';
import { notify } from '../../notifications/index.ts';
import { findAuthority } from '../../organizations/index.ts';
import * as store from '../store.ts';
import { loadAgreementView } from './load-agreement.ts';

/**
 * Column controls a grant gives each field by default, from its role (GB/T 37964) and grade (GB/T 43697): direct
 * identifiers only ever join; quasi-identifiers only group aggregates; sensitive or higher-graded values only appear
 * aggregated; other low-graded attributes are plaintext.
 */
export function defaultControl(field: { role: FieldRole; grade: Grade }): ColumnControl {
  if (field.role === 'direct_identifier') return 'join_key_only';
  if (field.role === 'quasi_identifier') return 'plaintext_after_group_by';
  if (field.role === 'sensitive') return 'plaintext_after_aggregate';
  return field.grade === 'general_1' || field.grade === 'general_2' ? 'plaintext' : 'plaintext_after_aggregate';
}

type PartyRef = { role: AgreementPartyRole; orgId: string };

async function partiesOf(tx: Tx, refs: PartyRef[]) {
  const orgs = new Map((await store.organizationsByIds(tx, refs.map((r) => r.orgId))).map((o) => [o.id, o]));
  return refs.map(({ role, orgId }) => {
    const o = orgs.get(orgId)!;
    return { role, organizationId: o.id, nameZh: o.nameZh, ...(o.nameEn ? { nameEn: o.nameEn } : {}), uscc: o.uscc ?? '' };
  });
}

function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1 + months, d) - 86_400_000); // the day before the same date `months` later
  return t.toISOString().slice(0, 10);
}

function agreementNumber(prefix: string, today: string): string {
  return `${prefix}-${today.slice(0, 4)}-${randomBytes(4).toString('hex').toUpperCase()}`;
}

/** Stores a built document awaiting every party's signature, ledgers it and asks each party to sign. */
export async function insertDraft(
  tx: Tx,
  clock: Clock,
  actor: Actor,
  input: { document: AgreementDocument; kind: AgreementKind; applicationId?: string; admissionId?: string; amendsId?: string },
) {
  const signerOrgIds = input.document.parties.map((p) => p.organizationId);
  const agreement = await store.insertAgreement(tx, {
    number: input.document.number + (input.document.amends ? `-A${input.document.amends.sequence}` : ''),
    kind: input.kind,
    state: 'awaiting_signatures',
    applicationId: input.applicationId ?? null,
    admissionId: input.admissionId ?? null,
    amendsId: input.amendsId ?? null,
    document: input.document,
    hash: agreementHash(input.document),
    signerOrgIds,
    validFrom: input.document.term.from,
    validUntil: input.document.term.until,
    createdAt: clock.now(),
    parties: signerOrgIds,
  });
  const derivedFrom = [
    ...(input.applicationId ? [{ type: 'application', id: input.applicationId }] : []),
    ...(input.admissionId ? [{ type: 'partner_admission', id: input.admissionId }] : []),
    ...(input.amendsId ? [{ type: 'agreement', id: input.amendsId }] : []),
  ];
  await appendToLedger(tx, clock, {
    actor: { userId: actor.userId, orgId: actor.orgId },
    action: 'agreement.drafted',
    entity: { type: 'agreement', id: agreement.id },
    orgs: signerOrgIds,
    payload: { number: agreement.number, kind: input.kind, hash: agreement.hash, amends: input.document.amends?.previousHash ?? null },
    derivedFrom,
  });
  await notify(tx, clock, {
    orgIds: signerOrgIds,
    kind: 'agreement.awaiting_signature',
    subject: { type: 'agreement', id: agreement.id },
    zh: `《${input.document.title.zh}》（${agreement.number}）待簽署`,
    en: `${input.document.title.en} (${agreement.number}) awaits your signature`,
  });
  return agreement;
}

/**
 * An approved application yields the tripartite development-use service agreement (Art. 19): the authority, each
 * source department, and the grantee — the operator, or the partner together with its operator.
 */
export async function draftServiceAgreement(tx: Tx, deps: Pick<Deps, 'clock' | 'config'>, actor: Actor, application: typeof applications.$inferSelect) {
  const today = beijingDateOf(deps.clock.now());
  const authority = await findAuthority(tx);
  const published = await catalogResources(tx, application.granted.resources.map((r) => r.resourceId));
  const refs: PartyRef[] = [
    { role: 'authority', orgId: authority.id },
    ...application.sourceOrgIds.map((orgId) => ({ role: 'source_department' as const, orgId })),
    ...(application.applicantKind === 'partner'
      ? [{ role: 'operator' as const, orgId: application.operatorOrgId! }, { role: 'partner' as const, orgId: application.applicantOrgId }]
      : [{ role: 'operator' as const, orgId: application.applicantOrgId }]),
  ];
  const input: AgreementInput = {
    kind: 'service_agreement',
    number: `KF-${application.number}`,
    parties: await partiesOf(tx, refs),
    term: { from: today, until: addMonths(today, application.termMonths) },
    applicationId: application.id,
    scenario: {
      code: application.scenario.purpose,
      name: { zh: application.title, en: application.title },
      usage: application.scenario.kind,
      description: { zh: application.scenario.description, en: application.scenario.description },
    },
    dataList: application.granted.resources.map((r) => {
      const resource = published.get(r.resourceId);
      if (!resource) throw new DomainError('APPLICATION_RESOURCE_NOT_IN_CATALOG');
      return {
        resource: resource.code,
        name: { zh: resource.nameZh, en: resource.code },
        sourceDepartmentId: resource.orgId,
        fields: r.fields.map((name) => ({ name, control: defaultControl(resource.fields.find((f) => f.name === name)!) })),
      };
    }),
    modes: application.granted.modes as Extract<AgreementInput, { kind: 'service_agreement' }>['modes'],
    minSubjects: application.controls.minSubjects ?? deps.config.grants.defaultMinSubjects,
    ...(application.controls.epsilonBudget ? { privacyBudget: { epsilonTotal: application.controls.epsilonBudget } } : {}),
    ...(application.controls.callQuota ? { quotas: { total: application.controls.callQuota } } : {}),
    // public-interest use is free (Art. 37); industry use is charged per call under the district's fee standard until
    // cost-based pricing (Art. 23, 36) sets one per product
    fee: application.scenario.kind === 'public_interest'
      ? { kind: 'free' }
      : { kind: 'charged', standard: deps.config.grants.industryFeeStandard, amount: deps.config.grants.industryFeePerCall, currency: 'CNY', per: 'call', chargingMethod: 'postpaid' },
  };
  return insertDraft(tx, deps.clock, actor, { document: buildAgreement(input), kind: 'service_agreement', applicationId: application.id });
}

/** An admitted partner and its operator sign the platform service agreement (平臺服務協議, Art. 19 ¶2), one year. */
export async function draftPlatformServiceAgreement(tx: Tx, deps: Pick<Deps, 'clock'>, actor: Actor, admission: typeof partnerAdmissions.$inferSelect) {
  const today = beijingDateOf(deps.clock.now());
  const input: AgreementInput = {
    kind: 'platform_service_agreement',
    number: agreementNumber('PT', today),
    parties: await partiesOf(tx, [{ role: 'operator', orgId: admission.operatorOrgId }, { role: 'partner', orgId: admission.partnerOrgId }]),
    term: { from: today, until: addMonths(today, 12) },
    services: ['dev_workspace', 'prod_workspace', 'masking', 'privacy_computing', 'model_publishing', 'export_review', 'product_filing'],
  };
  return insertDraft(tx, deps.clock, actor, { document: buildAgreement(input), kind: 'platform_service_agreement', admissionId: admission.id });
}

/** The authority drafts the operator authorization agreement (授權運營協議, Art. 13), by default for 2 years. */
export async function draftOperatorAgreement(
  deps: Pick<Deps, 'db' | 'clock'>,
  actor: Actor,
  input: { operatorOrgId: string; authorizedData: { zh: string; en: string }; applicationScope: { zh: string; en: string }; from?: string | undefined; until?: string | undefined },
) {
  authorize(actor, 'agreement.draft', {});
  return deps.db.tx(tenantContext(actor), async (tx) => {
    const [operator] = await store.organizationsByIds(tx, [input.operatorOrgId]);
    if (!operator) throw new DomainError('NOT_FOUND');
    if (operator.type !== 'operator') throw new DomainError('ORGANIZATION_TYPE_MISMATCH');
    const from = input.from ?? beijingDateOf(deps.clock.now());
    const document = buildAgreement({
      kind: 'operator_agreement',
      number: agreementNumber('YY', from),
      parties: await partiesOf(tx, [{ role: 'authority', orgId: actor.orgId }, { role: 'operator', orgId: operator.id }]),
      term: { from, until: input.until ?? defaultUntil(from, 2) },
      authorizedData: input.authorizedData,
      applicationScope: input.applicationScope,
    });
    return loadAgreementView(tx, await insertDraft(tx, deps.clock, actor, { document, kind: 'operator_agreement' }));
  });
}
