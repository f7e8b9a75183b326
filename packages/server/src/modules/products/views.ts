import type { ProductKeyRow, ProductRow } from './store.ts';

/** A model's inspection record, as filed: its training data, what it outputs, and whether raw rows can be reproduced. */
export interface ModelInspection {
  trainingData: string;
  outputSurface: string;
  rawRowsReproducible: boolean;
  inspectedBy: string;
}

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
    modelInspection: (p.modelInspection ?? null) as ModelInspection | null,
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

/** A key's metered calls: on `day` (Beijing) and in total, each with the calls not yet written to usage records. */
export interface KeyCalls {
  day: string;
  today: number;
  total: number;
  unwritten: number;
}

/** A key as its provider, its consumer and supervisors see it: never the key itself, only its non-secret prefix. */
export function keyUsageView(k: ProductKeyRow, calls: KeyCalls) {
  return { ...keyView(k), day: calls.day, callsToday: calls.today, callsTotal: calls.total, callsUnwritten: calls.unwritten };
}
