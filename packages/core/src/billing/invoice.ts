// Monthly invoices (月度賬單) of one organization: usage aggregated per agreement and usage kind over a Beijing-time
// month, priced by each agreement's fee standard, public-interest use at zero with its reason (Art. 36, 37 of the
// Futian measures; 發改價格〔2025〕65號 一: "對用于公共治理、公益事業的，免費提供").
//
// Rounding: usage is summed exactly per line (measured units as bigint); each line's amount is computed as one exact
// fraction, unit price × measured ÷ unit size, and rounded once, half up, to the fen. The per-agreement subtotals,
// the subtotal and the total are exact sums of the rounded lines. Prices are taken as the fee standard states them
// (tax treatment is the fee standard's, not the invoice's): total = subtotal.
//
// The invoice document is plain JSON (amounts as canonical yuan strings, no undefined values); its hash is SM3 over
// its RFC 8785 canonical bytes, exactly as agreements are hashed (agreements/hash.ts), so it does not depend on key
// order or on who stored it.
import { sm3 } from 'sm-crypto-v2';
import { z } from 'zod';
import { DomainError } from '../errors/catalogue.ts';
import { canonicalBytes } from '../ledger/jcs.ts';
import { platformFeeItemNames, type Localized, type PlatformFeeItem } from '../agreements/model.ts';
import type { ChargingMethod, FeePeriod, UsageCategory } from '../policy/usage-policy.ts';
import { chargeForUsage, divRoundHalfUp, formatYuan, parseYuan, roundHalfUpToFen, sumAmounts, type Amount } from './money.ts';
import { billingUnits, feeItemKinds, parseFeeStandard, type AgreementFeeStandard, type AgreementFeeStandardInput, type BillingUnit } from './tariff.ts';
import { beijingMonthRange, parseUsageRecords, usageKindInfo, usageKinds, type MeasuredUnit, type UsageKind, type UsageRecord } from './usage.ts';

export const INVOICE_FORMAT = 'shuyun.invoice/v1';

export const exemptionReasons = {
  public_interest: {
    zh: '用於公共治理、公益事業，免費提供（《福田區公共數據授權運營暫行管理辦法》第三十七條；發改價格〔2025〕65號第一條）',
    en: 'Public governance or public welfare use is provided free (Art. 37 of the Futian measures; NDRC Price [2025] No. 65, section 1)',
  },
  free_fee_standard: {
    zh: '協議約定的計費標準為免費',
    en: "The agreement's fee standard is free of charge",
  },
  not_in_fee_standard: {
    zh: '協議的計費標準未列此項，不收費（第三十六條：具體在平臺服務協議中明確）',
    en: "The agreement's fee standard does not list this item, so it is not charged (Art. 36: set in the platform service agreement)",
  },
  covered_by_periodic_fee: {
    zh: '已含於按期收取的服務費',
    en: 'Covered by the periodic service fee',
  },
} as const satisfies Record<string, Localized>;
export type ExemptionReason = keyof typeof exemptionReasons;

export type InvoiceFeeItem = 'api_call' | PlatformFeeItem | 'periodic_fee';

export interface InvoiceLine {
  /** 1, 2, 3 … in invoice order */
  line: number;
  agreementId: string;
  agreementNumber: string;
  /** the usage kind billed, or `periodic` for a fee per month, year or term */
  kind: UsageKind | 'periodic';
  feeItem: InvoiceFeeItem;
  description: Localized;
  /** what was metered (integer, as a string: bytes exceed 2^53); absent on periodic lines */
  measured?: { quantity: string; unit: MeasuredUnit; records: number };
  /** quantity in the billing unit, up to 6 places (display; the amount is computed from the measured quantity) */
  quantity: string;
  unit: { code: BillingUnit | FeePeriod; zh: string; en: string };
  /** yuan per billing unit, canonical spelling */
  unitPrice: string;
  /** yuan, rounded half up to the fen */
  amount: string;
  /** the fee standard identifier (收費標準) of a service agreement's fee */
  standard?: string;
  chargingMethod?: ChargingMethod;
  /** set on every line billed at zero: why */
  exemption?: { reason: ExemptionReason; zh: string; en: string };
}

export interface InvoiceDocument {
  format: typeof INVOICE_FORMAT;
  number: string;
  month: string;
  /** Beijing-time month: from ≤ at < until */
  period: { from: string; until: string };
  currency: 'CNY';
  org: InvoiceOrg;
  issuer?: InvoiceOrg;
  lines: InvoiceLine[];
  /** subtotal per agreement, in agreement-number order */
  agreements: { agreementId: string; agreementNumber: string; usage: UsageCategory; subtotal: string }[];
  subtotal: string;
  total: string;
  rounding: 'line_half_up_to_fen';
  /** records of the month not attributed to any agreement: listed, not charged */
  unbilled: { kind: UsageKind; records: number; measured: string; unit: MeasuredUnit }[];
  /** usage records of the org and month the invoice covers */
  usageRecords: number;
}

export interface MonthlyInvoice {
  document: InvoiceDocument;
  /** SM3 over the RFC 8785 canonical bytes of the document, 64 lower-case hex digits */
  hash: string;
}

const orgSchema = z.strictObject({
  id: z.uuid(),
  /** the organization's platform code; written upper-case in the invoice number */
  code: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/, 'letters, digits, _ and -'),
  nameZh: z.string().trim().min(1).max(200),
  nameEn: z.string().trim().min(1).max(200).optional(),
  uscc: z.string().length(18).optional(),
});
export type InvoiceOrg = z.infer<typeof orgSchema>;

export interface MonthlyInvoiceInput {
  /** 'YYYY-MM', Beijing time */
  month: string;
  /** the organization billed */
  org: InvoiceOrg;
  /** the organization that bills (usually the operator); optional */
  issuer?: InvoiceOrg;
  /** usage records; records of other organizations and other months are ignored */
  usage: readonly UsageRecord[];
  /** the fee standard of every agreement the usage falls under (and of agreements with periodic fees to bill) */
  feeStandards: readonly AgreementFeeStandardInput[];
  /** usage categories of grants: usage under a public-interest grant is free whatever agreement it is billed under */
  grants?: readonly { grantId: string; usage: UsageCategory }[];
  /** 1 for the month's first invoice of the org; a reissue takes the next number */
  sequence?: number;
}

/** Invoice number: `SY-{ORG CODE}-{YYYYMM}-{NN}`, e.g. SY-FTPH-202604-01 (NN = the sequence, 01–99). */
export function invoiceNumber(orgCode: string, month: string, sequence = 1): string {
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 99) throw new RangeError('invoiceNumber: sequence is 1–99');
  beijingMonthRange(month);
  return `SY-${orgCode.toUpperCase()}-${month.replace('-', '')}-${String(sequence).padStart(2, '0')}`;
}

/** SM3 of the canonical bytes of an invoice document. */
export function invoiceHash(document: InvoiceDocument): string {
  return sm3(canonicalBytes(document));
}

/** The unit a kind is shown in when no fee standard prices it. */
const defaultUnit: Record<UsageKind, BillingUnit> = {
  compute_seconds: 'compute_hour',
  bytes_scanned: 'gb_scanned',
  masking_operations: 'masking_operation',
  export: 'export',
  api_call: 'api_call',
  model_publication: 'model_publication',
};

const periodNames: Record<FeePeriod, Localized> = {
  call: { zh: '次', en: 'call' },
  month: { zh: '月', en: 'month' },
  year: { zh: '年', en: 'year' },
  term: { zh: '協議期限', en: 'term' },
};

function formatQuantity(measured: bigint, size: bigint): string {
  const scaled = divRoundHalfUp(measured * 1_000_000n, size);
  const whole = scaled / 1_000_000n;
  const frac = (scaled % 1_000_000n).toString().padStart(6, '0').replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : `${whole}`;
}

interface Group {
  standard: AgreementFeeStandard;
  kind: UsageKind;
  publicInterestGrant: boolean;
  measured: bigint;
  records: number;
}

/**
 * Builds the month's invoice for one organization. Throws `BILLING_MONTH_INVALID`, `BILLING_USAGE_INVALID`,
 * `BILLING_FEE_STANDARD_INVALID`, or `BILLING_FEE_STANDARD_MISSING` when usage falls under an agreement whose
 * standard was not supplied (no partial invoice).
 */
export function buildMonthlyInvoice(input: MonthlyInvoiceInput): MonthlyInvoice {
  const range = beijingMonthRange(input.month);
  const org = parseOrg(input.org, '/org');
  const issuer = input.issuer ? parseOrg(input.issuer, '/issuer') : undefined;
  const usage = parseUsageRecords(input.usage);
  const standards = new Map<string, AgreementFeeStandard>();
  input.feeStandards.forEach((s, i) => {
    const parsed = parseFeeStandard(s, `/feeStandards/${i}`);
    if (standards.has(parsed.agreementId)) {
      throw new DomainError('BILLING_FEE_STANDARD_INVALID', [{ path: `/feeStandards/${i}/agreementId`, reason: 'duplicate_agreement' }]);
    }
    standards.set(parsed.agreementId, parsed);
  });
  const publicGrants = new Set((input.grants ?? []).filter((g) => g.usage === 'public_interest').map((g) => g.grantId));

  // Aggregate the month's records of the org per (agreement, kind, public-interest grant or not).
  const groups = new Map<string, Group>();
  const unbilled = new Map<UsageKind, { records: number; measured: bigint }>();
  let counted = 0;
  usage.forEach((r, i) => {
    if (r.orgId !== org.id) return;
    const at = Date.parse(r.at);
    if (at < range.fromMs || at >= range.untilMs) return;
    counted += 1;
    if (r.agreementId === undefined) {
      const u = unbilled.get(r.kind) ?? { records: 0, measured: 0n };
      u.records += 1;
      u.measured += BigInt(r.quantity);
      unbilled.set(r.kind, u);
      return;
    }
    const standard = standards.get(r.agreementId);
    if (!standard) throw new DomainError('BILLING_FEE_STANDARD_MISSING', [{ path: `/usage/${i}/agreementId`, reason: 'no_fee_standard' }]);
    const publicInterestGrant = r.grantId !== undefined && publicGrants.has(r.grantId);
    const key = `${r.agreementId}|${r.kind}|${publicInterestGrant ? 1 : 0}`;
    const g = groups.get(key) ?? { standard, kind: r.kind, publicInterestGrant, measured: 0n, records: 0 };
    g.measured += BigInt(r.quantity);
    g.records += 1;
    groups.set(key, g);
  });

  type Draft = Omit<InvoiceLine, 'line'> & { amountValue: Amount; order: [string, number, number] };
  const drafts: Draft[] = [];

  for (const g of groups.values()) drafts.push(usageLine(g));
  for (const standard of standards.values()) {
    const periodic = periodicLine(standard, input.month);
    if (periodic) drafts.push(periodic);
  }

  drafts.sort((a, b) => compareOrder(a.order, b.order));
  const lines: InvoiceLine[] = drafts.map(({ amountValue: _a, order: _o, ...rest }, i) => ({ line: i + 1, ...rest }));

  const perAgreement = new Map<string, Amount>();
  for (const d of drafts) perAgreement.set(d.agreementId, (perAgreement.get(d.agreementId) ?? 0n) + d.amountValue);
  const agreements = [...perAgreement.entries()]
    .map(([agreementId, subtotal]) => {
      const s = standards.get(agreementId)!;
      return { agreementId, agreementNumber: s.agreementNumber, usage: s.usage, subtotal: formatYuan(subtotal) };
    })
    .sort((a, b) => compareOrder([a.agreementNumber, 0, 0], [b.agreementNumber, 0, 0]) || compareOrder([a.agreementId, 0, 0], [b.agreementId, 0, 0]));
  const subtotal = sumAmounts(drafts.map((d) => d.amountValue));

  const document: InvoiceDocument = {
    format: INVOICE_FORMAT,
    number: invoiceNumber(org.code, input.month, input.sequence ?? 1),
    month: input.month,
    period: { from: range.from, until: range.until },
    currency: 'CNY',
    org,
    ...(issuer ? { issuer } : {}),
    lines,
    agreements,
    subtotal: formatYuan(subtotal),
    total: formatYuan(subtotal),
    rounding: 'line_half_up_to_fen',
    unbilled: usageKinds
      .filter((k) => unbilled.has(k))
      .map((k) => {
        const u = unbilled.get(k)!;
        return { kind: k, records: u.records, measured: u.measured.toString(), unit: usageKindInfo[k].measured };
      }),
    usageRecords: counted,
  };
  return { document, hash: invoiceHash(document) };
}

function parseOrg(input: unknown, path: string): InvoiceOrg {
  const parsed = orgSchema.safeParse(input);
  if (!parsed.success) {
    throw new DomainError('VALIDATION_FAILED', parsed.error.issues.map((i) => ({ path: `${path}/${i.path.join('/')}`, reason: i.code, message: i.message })));
  }
  // No undefined members: the document must have canonical JSON bytes.
  return Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined)) as InvoiceOrg;
}

function compareOrder(a: [string, number, number], b: [string, number, number]): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  return a[1] - b[1] || a[2] - b[2];
}

function exemption(reason: ExemptionReason): { reason: ExemptionReason; zh: string; en: string } {
  return { reason, ...exemptionReasons[reason] };
}

function usageLine(g: Group): Omit<InvoiceLine, 'line'> & { amountValue: Amount; order: [string, number, number] } {
  const s = g.standard;
  let unitCode: BillingUnit = defaultUnit[g.kind];
  let price: Amount = 0n;
  let feeItem: 'api_call' | PlatformFeeItem = g.kind === 'api_call' ? 'api_call' : platformItemOf(g.kind);
  let standard: string | undefined;
  let reason: ExemptionReason | undefined;

  if (g.kind === 'api_call') {
    const fee = s.fee;
    if (!fee) reason = 'not_in_fee_standard';
    else if (fee.kind === 'free') reason = 'free_fee_standard';
    else if (fee.per !== 'call') {
      reason = 'covered_by_periodic_fee';
      standard = fee.standard;
    } else {
      price = parseYuan(fee.amount, '/fee/amount');
      standard = fee.standard;
    }
  } else {
    const tariff = s.schedule.find((t) => billingUnits[t.unit].kind === g.kind);
    if (!tariff) reason = 'not_in_fee_standard';
    else {
      unitCode = tariff.unit;
      feeItem = tariff.item;
      price = parseYuan(tariff.amount, '/schedule/amount');
    }
  }
  // Public-interest use is free whatever the standard says: every such line is at zero with that reason.
  if (s.usage === 'public_interest' || g.publicInterestGrant) {
    reason = 'public_interest';
    price = 0n;
  }
  if (reason) price = 0n;

  const unit = billingUnits[unitCode];
  const amountValue = chargeForUsage(price, g.measured, unit.size);
  const info = usageKindInfo[g.kind];
  const item = feeItem === 'api_call' ? undefined : platformFeeItemNames[feeItem];
  const grantNote = g.publicInterestGrant ? { zh: '，公益授權', en: ', public-interest grant' } : { zh: '', en: '' };
  return {
    agreementId: s.agreementId,
    agreementNumber: s.agreementNumber,
    kind: g.kind,
    feeItem,
    description: {
      zh: `${item ? `${item.zh}：` : ''}${info.name.zh}（協議 ${s.agreementNumber}${grantNote.zh}）`,
      en: `${item ? `${capitalize(item.en)}: ` : ''}${info.name.en} (agreement ${s.agreementNumber}${grantNote.en})`,
    },
    measured: { quantity: g.measured.toString(), unit: info.measured, records: g.records },
    quantity: formatQuantity(g.measured, unit.size),
    unit: { code: unitCode, ...unit.name },
    unitPrice: formatYuan(price),
    amount: formatYuan(amountValue),
    ...(standard ? { standard } : {}),
    ...(s.chargingMethod ? { chargingMethod: s.chargingMethod } : {}),
    ...(reason ? { exemption: exemption(reason) } : {}),
    amountValue,
    order: [s.agreementNumber + '\u0000' + s.agreementId, 1 + usageKinds.indexOf(g.kind), g.publicInterestGrant ? 1 : 0],
  };
}

function platformItemOf(kind: UsageKind): PlatformFeeItem {
  const entry = (Object.entries(feeItemKinds) as [PlatformFeeItem, readonly UsageKind[]][]).find(([, kinds]) => kinds.includes(kind));
  return entry![0];
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * The periodic fee a service agreement's Fee charges in the month, if any: per month in every month of the term
 * (every month when no term is given), per year in the month the term starts and each twelfth month after, per term
 * in the month the term starts. Whole amounts: a month is not prorated.
 */
function periodicLine(s: AgreementFeeStandard, month: string): (Omit<InvoiceLine, 'line'> & { amountValue: Amount; order: [string, number, number] }) | undefined {
  const fee = s.fee;
  if (!fee || fee.kind !== 'charged' || fee.per === 'call') return undefined;
  const startMonth = s.term?.from.slice(0, 7);
  const endMonth = s.term?.until.slice(0, 7);
  if (startMonth && endMonth && (month < startMonth || month > endMonth)) return undefined;
  if (fee.per === 'term' && month !== startMonth) return undefined;
  if (fee.per === 'year') {
    const [sy, sm] = startMonth!.split('-').map(Number) as [number, number];
    const [y, m] = month.split('-').map(Number) as [number, number];
    if ((y * 12 + m - (sy * 12 + sm)) % 12 !== 0) return undefined;
  }
  const publicInterest = s.usage === 'public_interest';
  const price = publicInterest ? 0n : parseYuan(fee.amount, '/fee/amount');
  const amountValue = roundHalfUpToFen(price);
  const per = periodNames[fee.per];
  return {
    agreementId: s.agreementId,
    agreementNumber: s.agreementNumber,
    kind: 'periodic',
    feeItem: 'periodic_fee',
    description: {
      zh: `數據服務費，按${per.zh}收取（協議 ${s.agreementNumber}，收費標準 ${fee.standard}）`,
      en: `Data service fee per ${per.en} (agreement ${s.agreementNumber}, fee standard ${fee.standard})`,
    },
    quantity: '1',
    unit: { code: fee.per, ...per },
    unitPrice: formatYuan(price),
    amount: formatYuan(amountValue),
    standard: fee.standard,
    chargingMethod: fee.chargingMethod,
    ...(publicInterest ? { exemption: exemption('public_interest') } : {}),
    amountValue,
    order: [s.agreementNumber + '\u0000' + s.agreementId, 0, 0],
  };
}
