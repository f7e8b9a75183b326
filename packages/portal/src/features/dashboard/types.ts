// The supervision dashboards' API shape (GET /supervision/dashboard, packages/server/src/modules/supervision/routes.ts).

export type StageKind = 'operator_review' | 'authority_evaluation' | 'source_confirmation';

export interface Dashboard {
  generatedAt: string;
  applications: {
    total: number;
    byState: { state: string; count: number }[];
    stages: { kind: StageKind; open: number; overdue: number; closedLate: number }[];
    overdue: { stageId: string; applicationId: string; number: string; title: string; kind: StageKind; reviewerOrgId: string; dueAt: string }[];
  };
  productCalls: {
    total: number;
    from: string;
    until: string;
    byDay: { day: string; calls: number }[];
    byProduct: { productId: string; nameZh: string; nameEn: string | null; orgId: string; calls: number }[];
  };
  epsilon: {
    grants: number;
    total: number;
    spent: number;
    byGrant: { grantId: string; applicationId: string; assigneeOrgId: string; state: string; epsilonTotal: number | null; epsilonSpent: number }[];
  };
  exports: { total: number; byState: { state: string; count: number }[] };
  suspensions: {
    byKind: { kind: 'suspend' | 'resume' | 'terminate'; count: number }[];
    current: { orgId: string; orgType: string; admissionId: string | null; operatorOrgId: string | null; since: string | null; rectificationDue: string | null; reasons: string | null }[];
  };
}
