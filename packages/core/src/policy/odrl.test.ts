import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors/catalogue.ts';
import { fixturePolicy } from './policy.fixtures.ts';
import { fromOdrl, SHUYUN_ODRL_PROFILE, toOdrl, type OdrlAgreement } from './odrl.ts';
import { normalizeUsagePolicy, parseUsagePolicy, type UsagePolicy } from './usage-policy.ts';

function odrlError(json: unknown): DomainError {
  try {
    fromOdrl(json);
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected POLICY_ODRL_INVALID');
}

const mutate = (f: (o: any) => void): unknown => {
  const o = structuredClone(toOdrl(fixturePolicy()));
  f(o);
  return o;
};

describe('toOdrl', () => {
  const odrl = toOdrl(fixturePolicy());

  it('writes an ODRL 2.2 Agreement under the Shuyun profile', () => {
    expect(odrl['@context']).toEqual(['http://www.w3.org/ns/odrl.jsonld', { shuyun: 'https://shuyun.futian.gov.cn/odrl/profile/v1#' }]);
    expect(odrl['@type']).toBe('Agreement');
    expect(odrl.uid).toBe('urn:shuyun:grant:6b1f95b8-c074-4275-b01d-8092a3b4c5d6');
    expect(odrl.profile).toBe(SHUYUN_ODRL_PROFILE);
    expect(odrl.assigner.uid).toBe('urn:shuyun:organization:0b7a3f52-6a1e-4c1f-9a57-2a3c4d5e6f70');
    expect(odrl.assignee.uid).toBe('urn:shuyun:organization:4fbe7396-ae52-4053-9e9b-6e708192a3b4');
  });

  it('has one permission per resource and column control, with the shared constraints on each', () => {
    // HLT: plaintext, join payload; MKT: group by, aggregate, compare, join key (legal_rep_id is a prohibition)
    expect(odrl.permission).toHaveLength(6);
    const first = odrl.permission[0];
    expect(first?.target).toEqual({
      '@type': 'AssetCollection',
      source: 'urn:shuyun:resource:HLT-CLINIC-LICENSE',
      refinement: [{ leftOperand: 'shuyun:field', operator: 'isAnyOf', rightOperand: ['licence_status'] }],
    });
    expect(first?.constraint).toEqual([
      { leftOperand: 'shuyun:columnControl', operator: 'eq', rightOperand: { '@id': 'shuyun:plaintext' } },
      { leftOperand: 'purpose', operator: 'eq', rightOperand: { '@id': 'urn:shuyun:scenario:inclusive-finance.credit' } },
      { leftOperand: 'dateTime', operator: 'gteq', rightOperand: { '@value': '2026-04-01T00:00:00+08:00', '@type': 'xsd:dateTime' } },
      { leftOperand: 'dateTime', operator: 'lt', rightOperand: { '@value': '2027-04-01T00:00:00+08:00', '@type': 'xsd:dateTime' } },
      { leftOperand: 'shuyun:computationMode', operator: 'isAnyOf', rightOperand: [{ '@id': 'shuyun:governed_query' }, { '@id': 'shuyun:psi' }, { '@id': 'shuyun:export' }] },
      { leftOperand: 'shuyun:minSubjects', operator: 'gteq', rightOperand: 10 },
      { leftOperand: 'shuyun:epsilon', operator: 'lteq', rightOperand: { '@value': '5', '@type': 'xsd:double' } },
      { leftOperand: 'shuyun:epsilonPerQuery', operator: 'lteq', rightOperand: { '@value': '0.5', '@type': 'xsd:double' } },
      { leftOperand: 'count', operator: 'lteq', rightOperand: 100000 },
      {
        '@type': 'LogicalConstraint',
        and: { '@list': [{ leftOperand: 'count', operator: 'lteq', rightOperand: 1000 }, { leftOperand: 'timeInterval', operator: 'eq', rightOperand: { '@value': 'P1D', '@type': 'xsd:duration' } }] },
      },
      {
        '@type': 'LogicalConstraint',
        and: { '@list': [{ leftOperand: 'count', operator: 'lteq', rightOperand: 20000 }, { leftOperand: 'timeInterval', operator: 'eq', rightOperand: { '@value': 'P1M', '@type': 'xsd:duration' } }] },
      },
    ]);
    const mkt = odrl.permission.filter((r) => r.target.source === 'urn:shuyun:resource:MKT-ENTERPRISE-REG');
    expect(mkt.map((r) => [(r.constraint?.[0] as { rightOperand: { '@id': string } }).rightOperand['@id'], r.target.refinement[0]?.rightOperand])).toEqual([
      ['shuyun:plaintext_after_aggregate', ['registered_capital']],
      ['shuyun:plaintext_after_group_by', ['district', 'industry_code']],
      ['shuyun:plaintext_after_compare', ['founded_on']],
      ['shuyun:join_key_only', ['uscc']],
    ]);
  });

  it('writes fields with control none as a prohibition and the fee as a compensate obligation', () => {
    expect(odrl.prohibition).toEqual([
      {
        target: { '@type': 'AssetCollection', source: 'urn:shuyun:resource:MKT-ENTERPRISE-REG', refinement: [{ leftOperand: 'shuyun:field', operator: 'isAnyOf', rightOperand: ['legal_rep_id'] }] },
        action: 'use',
      },
    ]);
    expect(odrl.obligation).toEqual([
      {
        action: [
          {
            'rdf:value': { '@id': 'odrl:compensate' },
            refinement: [{ leftOperand: 'payAmount', operator: 'eq', rightOperand: { '@value': '0.20', '@type': 'xsd:decimal' }, unit: { '@id': 'http://dbpedia.org/resource/Renminbi' } }],
          },
        ],
        'shuyun:feeStandard': 'FT-PRICE-2026-01',
        'shuyun:feePer': { '@id': 'shuyun:per_call' },
        'shuyun:chargingMethod': { '@id': 'shuyun:postpaid' },
      },
    ]);
    const free = toOdrl({ ...fixturePolicy(), purpose: { scenario: 'city.flood', usage: 'public_interest' }, fee: { kind: 'free' } });
    expect(free.obligation).toBeUndefined();
    expect(free['shuyun:usageCategory']).toEqual({ '@id': 'shuyun:public_interest' });
  });

  it('refuses an invalid policy', () => {
    expect(() => toOdrl({ ...fixturePolicy(), modes: [] })).toThrow();
  });
});

describe('fromOdrl', () => {
  it('round-trips: fromOdrl(toOdrl(p)) equals p normalized', () => {
    const p = fixturePolicy();
    expect(fromOdrl(toOdrl(p))).toEqual(normalizeUsagePolicy(p));
    const normalized = parseUsagePolicy(p);
    expect(fromOdrl(toOdrl(normalized))).toEqual(normalized);
    expect(toOdrl(fromOdrl(toOdrl(p)))).toEqual(toOdrl(p));
  });

  it('round-trips through JSON text and the minimal policy (free, no budget, no quotas, no agreement, no prohibition)', () => {
    const minimal: UsagePolicy = {
      id: '7c20a6c9-d185-4386-a12e-91a3b4c5d6e7',
      assigner: { organizationId: '0b7a3f52-6a1e-4c1f-9a57-2a3c4d5e6f70' },
      assignee: { organizationId: '3ead6285-9d41-4f42-8d8a-5d6f708192a3' },
      purpose: { scenario: 'city.flood', usage: 'public_interest' },
      term: { from: '2026-01-01T00:00:00Z', until: '2026-07-01T00:00:00Z' },
      targets: [{ resource: 'WTR-RAINFALL', fields: [{ name: 'mm', control: 'plaintext' }] }],
      modes: ['product_api'],
      minSubjects: 1,
      fee: { kind: 'free' },
    };
    const back = fromOdrl(JSON.parse(JSON.stringify(toOdrl(minimal))));
    expect(back).toEqual(minimal);
    expect(Object.keys(back)).not.toContain('privacyBudget');
    expect(Object.keys(back)).not.toContain('quotas');
  });

  it('keeps odd ε values exactly', () => {
    const p = { ...fixturePolicy(), privacyBudget: { epsilonTotal: 0.30000000000000004, epsilonPerQuery: 1e-7 } };
    expect(fromOdrl(toOdrl(p)).privacyBudget).toEqual(p.privacyBudget);
  });

  describe('fails closed', () => {
    const cases: Array<[string, unknown, string]> = [
      ['another context', mutate((o) => (o['@context'] = 'http://www.w3.org/ns/odrl.jsonld')), '/@context'],
      ['an Offer', mutate((o) => (o['@type'] = 'Offer')), '/@type'],
      ['another profile', mutate((o) => (o.profile = 'https://example.org/profile')), '/profile'],
      ['an unknown left operand', mutate((o) => o.permission[0].constraint.push({ leftOperand: 'spatial', operator: 'eq', rightOperand: 'CN' })), '/permission/0/constraint/11/leftOperand'],
      ['an unknown property', mutate((o) => (o.permission[1].duty = [])), '/permission/1/duty'],
      ['an unknown column control', mutate((o) => (o.permission[0].constraint[0].rightOperand = { '@id': 'shuyun:encrypted_only' })), '/permission/0/constraint/0/rightOperand/@id'],
      ['rules that disagree on the term', mutate((o) => (o.permission[2].constraint[3].rightOperand['@value'] = '2030-01-01T00:00:00+08:00')), '/permission/2/constraint'],
      ['a permission without column control', mutate((o) => o.permission[0].constraint.shift()), '/permission/0/constraint'],
      ['a field in two rules', mutate((o) => o.prohibition[0].target.refinement[0].rightOperand.push('uscc')), '/prohibition/0/target'],
      ['a wrong operator', mutate((o) => (o.permission[0].constraint[5].operator = 'lteq')), '/permission/0/constraint/5/operator'],
      ['an ε spelled differently', mutate((o) => (o.permission[0].constraint[6].rightOperand['@value'] = '5.0')), '/permission/0/constraint/6/rightOperand/@value'],
      ['a fee in another currency', mutate((o) => (o.obligation[0].action[0].refinement[0].unit = { '@id': 'http://dbpedia.org/resource/Euro' })), '/obligation/0/action/0/refinement/0/unit'],
      ['a duplicated constraint', mutate((o) => o.permission[0].constraint.push(o.permission[0].constraint[5])), '/permission/0/constraint/11'],
      ['not an object', 'policy', ''],
    ];
    it.each(cases)('%s', (_name, json, path) => {
      const e = odrlError(json);
      expect(e.code).toBe('POLICY_ODRL_INVALID');
      expect(e.details?.[0]?.path).toBe(path);
    });

    it('refuses what the model refuses (a paid public-interest grant)', () => {
      const e = odrlError(mutate((o) => (o['shuyun:usageCategory'] = { '@id': 'shuyun:public_interest' })));
      expect(e.details?.map((d) => d.path)).toEqual(['/fee']);
    });
  });
});

// Keep the exported type honest: what toOdrl returns is an OdrlAgreement.
const _typed: OdrlAgreement = toOdrl(fixturePolicy());
void _typed;
