import type { JobRow, ResultTableRow } from './store.ts';

export function jobView(j: JobRow, results: ResultTableRow[] = []) {
  return {
    id: j.id,
    grantId: j.grantId,
    name: j.name,
    statements: j.statements,
    hash: j.hash,
    state: j.state,
    devRun: (j.devRun ?? null) as Record<string, unknown> | null,
    reviewerOrgIds: j.reviewerOrgIds,
    errorCode: j.errorCode,
    createdAt: j.createdAt.toISOString(),
    submittedAt: j.submittedAt?.toISOString() ?? null,
    decidedAt: j.decidedAt?.toISOString() ?? null,
    finishedAt: j.finishedAt?.toISOString() ?? null,
    results: results.map((r) => ({ id: r.id, name: r.name, rows: r.rows, bytes: r.bytes, sha256: r.sha256, createdAt: r.createdAt.toISOString() })),
  };
}
