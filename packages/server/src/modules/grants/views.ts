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
    epsilonTotal: g.epsilonTotalMicro === null ? null : g.epsilonTotalMicro / 1e6,
    epsilonSpent: g.epsilonSpentMicro / 1e6,
    endedAt: g.endedAt?.toISOString() ?? null,
  };
}
