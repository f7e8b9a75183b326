// Fee standards (計費標準) per agreement, in the form billing computes with.
//
// Two sources, as the Futian measures place them:
// - the service agreement's fee (Art. 19 "數據計費標準和收費方式"; Art. 37): free for public-interest use, a charged
//   `Fee` {standard, amount, per call|month|year|term} for industry use. It prices API calls (per call) or is a
//   periodic fee (per month, year or term);
// - the platform service agreement's fee schedule (Art. 19 ¶2 "服務計費標準和收費方式"; Art. 36: resource consumption,
//   masking, model publishing, result export, "具體在平臺服務協議中明確"). Each schedule line has an amount and a unit
//   written in words ({zh: '核時', en: 'core-hour'}); billing needs to know which usage kind and how many measured
//   units that is, so the unit words are read into one of the billing units below, or refused.
import { z } from 'zod';
import { DomainError } from '../errors/catalogue.ts';
import {
  platformFeeItemNames,
  platformFeeItems,
  platformServiceAgreementInputSchema,
  serviceAgreementInputSchema,
  type AgreementDocument,
  type Localized,
  type PlatformFeeItem,
} from '../agreements/model.ts';
import { feeSchema, usageCategories, yuanAmountSchema, type Fee } from '../policy/usage-policy.ts';
import type { UsageKind } from './usage.ts';

/** A priced unit: so many measured units of one usage kind. */
export interface BillingUnitDefinition {
  kind: UsageKind;
  /** measured units (ms, bytes, operations, counts) per billing unit */
  size: bigint;
  name: Localized;
  /** words (lower case, spaces collapsed) that name this unit in a fee schedule */
  aliases: readonly string[];
}

export const billingUnits = {
  compute_second: { kind: 'compute_seconds', size: 1_000n, name: { zh: '核秒', en: 'core-second' }, aliases: ['core-second', 'core second', 'compute second', 'compute-second', 'second', 'cpu-second', '核秒', '秒', '計算秒', '计算秒'] },
  compute_hour: { kind: 'compute_seconds', size: 3_600_000n, name: { zh: '核時', en: 'core-hour' }, aliases: ['core-hour', 'core hour', 'compute hour', 'compute-hour', 'hour', 'cpu-hour', 'cpu hour', '核時', '核时', '小時', '小时', '核小時', '核小时', '計算小時', '计算小时'] },
  gb_scanned: { kind: 'bytes_scanned', size: 1_000_000_000n, name: { zh: 'GB 掃描量', en: 'GB scanned' }, aliases: ['gb', 'gb scanned', 'gigabyte', 'gigabytes scanned', 'gb 掃描量', 'gb 扫描量', '千兆字節', '千兆字节'] },
  tb_scanned: { kind: 'bytes_scanned', size: 1_000_000_000_000n, name: { zh: 'TB 掃描量', en: 'TB scanned' }, aliases: ['tb', 'tb scanned', 'terabyte', 'terabytes scanned', 'tb 掃描量', 'tb 扫描量'] },
  masking_operation: { kind: 'masking_operations', size: 1n, name: { zh: '次脫敏操作', en: 'masking operation' }, aliases: ['operation', 'masking operation', '次', '次操作', '次脫敏', '次脱敏'] },
  thousand_masking_operations: { kind: 'masking_operations', size: 1_000n, name: { zh: '千次脫敏操作', en: 'thousand masking operations' }, aliases: ['thousand operations', '1000 operations', 'thousand masking operations', '千次', '千次操作', '千次脫敏', '千次脱敏'] },
  export: { kind: 'export', size: 1n, name: { zh: '次導出', en: 'export' }, aliases: ['export', 'result export', '次', '次導出', '次导出'] },
  api_call: { kind: 'api_call', size: 1n, name: { zh: '次調用', en: 'call' }, aliases: ['call', 'api call', '次', '次調用', '次调用'] },
  model_publication: { kind: 'model_publication', size: 1n, name: { zh: '次模型發佈', en: 'model publication' }, aliases: ['publication', 'model publication', 'model', '次', '個', '个', '個模型', '个模型', '次發佈', '次发布'] },
} as const satisfies Record<string, BillingUnitDefinition>;
export type BillingUnit = keyof typeof billingUnits;
export const billingUnitCodes = Object.keys(billingUnits) as BillingUnit[];

/** Art. 36 fee items and the usage kinds each one prices. */
export const feeItemKinds: Record<PlatformFeeItem, readonly UsageKind[]> = {
  resource_consumption: ['compute_seconds', 'bytes_scanned'],
  masking: ['masking_operations'],
  model_publishing: ['model_publication'],
  result_export: ['export'],
};

function normalizeUnitWords(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/^(per |each |\/ ?|每)/, '')
    .trim();
}

/**
 * Reads a fee-schedule unit (the code itself, or its words in either language) as a billing unit for the item.
 * Only units whose usage kind the item prices are considered, so '次' means an export under result_export and a
 * masking operation under masking. Returns undefined when the words name no such unit.
 */
export function billingUnitFor(item: PlatformFeeItem, unit: string | Localized): BillingUnit | undefined {
  const candidates = billingUnitCodes.filter((code) => feeItemKinds[item].includes(billingUnits[code].kind));
  const words = typeof unit === 'string' ? [unit] : [unit.en, unit.zh];
  for (const w of words) {
    const n = normalizeUnitWords(w);
    const byCode = candidates.find((code) => code === n);
    if (byCode) return byCode;
    const matches = candidates.filter((code) => (billingUnits[code].aliases as readonly string[]).includes(n));
    if (matches.length === 1) return matches[0];
  }
  return undefined;
}

// ── Fee standards ────────────────────────────────────────────────────────────────────────────────────────────────

const dateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a calendar date YYYY-MM-DD');

export const tariffLineSchema = z.strictObject({
  item: z.enum(platformFeeItems),
  /** yuan per billing unit */
  amount: yuanAmountSchema,
  unit: z.enum(billingUnitCodes as [BillingUnit, ...BillingUnit[]]),
});
export type TariffLine = z.infer<typeof tariffLineSchema>;

/** The fee standard billing applies to usage under one agreement. */
export const agreementFeeStandardSchema = z
  .strictObject({
    agreementId: z.uuid(),
    /** the agreement number printed on the document, shown on the invoice lines */
    agreementNumber: z.string().trim().min(1).max(64),
    agreementKind: z.enum(['service_agreement', 'platform_service_agreement']),
    /** the scenario's usage category; a platform service agreement is `industry` unless agreed otherwise */
    usage: z.enum(usageCategories),
    /** the service agreement's fee (the grant's Fee): per call it prices API calls, otherwise it is a periodic fee */
    fee: feeSchema.optional(),
    /** the platform service agreement's fee schedule (Art. 36); a usage kind not listed is not charged */
    schedule: z.array(tariffLineSchema).max(20).default([]),
    chargingMethod: z.enum(['prepaid', 'postpaid']).optional(),
    /** the agreement's term, calendar dates in Beijing time, both included (needed for periodic fees) */
    term: z.strictObject({ from: dateSchema, until: dateSchema }).optional(),
  })
  .superRefine((s, ctx) => {
    const priced = new Set<UsageKind>();
    s.schedule.forEach((line, i) => {
      const kind = billingUnits[line.unit].kind;
      if (!feeItemKinds[line.item].includes(kind)) {
        ctx.addIssue({ code: 'custom', path: ['schedule', i, 'unit'], message: `${line.unit} does not measure ${line.item}` });
      }
      if (priced.has(kind)) ctx.addIssue({ code: 'custom', path: ['schedule', i], message: 'each usage kind is priced once' });
      priced.add(kind);
    });
    if (s.fee?.kind === 'charged' && s.fee.per !== 'call' && s.fee.per !== 'month' && !s.term) {
      ctx.addIssue({ code: 'custom', path: ['term'], message: 'a yearly or term fee needs the agreement term' });
    }
    if (s.term && s.term.until < s.term.from) ctx.addIssue({ code: 'custom', path: ['term', 'until'], message: 'the term ends after it starts' });
  });
export type AgreementFeeStandard = z.output<typeof agreementFeeStandardSchema>;
export type AgreementFeeStandardInput = z.input<typeof agreementFeeStandardSchema>;

/** Validates a fee standard; throws `BILLING_FEE_STANDARD_INVALID` with the paths of every problem. */
export function parseFeeStandard(input: unknown, path = ''): AgreementFeeStandard {
  const parsed = agreementFeeStandardSchema.safeParse(input);
  if (!parsed.success) {
    throw new DomainError(
      'BILLING_FEE_STANDARD_INVALID',
      parsed.error.issues.map((i) => ({ path: `${path}/${i.path.join('/')}`, reason: i.code, message: i.message })),
    );
  }
  return parsed.data;
}

// Only the parts billing reads; the other variables (data list, services …) are the agreements module's business.
const serviceVariables = z.looseObject({ scenario: serviceAgreementInputSchema.shape.scenario, fee: serviceAgreementInputSchema.shape.fee });
const platformVariables = z.looseObject({
  feeSchedule: platformServiceAgreementInputSchema.shape.feeSchedule,
  chargingMethod: platformServiceAgreementInputSchema.shape.chargingMethod,
});

/**
 * The fee standard of an agreement document (built by `buildAgreement`): the service agreement's scenario usage and
 * fee, or the platform service agreement's fee schedule with each unit read into a billing unit. Whether the
 * agreement is in force is for the caller to establish. Throws `BILLING_FEE_STANDARD_INVALID` when the document is
 * not of a billed kind or a schedule unit is not recognized (agree the unit as one of `billingUnits`' names).
 */
export function feeStandardFromAgreement(document: AgreementDocument, agreementId: string): AgreementFeeStandard {
  const invalid = (path: string, reason: string, message: string): never => {
    throw new DomainError('BILLING_FEE_STANDARD_INVALID', [{ path, reason, message }]);
  };
  const base = { agreementId, agreementNumber: document.number, term: { from: document.term.from, until: document.term.until } };
  if (document.kind === 'service_agreement') {
    const v = serviceVariables.safeParse(document.variables);
    if (!v.success) return invalid('/variables', 'invalid_variables', 'the service agreement has no valid scenario and fee');
    const fee: Fee = v.data.fee;
    return parseFeeStandard({
      ...base,
      agreementKind: 'service_agreement',
      usage: v.data.scenario.usage,
      fee,
      ...(fee.kind === 'charged' ? { chargingMethod: fee.chargingMethod } : {}),
    });
  }
  if (document.kind === 'platform_service_agreement') {
    const v = platformVariables.safeParse(document.variables);
    if (!v.success) return invalid('/variables', 'invalid_variables', 'the platform service agreement has no valid fee schedule');
    const schedule = v.data.feeSchedule.map((line, i) => {
      const unit = billingUnitFor(line.item, line.unit);
      if (!unit) {
        return invalid(`/variables/feeSchedule/${i}/unit`, 'unit_not_recognized', `the unit of ${platformFeeItemNames[line.item].en} is not a billing unit`);
      }
      return { item: line.item, amount: line.amount, unit };
    });
    return parseFeeStandard({ ...base, agreementKind: 'platform_service_agreement', usage: 'industry', schedule, chargingMethod: v.data.chargingMethod });
  }
  return invalid('/kind', 'not_billed', 'only service and platform service agreements carry fee standards');
}

