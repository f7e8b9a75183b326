import type { ReviewRow, JobRow, ResultTableRow } from './store.ts';

/** A job; with `reviews` (of its current text), the organizations that have already decided on it. */
export function jobView(j: JobRow, results: ResultTableRow[] = [], reviews?: ReviewRow[]) {
  return {
    id: j.id,
    grantId: j.grantId,
    name: j.name,
    statements: j.statements,
    hash: j.hash,
    state: j.state,
    devRun: (j.devRun ?? null) as Record<string, unknown> | null,
    reviewerOrgIds: j.reviewerOrgIds,
    ...(reviews ? { reviewedByOrgIds: reviews.filter((r) => r.jobHash === j.hash).map((r) => r.reviewerOrgId) } : {}),
    errorCode: j.errorCode,
    createdAt: j.createdAt.toISOString(),
    submittedAt: j.submittedAt?.toISOString() ?? null,
    decidedAt: j.decidedAt?.toISOString() ?? null,
    finishedAt: j.finishedAt?.toISOString() ?? null,
    results: results.map((r) => ({ id: r.id, name: r.name, rows: r.rows, bytes: r.bytes, sha256: r.sha256, createdAt: r.createdAt.toISOString() })),
  };
}
