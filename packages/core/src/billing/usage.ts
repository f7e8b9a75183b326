// Usage records (計量): what an organization consumed, under which agreement and grant, for which product. The
// metering points (engine sessions, masking, export review, product APIs, model publishing) write one record per
// event or per batch; billing only reads them. Quantities are integers in the kind's measured unit.
import { z } from 'zod';
import { DomainError, type FieldIssue } from '../errors/catalogue.ts';
import type { Localized } from '../agreements/model.ts';

export const usageKinds = [
  'compute_seconds',
  'bytes_scanned',
  'masking_operations',
  'export',
  'api_call',
  'model_publication',
] as const;
export type UsageKind = (typeof usageKinds)[number];

/** The unit a record's quantity is measured in. */
export const measuredUnits = ['ms', 'byte', 'operation', 'count'] as const;
export type MeasuredUnit = (typeof measuredUnits)[number];

export const usageKindInfo: Record<UsageKind, { measured: MeasuredUnit; name: Localized }> = {
  compute_seconds: { measured: 'ms', name: { zh: '計算資源（計算時長）', en: 'compute time' } },
  bytes_scanned: { measured: 'byte', name: { zh: '數據掃描量', en: 'data scanned' } },
  masking_operations: { measured: 'operation', name: { zh: '數據脫敏', en: 'data masking' } },
  export: { measured: 'count', name: { zh: '結果導出', en: 'result exports' } },
  api_call: { measured: 'count', name: { zh: '數據接口調用', en: 'API calls' } },
  model_publication: { measured: 'count', name: { zh: '模型發佈', en: 'model publications' } },
};

export const measuredUnitNames: Record<MeasuredUnit, Localized> = {
  ms: { zh: '毫秒', en: 'millisecond' },
  byte: { zh: '字節', en: 'byte' },
  operation: { zh: '次操作', en: 'operation' },
  count: { zh: '次', en: 'count' },
};

export const usageRecordSchema = z.strictObject({
  /** the record's own id, when the metering store has one (not used for billing) */
  id: z.string().min(1).max(100).optional(),
  orgId: z.uuid(),
  /** the agreement the usage is billed under: a service agreement (API calls) or a platform service agreement */
  agreementId: z.uuid().optional(),
  /** the grant the usage happened under; a public-interest grant makes the usage free (Art. 37) */
  grantId: z.uuid().optional(),
  productId: z.uuid().optional(),
  kind: z.enum(usageKinds),
  /** integer units: milliseconds of compute, bytes scanned, masking operations, or a count */
  quantity: z.int().min(0),
  at: z.iso.datetime({ offset: true }),
});
export type UsageRecord = z.infer<typeof usageRecordSchema>;

/** Validates records; throws `BILLING_USAGE_INVALID` with the paths of every problem. */
export function parseUsageRecords(input: unknown): UsageRecord[] {
  const parsed = z.array(usageRecordSchema).safeParse(input);
  if (!parsed.success) {
    const details: FieldIssue[] = parsed.error.issues.map((i) => ({ path: `/${i.path.join('/')}`, reason: i.code, message: i.message }));
    throw new DomainError('BILLING_USAGE_INVALID', details);
  }
  return parsed.data;
}

// ── Beijing months ───────────────────────────────────────────────────────────────────────────────────────────────

const BEIJING_OFFSET_MS = 8 * 3600_000;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isBillingMonth(month: unknown): month is string {
  return typeof month === 'string' && MONTH.test(month);
}

function monthParts(month: string): [number, number] {
  const m = MONTH.exec(month);
  if (!m) throw new DomainError('BILLING_MONTH_INVALID', [{ path: '/month', reason: 'not_yyyy_mm' }]);
  return [Number(m[1]), Number(m[2])];
}

/**
 * The billing period of a month in Beijing time (UTC+8, no daylight saving): from 00:00 on the 1st (inclusive) to
 * 00:00 on the 1st of the next month (exclusive). `from`/`until` are written with the +08:00 offset.
 */
export function beijingMonthRange(month: string): { from: string; until: string; fromMs: number; untilMs: number } {
  const [y, m] = monthParts(month);
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return {
    from: `${month}-01T00:00:00+08:00`,
    until: `${next}-01T00:00:00+08:00`,
    fromMs: Date.UTC(y, m - 1, 1) - BEIJING_OFFSET_MS,
    untilMs: Date.UTC(y, m, 1) - BEIJING_OFFSET_MS,
  };
}

/** The Beijing-time month ('YYYY-MM') an instant falls in: 2026-03-31T16:30Z is 2026-04-01 00:30 in Beijing → '2026-04'. */
export function beijingMonthOf(at: string | Date): string {
  const ms = at instanceof Date ? at.getTime() : Date.parse(at);
  if (Number.isNaN(ms)) throw new DomainError('BILLING_USAGE_INVALID', [{ path: '/at', reason: 'not_an_instant' }]);
  return new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 7);
}

/** The month after ('2026-12' → '2027-01'). */
export function nextMonth(month: string): string {
  const [y, m] = monthParts(month);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}
