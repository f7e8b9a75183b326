import { describe, expect, it } from 'vitest';
import { aggregateCostAccounts, productCostAccount, type ProductCostInput } from './cost.ts';

/** Operating cost 1 000 000 yuan, 100 000 calls sold, treasury average 2.35 %. */
function base(overrides: Partial<ProductCostInput> = {}): ProductCostInput {
  return {
    productId: 'c1111111-1111-4111-8111-111111111111',
    costs: [
      { item: 'platform_build_and_operation', amount: '400000', nature: 'indirect' },
      { item: 'data_processing', amount: '250000' },
      { item: 'human_resources', amount: '300000' },
      { item: 'period_expenses', amount: '50000', nature: 'indirect' },
    ],
    revenue: '1083500',
    volume: 100_000,
    treasuryYield10yAverage: '2.35',
    priceStandard: '10.80',
    ...overrides,
  };
}

describe('product cost accounting (發改價格〔2025〕65號 三、四)', () => {
  it('caps the margin at the 10-year treasury average + 6 points', () => {
    const a = productCostAccount(base());
    expect(a).toMatchObject({
      directCost: '550000.00',
      indirectCost: '450000.00',
      totalCost: '1000000.00',
      marginCeiling: '8.35',
      allowedMarginRate: '8.35',
      marginCapped: false,
      allowedProfit: '83500.00',
      maxAllowedRevenue: '1083500.00',
      priceCap: '10.835',
      actualPrice: '10.80',
      withinCap: true,
    });
    // a configured rate above the ceiling is cut to treasury + 6; one below it stands
    expect(productCostAccount(base({ marginRate: '10' }))).toMatchObject({ allowedMarginRate: '8.35', marginCapped: true, allowedProfit: '83500.00' });
    expect(productCostAccount(base({ marginRate: '5' }))).toMatchObject({ allowedMarginRate: '5.00', marginCapped: false, allowedProfit: '50000.00' });
    // fewer points is allowed ("加不超过6个百分点"), more is not
    expect(productCostAccount(base({ extraPoints: 3 }))).toMatchObject({ marginCeiling: '5.35', allowedMarginRate: '5.35' });
    expect(() => productCostAccount(base({ extraPoints: '6.5' }))).toThrow(expect.objectContaining({ code: 'BILLING_RATE_INVALID' }));
    expect(productCostAccount(base({ treasuryYield10yAverage: '1.6775' }))).toMatchObject({ allowedMarginRate: '7.6775', allowedProfit: '76775.00' });
  });

  it('compares the price standard with the cap per unit', () => {
    expect(productCostAccount(base({ priceStandard: '10.835' })).withinCap).toBe(true);
    expect(productCostAccount(base({ priceStandard: '10.8351' })).withinCap).toBe(false);
    // the cap is rounded down, so volume × cap never exceeds the maximum allowed revenue
    expect(productCostAccount(base({ volume: 3 })).priceCap).toBe('361166.6666');
  });

  it('deducts subsidies and counts taxes into the maximum allowed revenue', () => {
    const a = productCostAccount(base({ subsidies: '100000', taxes: '5000', revenue: '980150' }));
    expect(a).toMatchObject({ totalCost: '900000.00', allowedProfit: '75150.00', taxes: '5000.00', maxAllowedRevenue: '980150.00', deviation: '0.00', adjustment: 'none' });
    expect(a.actualMarginRate).toBe('8.35');
    expect(a.marginWithinAllowed).toBe(true);
    expect(() => productCostAccount(base({ subsidies: '2000000' }))).toThrow(expect.objectContaining({ code: 'BILLING_COST_INPUT_INVALID' }));
  });

  it('flags a 12 % deviation of actual revenue from the maximum allowed revenue, not a 9 % one', () => {
    const twelve = productCostAccount(base({ revenue: '1213520' })); // 1 083 500 × 1.12
    expect(twelve).toMatchObject({ deviation: '12.00', deviationFlag: true, adjustment: 'authority_adjusts_cap_price', excessRevenue: '130020.00', revenueWithinMaximum: false });
    expect(twelve.actualMarginRate).toBe('21.352');
    expect(twelve.marginWithinAllowed).toBe(false);

    const nine = productCostAccount(base({ revenue: '1181015' })); // × 1.09
    expect(nine).toMatchObject({ deviation: '9.00', deviationFlag: false, adjustment: 'operator_adjusts_specific_price', excessRevenue: '97515.00' });

    const below = productCostAccount(base({ revenue: '953480' })); // × 0.88: deviation applies both ways
    expect(below).toMatchObject({ deviation: '-12.00', deviationFlag: true, adjustment: 'authority_adjusts_cap_price', excessRevenue: '0.00', revenueWithinMaximum: true });

    // "10%及以下" stays with the operator; a fen above 10 % goes to the authorizing body
    expect(productCostAccount(base({ revenue: '1191850' }))).toMatchObject({ deviation: '10.00', deviationFlag: false });
    expect(productCostAccount(base({ revenue: '1191850.01' }))).toMatchObject({ deviation: '10.00', deviationFlag: true });
  });

  it('aggregates products into the operator-level figures', () => {
    const a = productCostAccount(base({ revenue: '1181015' }));
    const b = productCostAccount(base({ productId: 'c2222222-2222-4222-8222-222222222222', revenue: '1083500' }));
    const sum = aggregateCostAccounts([a, b]);
    expect(sum).toMatchObject({ products: 2, totalCost: '2000000.00', maxAllowedRevenue: '2167000.00', revenue: '2264515.00', deviation: '4.50', deviationFlag: false });
  });

  it('refuses inputs it cannot account', () => {
    expect(() => productCostAccount(base({ volume: 0 }))).toThrow(expect.objectContaining({ code: 'BILLING_COST_INPUT_INVALID' }));
    expect(() => productCostAccount(base({ costs: [] }))).toThrow(expect.objectContaining({ code: 'BILLING_COST_INPUT_INVALID' }));
    expect(() => productCostAccount(base({ revenue: '1.234567' }))).toThrow(expect.objectContaining({ code: 'BILLING_AMOUNT_INVALID' }));
    expect(() => productCostAccount(base({ treasuryYield10yAverage: 'two' }))).toThrow(expect.objectContaining({ code: 'BILLING_RATE_INVALID' }));
  });
});
