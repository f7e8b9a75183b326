// Cost accounting per product (成本核算; Art. 23 of the Futian measures: "以準許成本和數據應用價值為重要依據 … 建立公共
// 數據成本核算機制"), following the national cost-plus rules, 發改價格〔2025〕65號 (國家發展改革委 國家數據局關於建立
// 公共數據資源授權運營價格形成機制的通知, 2025-01-16, in force 2025-03-01):
//
// 三（一）"最高准许收入包括经营成本、准许利润和税金。其中，经营成本指运营机构在提供用于产业发展、行业发展的数据产品和
//   服务过程中发生的，扣除政府补助后的合理费用支出，主要包括授权运营相关平台建设和运维成本，数据传输、汇聚、存储、治理
//   等成本，人力资源成本，获取公共数据资源的相关支出，以及期间费用等 … 准许利润按照经营成本乘以准许利润率确定。准许利润率
//   按照成本调查前一年10年期国债平均收益率加不超过6个百分点确定 … 税金按照国家现行相关规定执行。"
//   → operating cost = Σ cost items − government subsidies; allowed profit = operating cost × allowed margin rate;
//     allowed margin rate ≤ (10-year treasury average yield of the year before the cost survey) + at most 6 points;
//     maximum allowed revenue = operating cost + allowed profit + taxes.
// 三（二）the authorizing body sets cap prices (上限收费标准) per product "按产品数量、服务次数、服务时间、数据调用量等形式",
//   and 二: "运营机构在不高于上限收费标准的范围内，确定具体收费标准" → the price standard must not exceed the cap.
// 四 "当年实际收入偏离最高准许收入10%及以下的，由授权主体指导运营机构调整具体收费标准；超过10%的，由授权主体调整上限
//   收费标准。" → deviation = (actual revenue of the year − maximum allowed revenue) ÷ maximum allowed revenue, in either
//   direction; |deviation| ≤ 10 % (10 % itself included): the operator adjusts its specific price under the authorizing
//   body's guidance; |deviation| > 10 %: flagged, the authorizing body adjusts the cap price. And "上一周期内实际收入超过
//   最高准许收入的部分，在核定下一周期最高准许收入时予以扣减" → the excess is reported for deduction next period.
//
// The notice sets the maximum allowed revenue per operator (the deviation rule compares the operator's revenue); the
// per-product account applies the same arithmetic to one product's share of costs and revenue, and
// `aggregateCostAccounts` gives the operator-level figures the rule is formally about.
import { DomainError } from '../errors/catalogue.ts';
import {
  RATE_ONE,
  divFloor,
  divRoundHalfUp,
  formatPercent,
  formatYuan,
  parsePercent,
  parseYuan,
  ratio,
  roundHalfUpToFen,
  type Amount,
  type Rate,
} from './money.ts';
import type { Localized } from '../agreements/model.ts';
import { costItems, type CostItem, type PriceAdjustment, type ProductCostAccount } from './cost-account.ts';

export { costItems, type CostItem, type PriceAdjustment, type ProductCostAccount };

export const costItemNames: Record<CostItem, Localized> = {
  platform_build_and_operation: { zh: '授權運營相關平臺建設和運維成本', en: 'building and running the operation platform' },
  data_processing: { zh: '數據傳輸、匯聚、存儲、治理等成本', en: 'data transmission, aggregation, storage and governance' },
  human_resources: { zh: '人力資源成本', en: 'human resources' },
  data_acquisition: { zh: '獲取公共數據資源的相關支出', en: 'expenditure on obtaining public data resources' },
  period_expenses: { zh: '期間費用', en: 'period expenses' },
  other: { zh: '其他合理費用支出', en: 'other reasonable expenditure' },
};

/** The points above the treasury yield the notice allows at most ("加不超过6个百分点"). */
export const MAX_EXTRA_POINTS = '6';
/** |deviation| above this is flagged (四: "超过10%的"); exactly 10 % is not ("10%及以下"). */
export const DEVIATION_THRESHOLD_PERCENT = '10';

export type CostNature = 'direct' | 'indirect';

export interface ProductCostInput {
  productId?: string;
  /** operating cost items of the period, yuan strings; `nature` defaults to direct */
  costs: readonly { item: CostItem; amount: string; nature?: CostNature }[];
  /** government subsidies, deducted from the operating cost ("扣除政府补助后"); default 0 */
  subsidies?: string;
  /** taxes counted into the maximum allowed revenue ("税金按照国家现行相关规定执行"); default 0 */
  taxes?: string;
  /** actual revenue of the period (當年實際收入) */
  revenue: string;
  /** sales volume of the period in the product's charging unit (calls, copies, months …), at least 1 */
  volume: number | bigint;
  /** the 10-year treasury average yield of the year before the cost survey, percent, e.g. '2.35' */
  treasuryYield10yAverage: string | number;
  /** points added to the treasury yield, at most 6; default 6 */
  extraPoints?: string | number;
  /** the allowed margin rate the pricing department set, percent; capped at treasury + extraPoints; default the cap */
  marginRate?: string | number;
  /** the operator's specific price per unit (具體收費標準), yuan */
  priceStandard: string;
}

function invalid(path: string, reason: string): never {
  throw new DomainError('BILLING_COST_INPUT_INVALID', [{ path, reason }]);
}

function parseVolume(volume: number | bigint): bigint {
  if (typeof volume === 'bigint') return volume >= 1n ? volume : invalid('/volume', 'not_positive');
  return Number.isSafeInteger(volume) && volume >= 1 ? BigInt(volume) : invalid('/volume', 'not_a_positive_integer');
}

/** Deviation, flag and adjustment from the exact figures (四). */
function deviationOf(revenue: Amount, maxAllowedRevenue: Amount): { deviation: string; deviationFlag: boolean; adjustment: PriceAdjustment } {
  if (maxAllowedRevenue <= 0n) invalid('/costs', 'no_maximum_allowed_revenue');
  const diff = revenue - maxAllowedRevenue;
  const abs = diff < 0n ? -diff : diff;
  // |R − M| / M > 10 %  ⟺  |R − M| × 10 > M (exact, no rounding of the ratio).
  const deviationFlag = abs * 10n > maxAllowedRevenue;
  return {
    deviation: formatPercent(ratio(diff, maxAllowedRevenue)),
    deviationFlag,
    adjustment: diff === 0n ? 'none' : deviationFlag ? 'authority_adjusts_cap_price' : 'operator_adjusts_specific_price',
  };
}

/**
 * The cost account of one product over a period (normally a year). Throws `BILLING_AMOUNT_INVALID`,
 * `BILLING_RATE_INVALID` (a yield or rate that is not a percentage, extra points above 6) or
 * `BILLING_COST_INPUT_INVALID` (no cost items, subsidies above the costs, volume below 1).
 */
export function productCostAccount(input: ProductCostInput): ProductCostAccount {
  if (input.costs.length === 0) invalid('/costs', 'no_cost_items');
  let direct = 0n;
  let indirect = 0n;
  input.costs.forEach((c, i) => {
    if (!(costItems as readonly string[]).includes(c.item)) invalid(`/costs/${i}/item`, 'unknown_cost_item');
    const amount = parseYuan(c.amount, `/costs/${i}/amount`);
    if ((c.nature ?? 'direct') === 'direct') direct += amount;
    else if (c.nature === 'indirect') indirect += amount;
    else invalid(`/costs/${i}/nature`, 'not_direct_or_indirect');
  });
  const subsidies = parseYuan(input.subsidies ?? '0', '/subsidies');
  const totalCost = direct + indirect - subsidies;
  if (totalCost < 0n) invalid('/subsidies', 'subsidies_exceed_costs');
  const taxes = parseYuan(input.taxes ?? '0', '/taxes');
  const revenue = parseYuan(input.revenue, '/revenue');
  const volume = parseVolume(input.volume);
  const price = parseYuan(input.priceStandard, '/priceStandard');

  const treasury = parsePercent(input.treasuryYield10yAverage, '/treasuryYield10yAverage');
  const extra = parsePercent(input.extraPoints ?? MAX_EXTRA_POINTS, '/extraPoints');
  if (extra > parsePercent(MAX_EXTRA_POINTS)) {
    throw new DomainError('BILLING_RATE_INVALID', [{ path: '/extraPoints', reason: 'above_6_points' }]);
  }
  const ceiling: Rate = treasury + extra;
  const configured = input.marginRate === undefined ? undefined : parsePercent(input.marginRate, '/marginRate');
  const allowedRate: Rate = configured === undefined || configured > ceiling ? ceiling : configured;

  const allowedProfit = roundHalfUpToFen(divRoundHalfUp(totalCost * allowedRate, RATE_ONE));
  const maxAllowedRevenue = totalCost + allowedProfit + taxes;
  const priceCap = divFloor(maxAllowedRevenue, volume);
  const actualMargin = totalCost > 0n ? ratio(revenue - taxes - totalCost, totalCost) : undefined;

  return {
    ...(input.productId !== undefined ? { productId: input.productId } : {}),
    directCost: formatYuan(direct),
    indirectCost: formatYuan(indirect),
    subsidies: formatYuan(subsidies),
    totalCost: formatYuan(totalCost),
    marginCeiling: formatPercent(ceiling),
    allowedMarginRate: formatPercent(allowedRate),
    marginCapped: configured !== undefined && configured > ceiling,
    allowedProfit: formatYuan(allowedProfit),
    taxes: formatYuan(taxes),
    maxAllowedRevenue: formatYuan(maxAllowedRevenue),
    priceCap: formatYuan(priceCap),
    actualPrice: formatYuan(price),
    averageRealizedPrice: formatYuan(divRoundHalfUp(revenue, volume)),
    actualMarginRate: actualMargin === undefined ? null : formatPercent(actualMargin),
    withinCap: price <= priceCap,
    // exact: (revenue − taxes − cost) ÷ cost ≤ rate  ⟺  (revenue − taxes − cost) × 10^6 ≤ rate × cost
    marginWithinAllowed: (revenue - taxes - totalCost) * RATE_ONE <= allowedRate * totalCost,
    revenue: formatYuan(revenue),
    revenueWithinMaximum: revenue <= maxAllowedRevenue,
    excessRevenue: formatYuan(revenue > maxAllowedRevenue ? revenue - maxAllowedRevenue : 0n),
    ...deviationOf(revenue, maxAllowedRevenue),
  };
}

export interface OperatorCostSummary {
  products: number;
  totalCost: string;
  allowedProfit: string;
  taxes: string;
  maxAllowedRevenue: string;
  revenue: string;
  excessRevenue: string;
  deviation: string;
  deviationFlag: boolean;
  adjustment: PriceAdjustment;
}

/**
 * The operator-level figures the deviation rule of 四 is formally about: the sums of the products' operating costs,
 * allowed profits, taxes, maximum allowed revenues and revenues, and the deviation of the summed revenue from the
 * summed maximum (not an average of the products' deviations).
 */
export function aggregateCostAccounts(accounts: readonly ProductCostAccount[]): OperatorCostSummary {
  if (accounts.length === 0) invalid('/accounts', 'no_accounts');
  const sum = (pick: (a: ProductCostAccount) => string, name: string) =>
    accounts.reduce((total, a, i) => total + parseYuan(pick(a), `/accounts/${i}/${name}`), 0n);
  const totalCost = sum((a) => a.totalCost, 'totalCost');
  const allowedProfit = sum((a) => a.allowedProfit, 'allowedProfit');
  const taxes = sum((a) => a.taxes, 'taxes');
  const maxAllowedRevenue = sum((a) => a.maxAllowedRevenue, 'maxAllowedRevenue');
  const revenue = sum((a) => a.revenue, 'revenue');
  return {
    products: accounts.length,
    totalCost: formatYuan(totalCost),
    allowedProfit: formatYuan(allowedProfit),
    taxes: formatYuan(taxes),
    maxAllowedRevenue: formatYuan(maxAllowedRevenue),
    revenue: formatYuan(revenue),
    excessRevenue: formatYuan(revenue > maxAllowedRevenue ? revenue - maxAllowedRevenue : 0n),
    ...deviationOf(revenue, maxAllowedRevenue),
  };
}
