import { DomainError } from '@shuyun/core';
import { beijingMonthRange, buildMonthlyInvoice } from '@shuyun/core/billing';
import type { Fee } from '@shuyun/core/policy';
import type { Deps } from '../../../deps.ts';
import { type Actor, tenantContext } from '../../../policy/actor.ts';
import * as store from '../store.ts';

/**
 * The caller's invoice for a Beijing-time month, from its metered usage: product API calls priced at each product's
 * filed price (public-interest products at zero), usage under its grants at each grant's fee (public-interest
 * grants at zero). Built from the usage records as they are; the same month always gives the same invoice and hash.
 */
export async function monthlyInvoice(deps: Pick<Deps, 'db'>, actor: Actor, month: string) {
  const range = beijingMonthRange(month);
  return deps.db.tx(tenantContext(actor), async (tx) => {
    const org = await store.findOrganization(tx, actor.orgId);
    if (!org) throw new DomainError('NOT_FOUND');
    const usage = await store.usageBetween(tx, actor.orgId, new Date(range.fromMs), new Date(range.untilMs));
    const productIds = [...new Set(usage.map((u) => u.productId).filter((p): p is string => p !== null))];
    const grantIds = [...new Set(usage.filter((u) => u.productId === null).map((u) => u.grantId).filter((g): g is string => g !== null))];
    const productRows = await store.productsByIds(tx, productIds);
    const grantRows = await store.grantsByIds(tx, grantIds);
    const feeStandards = [
      ...productRows.map((p) => ({
        agreementId: p.id,
        agreementNumber: `CP-${p.id.slice(0, 8).toUpperCase()}`,
        agreementKind: 'service_agreement' as const,
        usage: p.usage,
        fee: (p.usage === 'public_interest' || Number(p.pricing.price) === 0
          ? { kind: 'free' }
          : { kind: 'charged', standard: p.pricing.basis.slice(0, 200), amount: p.pricing.price, currency: 'CNY', per: p.pricing.per === 'call' ? 'call' : 'month', chargingMethod: 'postpaid' }) as Fee,
      })),
      ...grantRows.map((g) => {
        const policy = g.policy as { fee: Fee; purpose: { usage: 'public_interest' | 'industry' } };
        return { agreementId: g.agreementId, agreementNumber: `GR-${g.id.slice(0, 8).toUpperCase()}`, agreementKind: 'service_agreement' as const, usage: policy.purpose.usage, fee: policy.fee };
      }),
    ];
    const agreementOfGrant = new Map(grantRows.map((g) => [g.id, g.agreementId]));
    return buildMonthlyInvoice({
      month,
      org: { id: org.id, code: org.code, nameZh: org.nameZh, ...(org.nameEn ? { nameEn: org.nameEn } : {}), ...(org.uscc ? { uscc: org.uscc } : {}) },
      usage: usage.map((u) => ({
        orgId: u.orgId,
        ...(u.productId ? { agreementId: u.productId, productId: u.productId } : u.grantId ? { agreementId: agreementOfGrant.get(u.grantId)!, grantId: u.grantId } : {}),
        kind: u.kind === 'compute_ms' ? 'compute_seconds' : u.kind,
        quantity: u.quantity, // compute in milliseconds: core's invoice converts to core-seconds and core-hours
        at: u.recordedAt.toISOString(),
      })),
      feeStandards,
    });
  });
}
