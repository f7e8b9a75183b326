import type { AdmissionRow } from './store.ts';

export function admissionView(row: AdmissionRow) {
  return {
    id: row.id,
    partnerOrgId: row.partnerOrgId,
    operatorOrgId: row.operatorOrgId,
    state: row.state,
    qualifications: row.qualifications,
    reasons: row.reasons,
    appliedAt: row.appliedAt.toISOString(),
    decidedAt: row.decidedAt?.toISOString() ?? null,
    filedAt: row.filedAt?.toISOString() ?? null,
    exitedAt: row.exitedAt?.toISOString() ?? null,
    exitFiledAt: row.exitFiledAt?.toISOString() ?? null,
  };
}
