// The grant's ODRL policy is JSON-LD: it expands, with every term it uses defined (jsonld's safe mode refuses any
// term it would otherwise drop silently), and the profile's terms land in the profile namespace. No network: the
// ODRL context is served from the local copy below.
import jsonld from 'jsonld';
import { describe, expect, it } from 'vitest';
import { fixturePolicy } from './policy.fixtures.ts';
import { ODRL_CONTEXT_URL, SHUYUN_ODRL_NS, toOdrl } from './odrl.ts';

/**
 * The terms of the W3C ODRL 2.2 context (http://www.w3.org/ns/odrl.jsonld) that the Shuyun profile's serialization
 * uses, with the W3C definitions.
 */
const odrlContext = {
  '@context': {
    odrl: 'http://www.w3.org/ns/odrl/2/',
    rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
    xsd: 'http://www.w3.org/2001/XMLSchema#',
    uid: '@id',
    type: '@type',
    Agreement: 'odrl:Agreement',
    AssetCollection: 'odrl:AssetCollection',
    Party: 'odrl:Party',
    LogicalConstraint: 'odrl:LogicalConstraint',
    profile: { '@type': '@id', '@id': 'odrl:profile' },
    target: { '@type': '@id', '@id': 'odrl:target' },
    source: { '@type': '@id', '@id': 'odrl:source' },
    assignee: { '@type': '@id', '@id': 'odrl:assignee' },
    assigner: { '@type': '@id', '@id': 'odrl:assigner' },
    action: { '@type': '@vocab', '@id': 'odrl:action' },
    permission: { '@type': '@id', '@id': 'odrl:permission' },
    prohibition: { '@type': '@id', '@id': 'odrl:prohibition' },
    obligation: { '@type': '@id', '@id': 'odrl:obligation' },
    constraint: { '@type': '@id', '@id': 'odrl:constraint' },
    refinement: { '@type': '@id', '@id': 'odrl:refinement' },
    operator: { '@type': '@vocab', '@id': 'odrl:operator' },
    leftOperand: { '@type': '@vocab', '@id': 'odrl:leftOperand' },
    rightOperand: 'odrl:rightOperand',
    unit: 'odrl:unit',
    and: { '@type': '@id', '@id': 'odrl:and' },
    use: 'odrl:use',
    compensate: 'odrl:compensate',
    count: 'odrl:count',
    dateTime: 'odrl:dateTime',
    payAmount: 'odrl:payAmount',
    purpose: 'odrl:purpose',
    timeInterval: 'odrl:timeInterval',
    eq: 'odrl:eq',
    gteq: 'odrl:gteq',
    lt: 'odrl:lt',
    lteq: 'odrl:lteq',
    isAnyOf: 'odrl:isAnyOf',
  },
};

const documentLoader = async (url: string) => {
  if (url !== ODRL_CONTEXT_URL) throw new Error(`no network in tests: ${url}`);
  return { contextUrl: undefined, documentUrl: url, document: odrlContext };
};

const ODRL = 'http://www.w3.org/ns/odrl/2/';

describe('the ODRL policy as JSON-LD', () => {
  it('expands without error, losing no term', async () => {
    const doc = toOdrl(fixturePolicy());
    const expanded = await jsonld.expand(JSON.parse(JSON.stringify(doc)), { documentLoader, safe: true } as jsonld.Options.Expand);
    expect(expanded).toHaveLength(1);
    const policy = expanded[0] as Record<string, any>;
    expect(policy['@id']).toBe('urn:shuyun:grant:6b1f95b8-c074-4275-b01d-8092a3b4c5d6');
    expect(policy['@type']).toEqual([`${ODRL}Agreement`]);
    expect(policy[`${ODRL}profile`]).toEqual([{ '@id': 'https://shuyun.futian.gov.cn/odrl/profile/v1' }]);
    expect(policy[`${ODRL}permission`]).toHaveLength(6);
    expect(policy[`${ODRL}prohibition`]).toHaveLength(1);
    expect(policy[`${SHUYUN_ODRL_NS}usageCategory`]).toEqual([{ '@id': `${SHUYUN_ODRL_NS}industry` }]);

    const permission = policy[`${ODRL}permission`][0];
    expect(permission[`${ODRL}action`]).toEqual([{ '@id': `${ODRL}use` }]);
    expect(permission[`${ODRL}target`][0][`${ODRL}source`]).toEqual([{ '@id': 'urn:shuyun:resource:HLT-CLINIC-LICENSE' }]);
    const constraints = permission[`${ODRL}constraint`] as Array<Record<string, any>>;
    const left = constraints.map((c) => c[`${ODRL}leftOperand`]?.[0]?.['@id']);
    expect(left).toEqual(
      expect.arrayContaining([
        `${SHUYUN_ODRL_NS}columnControl`,
        `${ODRL}purpose`,
        `${ODRL}dateTime`,
        `${SHUYUN_ODRL_NS}computationMode`,
        `${SHUYUN_ODRL_NS}minSubjects`,
        `${SHUYUN_ODRL_NS}epsilon`,
        `${ODRL}count`,
      ]),
    );
    const columnControl = constraints.find((c) => c[`${ODRL}leftOperand`]?.[0]?.['@id'] === `${SHUYUN_ODRL_NS}columnControl`);
    expect(columnControl?.[`${ODRL}operator`]).toEqual([{ '@id': `${ODRL}eq` }]);
    expect(columnControl?.[`${ODRL}rightOperand`]).toEqual([{ '@id': `${SHUYUN_ODRL_NS}plaintext` }]);
    const from = constraints.find((c) => c[`${ODRL}operator`]?.[0]?.['@id'] === `${ODRL}gteq` && c[`${ODRL}leftOperand`][0]['@id'] === `${ODRL}dateTime`);
    expect(from?.[`${ODRL}rightOperand`]).toEqual([{ '@value': '2026-04-01T00:00:00+08:00', '@type': 'http://www.w3.org/2001/XMLSchema#dateTime' }]);

    const duty = policy[`${ODRL}obligation`][0];
    const pay = duty[`${ODRL}action`][0];
    expect(pay['http://www.w3.org/1999/02/22-rdf-syntax-ns#value']).toEqual([{ '@id': `${ODRL}compensate` }]);
    expect(pay[`${ODRL}refinement`][0][`${ODRL}unit`]).toEqual([{ '@id': 'http://dbpedia.org/resource/Renminbi' }]);
  });

  it('yields RDF quads (it is linked data, not only JSON)', async () => {
    const quads = (await jsonld.toRDF(JSON.parse(JSON.stringify(toOdrl(fixturePolicy()))), { documentLoader, format: 'application/n-quads', safe: true } as jsonld.Options.ToRdf)) as unknown as string;
    expect(quads).toContain('<urn:shuyun:grant:6b1f95b8-c074-4275-b01d-8092a3b4c5d6> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/ns/odrl/2/Agreement>');
    expect(quads).toContain(`<${SHUYUN_ODRL_NS}minSubjects>`);
  });

  it('would have caught an undefined term (safe mode is on)', async () => {
    const doc = { ...JSON.parse(JSON.stringify(toOdrl(fixturePolicy()))), undefinedTerm: 1 };
    await expect(jsonld.expand(doc, { documentLoader, safe: true } as jsonld.Options.Expand)).rejects.toThrow();
  });
});
