// GET /api/v1/invoices/:month → { document, hash }: the shapes of packages/core/src/billing/invoice.ts, as JSON.

export type UsageKind = 'compute_seconds' | 'bytes_scanned' | 'masking_operations' | 'export' | 'api_call' | 'model_publication';
export const USAGE_KINDS: UsageKind[] = ['compute_seconds', 'bytes_scanned', 'masking_operations', 'export', 'api_call', 'model_publication'];
export type MeasuredUnit = 'ms' | 'byte' | 'operation' | 'count';

export interface Localized {
  zh: string;
  en: string;
}

export interface InvoiceLine {
  line: number;
  agreementId: string;
  agreementNumber: string;
  kind: UsageKind | 'periodic';
  feeItem: string;
  description: Localized;
  measured?: { quantity: string; unit: MeasuredUnit; records: number };
  /** in the billing unit, up to 6 places */
  quantity: string;
  unit: { code: string } & Localized;
  /** yuan per billing unit */
  unitPrice: string;
  /** yuan, rounded half up to the fen */
  amount: string;
  standard?: string;
  chargingMethod?: string;
  /** every line billed at zero says why */
  exemption?: { reason: 'public_interest' | 'free_fee_standard' | 'not_in_fee_standard' | 'covered_by_periodic_fee' } & Localized;
}

export interface InvoiceOrg {
  id: string;
  code: string;
  nameZh: string;
  nameEn?: string;
  uscc?: string;
}

export interface InvoiceDocument {
  format: string;
  number: string;
  month: string;
  period: { from: string; until: string };
  currency: 'CNY';
  org: InvoiceOrg;
  issuer?: InvoiceOrg;
  lines: InvoiceLine[];
  agreements: { agreementId: string; agreementNumber: string; usage: 'public_interest' | 'industry'; subtotal: string }[];
  subtotal: string;
  total: string;
  rounding: string;
  unbilled: { kind: UsageKind; records: number; measured: string; unit: MeasuredUnit }[];
  usageRecords: number;
}

export interface Invoice {
  document: InvoiceDocument;
  /** SM3 over the RFC 8785 canonical bytes of the document */
  hash: string;
}
