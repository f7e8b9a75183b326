// Response and request types of the products API (modules/products, billing's cost accounts) as the portal uses them.

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

/** A product key as the ledger shows it to the parties (provider, consumer) and supervisors. */
export interface KeyRecord {
  id: string;
  productId: string;
  consumerOrgId: string | null;
  scenario: string;
  quotaPerDay: number | null;
  ratePerMinute: number | null;
  issuedAt: string | null;
  /** Beijing day → calls metered that day */
  callsByDay: Record<string, number>;
  callsToday: number;
  callsTotal: number;
}

/** GET /product-api/:id */
export interface ProductAnswer {
  columns: string[];
  row: unknown[];
}

export const COST_ITEMS = ['platform_build_and_operation', 'data_processing', 'human_resources', 'data_acquisition', 'period_expenses', 'other'] as const;
export type CostItem = (typeof COST_ITEMS)[number];

export interface CostAccountInput {
  year: number;
  costs: { item: CostItem; amount: string }[];
  subsidies?: string;
  taxes?: string;
  treasuryYield10yAverage: string;
  marginRate?: string;
}

export interface CostAccount {
  directCost: string;
  indirectCost: string;
  subsidies: string;
  totalCost: string;
  marginCeiling: string;
  allowedMarginRate: string;
  marginCapped: boolean;
  allowedProfit: string;
  taxes: string;
  maxAllowedRevenue: string;
  priceCap: string;
  actualPrice: string;
  averageRealizedPrice: string;
  actualMarginRate: string | null;
  withinCap: boolean;
  marginWithinAllowed: boolean;
  revenue: string;
  revenueWithinMaximum: boolean;
  excessRevenue: string;
  deviation: string;
  deviationFlag: boolean;
  adjustment: 'none' | 'operator_adjusts_specific_price' | 'authority_adjusts_cap_price';
}

// ——— the ledger's lineage, as GET /ledger/lineage answers ———
export interface LineageEdge {
  parentType: string;
  parentId: string;
  childType: string;
  childId: string;
  depth: number;
}
export interface LedgerEntry {
  seq: number | null;
  leaf: { time: string; action: string; orgs: string[]; actor: { user: string | null; org: string | null }; entity: { type: string; id: string } } | null;
  payload: unknown;
}
export interface Lineage {
  entity: { type: string; id: string };
  upstream: LineageEdge[];
  downstream: LineageEdge[];
  entries: LedgerEntry[];
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
