import type { GrantRow } from './store.ts';

export function grantView(g: GrantRow) {
  return {
    id: g.id,
    agreementId: g.agreementId,
    applicationId: g.applicationId,
    assigneeOrgId: g.assigneeOrgId,
    operatorOrgId: g.operatorOrgId,
    state: g.state,
    policy: g.policy as Record<string, unknown>,
    validFrom: g.validFrom.toISOString(),
    validUntil: g.validUntil.toISOString(),
    epsilonTotal: g.epsilonTotal,
    epsilonSpent: g.epsilonSpent,
    endedAt: g.endedAt?.toISOString() ?? null,
  };
}
