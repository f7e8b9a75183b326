// Builds an agreement document from typed inputs: validates the parties each kind requires, fills the clause
// templates and numbers the clauses. The result is plain JSON, ready for canonical bytes, hashing and signing.
import { DomainError, type FieldIssue } from '../errors/catalogue.ts';
import { checkGrantTerms } from '../policy/usage-policy.ts';
import {
  entryIntoForce,
  operatorAgreementClauses,
  platformServiceAgreementClauses,
  serviceAgreementClauses,
  zhNumeral,
  type ClauseDraft,
} from './clauses.ts';
import {
  AGREEMENT_FORMAT,
  OPERATOR_AGREEMENT_DEFAULT_YEARS,
  agreementBasis,
  agreementInputSchema,
  agreementKindNames,
  agreementPartyRoleNames,
  partyRequirements,
  type AgreementClause,
  type AgreementDocument,
  type AgreementInput,
  type AgreementKind,
  type AgreementParty,
  type AgreementPartyInput,
  type AgreementPartyRole,
  type ParsedAgreementInput,
} from './model.ts';

const ROLE_ORDER: Record<AgreementKind, AgreementPartyRole[]> = {
  operator_agreement: ['authority', 'operator'],
  service_agreement: ['authority', 'source_department', 'operator', 'partner'],
  platform_service_agreement: ['operator', 'partner'],
};
const PARTY_LETTERS = [
  { zh: '甲方', en: 'Party A' },
  { zh: '乙方', en: 'Party B' },
  { zh: '丙方', en: 'Party C' },
  { zh: '丁方', en: 'Party D' },
];

/**
 * The document for the input. Throws `DomainError`:
 * - `AGREEMENT_PARTIES_INVALID` when a role the kind requires is missing, appears too often, is not allowed for the
 *   kind, or an organization appears twice (details name the role or the party);
 * - `AGREEMENT_TERMS_INVALID` for every other inconsistency (dates, data list, grant terms, fee vs. usage).
 */
export function buildAgreement(input: AgreementInput): AgreementDocument {
  const parsed = agreementInputSchema.safeParse(input);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => ({ path: `/${i.path.join('/')}`, reason: i.code, message: i.message }));
    const partyProblem = parsed.error.issues.some((i) => i.path[0] === 'parties');
    throw new DomainError(partyProblem ? 'AGREEMENT_PARTIES_INVALID' : 'AGREEMENT_TERMS_INVALID', details);
  }
  const data = parsed.data;
  const partyIssues = checkParties(data.kind, data.parties);
  if (partyIssues.length > 0) throw new DomainError('AGREEMENT_PARTIES_INVALID', partyIssues);

  const issues: FieldIssue[] = [];
  const until = data.term.until ?? (data.kind === 'operator_agreement' ? defaultUntil(data.term.from, OPERATOR_AGREEMENT_DEFAULT_YEARS) : undefined);
  if (until === undefined) issues.push({ path: '/term/until', reason: 'required', message: 'this kind of agreement states its end date' });
  else if (until < data.term.from) issues.push({ path: '/term/until', reason: 'before_start', message: 'the term ends on or after its first day' });
  if (data.kind === 'service_agreement') issues.push(...checkServiceTerms(data));
  if (issues.length > 0 || until === undefined) throw new DomainError('AGREEMENT_TERMS_INVALID', issues);

  const parties = designate(data.kind, data.parties);
  const term = { from: data.term.from, until };
  const drafts = templateClauses(data, parties, term);
  (data.additionalClauses ?? []).forEach((c, i) => drafts.push({ key: `additional_${i + 1}`, title: c.title, paragraphs: [c.text] }));
  drafts.push(entryIntoForce(parties));
  const clauses: AgreementClause[] = drafts.map((c, i) => ({ number: i + 1, key: c.key, title: c.title, paragraphs: c.paragraphs }));

  return {
    format: AGREEMENT_FORMAT,
    kind: data.kind,
    number: data.number,
    title: agreementKindNames[data.kind],
    basis: agreementBasis[data.kind],
    parties,
    term,
    variables: variablesOf(data),
    clauses,
  };
}

/** Problems with the parties of a kind, as field issues (empty when none). */
export function checkParties(kind: AgreementKind, parties: readonly Pick<AgreementPartyInput, 'role' | 'organizationId' | 'uscc'>[]): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const need = partyRequirements[kind];
  for (const role of Object.keys(agreementPartyRoleNames) as AgreementPartyRole[]) {
    const count = parties.filter((p) => p.role === role).length;
    const [min, max] = need[role] ?? [0, 0];
    if (count < min) issues.push({ path: '/parties', reason: `missing_${role}`, message: `a ${kind} needs ${min === max ? min : `at least ${min}`} ${role}` });
    if (count > max) issues.push({ path: '/parties', reason: max === 0 ? `role_not_allowed_${role}` : `too_many_${role}`, message: `a ${kind} takes at most ${max} ${role}` });
  }
  if (kind === 'service_agreement' && !parties.some((p) => p.role === 'operator' || p.role === 'partner')) {
    issues.push({ path: '/parties', reason: 'missing_grantee', message: 'a service agreement needs the operator or the partner it grants' });
  }
  const ids = new Set<string>();
  const codes = new Set<string>();
  parties.forEach((p, i) => {
    if (ids.has(p.organizationId) || codes.has(p.uscc)) issues.push({ path: `/parties/${i}`, reason: 'duplicate_party', message: 'an organization is one party' });
    ids.add(p.organizationId);
    codes.add(p.uscc);
  });
  return issues;
}

function checkServiceTerms(data: Extract<ParsedAgreementInput, { kind: 'service_agreement' }>): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const sources = new Set(data.parties.filter((p) => p.role === 'source_department').map((p) => p.organizationId));
  const supplying = new Set<string>();
  data.dataList.forEach((item, i) => {
    if (!sources.has(item.sourceDepartmentId)) {
      issues.push({ path: `/dataList/${i}/sourceDepartmentId`, reason: 'not_a_party', message: 'the source department of every listed resource is a party' });
    }
    supplying.add(item.sourceDepartmentId);
  });
  data.parties.forEach((p, i) => {
    if (p.role === 'source_department' && !supplying.has(p.organizationId)) {
      issues.push({ path: `/parties/${i}`, reason: 'supplies_nothing', message: 'every source department party supplies a listed resource' });
    }
  });
  const sink = {
    addIssue: (issue: { path: (string | number)[]; message: string }) => issues.push({ path: `/${issue.path.join('/')}`, reason: 'custom', message: issue.message }),
  };
  const targets = data.dataList.map((d) => ({ resource: d.resource, fields: d.fields }));
  checkGrantTerms({ targets, modes: data.modes, minSubjects: data.minSubjects, privacyBudget: data.privacyBudget, quotas: data.quotas, fee: data.fee }, sink, data.scenario.usage);
  // checkGrantTerms speaks of targets; the agreement calls them its data list.
  return issues.map((i) => ({ ...i, path: i.path.replace(/^\/targets/, '/dataList') }));
}

function templateClauses(data: ParsedAgreementInput, parties: AgreementParty[], term: { from: string; until: string }): ClauseDraft[] {
  switch (data.kind) {
    case 'operator_agreement':
      return operatorAgreementClauses(data, parties, term);
    case 'service_agreement':
      return serviceAgreementClauses(data, parties, term);
    case 'platform_service_agreement':
      return platformServiceAgreementClauses(data, parties, term);
  }
}

/** Parties in the kind's role order (input order within a role), each with its designation 甲方 / Party A …. */
function designate(kind: AgreementKind, parties: readonly AgreementPartyInput[]): AgreementParty[] {
  const out: AgreementParty[] = [];
  let letter = 0;
  for (const role of ROLE_ORDER[kind]) {
    const group = parties.filter((p) => p.role === role);
    if (group.length === 0) continue;
    const base = PARTY_LETTERS[letter++] as { zh: string; en: string };
    group.forEach((p, i) => {
      const designation = group.length === 1 ? { ...base } : { zh: `${base.zh}${zhNumeral(i + 1)}`, en: `${base.en}${i + 1}` };
      out.push({
        role: p.role,
        designation,
        organizationId: p.organizationId,
        nameZh: p.nameZh,
        ...(p.nameEn !== undefined ? { nameEn: p.nameEn } : {}),
        uscc: p.uscc,
      });
    });
  }
  return out;
}

function variablesOf(data: ParsedAgreementInput): Record<string, unknown> {
  const { kind: _kind, number: _number, parties: _parties, term: _term, additionalClauses: _extra, ...rest } = data;
  // A JSON copy: no undefined members, no shared references with the caller's input.
  return JSON.parse(JSON.stringify(rest)) as Record<string, unknown>;
}

/**
 * The last day of a term of `years` years starting on `from`: the day before the anniversary. An anniversary that
 * does not exist (29 February) rolls over to 1 March, so the term ends on 28 February.
 */
export function defaultUntil(from: string, years: number): string {
  const [y, m, d] = from.split('-').map(Number) as [number, number, number];
  const anniversary = new Date(Date.UTC(y + years, m - 1, d));
  if (anniversary.getUTCDate() !== d) anniversary.setUTCDate(0); // rolled over: back to the last day of February
  else anniversary.setUTCDate(anniversary.getUTCDate() - 1);
  return anniversary.toISOString().slice(0, 10);
}
