import type { ProductKeyRow, ProductRow } from './store.ts';

export function productView(p: ProductRow) {
  return {
    id: p.id,
    orgId: p.orgId,
    grantId: p.grantId,
    kind: p.kind,
    nameZh: p.nameZh,
    nameEn: p.nameEn,
    description: p.description,
    scenarios: p.scenarios,
    scope: p.scope,
    mannerOfUse: p.mannerOfUse,
    usage: p.usage,
    pricing: p.pricing,
    source: p.source ?? null,
    state: p.state,
    checklist: (p.checklist ?? null) as unknown,
    reasons: p.reasons,
    submittedAt: p.submittedAt.toISOString(),
    decidedAt: p.decidedAt?.toISOString() ?? null,
  };
}

export function keyView(k: ProductKeyRow) {
  return { id: k.id, productId: k.productId, consumerOrgId: k.consumerOrgId, scenario: k.scenario, keyPrefix: k.keyPrefix, quotaPerDay: k.quotaPerDay, ratePerMinute: k.ratePerMinute, createdAt: k.createdAt.toISOString(), revokedAt: k.revokedAt?.toISOString() ?? null };
}
