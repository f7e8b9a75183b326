// Response and request types of the products API (modules/products, billing's cost accounts) as the portal uses them.

import type { CostItem } from '@shuyun/core/billing/cost-account';

export const PRODUCT_KINDS = ['dataset', 'data_api', 'indicator', 'report', 'model', 'application'] as const;
export type ProductKind = (typeof PRODUCT_KINDS)[number];
/** Kinds served through the product API: they name the in-domain result table they serve and its lookup column. */
export const SERVED_KINDS: readonly ProductKind[] = ['data_api', 'indicator'];
export type ProductState = 'submitted' | 'approved' | 'rejected' | 'suspended';
export type PricingPer = 'call' | 'month' | 'year' | 'copy';
export const PRICING_PER: PricingPer[] = ['call', 'month', 'year', 'copy'];

/** The compliance and security review checklist (合規與安全審核); every item must pass for an approval. */
export const CHECKLIST = ['lawful_source', 'within_grant_scope', 'scenario_approved', 'pricing_basis', 'security_assessment', 'no_raw_data_output'] as const;
export type ChecklistItem = (typeof CHECKLIST)[number];

export interface ProductSource {
  resultTableId: string;
  lookupColumn: string;
  outputColumns: string[];
}

export interface Product {
  id: string;
  orgId: string;
  grantId: string;
  kind: ProductKind;
  nameZh: string;
  nameEn: string | null;
  description: string;
  scenarios: string[];
  scope: string;
  mannerOfUse: string;
  usage: 'public_interest' | 'industry';
  pricing: { basis: string; price: string; per: string };
  source: ProductSource | null;
  /** a model's inspection record, as filed (null for other kinds) */
  modelInspection: ModelInspection | null;
  state: ProductState;
  checklist: Partial<Record<ChecklistItem, boolean>> | null;
  reasons: string | null;
  submittedAt: string;
  decidedAt: string | null;
}

export interface ModelInspection {
  trainingData: string;
  outputSurface: string;
  rawRowsReproducible: boolean;
  inspectedBy: string;
}

export interface ProductFiling {
  grantId: string;
  kind: ProductKind;
  nameZh: string;
  nameEn?: string;
  description: string;
  scenarios: string[];
  scope: string;
  mannerOfUse: string;
  pricing: { basis: string; price: string; per: PricingPer };
  source?: ProductSource;
  modelInspection?: ModelInspection;
}

export interface ProductReview {
  decision: 'approve' | 'reject';
  checklist: Partial<Record<ChecklistItem, boolean>>;
  reasons?: string;
}

/** POST /products/:id/keys: the key itself is in this answer only (shown once). */
export interface IssuedKey {
  id: string;
  key: string;
  keyPrefix: string;
  scenario: string;
  quotaPerDay: number;
  ratePerMinute: number;
  productId: string;
  consumerOrgId: string;
  createdAt: string;
  revokedAt: string | null;
}

/** GET /products/:id/keys (provider, supervisors): a key, never the key itself, with its metered calls. */
export interface ProductKey {
  id: string;
  productId: string;
  /** the key's first characters (spk_…), not secret: tells keys apart */
  keyPrefix: string;
  consumerOrgId: string;
  scenario: string;
  quotaPerDay: number;
  ratePerMinute: number;
  createdAt: string;
  revokedAt: string | null;
  /** the Beijing day `callsToday` counts (the quota day) */
  day: string;
  callsToday: number;
  callsTotal: number;
  /** of `callsTotal`, calls metered and not yet written to the usage records */
  callsUnwritten: number;
}

/** The product a consumer's key is for, as GET /product-keys gives it. */
export type KeyProduct = Pick<Product, 'id' | 'orgId' | 'kind' | 'nameZh' | 'nameEn' | 'state' | 'usage' | 'pricing'>;

/** GET /product-keys: the caller's own keys (as a consumer) across products; `product` null if no longer listed to it. */
export interface MyProductKey extends ProductKey {
  product: KeyProduct | null;
}

/** GET /product-api/:id */
export interface ProductAnswer {
  columns: string[];
  row: unknown[];
}

export { costItems as COST_ITEMS, type CostItem, type ProductCostAccount as CostAccount } from '@shuyun/core/billing/cost-account';

export interface CostAccountInput {
  year: number;
  costs: { item: CostItem; amount: string }[];
  subsidies?: string;
  taxes?: string;
  treasuryYield10yAverage: string;
  marginRate?: string;
}


// ——— what the filing form reads: the filer's grants and their jobs' result tables ———
export interface JobResult {
  id: string;
  name: string;
  rows: number;
  createdAt: string;
}
export interface JobWithResults {
  id: string;
  name: string;
  state: string;
  devRun: { outputs: { output: string; columns: { name: string; type: string }[] }[] } | null;
  results: JobResult[];
}
