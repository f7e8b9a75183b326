// What a product's cost account is (成本核算, 發改價格〔2025〕65號; computed in cost.ts): types and the list of cost items
// only, with no import, so that the browser portal can share them.

/** The operating cost items 三（一） lists ("主要包括", so `other` for the rest). */
export const costItems = [
  'platform_build_and_operation',
  'data_processing',
  'human_resources',
  'data_acquisition',
  'period_expenses',
  'other',
] as const;
export type CostItem = (typeof costItems)[number];

export type PriceAdjustment = 'none' | 'operator_adjusts_specific_price' | 'authority_adjusts_cap_price';

export interface ProductCostAccount {
  productId?: string;
  directCost: string;
  indirectCost: string;
  subsidies: string;
  /** operating cost: direct + indirect − subsidies */
  totalCost: string;
  /** treasury average + extra points, percent */
  marginCeiling: string;
  /** min(configured margin rate, ceiling), percent */
  allowedMarginRate: string;
  /** whether a configured margin rate above the ceiling was cut down to it */
  marginCapped: boolean;
  /** operating cost × allowed margin rate, half up to the fen */
  allowedProfit: string;
  taxes: string;
  /** 最高准許收入: operating cost + allowed profit + taxes */
  maxAllowedRevenue: string;
  /** maxAllowedRevenue ÷ volume, rounded down to 0.0001 yuan (so volume × cap never exceeds the maximum) */
  priceCap: string;
  /** the specific price standard, canonical spelling */
  actualPrice: string;
  /** revenue ÷ volume, half up to 0.0001 yuan */
  averageRealizedPrice: string;
  /** (revenue − taxes − operating cost) ÷ operating cost, percent to 4 places; null when the cost is zero */
  actualMarginRate: string | null;
  /** actual price ≤ price cap */
  withinCap: boolean;
  /** actual margin rate ≤ allowed margin rate */
  marginWithinAllowed: boolean;
  revenue: string;
  /** revenue ≤ maximum allowed revenue */
  revenueWithinMaximum: boolean;
  /** revenue above the maximum, deducted when the next period's maximum is set (四); 0 when below */
  excessRevenue: string;
  /** (revenue − maxAllowedRevenue) ÷ maxAllowedRevenue, percent with sign, 4 places */
  deviation: string;
  /** |deviation| > 10 % */
  deviationFlag: boolean;
  adjustment: PriceAdjustment;
}
