// The grant's usage policy (使用策略 / 授權): what an agreement in force allows, in a form the engine and the product
// APIs enforce on every request (issue 5 §5; Art. 19–21, 33, 37 of the Futian measures).
//
// The model is plain data validated by zod; `toOdrl` / `fromOdrl` (odrl.ts) carry it as an ODRL 2.2 Agreement under
// the Shuyun profile (ODRL-PROFILE.md). `checkPolicyAllows` is the one decision every enforcement point makes first.
//
// Pure: zod only, no node: imports, so the portal can use it in the browser.
import { z } from 'zod';
import type { ErrorCode } from '../errors/catalogue.ts';
import { isValidUscc } from '../identifiers/uscc.ts';

/**
 * Column controls, after SecretFlow SCQL's column control list (CCL). What a field may be used for:
 * - `plaintext`                  revealed as is (only for fields graded as publishable);
 * - `plaintext_after_aggregate`  revealed only inside an aggregate (COUNT/SUM/AVG…) over ≥ minSubjects subjects;
 * - `plaintext_after_group_by`   may be a GROUP BY key of an aggregate result;
 * - `plaintext_after_compare`    may be compared (WHERE, JOIN ON inequality); only the boolean outcome is revealed;
 * - `join_key_only`              may be a join / PSI key; never revealed;
 * - `plaintext_as_join_payload`  may be carried to the other side of a join/PSI as payload, not revealed to the caller;
 * - `none`                       listed but not usable at all (an explicit denial, expressed as an ODRL prohibition).
 */
export const columnControls = [
  'plaintext',
  'plaintext_after_aggregate',
  'plaintext_after_group_by',
  'plaintext_after_compare',
  'join_key_only',
  'plaintext_as_join_payload',
  'none',
] as const;
export type ColumnControl = (typeof columnControls)[number];

export const columnControlNames: Record<ColumnControl, { zh: string; en: string }> = {
  plaintext: { zh: '明文可見', en: 'plaintext' },
  plaintext_after_aggregate: { zh: '聚合後明文', en: 'plaintext after aggregation' },
  plaintext_after_group_by: { zh: '可作分組鍵', en: 'plaintext as a group-by key' },
  plaintext_after_compare: { zh: '僅比較結果', en: 'comparison result only' },
  join_key_only: { zh: '僅作關聯鍵', en: 'join key only' },
  plaintext_as_join_payload: { zh: '僅作關聯載荷', en: 'join payload only' },
  none: { zh: '不可使用', en: 'not usable' },
};

/** How the grantee may compute on the data (the call method, 數據調用方式, of Art. 19). */
export const computationModes = ['governed_query', 'approved_job', 'product_api', 'psi', 'export'] as const;
export type ComputationMode = (typeof computationModes)[number];

export const computationModeNames: Record<ComputationMode, { zh: string; en: string }> = {
  governed_query: { zh: '受控查詢', en: 'governed query' },
  approved_job: { zh: '審批作業', en: 'approved job' },
  product_api: { zh: '產品接口', en: 'product API' },
  psi: { zh: '隱私集合求交', en: 'private set intersection' },
  export: { zh: '經出域審核的結果導出', en: 'export of reviewed results' },
};

/** Art. 37: public governance and public welfare use is conditionally free; industry use is conditionally paid. */
export const usageCategories = ['public_interest', 'industry'] as const;
export type UsageCategory = (typeof usageCategories)[number];

export const usageCategoryNames: Record<UsageCategory, { zh: string; en: string }> = {
  public_interest: { zh: '公共治理、公益事業（有條件無償使用）', en: 'public governance and public welfare (conditionally free)' },
  industry: { zh: '產業發展、行業發展（有條件有償使用）', en: 'industry and sector development (conditionally paid)' },
};

export const feePeriods = ['call', 'month', 'year', 'term'] as const;
export type FeePeriod = (typeof feePeriods)[number];
export const chargingMethods = ['prepaid', 'postpaid'] as const;
export type ChargingMethod = (typeof chargingMethods)[number];

// Same spellings as the catalog's resource codes and field names (server/src/modules/catalog/schemas.ts).
export const resourceCodeSchema = z.string().regex(/^[A-Z][A-Z0-9_-]{2,63}$/, 'upper-case letters, digits, _ and -');
export const fieldNameSchema = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/, 'a field name');
export const scenarioCodeSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'letters, digits, ., _ and -');
/** An amount in yuan, written as a decimal with at most 4 places (no exponent, no sign): one spelling per value. */
export const yuanAmountSchema = z.string().regex(/^(0|[1-9]\d{0,11})(\.\d{1,4})?$/, 'an amount in yuan, e.g. 12.50');
const instantSchema = z.iso.datetime({ offset: true });
const hexHash = z.string().regex(/^[0-9a-f]{64}$/, 'a lower-case hex SM3 hash');

export const policyPartySchema = z.strictObject({
  organizationId: z.uuid(),
  uscc: z.string().refine(isValidUscc, 'a valid unified social credit code').optional(),
});
export type PolicyParty = z.infer<typeof policyPartySchema>;

export const grantedFieldSchema = z.strictObject({ name: fieldNameSchema, control: z.enum(columnControls) });
export type GrantedField = z.infer<typeof grantedFieldSchema>;

export const policyTargetSchema = z.strictObject({
  resource: resourceCodeSchema,
  fields: z.array(grantedFieldSchema).min(1).max(500),
});
export type PolicyTarget = z.infer<typeof policyTargetSchema>;

export const feeSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('free') }),
  z.strictObject({
    kind: z.literal('charged'),
    /** identifier of the fee standard (收費標準) the amount comes from */
    standard: z.string().trim().min(1).max(200),
    amount: yuanAmountSchema,
    currency: z.literal('CNY'),
    per: z.enum(feePeriods),
    chargingMethod: z.enum(chargingMethods),
  }),
]);
export type Fee = z.infer<typeof feeSchema>;

export const privacyBudgetSchema = z.strictObject({
  /** total ε the grantee may spend over the whole term */
  epsilonTotal: z.number().positive().max(100),
  /** largest ε a single query may spend */
  epsilonPerQuery: z.number().positive().max(100).optional(),
});
export type PrivacyBudget = z.infer<typeof privacyBudgetSchema>;

export const callQuotasSchema = z.strictObject({
  total: z.int().positive().max(1e12).optional(),
  perDay: z.int().positive().max(1e12).optional(),
  perMonth: z.int().positive().max(1e12).optional(),
});
export type CallQuotas = z.infer<typeof callQuotasSchema>;

/** The grant terms an agreement carries (also the part of a service agreement the grant is derived from). */
export const grantTermsShape = {
  targets: z.array(policyTargetSchema).min(1).max(100),
  modes: z.array(z.enum(computationModes)).min(1),
  /** minimum aggregation threshold: each released aggregate covers at least this many distinct data subjects */
  minSubjects: z.int().min(1).max(1_000_000),
  privacyBudget: privacyBudgetSchema.optional(),
  quotas: callQuotasSchema.optional(),
  fee: feeSchema,
};

export const usagePolicySchema = z
  .strictObject({
    /** the grant's id; its ODRL uid is `urn:shuyun:grant:<id>` */
    id: z.uuid(),
    /** SM3 hash of the agreement in force this grant comes from */
    agreementHash: hexHash.optional(),
    /** who grants (the district authority) */
    assigner: policyPartySchema,
    /** who is granted (an operator or a partner) */
    assignee: policyPartySchema,
    purpose: z.strictObject({ scenario: scenarioCodeSchema, usage: z.enum(usageCategories) }),
    /** validity: from ≤ t < until */
    term: z.strictObject({ from: instantSchema, until: instantSchema }),
    ...grantTermsShape,
  })
  .superRefine((p, ctx) => checkGrantTerms(p, ctx, p.purpose.usage));
export type UsagePolicy = z.infer<typeof usagePolicySchema>;

const grantTermsSchema = z.strictObject(grantTermsShape);
export type GrantTerms = z.infer<typeof grantTermsSchema>;

/** The part of zod's refinement context the consistency rules use. */
export interface IssueSink {
  addIssue(issue: { code: 'custom'; path: (string | number)[]; message: string }): void;
}

/** Consistency rules shared by the policy and by agreements that carry grant terms. */
export function checkGrantTerms(
  p: GrantTerms & { term?: { from: string; until: string } },
  ctx: IssueSink,
  usage: UsageCategory,
  at: (string | number)[] = [],
): void {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path: [...at, ...path], message });
  const resources = new Set<string>();
  p.targets.forEach((t, i) => {
    if (resources.has(t.resource)) issue(['targets', i, 'resource'], 'each resource appears once');
    resources.add(t.resource);
    const names = new Set<string>();
    t.fields.forEach((f, j) => {
      if (names.has(f.name)) issue(['targets', i, 'fields', j, 'name'], 'each field appears once per resource');
      names.add(f.name);
    });
    if (t.fields.every((f) => f.control === 'none')) issue(['targets', i, 'fields'], 'a target grants at least one usable field');
  });
  if (new Set(p.modes).size !== p.modes.length) issue(['modes'], 'each mode appears once');
  const budget = p.privacyBudget;
  if (budget?.epsilonPerQuery !== undefined && budget.epsilonPerQuery > budget.epsilonTotal) {
    issue(['privacyBudget', 'epsilonPerQuery'], 'the per-query ε cannot exceed the total');
  }
  if (p.term && !(Date.parse(p.term.from) < Date.parse(p.term.until))) issue(['term', 'until'], 'the term ends after it starts');
  if (usage === 'public_interest' && p.fee.kind !== 'free') issue(['fee'], 'public-interest use is free (Art. 37)');
  if (usage === 'industry' && p.fee.kind !== 'charged') issue(['fee'], 'industry use carries a fee standard (Art. 37)');
}

/**
 * The one spelling of a policy: targets by resource code, fields by name, modes in the order of `computationModes`.
 * `fromOdrl(toOdrl(p))` equals `normalizeUsagePolicy(p)`.
 */
export function normalizeUsagePolicy(policy: UsagePolicy): UsagePolicy {
  return {
    ...policy,
    targets: [...policy.targets]
      .sort((a, b) => compare(a.resource, b.resource))
      .map((t) => ({ resource: t.resource, fields: [...t.fields].sort((a, b) => compare(a.name, b.name)).map((f) => ({ ...f })) })),
    modes: computationModes.filter((m) => policy.modes.includes(m)),
  };
}

/** Validates and normalizes; throws zod's error on an invalid policy. */
export function parseUsagePolicy(input: unknown): UsagePolicy {
  return normalizeUsagePolicy(usagePolicySchema.parse(input));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ── Decisions ────────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * Why a request is refused, and the error-catalogue code each reason is reported with. Expired and not-yet-valid
 * share the HTTP-facing code GRANT_NOT_IN_FORCE; the reason tells them apart.
 */
export const policyRefusals = {
  not_yet_valid: 'GRANT_NOT_IN_FORCE',
  expired: 'GRANT_NOT_IN_FORCE',
  purpose_mismatch: 'GRANT_PURPOSE_MISMATCH',
  mode_not_permitted: 'GRANT_MODE_NOT_PERMITTED',
  resource_not_granted: 'GRANT_RESOURCE_NOT_GRANTED',
  field_not_granted: 'GRANT_FIELD_NOT_GRANTED',
  quota_exhausted: 'GRANT_QUOTA_EXHAUSTED',
  budget_exhausted: 'GRANT_BUDGET_EXHAUSTED',
} as const satisfies Record<string, ErrorCode>;
export type PolicyRefusalReason = keyof typeof policyRefusals;

export interface PolicyRequest {
  mode: ComputationMode;
  /** the instant of the request */
  at: Date | string;
  /** the resources and fields the request touches (any use: select, filter, join, group) */
  resources?: ReadonlyArray<{ resource: string; fields: readonly string[] }>;
  /** the scenario the caller declares, when it declares one */
  scenario?: string;
  /** calls already made under this grant, before this one (the caller counts; periods are Beijing days and months) */
  callsUsed?: { total?: number; today?: number; thisMonth?: number };
  /** ε this request would spend, and ε already spent under this grant */
  epsilon?: number;
  epsilonSpent?: number;
}

export type PolicyDecision =
  | { allowed: true }
  | { allowed: false; reason: PolicyRefusalReason; code: ErrorCode; resource?: string; field?: string };

function refuse(reason: PolicyRefusalReason, where: { resource?: string; field?: string } = {}): PolicyDecision {
  return { allowed: false, reason, code: policyRefusals[reason], ...where };
}

/**
 * Does the policy allow this request? Checks, in this order: term, scenario, mode, resources and fields, call quotas,
 * privacy budget; the first failure is the answer. Suspension and termination are states of the grant, not of the
 * policy: the caller checks them before (they win over everything here).
 */
export function checkPolicyAllows(policy: UsagePolicy, request: PolicyRequest): PolicyDecision {
  const at = request.at instanceof Date ? request.at.getTime() : Date.parse(request.at);
  if (Number.isNaN(at)) throw new RangeError('checkPolicyAllows: invalid request time');
  if (at < Date.parse(policy.term.from)) return refuse('not_yet_valid');
  if (at >= Date.parse(policy.term.until)) return refuse('expired');
  if (request.scenario !== undefined && request.scenario !== policy.purpose.scenario) {
    return refuse('purpose_mismatch');
  }
  if (!policy.modes.includes(request.mode)) return refuse('mode_not_permitted');
  for (const wanted of request.resources ?? []) {
    const target = policy.targets.find((t) => t.resource === wanted.resource);
    if (!target) return refuse('resource_not_granted', { resource: wanted.resource });
    for (const field of wanted.fields) {
      const granted = target.fields.find((f) => f.name === field);
      if (!granted || granted.control === 'none') {
        return refuse('field_not_granted', { resource: wanted.resource, field });
      }
    }
  }
  const q = policy.quotas;
  const used = request.callsUsed;
  if (q && used) {
    const over = (limit: number | undefined, n: number | undefined) => limit !== undefined && n !== undefined && n >= limit;
    if (over(q.total, used.total) || over(q.perDay, used.today) || over(q.perMonth, used.thisMonth)) {
      return refuse('quota_exhausted');
    }
  }
  if (request.epsilon !== undefined) {
    const budget = policy.privacyBudget;
    // Without a budget the grant does not allow differentially private releases at all.
    if (!budget) return refuse('budget_exhausted');
    if (!(request.epsilon > 0)) throw new RangeError('checkPolicyAllows: ε must be positive');
    if (budget.epsilonPerQuery !== undefined && request.epsilon > budget.epsilonPerQuery) {
      return refuse('budget_exhausted');
    }
    // A small tolerance so that spending the budget in decimal steps (0.1 × 10) reaches exactly the total.
    if ((request.epsilonSpent ?? 0) + request.epsilon > budget.epsilonTotal * (1 + 1e-12)) {
      return refuse('budget_exhausted');
    }
  }
  return { allowed: true };
}

/** The column control of a field under the policy (`none` when the resource or the field is not granted). */
export function columnControlOf(policy: UsagePolicy, resource: string, field: string): ColumnControl {
  return policy.targets.find((t) => t.resource === resource)?.fields.find((f) => f.name === field)?.control ?? 'none';
}

// ── Term from agreement dates ────────────────────────────────────────────────────────────────────────────────────

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * An agreement's term (calendar dates in Beijing time, both days included) as a policy term: from 00:00 of the
 * first day to 00:00 of the day after the last (exclusive), written with the +08:00 offset.
 */
export function policyTermFromDates(from: string, untilInclusive: string): { from: string; until: string } {
  return { from: `${checkDate(from)}T00:00:00+08:00`, until: `${addDays(checkDate(untilInclusive), 1)}T00:00:00+08:00` };
}

function checkDate(date: string): string {
  const m = ISO_DATE.exec(date);
  const ok = m && new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))).toISOString().slice(0, 10) === date;
  if (!ok) throw new RangeError(`not a calendar date written YYYY-MM-DD`);
  return date;
}

function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}
