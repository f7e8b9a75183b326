import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors/catalogue.ts';
import { generateSm2KeyPair } from '../ledger/sm2.ts';
import { encodeHex } from '../ledger/bytes.ts';
import { canonicalJson } from '../ledger/jcs.ts';
import { checkPolicyAllows, fromOdrl, toOdrl } from '../policy/index.ts';
import { fixtureParties, operatorAgreementInput, platformServiceAgreementInput, serviceAgreementInput } from './agreements.fixtures.ts';
import {
  agreementCanonicalBytes,
  agreementHash,
  agreementSignatureStatus,
  agreementSigningMessage,
  agreementStateAt,
  buildAgreement,
  buildAmendment,
  changedClauseKeys,
  defaultUntil,
  grantPolicyFromAgreement,
  isAmendmentOf,
  signAgreementHash,
  verifyAgreementSignature,
  type AgreementDocument,
  type AgreementInput,
  type AgreementSignature,
} from './index.ts';

/** The same JSON value with every object's keys in reverse order. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).reverse().map((k) => [k, reverseKeys((value as Record<string, unknown>)[k])]));
  }
  return value;
}

function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
}

describe('agreement documents', () => {
  it('builds the operator agreement with the Art. 13 clauses, the parties and a default term of 2 years', () => {
    const doc = buildAgreement(operatorAgreementInput());
    expect(doc.title.zh).toBe('公共數據授權運營協議');
    expect(doc.parties.map((p) => [p.role, p.designation.zh, p.uscc])).toEqual([
      ['authority', '甲方', fixtureParties.authority.uscc],
      ['operator', '乙方', fixtureParties.operator.uscc],
    ]);
    // Art. 13: 授權主體和對象、授權內容、授權流程、授權應用范圍、授權期限、責任機制、監督機制、終止和撤銷機制、安全要求、不可抗力
    expect(doc.clauses.map((c) => c.key)).toEqual([
      'parties', 'authorized_content', 'authorization_process', 'application_scope', 'term', 'liability',
      'supervision', 'termination', 'security', 'force_majeure', 'entry_into_force',
    ]);
    expect(doc.clauses.map((c) => c.number)).toEqual(doc.clauses.map((_, i) => i + 1));
    expect(doc.term).toEqual({ from: '2026-03-01', until: '2028-02-29' });
    const text = JSON.stringify(doc.clauses);
    expect(text).toContain('自2026年3月1日起至2028年2月29日止');
    expect(text).toContain('from 1 March 2026 to 29 February 2028');
    expect(text).toContain('福田區授權運營目錄（第 3 版）所列數據資源');
    for (const c of doc.clauses) for (const p of c.paragraphs) expect(p.zh.length > 0 && p.en.length > 0).toBe(true);
  });

  it('ends a default term the day before the anniversary (29 February rolls over)', () => {
    expect(defaultUntil('2026-03-01', 2)).toBe('2028-02-29');
    expect(defaultUntil('2026-01-30', 2)).toBe('2028-01-29');
    expect(defaultUntil('2024-02-29', 2)).toBe('2026-02-28');
  });

  it('builds the tripartite service agreement with the Art. 19 clauses and numbered source departments', () => {
    const doc = buildAgreement(serviceAgreementInput());
    expect(doc.parties.map((p) => [p.role, p.designation.en])).toEqual([
      ['authority', 'Party A'],
      ['source_department', 'Party B1'],
      ['source_department', 'Party B2'],
      ['operator', 'Party C'],
      ['partner', 'Party D'],
    ]);
    expect(doc.parties[1]?.designation.zh).toBe('乙方一');
    // Art. 19: 應用場景、數據清單、數據調用方式、使用期限、數據計費標準和收費方式、責任及監督機制、保密條款
    expect(doc.clauses.map((c) => c.key)).toEqual([
      'parties', 'scenario', 'data_list', 'call_method', 'term', 'fee', 'liability_supervision', 'confidentiality', 'entry_into_force',
    ]);
    const dataList = doc.clauses.find((c) => c.key === 'data_list');
    expect(dataList?.paragraphs).toHaveLength(2);
    expect(dataList?.paragraphs[0]?.zh).toContain('registered_capital（聚合後明文）');
    expect(JSON.stringify(doc.clauses.find((c) => c.key === 'fee'))).toContain('CNY 0.20 per call');
    expect(doc.variables).toMatchObject({ scenario: { code: 'inclusive-finance.credit' }, minSubjects: 10 });
  });

  it('builds the platform service agreement (services, term, fees, entry and exit, rights and duties, confidentiality)', () => {
    const doc = buildAgreement(platformServiceAgreementInput());
    expect(doc.parties.map((p) => [p.role, p.designation.zh])).toEqual([
      ['operator', '甲方'],
      ['partner', '乙方'],
    ]);
    expect(doc.clauses.map((c) => c.key)).toEqual(['parties', 'services', 'term', 'fees', 'entry_exit', 'rights_duties', 'confidentiality', 'entry_into_force']);
    // a partner without an English name is called by its Chinese name in the English text
    expect(doc.clauses[0]?.paragraphs[2]?.en).toContain(fixtureParties.partner.nameZh);
  });

  it('places agreed additional clauses before the final clause', () => {
    const doc = buildAgreement({
      ...platformServiceAgreementInput(),
      additionalClauses: [{ title: { zh: '爭議解決', en: 'Disputes' }, text: { zh: '協商解決。', en: 'Settled by consultation.' } }],
    });
    expect(doc.clauses.slice(-2).map((c) => c.key)).toEqual(['additional_1', 'entry_into_force']);
  });

  describe('requires every party role of the kind', () => {
    const cases: Array<[string, AgreementInput, string]> = [
      ['operator agreement without the authority', { ...operatorAgreementInput(), parties: [fixtureParties.operator, fixtureParties.partner] }, 'missing_authority'],
      ['operator agreement without the operator', { ...operatorAgreementInput(), parties: [fixtureParties.authority, fixtureParties.health] }, 'missing_operator'],
      [
        'service agreement without a source department',
        { ...serviceAgreementInput(), parties: [fixtureParties.authority, fixtureParties.operator, fixtureParties.partner] },
        'missing_source_department',
      ],
      [
        'service agreement without the authority',
        { ...serviceAgreementInput(), parties: [fixtureParties.health, fixtureParties.market, fixtureParties.partner] },
        'missing_authority',
      ],
      [
        'service agreement without operator or partner',
        { ...serviceAgreementInput(), parties: [fixtureParties.authority, fixtureParties.health, fixtureParties.market] },
        'missing_grantee',
      ],
      ['platform agreement without the partner', { ...platformServiceAgreementInput(), parties: [fixtureParties.operator, fixtureParties.authority] }, 'missing_partner'],
      ['platform agreement without the operator', { ...platformServiceAgreementInput(), parties: [fixtureParties.partner, fixtureParties.authority] }, 'missing_operator'],
      [
        'two operators',
        { ...operatorAgreementInput(), parties: [fixtureParties.authority, fixtureParties.operator, { ...fixtureParties.partner, role: 'operator' }] },
        'too_many_operator',
      ],
    ];
    it.each(cases)('%s', (_name, input, reason) => {
      const e = refusal(() => buildAgreement(input));
      expect(e.code).toBe('AGREEMENT_PARTIES_INVALID');
      expect(e.details?.map((d) => d.reason)).toContain(reason);
    });

    it('refuses the same organization twice and a role the kind does not take', () => {
      const twice = refusal(() => buildAgreement({ ...operatorAgreementInput(), parties: [fixtureParties.authority, fixtureParties.operator, fixtureParties.operator] }));
      expect(twice.details?.map((d) => d.reason)).toContain('duplicate_party');
      const extra = refusal(() => buildAgreement({ ...platformServiceAgreementInput(), parties: [fixtureParties.operator, fixtureParties.partner, fixtureParties.authority] }));
      expect(extra.details?.map((d) => d.reason)).toContain('role_not_allowed_authority');
    });

    it('refuses an invalid unified social credit code', () => {
      const e = refusal(() => buildAgreement({ ...operatorAgreementInput(), parties: [fixtureParties.authority, { ...fixtureParties.operator, uscc: '91440304MA5D00040X' }] }));
      expect(e.code).toBe('AGREEMENT_PARTIES_INVALID');
    });
  });

  it('keeps the data list, the source departments and the fee consistent', () => {
    const input = serviceAgreementInput();
    const stranger = refusal(() =>
      buildAgreement({ ...input, dataList: input.dataList.map((d) => ({ ...d, sourceDepartmentId: fixtureParties.operator.organizationId })) }),
    );
    expect(stranger.code).toBe('AGREEMENT_TERMS_INVALID');
    expect(stranger.details?.map((d) => d.reason)).toEqual(expect.arrayContaining(['not_a_party', 'supplies_nothing']));
    const freeIndustry = refusal(() => buildAgreement({ ...input, fee: { kind: 'free' } }));
    expect(freeIndustry.details?.map((d) => d.path)).toContain('/fee');
    const noEnd = refusal(() => buildAgreement({ ...input, term: { from: '2026-04-01' } }));
    expect(noEnd.details?.map((d) => d.path)).toContain('/term/until');
    const backwards = refusal(() => buildAgreement({ ...input, term: { from: '2026-04-01', until: '2026-03-31' } }));
    expect(backwards.code).toBe('AGREEMENT_TERMS_INVALID');
  });
});

describe('canonical bytes and the agreement hash', () => {
  it('is SM3 over RFC 8785 bytes, as any SM3 implementation computes it', () => {
    const doc = buildAgreement(operatorAgreementInput());
    const bytes = agreementCanonicalBytes(doc);
    expect(new TextDecoder().decode(bytes)).toBe(canonicalJson(doc));
    expect(agreementHash(doc)).toMatch(/^[0-9a-f]{64}$/);
    expect(agreementHash(doc)).toBe(createHash('sm3').update(bytes).digest('hex'));
  });

  it('is stable across key order', () => {
    const doc = buildAgreement(serviceAgreementInput());
    const reordered = reverseKeys(doc) as AgreementDocument;
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(doc));
    expect(agreementHash(reordered)).toBe(agreementHash(doc));
    // and across a round trip through storage
    expect(agreementHash(JSON.parse(JSON.stringify(doc)) as AgreementDocument)).toBe(agreementHash(doc));
  });

  it('changes when a clause changes', () => {
    const doc = buildAgreement(operatorAgreementInput());
    const tampered = structuredClone(doc);
    const clause = tampered.clauses.find((c) => c.key === 'term');
    if (!clause?.paragraphs[0]) throw new Error('no term clause');
    clause.paragraphs[0].zh = clause.paragraphs[0].zh.replace('2028年2月29日', '2029年2月28日');
    expect(agreementHash(tampered)).not.toBe(agreementHash(doc));
    // and when an input changes
    const longer = buildAgreement({ ...operatorAgreementInput(), term: { from: '2026-03-01', until: '2029-02-28' } });
    expect(agreementHash(longer)).not.toBe(agreementHash(doc));
  });
});

describe('SM2 signatures over the agreement hash', () => {
  const authorityKey = generateSm2KeyPair();
  const operatorKey = generateSm2KeyPair();

  it('verifies a signature with the signer key and no other', () => {
    const hash = agreementHash(buildAgreement(operatorAgreementInput()));
    const signature = signAgreementHash(hash, authorityKey.privateKey);
    expect(signature).toMatch(/^[0-9a-f]{128}$/);
    expect(verifyAgreementSignature(hash, signature, authorityKey.publicKey)).toBe(true);
    expect(verifyAgreementSignature(hash, signature, encodeHex(authorityKey.publicKey))).toBe(true);
    expect(verifyAgreementSignature(hash, signature, operatorKey.publicKey)).toBe(false);
    // the hex private key works too
    expect(verifyAgreementSignature(hash, signAgreementHash(hash, encodeHex(operatorKey.privateKey)), operatorKey.publicKey)).toBe(true);
  });

  it('signs a labelled message, not the bare hash', () => {
    const hash = 'ab'.repeat(32);
    expect(new TextDecoder().decode(agreementSigningMessage(hash))).toBe(`shuyun-agreement-signature/v1\n${hash}\n`);
    expect(() => agreementSigningMessage('AB'.repeat(32))).toThrow(RangeError);
  });

  it('fails verification of a signature over a tampered document', () => {
    const doc = buildAgreement(operatorAgreementInput());
    const signature = signAgreementHash(agreementHash(doc), operatorKey.privateKey);
    const tampered = structuredClone(doc);
    (tampered.clauses[5]?.paragraphs[0] as { zh: string }).zh += '甲方承擔全部責任。';
    expect(verifyAgreementSignature(agreementHash(tampered), signature, operatorKey.publicKey)).toBe(false);
    const otherParty = structuredClone(doc);
    (otherParty.parties[1] as { uscc: string }).uscc = fixtureParties.partner.uscc;
    expect(verifyAgreementSignature(agreementHash(otherParty), signature, operatorKey.publicKey)).toBe(false);
  });

  it('never throws on malformed input', () => {
    const hash = agreementHash(buildAgreement(operatorAgreementInput()));
    const signature = signAgreementHash(hash, authorityKey.privateKey);
    expect(verifyAgreementSignature(hash, 'zz', authorityKey.publicKey)).toBe(false);
    expect(verifyAgreementSignature(hash, signature.slice(0, 126), authorityKey.publicKey)).toBe(false);
    expect(verifyAgreementSignature(hash, signature, 'not a key')).toBe(false);
    expect(verifyAgreementSignature('not a hash', signature, authorityKey.publicKey)).toBe(false);
  });

  it('is in force only when every party has signed, within its term, and expires by itself', () => {
    const doc = buildAgreement(operatorAgreementInput());
    const hash = agreementHash(doc);
    const sign = (organizationId: string, key: typeof authorityKey, signedAt: string): AgreementSignature => ({
      organizationId,
      publicKey: encodeHex(key.publicKey),
      signature: signAgreementHash(hash, key.privateKey),
      signedAt,
    });
    const byAuthority = sign(fixtureParties.authority.organizationId, authorityKey, '2026-02-20T10:00:00+08:00');
    const byOperator = sign(fixtureParties.operator.organizationId, operatorKey, '2026-02-25T16:00:00+08:00');

    const half = agreementSignatureStatus(doc, [byAuthority]);
    expect(half.complete).toBe(false);
    expect(half.missing.map((p) => p.role)).toEqual(['operator']);
    expect(agreementStateAt(doc, [byAuthority], new Date('2026-03-10T00:00:00+08:00'))).toBe('awaiting_signatures');

    // a signature by the right organization with the wrong key, or by an outsider, does not count
    const forged = { ...byOperator, publicKey: encodeHex(authorityKey.publicKey) };
    const outsider = { ...byOperator, organizationId: fixtureParties.partner.organizationId };
    const bad = agreementSignatureStatus(doc, [byAuthority, forged, outsider]);
    expect(bad.complete).toBe(false);
    expect(bad.rejected.map((r) => r.reason).sort()).toEqual(['does_not_verify', 'not_a_party']);

    const both = [byAuthority, byOperator];
    expect(agreementSignatureStatus(doc, both)).toMatchObject({ complete: true, completedAt: byOperator.signedAt });
    expect(agreementStateAt(doc, both, new Date('2026-02-28T23:59:59+08:00'))).toBe('not_yet_in_force');
    expect(agreementStateAt(doc, both, new Date('2026-03-01T00:00:00+08:00'))).toBe('in_force');
    expect(agreementStateAt(doc, both, new Date('2028-02-29T23:59:59+08:00'))).toBe('in_force');
    expect(agreementStateAt(doc, both, new Date('2028-03-01T00:00:00+08:00'))).toBe('expired');

    // signatures of the untampered text do not make a tampered text signed
    const tampered = structuredClone(doc);
    (tampered.clauses[1]?.paragraphs[0] as { en: string }).en += ' And everything else.';
    expect(agreementSignatureStatus(tampered, both).complete).toBe(false);
  });
});

describe('amendments', () => {
  it('references the previous hash, lists what changed, and needs every party to sign again', () => {
    const original = buildAgreement(operatorAgreementInput());
    const amendment = buildAmendment(
      original,
      { ...operatorAgreementInput(), number: 'FT-SQ-2026-0001-A1', applicationScope: { zh: '普惠金融、城市治理', en: 'inclusive finance and city governance' } },
      { zh: '縮小授權應用範圍', en: 'Narrower scope of application' },
    );
    expect(amendment.amends).toMatchObject({ previousHash: agreementHash(original), previousNumber: 'FT-SQ-2026-0001', sequence: 1, changedClauses: ['application_scope'] });
    expect(amendment.title.zh).toBe('公共數據授權運營協議（第一次修訂）');
    expect(isAmendmentOf(amendment, original)).toBe(true);
    expect(agreementHash(amendment)).not.toBe(agreementHash(original));

    // the original's signatures do not carry over
    const key = generateSm2KeyPair();
    const old = signAgreementHash(agreementHash(original), key.privateKey);
    expect(verifyAgreementSignature(agreementHash(amendment), old, key.publicKey)).toBe(false);

    const second = buildAmendment(amendment, { ...operatorAgreementInput(), number: 'FT-SQ-2026-0001-A2', term: { from: '2026-03-01', until: '2027-02-28' } }, { zh: '縮短期限', en: 'Shorter term' });
    expect(second.amends?.sequence).toBe(2);
    expect(second.amends?.changedClauses).toEqual(['application_scope', 'term']);
    expect(isAmendmentOf(second, amendment)).toBe(true);
    expect(isAmendmentOf(second, original)).toBe(false);
    const tamperedOriginal = structuredClone(original);
    tamperedOriginal.number = 'FT-SQ-2026-9999';
    expect(isAmendmentOf(amendment, tamperedOriginal)).toBe(false);
  });

  it('refuses a change of kind, a dropped party, and no change at all', () => {
    const original = buildAgreement(serviceAgreementInput());
    const reason = { zh: '調整', en: 'Adjustment' };
    expect(refusal(() => buildAmendment(original, platformServiceAgreementInput(), reason)).code).toBe('AGREEMENT_AMENDMENT_INVALID');
    const input = serviceAgreementInput();
    const withoutHealth = {
      ...input,
      parties: input.parties.filter((p) => p.organizationId !== fixtureParties.health.organizationId),
      dataList: input.dataList.filter((d) => d.sourceDepartmentId !== fixtureParties.health.organizationId),
    };
    expect(refusal(() => buildAmendment(original, withoutHealth, reason)).details?.[0]?.reason).toBe('party_dropped');
    expect(refusal(() => buildAmendment(original, serviceAgreementInput(), reason)).details?.[0]?.reason).toBe('no_change');
  });

  it('compares clauses by key', () => {
    const a = buildAgreement(platformServiceAgreementInput());
    const b = buildAgreement({ ...platformServiceAgreementInput(), services: ['dev_workspace'] });
    expect(changedClauseKeys(a, b)).toEqual(['services']);
  });
});

describe('the grant a service agreement yields', () => {
  it('is the usage policy of the agreement, linked by its hash, and survives ODRL', () => {
    const doc = buildAgreement(serviceAgreementInput());
    const policy = grantPolicyFromAgreement(doc, '6b1f95b8-c074-4275-b01d-8092a3b4c5d6');
    expect(policy).toMatchObject({
      agreementHash: agreementHash(doc),
      assigner: { organizationId: fixtureParties.authority.organizationId },
      assignee: { organizationId: fixtureParties.partner.organizationId },
      purpose: { scenario: 'inclusive-finance.credit', usage: 'industry' },
      term: { from: '2026-04-01T00:00:00+08:00', until: '2027-04-01T00:00:00+08:00' },
      modes: ['governed_query', 'psi'],
    });
    expect(policy.targets.map((t) => t.resource)).toEqual(['HLT-CLINIC-LICENSE', 'MKT-ENTERPRISE-REG']);
    expect(fromOdrl(toOdrl(policy))).toEqual(policy);
    expect(checkPolicyAllows(policy, { mode: 'psi', at: '2027-03-31T23:59:59+08:00', resources: [{ resource: 'MKT-ENTERPRISE-REG', fields: ['uscc'] }] })).toEqual({ allowed: true });
    expect(checkPolicyAllows(policy, { mode: 'psi', at: '2027-04-01T00:00:00+08:00' })).toMatchObject({ allowed: false, reason: 'expired' });
  });

  it('comes only from a service agreement', () => {
    expect(refusal(() => grantPolicyFromAgreement(buildAgreement(operatorAgreementInput()), '6b1f95b8-c074-4275-b01d-8092a3b4c5d6')).code).toBe('AGREEMENT_TERMS_INVALID');
  });
});
