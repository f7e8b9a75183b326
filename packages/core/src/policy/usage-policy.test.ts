import { describe, expect, it } from 'vitest';
import { errorCatalogue } from '../errors/catalogue.ts';
import { fixturePolicy } from './policy.fixtures.ts';
import {
  checkPolicyAllows,
  columnControlOf,
  normalizeUsagePolicy,
  parseUsagePolicy,
  policyRefusals,
  policyTermFromDates,
  usagePolicySchema,
  type UsagePolicy,
} from './usage-policy.ts';

const issuesOf = (p: unknown) => {
  const r = usagePolicySchema.safeParse(p);
  return r.success ? [] : r.error.issues.map((i) => i.path.join('/'));
};

describe('the usage policy model', () => {
  it('accepts the fixture and normalizes its order', () => {
    const p = parseUsagePolicy(fixturePolicy());
    expect(p.targets.map((t) => t.resource)).toEqual(['HLT-CLINIC-LICENSE', 'MKT-ENTERPRISE-REG']);
    expect(p.targets[1]?.fields.map((f) => f.name)).toEqual(['district', 'founded_on', 'industry_code', 'legal_rep_id', 'registered_capital', 'uscc']);
    expect(p.modes).toEqual(['governed_query', 'psi', 'export']);
    expect(normalizeUsagePolicy(p)).toEqual(p);
  });

  it('is free for public-interest use and carries a fee standard for industry use (Art. 37)', () => {
    expect(issuesOf({ ...fixturePolicy(), purpose: { scenario: 'x', usage: 'public_interest' } })).toEqual(['fee']);
    expect(issuesOf({ ...fixturePolicy(), fee: { kind: 'free' } })).toEqual(['fee']);
    expect(issuesOf({ ...fixturePolicy(), purpose: { scenario: 'x', usage: 'public_interest' }, fee: { kind: 'free' } })).toEqual([]);
  });

  it('refuses inconsistent terms', () => {
    const p = fixturePolicy();
    expect(issuesOf({ ...p, term: { from: p.term.until, until: p.term.from } })).toEqual(['term/until']);
    expect(issuesOf({ ...p, privacyBudget: { epsilonTotal: 1, epsilonPerQuery: 2 } })).toEqual(['privacyBudget/epsilonPerQuery']);
    expect(issuesOf({ ...p, modes: ['psi', 'psi'] })).toEqual(['modes']);
    expect(issuesOf({ ...p, targets: [...p.targets, p.targets[0]] })).toEqual(['targets/2/resource']);
    expect(issuesOf({ ...p, targets: [{ resource: 'ABC', fields: [{ name: 'a', control: 'none' }] }] })).toEqual(['targets/0/fields']);
    expect(issuesOf({ ...p, term: { from: '2026-04-01', until: '2027-04-01' } })).toEqual(['term/from', 'term/until']);
    expect(issuesOf({ ...p, extra: true })).toEqual(['']);
  });

  it('turns agreement dates (both days included, Beijing time) into a half-open term', () => {
    expect(policyTermFromDates('2026-04-01', '2027-03-31')).toEqual({ from: '2026-04-01T00:00:00+08:00', until: '2027-04-01T00:00:00+08:00' });
    expect(policyTermFromDates('2026-01-01', '2028-02-29').until).toBe('2028-03-01T00:00:00+08:00');
    expect(() => policyTermFromDates('2026-02-30', '2026-03-01')).toThrow(RangeError);
  });
});

describe('checkPolicyAllows', () => {
  const p: UsagePolicy = parseUsagePolicy(fixturePolicy());
  const at = '2026-06-01T10:00:00+08:00';

  it('allows a request within the grant', () => {
    expect(
      checkPolicyAllows(p, { mode: 'governed_query', at, resources: [{ resource: 'MKT-ENTERPRISE-REG', fields: ['registered_capital', 'industry_code'] }], scenario: 'inclusive-finance.credit' }),
    ).toEqual({ allowed: true });
    expect(checkPolicyAllows(p, { mode: 'psi', at: new Date(at) })).toEqual({ allowed: true });
  });

  it('refuses before the term and from its end on (the end is exclusive)', () => {
    expect(checkPolicyAllows(p, { mode: 'psi', at: '2026-03-31T23:59:59.999+08:00' })).toEqual({ allowed: false, reason: 'not_yet_valid', code: 'GRANT_NOT_IN_FORCE' });
    expect(checkPolicyAllows(p, { mode: 'psi', at: '2026-04-01T00:00:00+08:00' }).allowed).toBe(true);
    expect(checkPolicyAllows(p, { mode: 'psi', at: '2027-03-31T23:59:59.999+08:00' }).allowed).toBe(true);
    expect(checkPolicyAllows(p, { mode: 'psi', at: '2027-03-31T16:00:00Z' })).toEqual({ allowed: false, reason: 'expired', code: 'GRANT_NOT_IN_FORCE' });
  });

  it('refuses a mode, resource or field not granted, and an undeclared scenario', () => {
    expect(checkPolicyAllows(p, { mode: 'approved_job', at })).toMatchObject({ reason: 'mode_not_permitted', code: 'GRANT_MODE_NOT_PERMITTED' });
    expect(checkPolicyAllows(p, { mode: 'psi', at, resources: [{ resource: 'SOC-PENSION', fields: ['x'] }] })).toMatchObject({ reason: 'resource_not_granted', resource: 'SOC-PENSION' });
    expect(checkPolicyAllows(p, { mode: 'psi', at, resources: [{ resource: 'MKT-ENTERPRISE-REG', fields: ['uscc', 'phone'] }] })).toMatchObject({ reason: 'field_not_granted', code: 'GRANT_FIELD_NOT_GRANTED', field: 'phone' });
    // a field listed with control none is not granted
    expect(checkPolicyAllows(p, { mode: 'psi', at, resources: [{ resource: 'MKT-ENTERPRISE-REG', fields: ['legal_rep_id'] }] })).toMatchObject({ reason: 'field_not_granted', field: 'legal_rep_id' });
    expect(checkPolicyAllows(p, { mode: 'psi', at, scenario: 'marketing' })).toMatchObject({ reason: 'purpose_mismatch' });
  });

  it('checks the term first: an expired grant is expired whatever else is wrong', () => {
    expect(checkPolicyAllows(p, { mode: 'approved_job', at: '2030-01-01T00:00:00Z', resources: [{ resource: 'NOPE', fields: ['x'] }] })).toMatchObject({ reason: 'expired' });
  });

  it('enforces call quotas and the privacy budget when the caller reports usage', () => {
    expect(checkPolicyAllows(p, { mode: 'psi', at, callsUsed: { total: 99_999, today: 999, thisMonth: 19_999 } }).allowed).toBe(true);
    expect(checkPolicyAllows(p, { mode: 'psi', at, callsUsed: { today: 1000 } })).toMatchObject({ reason: 'quota_exhausted', code: 'GRANT_QUOTA_EXHAUSTED' });
    expect(checkPolicyAllows(p, { mode: 'psi', at, callsUsed: { thisMonth: 20_000 } })).toMatchObject({ reason: 'quota_exhausted' });
    expect(checkPolicyAllows(p, { mode: 'governed_query', at, epsilon: 0.5, epsilonSpent: 4.5 }).allowed).toBe(true);
    expect(checkPolicyAllows(p, { mode: 'governed_query', at, epsilon: 0.6 })).toMatchObject({ reason: 'budget_exhausted' });
    expect(checkPolicyAllows(p, { mode: 'governed_query', at, epsilon: 0.1, epsilonSpent: 4.95 })).toMatchObject({ reason: 'budget_exhausted' });
    // ten steps of 0.1 reach a total of 1 exactly, despite binary floating point
    const small = parseUsagePolicy({ ...fixturePolicy(), privacyBudget: { epsilonTotal: 1 } });
    let spent = 0;
    for (let i = 0; i < 10; i++) {
      expect(checkPolicyAllows(small, { mode: 'governed_query', at, epsilon: 0.1, epsilonSpent: spent }).allowed).toBe(true);
      spent += 0.1;
    }
    expect(checkPolicyAllows(small, { mode: 'governed_query', at, epsilon: 0.1, epsilonSpent: spent }).allowed).toBe(false);
    const noBudget = parseUsagePolicy({ ...fixturePolicy(), privacyBudget: undefined });
    expect(checkPolicyAllows(noBudget, { mode: 'governed_query', at, epsilon: 0.1 })).toMatchObject({ reason: 'budget_exhausted' });
  });

  it('reports every refusal with a catalogue code', () => {
    for (const code of Object.values(policyRefusals)) expect(errorCatalogue[code].status).toBeGreaterThanOrEqual(400);
  });

  it('tells the column control of a field', () => {
    expect(columnControlOf(p, 'MKT-ENTERPRISE-REG', 'uscc')).toBe('join_key_only');
    expect(columnControlOf(p, 'MKT-ENTERPRISE-REG', 'nope')).toBe('none');
    expect(columnControlOf(p, 'NOPE', 'uscc')).toBe('none');
  });
});
