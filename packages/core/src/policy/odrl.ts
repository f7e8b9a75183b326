// The usage policy as an ODRL 2.2 Agreement in JSON-LD, under the Shuyun ODRL profile (ODRL-PROFILE.md beside this
// file documents every term). `toOdrl` writes the profile's one compact serialization; `fromOdrl` reads it back and
// fails closed: a constraint, property or value it does not know is an error, never silently ignored (ODRL §2.5.1:
// a policy whose constraints cannot be evaluated must not be taken to permit anything).
//
// Pure: no node: imports, so the portal can use it in the browser.
import { DomainError, type FieldIssue } from '../errors/catalogue.ts';
import {
  columnControls,
  computationModes,
  chargingMethods,
  feePeriods,
  normalizeUsagePolicy,
  usageCategories,
  usagePolicySchema,
  type ColumnControl,
  type ComputationMode,
  type Fee,
  type PolicyParty,
  type PolicyTarget,
  type UsagePolicy,
} from './usage-policy.ts';

export const ODRL_CONTEXT_URL = 'http://www.w3.org/ns/odrl.jsonld';
export const ODRL_NS = 'http://www.w3.org/ns/odrl/2/';
/** The profile's IRI (ODRL `profile`): a policy using any term below must name it. */
export const SHUYUN_ODRL_PROFILE = 'https://shuyun.futian.gov.cn/odrl/profile/v1';
/** Namespace of the profile's terms, bound to the prefix `shuyun:`. */
export const SHUYUN_ODRL_NS = `${SHUYUN_ODRL_PROFILE}#`;
/** The second member of `@context`: the profile's prefix. */
export const shuyunOdrlContext = { shuyun: SHUYUN_ODRL_NS } as const;
export const shuyunOdrlContexts = [ODRL_CONTEXT_URL, shuyunOdrlContext] as const;

/** Currency unit of `payAmount` (ODRL's own examples name currencies by their DBpedia IRI). */
export const CNY_UNIT_IRI = 'http://dbpedia.org/resource/Renminbi';

export const grantIri = (id: string) => `urn:shuyun:grant:${id}`;
/** Same form as the organizations in the catalog's DCAT (server/src/modules/catalog/use-cases/dcat.ts). */
export const organizationIri = (id: string) => `urn:shuyun:organization:${id}`;
export const resourceIri = (code: string) => `urn:shuyun:resource:${code}`;
export const scenarioIri = (code: string) => `urn:shuyun:scenario:${code}`;

const quotaIntervals = { perDay: 'P1D', perMonth: 'P1M' } as const;

// ── Types of the serialization ───────────────────────────────────────────────────────────────────────────────────

export interface OdrlIri {
  '@id': string;
}
export interface OdrlTypedLiteral {
  '@value': string;
  '@type': string;
}
export type OdrlRightOperand = string | number | OdrlIri | OdrlTypedLiteral | Array<string | OdrlIri>;
export interface OdrlConstraint {
  leftOperand: string;
  operator: string;
  rightOperand: OdrlRightOperand;
  unit?: OdrlIri;
}
export interface OdrlLogicalConstraint {
  '@type': 'LogicalConstraint';
  and: { '@list': OdrlConstraint[] };
}
export interface OdrlAssetCollection {
  '@type': 'AssetCollection';
  source: string;
  refinement: OdrlConstraint[];
}
export interface OdrlRule {
  target: OdrlAssetCollection;
  action: 'use';
  constraint?: Array<OdrlConstraint | OdrlLogicalConstraint>;
}
export interface OdrlParty {
  '@type': 'Party';
  uid: string;
  'shuyun:uscc'?: string;
}
export interface OdrlCompensateDuty {
  action: Array<{ 'rdf:value': OdrlIri; refinement: OdrlConstraint[] }>;
  'shuyun:feeStandard': string;
  'shuyun:feePer': OdrlIri;
  'shuyun:chargingMethod': OdrlIri;
}
export interface OdrlAgreement {
  '@context': typeof shuyunOdrlContexts;
  '@type': 'Agreement';
  uid: string;
  profile: string;
  assigner: OdrlParty;
  assignee: OdrlParty;
  'shuyun:agreementHash'?: string;
  'shuyun:usageCategory': OdrlIri;
  permission: OdrlRule[];
  prohibition?: OdrlRule[];
  obligation?: OdrlCompensateDuty[];
}

// ── Writing ──────────────────────────────────────────────────────────────────────────────────────────────────────

const iri = (id: string): OdrlIri => ({ '@id': id });
const term = (name: string): OdrlIri => iri(`shuyun:${name}`);
const typed = (value: string, type: string): OdrlTypedLiteral => ({ '@value': value, '@type': type });

/** The policy as an ODRL 2.2 Agreement (compact JSON-LD). The policy is validated and normalized first. */
export function toOdrl(input: UsagePolicy): OdrlAgreement {
  const policy = normalizeUsagePolicy(usagePolicySchema.parse(input));
  const permission: OdrlRule[] = [];
  const prohibition: OdrlRule[] = [];
  for (const target of policy.targets) {
    for (const control of columnControls) {
      const fields = target.fields.filter((f) => f.control === control).map((f) => f.name);
      if (fields.length === 0) continue;
      const asset = assetCollection(target.resource, fields);
      if (control === 'none') prohibition.push({ target: asset, action: 'use' });
      else {
        permission.push({
          target: asset,
          action: 'use',
          // Fresh objects per rule: no shared references in the output, so editing one rule never edits another.
          constraint: [{ leftOperand: 'shuyun:columnControl', operator: 'eq', rightOperand: term(control) }, ...commonConstraints(policy)],
        });
      }
    }
  }
  const out: OdrlAgreement = {
    '@context': shuyunOdrlContexts,
    '@type': 'Agreement',
    uid: grantIri(policy.id),
    profile: SHUYUN_ODRL_PROFILE,
    assigner: party(policy.assigner),
    assignee: party(policy.assignee),
    ...(policy.agreementHash ? { 'shuyun:agreementHash': policy.agreementHash } : {}),
    'shuyun:usageCategory': term(policy.purpose.usage),
    permission,
  };
  if (prohibition.length > 0) out.prohibition = prohibition;
  if (policy.fee.kind === 'charged') out.obligation = [compensateDuty(policy.fee)];
  return out;
}

function commonConstraints(p: UsagePolicy): Array<OdrlConstraint | OdrlLogicalConstraint> {
  const c: Array<OdrlConstraint | OdrlLogicalConstraint> = [
    { leftOperand: 'purpose', operator: 'eq', rightOperand: iri(scenarioIri(p.purpose.scenario)) },
    { leftOperand: 'dateTime', operator: 'gteq', rightOperand: typed(p.term.from, 'xsd:dateTime') },
    { leftOperand: 'dateTime', operator: 'lt', rightOperand: typed(p.term.until, 'xsd:dateTime') },
    { leftOperand: 'shuyun:computationMode', operator: 'isAnyOf', rightOperand: p.modes.map(term) },
    { leftOperand: 'shuyun:minSubjects', operator: 'gteq', rightOperand: p.minSubjects },
  ];
  if (p.privacyBudget) {
    c.push({ leftOperand: 'shuyun:epsilon', operator: 'lteq', rightOperand: typed(String(p.privacyBudget.epsilonTotal), 'xsd:double') });
    if (p.privacyBudget.epsilonPerQuery !== undefined) {
      c.push({ leftOperand: 'shuyun:epsilonPerQuery', operator: 'lteq', rightOperand: typed(String(p.privacyBudget.epsilonPerQuery), 'xsd:double') });
    }
  }
  if (p.quotas?.total !== undefined) c.push({ leftOperand: 'count', operator: 'lteq', rightOperand: p.quotas.total });
  for (const key of ['perDay', 'perMonth'] as const) {
    const limit = p.quotas?.[key];
    if (limit === undefined) continue;
    c.push({
      '@type': 'LogicalConstraint',
      and: {
        '@list': [
          { leftOperand: 'count', operator: 'lteq', rightOperand: limit },
          { leftOperand: 'timeInterval', operator: 'eq', rightOperand: typed(quotaIntervals[key], 'xsd:duration') },
        ],
      },
    });
  }
  return c;
}

function assetCollection(resource: string, fields: string[]): OdrlAssetCollection {
  return {
    '@type': 'AssetCollection',
    source: resourceIri(resource),
    refinement: [{ leftOperand: 'shuyun:field', operator: 'isAnyOf', rightOperand: fields }],
  };
}

function party(p: PolicyParty): OdrlParty {
  return { '@type': 'Party', uid: organizationIri(p.organizationId), ...(p.uscc ? { 'shuyun:uscc': p.uscc } : {}) };
}

function compensateDuty(fee: Extract<Fee, { kind: 'charged' }>): OdrlCompensateDuty {
  return {
    action: [
      {
        'rdf:value': iri('odrl:compensate'),
        refinement: [{ leftOperand: 'payAmount', operator: 'eq', rightOperand: typed(fee.amount, 'xsd:decimal'), unit: iri(CNY_UNIT_IRI) }],
      },
    ],
    'shuyun:feeStandard': fee.standard,
    'shuyun:feePer': term(`per_${fee.per}`),
    'shuyun:chargingMethod': term(fee.chargingMethod),
  };
}

// ── Reading ──────────────────────────────────────────────────────────────────────────────────────────────────────

class OdrlReadError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${reason} at ${path}`);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Reads a policy written in the profile's compact serialization (what `toOdrl` writes). Anything else (another
 * context, an unknown constraint or key, rules that disagree on the shared constraints) is refused with
 * `DomainError('POLICY_ODRL_INVALID')` whose details name the JSON path.
 */
export function fromOdrl(json: unknown): UsagePolicy {
  let draft: unknown;
  try {
    draft = read(json);
  } catch (e) {
    if (e instanceof OdrlReadError) throw new DomainError('POLICY_ODRL_INVALID', [{ path: e.path, reason: e.reason }]);
    throw e;
  }
  const parsed = usagePolicySchema.safeParse(draft);
  if (!parsed.success) {
    const details: FieldIssue[] = parsed.error.issues.map((i) => ({ path: `/${i.path.join('/')}`, reason: i.code, message: i.message }));
    throw new DomainError('POLICY_ODRL_INVALID', details);
  }
  return normalizeUsagePolicy(parsed.data);
}

type Json = Record<string, unknown>;

function fail(path: string, reason: string): never {
  throw new OdrlReadError(path, reason);
}

function object(v: unknown, path: string, keys: { required: string[]; optional?: string[] }): Json {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(path, 'expected_object');
  const o = v as Json;
  for (const k of keys.required) if (!(k in o)) fail(`${path}/${k}`, 'missing');
  const allowed = new Set([...keys.required, ...(keys.optional ?? [])]);
  for (const k of Object.keys(o)) if (!allowed.has(k)) fail(`${path}/${k}`, 'unknown_property');
  return o;
}

function array(v: unknown, path: string, min = 1): unknown[] {
  if (!Array.isArray(v) || v.length < min) fail(path, 'expected_array');
  return v;
}

function string(v: unknown, path: string): string {
  if (typeof v !== 'string') fail(path, 'expected_string');
  return v;
}

function integer(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) fail(path, 'expected_integer');
  return v;
}

function iriOf(v: unknown, path: string): string {
  return string(object(v, path, { required: ['@id'] })['@id'], `${path}/@id`);
}

function literal(v: unknown, path: string, type: string): string {
  const o = object(v, path, { required: ['@value', '@type'] });
  if (o['@type'] !== type) fail(`${path}/@type`, `expected_${type}`);
  return string(o['@value'], `${path}/@value`);
}

function prefixed(v: unknown, path: string, prefix: string, allowed: readonly string[]): string {
  const id = iriOf(v, path);
  const name = id.startsWith(prefix) ? id.slice(prefix.length) : undefined;
  if (name === undefined || !allowed.includes(name)) fail(`${path}/@id`, 'unknown_value');
  return name;
}

function suffix(id: string, prefix: string, pattern: RegExp, path: string): string {
  const rest = id.startsWith(prefix) ? id.slice(prefix.length) : '';
  if (!pattern.test(rest)) fail(path, 'unexpected_iri');
  return rest;
}

function double(v: unknown, path: string): number {
  const s = literal(v, path, 'xsd:double');
  const n = Number(s);
  // One spelling per value: the one toOdrl writes (ECMAScript Number::toString).
  if (!Number.isFinite(n) || String(n) !== s) fail(`${path}/@value`, 'expected_double');
  return n;
}

function constraint(v: unknown, path: string, optional: string[] = []): { left: string; op: string; right: unknown; o: Json } {
  const o = object(v, path, { required: ['leftOperand', 'operator', 'rightOperand'], optional });
  return { left: string(o.leftOperand, `${path}/leftOperand`), op: string(o.operator, `${path}/operator`), right: o.rightOperand, o };
}

function expectOperator(c: { op: string }, op: string, path: string): void {
  if (c.op !== op) fail(`${path}/operator`, `expected_${op}`);
}

interface Shared {
  scenario?: string;
  from?: string;
  until?: string;
  modes?: ComputationMode[];
  minSubjects?: number;
  epsilonTotal?: number;
  epsilonPerQuery?: number;
  total?: number;
  perDay?: number;
  perMonth?: number;
}

function read(json: unknown): unknown {
  const doc = object(json, '', {
    required: ['@context', '@type', 'uid', 'profile', 'assigner', 'assignee', 'shuyun:usageCategory', 'permission'],
    optional: ['shuyun:agreementHash', 'prohibition', 'obligation'],
  });
  if (JSON.stringify(doc['@context']) !== JSON.stringify(shuyunOdrlContexts)) fail('/@context', 'unexpected_context');
  if (doc['@type'] !== 'Agreement') fail('/@type', 'expected_Agreement');
  if (doc.profile !== SHUYUN_ODRL_PROFILE) fail('/profile', 'unexpected_profile');
  const id = suffix(string(doc.uid, '/uid'), 'urn:shuyun:grant:', UUID, '/uid');
  const usage = prefixed(doc['shuyun:usageCategory'], '/shuyun:usageCategory', 'shuyun:', usageCategories);

  const targets = new Map<string, PolicyTarget>();
  const addFields = (resource: string, names: string[], control: ColumnControl, path: string) => {
    const t = targets.get(resource) ?? { resource, fields: [] };
    for (const name of names) {
      if (t.fields.some((f) => f.name === name)) fail(path, 'duplicate_field');
      t.fields.push({ name, control });
    }
    targets.set(resource, t);
  };

  let shared: Shared | undefined;
  let sharedKey = '';
  array(doc.permission, '/permission').forEach((rule, i) => {
    const path = `/permission/${i}`;
    const r = object(rule, path, { required: ['target', 'action', 'constraint'] });
    if (r.action !== 'use') fail(`${path}/action`, 'expected_use');
    const { resource, fields } = readTarget(r.target, `${path}/target`);
    let control: ColumnControl | undefined;
    const s: Shared = {};
    array(r.constraint, `${path}/constraint`).forEach((c, j) => {
      const cp = `${path}/constraint/${j}`;
      if (typeof c === 'object' && c !== null && (c as Json)['@type'] === 'LogicalConstraint') {
        readQuota(c, cp, s);
        return;
      }
      const k = constraint(c, cp);
      if (k.left === 'shuyun:columnControl') {
        expectOperator(k, 'eq', cp);
        if (control !== undefined) fail(cp, 'duplicate_constraint');
        control = prefixed(k.right, `${cp}/rightOperand`, 'shuyun:', columnControls) as ColumnControl;
        if (control === 'none') fail(`${cp}/rightOperand`, 'none_is_a_prohibition');
      } else readShared(k, cp, s);
    });
    if (control === undefined) fail(`${path}/constraint`, 'missing_columnControl');
    addFields(resource, fields, control, `${path}/target`);
    const key = JSON.stringify(s, Object.keys(s).sort());
    if (shared === undefined) {
      shared = s;
      sharedKey = key;
    } else if (key !== sharedKey) fail(`${path}/constraint`, 'rules_disagree');
  });

  if (doc.prohibition !== undefined) {
    array(doc.prohibition, '/prohibition').forEach((rule, i) => {
      const path = `/prohibition/${i}`;
      const r = object(rule, path, { required: ['target', 'action'] });
      if (r.action !== 'use') fail(`${path}/action`, 'expected_use');
      const { resource, fields } = readTarget(r.target, `${path}/target`);
      addFields(resource, fields, 'none', `${path}/target`);
    });
  }

  const s = shared as Shared;
  for (const k of ['scenario', 'from', 'until', 'modes', 'minSubjects'] as const) {
    if (s[k] === undefined) fail('/permission/0/constraint', `missing_${k}`);
  }
  let fee: Fee = { kind: 'free' };
  if (doc.obligation !== undefined) {
    const duties = array(doc.obligation, '/obligation');
    if (duties.length !== 1) fail('/obligation', 'expected_one_duty');
    fee = readFee(duties[0], '/obligation/0');
  }
  const quotas = { ...(s.total !== undefined ? { total: s.total } : {}), ...(s.perDay !== undefined ? { perDay: s.perDay } : {}), ...(s.perMonth !== undefined ? { perMonth: s.perMonth } : {}) };
  return {
    id,
    ...(doc['shuyun:agreementHash'] !== undefined ? { agreementHash: string(doc['shuyun:agreementHash'], '/shuyun:agreementHash') } : {}),
    assigner: readParty(doc.assigner, '/assigner'),
    assignee: readParty(doc.assignee, '/assignee'),
    purpose: { scenario: s.scenario, usage },
    term: { from: s.from, until: s.until },
    targets: [...targets.values()],
    modes: s.modes,
    minSubjects: s.minSubjects,
    ...(s.epsilonTotal !== undefined
      ? { privacyBudget: { epsilonTotal: s.epsilonTotal, ...(s.epsilonPerQuery !== undefined ? { epsilonPerQuery: s.epsilonPerQuery } : {}) } }
      : s.epsilonPerQuery !== undefined
        ? fail('/permission/0/constraint', 'epsilonPerQuery_without_epsilon')
        : {}),
    ...(Object.keys(quotas).length > 0 ? { quotas } : {}),
    fee,
  };
}

function readShared(k: { left: string; op: string; right: unknown }, path: string, s: Shared): void {
  const set = <K extends keyof Shared>(key: K, value: Shared[K]) => {
    if (s[key] !== undefined) fail(path, 'duplicate_constraint');
    s[key] = value;
  };
  const right = `${path}/rightOperand`;
  switch (k.left) {
    case 'purpose':
      expectOperator(k, 'eq', path);
      return set('scenario', suffix(iriOf(k.right, right), 'urn:shuyun:scenario:', /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, right));
    case 'dateTime':
      if (k.op === 'gteq') return set('from', literal(k.right, right, 'xsd:dateTime'));
      if (k.op === 'lt') return set('until', literal(k.right, right, 'xsd:dateTime'));
      return fail(`${path}/operator`, 'expected_gteq_or_lt');
    case 'shuyun:computationMode':
      expectOperator(k, 'isAnyOf', path);
      return set('modes', array(k.right, right).map((m, i) => prefixed(m, `${right}/${i}`, 'shuyun:', computationModes) as ComputationMode));
    case 'shuyun:minSubjects':
      expectOperator(k, 'gteq', path);
      return set('minSubjects', integer(k.right, right));
    case 'shuyun:epsilon':
      expectOperator(k, 'lteq', path);
      return set('epsilonTotal', double(k.right, right));
    case 'shuyun:epsilonPerQuery':
      expectOperator(k, 'lteq', path);
      return set('epsilonPerQuery', double(k.right, right));
    case 'count':
      expectOperator(k, 'lteq', path);
      return set('total', integer(k.right, right));
    default:
      return fail(`${path}/leftOperand`, 'unknown_leftOperand');
  }
}

function readQuota(c: unknown, path: string, s: Shared): void {
  const o = object(c, path, { required: ['@type', 'and'] });
  const list = array(object(o.and, `${path}/and`, { required: ['@list'] })['@list'], `${path}/and/@list`);
  if (list.length !== 2) fail(`${path}/and/@list`, 'expected_count_and_timeInterval');
  const count = constraint(list[0], `${path}/and/@list/0`);
  const interval = constraint(list[1], `${path}/and/@list/1`);
  if (count.left !== 'count') fail(`${path}/and/@list/0/leftOperand`, 'expected_count');
  expectOperator(count, 'lteq', `${path}/and/@list/0`);
  if (interval.left !== 'timeInterval') fail(`${path}/and/@list/1/leftOperand`, 'expected_timeInterval');
  expectOperator(interval, 'eq', `${path}/and/@list/1`);
  const duration = literal(interval.right, `${path}/and/@list/1/rightOperand`, 'xsd:duration');
  const key = duration === quotaIntervals.perDay ? 'perDay' : duration === quotaIntervals.perMonth ? 'perMonth' : undefined;
  if (!key) fail(`${path}/and/@list/1/rightOperand`, 'expected_P1D_or_P1M');
  if (s[key] !== undefined) fail(path, 'duplicate_constraint');
  s[key] = integer(count.right, `${path}/and/@list/0/rightOperand`);
}

function readTarget(v: unknown, path: string): { resource: string; fields: string[] } {
  const t = object(v, path, { required: ['@type', 'source', 'refinement'] });
  if (t['@type'] !== 'AssetCollection') fail(`${path}/@type`, 'expected_AssetCollection');
  const resource = suffix(string(t.source, `${path}/source`), 'urn:shuyun:resource:', /^[A-Z][A-Z0-9_-]{2,63}$/, `${path}/source`);
  const refinement = array(t.refinement, `${path}/refinement`);
  if (refinement.length !== 1) fail(`${path}/refinement`, 'expected_one_field_refinement');
  const k = constraint(refinement[0], `${path}/refinement/0`);
  if (k.left !== 'shuyun:field') fail(`${path}/refinement/0/leftOperand`, 'expected_shuyun:field');
  expectOperator(k, 'isAnyOf', `${path}/refinement/0`);
  const fields = array(k.right, `${path}/refinement/0/rightOperand`).map((f, i) => string(f, `${path}/refinement/0/rightOperand/${i}`));
  return { resource, fields };
}

function readParty(v: unknown, path: string): PolicyParty {
  const p = object(v, path, { required: ['@type', 'uid'], optional: ['shuyun:uscc'] });
  if (p['@type'] !== 'Party') fail(`${path}/@type`, 'expected_Party');
  const organizationId = suffix(string(p.uid, `${path}/uid`), 'urn:shuyun:organization:', UUID, `${path}/uid`);
  return { organizationId, ...(p['shuyun:uscc'] !== undefined ? { uscc: string(p['shuyun:uscc'], `${path}/shuyun:uscc`) } : {}) };
}

function readFee(v: unknown, path: string): Fee {
  const d = object(v, path, { required: ['action', 'shuyun:feeStandard', 'shuyun:feePer', 'shuyun:chargingMethod'] });
  const actions = array(d.action, `${path}/action`);
  if (actions.length !== 1) fail(`${path}/action`, 'expected_one_action');
  const a = object(actions[0], `${path}/action/0`, { required: ['rdf:value', 'refinement'] });
  if (iriOf(a['rdf:value'], `${path}/action/0/rdf:value`) !== 'odrl:compensate') fail(`${path}/action/0/rdf:value`, 'expected_compensate');
  const refinement = array(a.refinement, `${path}/action/0/refinement`);
  if (refinement.length !== 1) fail(`${path}/action/0/refinement`, 'expected_payAmount');
  const rp = `${path}/action/0/refinement/0`;
  const k = constraint(refinement[0], rp, ['unit']);
  if (k.left !== 'payAmount') fail(`${rp}/leftOperand`, 'expected_payAmount');
  expectOperator(k, 'eq', rp);
  if (iriOf(k.o.unit, `${rp}/unit`) !== CNY_UNIT_IRI) fail(`${rp}/unit`, 'expected_CNY');
  const per = prefixed(d['shuyun:feePer'], `${path}/shuyun:feePer`, 'shuyun:per_', feePeriods) as Extract<Fee, { kind: 'charged' }>['per'];
  return {
    kind: 'charged',
    standard: string(d['shuyun:feeStandard'], `${path}/shuyun:feeStandard`),
    amount: literal(k.right, `${rp}/rightOperand`, 'xsd:decimal'),
    currency: 'CNY',
    per,
    chargingMethod: prefixed(d['shuyun:chargingMethod'], `${path}/shuyun:chargingMethod`, 'shuyun:', chargingMethods) as Extract<Fee, { kind: 'charged' }>['chargingMethod'],
  };
}
