import type { exportReviews } from '../../db/schema.ts';
import type { ExportRow } from './store.ts';

export function exportView(e: ExportRow, reviews: Array<typeof exportReviews.$inferSelect>) {
  return {
    id: e.id,
    grantId: e.grantId,
    orgId: e.orgId,
    resultTableId: e.resultTableId,
    format: e.format,
    purpose: e.purpose,
    state: e.state,
    checks: e.checks as Record<string, unknown>,
    requiredReviewers: e.requiredReviewers,
    reviews: reviews.map((r) => ({ reviewerUserId: r.reviewerUserId, decision: r.decision, reasons: r.reasons, decidedAt: r.decidedAt.toISOString() })),
    releaseSha256: e.releaseSha256,
    requestedAt: e.requestedAt.toISOString(),
    decidedAt: e.decidedAt?.toISOString() ?? null,
  };
}
