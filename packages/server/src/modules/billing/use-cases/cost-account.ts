import { DomainError } from '@shuyun/core';
import { type CostItem, chargeForUsage, formatYuan, parseYuan, productCostAccount } from '@shuyun/core/billing';
import type { Deps } from '../../../deps.ts';
import { type Actor, tenantContext } from '../../../policy/actor.ts';
import { authorize } from '../../../policy/decide.ts';
import { appendToLedger } from '../../ledger/index.ts';
import * as store from '../store.ts';

export interface CostAccountInput {
  year: number;
  costs: Array<{ item: CostItem; amount: string }>;
  subsidies?: string | undefined;
  taxes?: string | undefined;
  treasuryYield10yAverage: string;
  marginRate?: string | undefined;
}

/**
 * Cost accounting of a product for a year (Art. 23; 發改價格〔2025〕65號): the provider states its operating costs;
 * revenue and volume come from the metered calls at the filed price. The answer gives the allowed margin (≤ the
 * 10-year treasury average + 6 points), the price cap, whether the price is within it, and the ±10% deviation of
 * actual revenue from the maximum allowed revenue, flagged. Ledgered, so the pricing review has a record.
 */
export async function accountProductCosts(deps: Pick<Deps, 'db' | 'clock'>, actor: Actor, productId: string, input: CostAccountInput) {
  return deps.db.tx(tenantContext(actor), async (tx) => {
    const product = await store.findProduct(tx, productId);
    if (!product) throw new DomainError('NOT_FOUND');
    authorize(actor, 'product.cost_account', { orgId: product.orgId }, { visibleToOthers: true });
    const calls = await store.apiCallsBetween(tx, productId, `${input.year}-01-01`, `${input.year + 1}-01-01`);
    const revenue = product.pricing.per === 'call' ? chargeForUsage(parseYuan(product.pricing.price), calls, 1n) : 0n;
    const account = productCostAccount({
      productId,
      costs: input.costs,
      ...(input.subsidies ? { subsidies: input.subsidies } : {}),
      ...(input.taxes ? { taxes: input.taxes } : {}),
      revenue: formatYuan(revenue),
      volume: calls > 0n ? calls : 1n,
      treasuryYield10yAverage: input.treasuryYield10yAverage,
      ...(input.marginRate ? { marginRate: input.marginRate } : {}),
      priceStandard: product.pricing.price,
    });
    await appendToLedger(tx, deps.clock, {
      actor: { userId: actor.userId, orgId: actor.orgId },
      action: 'product.cost_accounted',
      entity: { type: 'product', id: productId },
      orgs: product.parties,
      payload: { year: input.year, totalCost: account.totalCost, maxAllowedRevenue: account.maxAllowedRevenue, revenue: account.revenue, withinCap: account.withinCap, deviationFlag: account.deviationFlag },
    });
    return account;
  });
}
