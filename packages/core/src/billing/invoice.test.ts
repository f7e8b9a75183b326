import { describe, expect, it } from 'vitest';
import { buildAgreement } from '../agreements/build.ts';
import { fixtureParties, platformServiceAgreementInput, serviceAgreementInput } from '../agreements/agreements.fixtures.ts';
import type { ServiceAgreementInput } from '../agreements/model.ts';
import { DomainError } from '../errors/catalogue.ts';
import {
  beijingMonthOf,
  beijingMonthRange,
  billingUnitFor,
  buildMonthlyInvoice,
  feeStandardFromAgreement,
  invoiceHash,
  invoiceNumber,
  parseFeeStandard,
  type AgreementFeeStandardInput,
  type InvoiceOrg,
  type UsageKind,
  type UsageRecord,
} from './index.ts';

const partner: InvoiceOrg = { id: fixtureParties.partner.organizationId, code: 'ftph', nameZh: fixtureParties.partner.nameZh, uscc: fixtureParties.partner.uscc };
const otherOrg = '9a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d';

const IDS = {
  industry: 'a1111111-1111-4111-8111-111111111111',
  publicInterest: 'a2222222-2222-4222-8222-222222222222',
  platform: 'a3333333-3333-4333-8333-333333333333',
  monthly: 'a4444444-4444-4444-8444-444444444444',
  yearly: 'a5555555-5555-4555-8555-555555555555',
  grantPublic: 'b1111111-1111-4111-8111-111111111111',
  grantIndustry: 'b2222222-2222-4222-8222-222222222222',
};

const industryStandard = feeStandardFromAgreement(buildAgreement(serviceAgreementInput()), IDS.industry);
const publicInput: ServiceAgreementInput = {
  ...serviceAgreementInput(),
  number: 'FT-KF-2026-0008',
  scenario: { code: 'city-governance.inspection', name: { zh: '城市治理巡查', en: 'City governance inspection' }, usage: 'public_interest' },
  fee: { kind: 'free' },
};
const publicStandard = feeStandardFromAgreement(buildAgreement(publicInput), IDS.publicInterest);
const platformStandard = feeStandardFromAgreement(buildAgreement(platformServiceAgreementInput()), IDS.platform);

function rec(kind: UsageKind, quantity: number, agreementId: string | undefined, at = '2026-04-15T10:00:00+08:00', extra: Partial<UsageRecord> = {}): UsageRecord {
  return { orgId: partner.id, kind, quantity, at, ...(agreementId ? { agreementId } : {}), ...extra };
}

function invoice(usage: UsageRecord[], feeStandards: AgreementFeeStandardInput[], extra: { month?: string; grants?: { grantId: string; usage: 'public_interest' | 'industry' }[] } = {}) {
  return buildMonthlyInvoice({ month: extra.month ?? '2026-04', org: partner, usage, feeStandards, ...(extra.grants ? { grants: extra.grants } : {}) });
}

/** The same JSON value with every object's keys in reverse order. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reverseKeys(v)]));
  return value;
}

describe('fee standards from agreements', () => {
  it('reads the service agreement fee and the platform fee schedule units', () => {
    expect(industryStandard).toMatchObject({ agreementKind: 'service_agreement', usage: 'industry', agreementNumber: 'FT-KF-2026-0007' });
    expect(industryStandard.fee).toMatchObject({ kind: 'charged', amount: '0.20', per: 'call', standard: 'FT-PRICE-2026-01' });
    expect(publicStandard).toMatchObject({ usage: 'public_interest', fee: { kind: 'free' } });
    expect(platformStandard.schedule).toEqual([
      { item: 'resource_consumption', amount: '1.50', unit: 'compute_hour' },
      { item: 'result_export', amount: '20', unit: 'export' },
    ]);
    expect(platformStandard.chargingMethod).toBe('prepaid');
  });

  it('reads unit words per item and refuses words it cannot place', () => {
    expect(billingUnitFor('masking', { zh: '次', en: 'per operation' })).toBe('masking_operation');
    expect(billingUnitFor('result_export', { zh: '次', en: 'time' })).toBe('export');
    expect(billingUnitFor('resource_consumption', { zh: 'GB', en: 'GB scanned' })).toBe('gb_scanned');
    expect(billingUnitFor('resource_consumption', { zh: '次', en: 'time' })).toBeUndefined();
    const doc = buildAgreement({
      ...platformServiceAgreementInput(),
      feeSchedule: [{ item: 'resource_consumption', amount: '1', unit: { zh: '個', en: 'unit' } }],
    });
    expect(() => feeStandardFromAgreement(doc, IDS.platform)).toThrow(expect.objectContaining({ code: 'BILLING_FEE_STANDARD_INVALID' }));
  });

  it('refuses a usage kind priced twice and a unit that does not measure the item', () => {
    const base = { agreementId: IDS.platform, agreementNumber: 'X-1', agreementKind: 'platform_service_agreement', usage: 'industry' } as const;
    expect(() => parseFeeStandard({ ...base, schedule: [{ item: 'resource_consumption', amount: '1', unit: 'compute_hour' }, { item: 'resource_consumption', amount: '2', unit: 'compute_second' }] })).toThrow(DomainError);
    expect(() => parseFeeStandard({ ...base, schedule: [{ item: 'masking', amount: '1', unit: 'export' }] })).toThrow(DomainError);
  });
});

describe('monthly invoices', () => {
  it('bills a public-interest agreement at zero on every line, with the reason', () => {
    const { document } = invoice(
      [rec('api_call', 500, IDS.publicInterest), rec('compute_seconds', 7_200_000, IDS.publicInterest), rec('export', 2, IDS.publicInterest)],
      [publicStandard],
    );
    expect(document.lines).toHaveLength(3);
    for (const line of document.lines) {
      expect(line.amount).toBe('0.00');
      expect(line.unitPrice).toBe('0.00');
      expect(line.exemption?.reason).toBe('public_interest');
      expect(line.exemption?.zh).toContain('第三十七條');
    }
    expect(document.total).toBe('0.00');
    expect(document.agreements).toEqual([{ agreementId: IDS.publicInterest, agreementNumber: 'FT-KF-2026-0008', usage: 'public_interest', subtotal: '0.00' }]);
  });

  it("bills an industry agreement's API calls at its fee", () => {
    const { document } = invoice([rec('api_call', 1000, IDS.industry), rec('api_call', 234, IDS.industry)], [industryStandard]);
    expect(document.lines).toEqual([
      expect.objectContaining({
        line: 1,
        kind: 'api_call',
        feeItem: 'api_call',
        measured: { quantity: '1234', unit: 'count', records: 2 },
        quantity: '1234',
        unit: { code: 'api_call', zh: '次調用', en: 'call' },
        unitPrice: '0.20',
        amount: '246.80',
        standard: 'FT-PRICE-2026-01',
        chargingMethod: 'postpaid',
      }),
    ]);
    expect(document.lines[0]!.exemption).toBeUndefined();
    expect(document.lines[0]!.description.zh).toContain('FT-KF-2026-0007');
    expect(document.subtotal).toBe('246.80');
    expect(document.total).toBe('246.80');
  });

  it('bills platform items from the platform service agreement fee schedule', () => {
    const { document } = invoice(
      [
        rec('compute_seconds', 5_400_000, IDS.platform), // 1.5 core-hours × 1.50
        rec('export', 3, IDS.platform), // 3 × 20
        rec('masking_operations', 100, IDS.platform), // not in the schedule
      ],
      [platformStandard],
    );
    const byKind = Object.fromEntries(document.lines.map((l) => [l.kind, l]));
    expect(byKind.compute_seconds).toMatchObject({ feeItem: 'resource_consumption', quantity: '1.5', unit: { code: 'compute_hour', en: 'core-hour' }, unitPrice: '1.50', amount: '2.25', chargingMethod: 'prepaid' });
    expect(byKind.export).toMatchObject({ feeItem: 'result_export', quantity: '3', unitPrice: '20.00', amount: '60.00' });
    expect(byKind.masking_operations).toMatchObject({ amount: '0.00', exemption: { reason: 'not_in_fee_standard' } });
    expect(document.total).toBe('62.25');
    expect(document.lines.map((l) => l.kind)).toEqual(['compute_seconds', 'masking_operations', 'export']);
  });

  it('bills usage under a public-interest grant at zero even under a charged platform schedule', () => {
    const { document } = invoice(
      [
        rec('compute_seconds', 3_600_000, IDS.platform, undefined, { grantId: IDS.grantPublic }),
        rec('compute_seconds', 3_600_000, IDS.platform, undefined, { grantId: IDS.grantIndustry }),
      ],
      [platformStandard],
      { grants: [{ grantId: IDS.grantPublic, usage: 'public_interest' }, { grantId: IDS.grantIndustry, usage: 'industry' }] },
    );
    expect(document.lines.map((l) => [l.amount, l.exemption?.reason])).toEqual([
      ['1.50', undefined],
      ['0.00', 'public_interest'],
    ]);
    expect(document.total).toBe('1.50');
  });

  it('puts usage in Beijing-time months: 2026-03-31T16:30Z belongs to April', () => {
    expect(beijingMonthOf('2026-03-31T16:30:00Z')).toBe('2026-04');
    expect(beijingMonthOf('2026-03-31T15:59:59.999Z')).toBe('2026-03');
    expect(beijingMonthRange('2026-12')).toMatchObject({ from: '2026-12-01T00:00:00+08:00', until: '2027-01-01T00:00:00+08:00' });
    const usage = [
      rec('api_call', 1, IDS.industry, '2026-03-31T16:30:00Z'), // April, 00:30 Beijing
      rec('api_call', 10, IDS.industry, '2026-03-31T15:59:59.999Z'), // March, 23:59:59.999 Beijing
      rec('api_call', 100, IDS.industry, '2026-04-30T16:00:00Z'), // May, 00:00 Beijing
      rec('api_call', 1000, IDS.industry, '2026-04-30T23:59:00+08:00'), // April
    ];
    const april = invoice(usage, [industryStandard]).document;
    expect(april.lines[0]!.measured?.quantity).toBe('1001');
    expect(april.usageRecords).toBe(2);
    expect(april.period).toEqual({ from: '2026-04-01T00:00:00+08:00', until: '2026-05-01T00:00:00+08:00' });
    expect(invoice(usage, [industryStandard], { month: '2026-03' }).document.lines[0]!.measured?.quantity).toBe('10');
    expect(invoice(usage, [industryStandard], { month: '2026-05' }).document.lines[0]!.measured?.quantity).toBe('100');
  });

  it('is exact on many small amounts and huge quantities', () => {
    const micro: AgreementFeeStandardInput = {
      agreementId: IDS.industry,
      agreementNumber: 'FT-KF-2026-0009',
      agreementKind: 'service_agreement',
      usage: 'industry',
      fee: { kind: 'charged', standard: 'FT-PRICE-2026-02', amount: '0.0015', currency: 'CNY', per: 'call', chargingMethod: 'postpaid' },
    };
    const scan: AgreementFeeStandardInput = {
      agreementId: IDS.platform,
      agreementNumber: 'FT-PT-2026-0013',
      agreementKind: 'platform_service_agreement',
      usage: 'industry',
      schedule: [
        { item: 'resource_consumption', amount: '0.0003', unit: 'gb_scanned' },
        { item: 'masking', amount: '0.0001', unit: 'masking_operation' },
      ],
    };
    const usage = [
      ...Array.from({ length: 10_000 }, () => rec('api_call', 1, IDS.industry)),
      ...Array.from({ length: 3 }, () => rec('bytes_scanned', 4_000_000_000_000_000, IDS.platform)), // 1.2e16 bytes > 2^53
      ...Array.from({ length: 7 }, () => rec('masking_operations', 7, IDS.platform)), // 49 × 0.0001 = 0.0049 → 0.00
    ];
    const { document } = invoice(usage, [micro, scan]);
    const byKind = Object.fromEntries(document.lines.map((l) => [l.kind, l]));
    expect(byKind.api_call).toMatchObject({ quantity: '10000', unitPrice: '0.0015', amount: '15.00' });
    expect(byKind.bytes_scanned).toMatchObject({ measured: { quantity: '12000000000000000', unit: 'byte', records: 3 }, quantity: '12000000', amount: '3600.00' });
    expect(byKind.masking_operations).toMatchObject({ amount: '0.00' });
    expect(document.total).toBe('3615.00');
    // the naive float sum drifts; the invoice does not
    expect(Array.from({ length: 10_000 }, () => 0.0015).reduce((a, b) => a + b, 0)).not.toBe(15);
  });

  it('rounds each line once, half up to the fen', () => {
    // 1.50 per core-hour: 12 000 ms = 0.005 → 0.01 (rounded on the summed line, not per record)
    const { document } = invoice([rec('compute_seconds', 6_000, IDS.platform), rec('compute_seconds', 6_000, IDS.platform)], [platformStandard]);
    expect(document.lines[0]).toMatchObject({ quantity: '0.003333', amount: '0.01' });
  });

  it('bills periodic fees in the months their period starts', () => {
    const monthly: AgreementFeeStandardInput = {
      agreementId: IDS.monthly,
      agreementNumber: 'FT-KF-2026-0010',
      agreementKind: 'service_agreement',
      usage: 'industry',
      fee: { kind: 'charged', standard: 'FT-PRICE-2026-03', amount: '3000', currency: 'CNY', per: 'month', chargingMethod: 'prepaid' },
      term: { from: '2026-04-01', until: '2026-06-30' },
    };
    const yearly: AgreementFeeStandardInput = {
      ...monthly,
      agreementId: IDS.yearly,
      agreementNumber: 'FT-KF-2026-0011',
      fee: { kind: 'charged', standard: 'FT-PRICE-2026-04', amount: '12000.5', currency: 'CNY', per: 'year', chargingMethod: 'prepaid' },
      term: { from: '2026-04-10', until: '2028-04-09' },
    };
    const april = invoice([rec('api_call', 50, IDS.monthly)], [monthly, yearly]).document;
    expect(april.lines.map((l) => [l.agreementNumber, l.kind, l.amount, l.exemption?.reason])).toEqual([
      ['FT-KF-2026-0010', 'periodic', '3000.00', undefined],
      ['FT-KF-2026-0010', 'api_call', '0.00', 'covered_by_periodic_fee'],
      ['FT-KF-2026-0011', 'periodic', '12000.50', undefined],
    ]);
    expect(april.total).toBe('15000.50');
    expect(invoice([], [monthly, yearly], { month: '2026-05' }).document.total).toBe('3000.00');
    expect(invoice([], [monthly, yearly], { month: '2026-07' }).document.lines).toEqual([]);
    expect(invoice([], [monthly, yearly], { month: '2027-04' }).document.total).toBe('12000.50');
    expect(() => parseFeeStandard({ ...yearly, term: undefined })).toThrow(expect.objectContaining({ code: 'BILLING_FEE_STANDARD_INVALID' }));
  });

  it('ignores other organizations, lists unattributed usage, and refuses usage without a fee standard', () => {
    const { document } = invoice(
      [rec('api_call', 5, IDS.industry), { ...rec('api_call', 999, IDS.industry), orgId: otherOrg }, rec('bytes_scanned', 2048, undefined)],
      [industryStandard],
    );
    expect(document.lines[0]!.measured?.quantity).toBe('5');
    expect(document.unbilled).toEqual([{ kind: 'bytes_scanned', records: 1, measured: '2048', unit: 'byte' }]);
    expect(() => invoice([rec('api_call', 5, IDS.platform)], [industryStandard])).toThrow(expect.objectContaining({ code: 'BILLING_FEE_STANDARD_MISSING' }));
    expect(() => invoice([{ ...rec('api_call', 5, IDS.industry), quantity: 1.5 }], [industryStandard])).toThrow(expect.objectContaining({ code: 'BILLING_USAGE_INVALID' }));
    expect(() => invoice([], [industryStandard], { month: '2026-4' })).toThrow(expect.objectContaining({ code: 'BILLING_MONTH_INVALID' }));
  });

  it('numbers invoices SY-{ORG}-{YYYYMM}-{NN}', () => {
    expect(invoiceNumber('ftph', '2026-04')).toBe('SY-FTPH-202604-01');
    expect(invoiceNumber('FTPH', '2026-04', 2)).toBe('SY-FTPH-202604-02');
    expect(invoice([], [industryStandard]).document.number).toBe('SY-FTPH-202604-01');
  });

  it('has a canonical hash that does not depend on key order', () => {
    const usage = [rec('api_call', 1234, IDS.industry), rec('compute_seconds', 5_400_000, IDS.platform), rec('export', 3, IDS.platform)];
    const a = invoice(usage, [industryStandard, platformStandard]);
    const b = invoice([...usage].reverse(), [platformStandard, industryStandard]);
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(b.hash).toBe(a.hash);
    expect(invoiceHash(reverseKeys(a.document) as typeof a.document)).toBe(a.hash);
    expect(JSON.stringify(reverseKeys(a.document))).not.toBe(JSON.stringify(a.document));
    const changed = structuredClone(a.document);
    changed.lines[0]!.amount = '246.81';
    expect(invoiceHash(changed)).not.toBe(a.hash);
  });
});

describe('invoice document', () => {
  it('is plain JSON even when optional org fields are passed as undefined', () => {
    const { document, hash } = buildMonthlyInvoice({ month: '2026-04', org: { ...partner, nameEn: undefined }, usage: [], feeStandards: [] });
    expect('nameEn' in document.org).toBe(false);
    expect(document.lines).toEqual([]);
    expect(document.total).toBe('0.00');
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
  });
});
