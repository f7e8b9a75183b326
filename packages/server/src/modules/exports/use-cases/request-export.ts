import path from 'node:path';
import { DomainError } from '@shuyun/core';
import { checkExport } from '@shuyun/engine';
import type { Deps } from '../../../deps.ts';
import type { ExportDeclared } from '../../../db/schema.ts';
import { type Actor, tenantContext } from '../../../policy/actor.ts';
import { authorize } from '../../../policy/decide.ts';
import { grantEpsilonBudget, requireUsableGrant } from '../../grants/index.ts';
import { resultTableOf } from '../../jobs/index.ts';
import { appendToLedger } from '../../ledger/index.ts';
import { notify } from '../../notifications/index.ts';
import { findAuthority } from '../../organizations/index.ts';
import { grantDatasets } from '../../workspaces/index.ts';
import * as store from '../store.ts';
import { exportView } from '../views.ts';

const MAX_EXPORT_ROWS = 100_000;
const MAX_EXPORT_BYTES = 50 * 1024 * 1024;

/**
 * The grant holder asks to take an in-domain result out of the domain. The automated checks run at once (every
 * value through the PII detectors, group size, k-anonymity over the declared quasi-identifiers, overlap with raw rows,
 * caps, the grant's ε budget status); a result that fails any of them is blocked and no reviewer can release it.
 * Budget: a grant whose ε budget is spent has its exports blocked — what the budget bounds must not keep leaking
 * through another door (engine: export-checks, `budget`); a grant with no ε budget or some left passes. Conditional-
 * class or graded ≥ general-3 data needs two distinct reviewers of the authority, other data one.
 */
export async function requestExport(deps: Pick<Deps, 'db' | 'clock' | 'config'>, actor: Actor, input: { resultTableId: string; format: 'csv' | 'parquet'; purpose: string } & ExportDeclared) {
  authorize(actor, 'export.request', { orgId: actor.orgId });
  const now = deps.clock.now();
  const { table, policy, budget } = await deps.db.tx(tenantContext(actor), async (tx) => {
    const table = await resultTableOf(tx, input.resultTableId);
    if (!table || table.orgId !== actor.orgId) throw new DomainError('NOT_FOUND');
    const policy = await requireUsableGrant(tx, actor, table.grantId, { mode: 'export' }, now);
    const budget = await grantEpsilonBudget(tx, table.grantId); // read with the grant's standing, in one snapshot
    return { table, policy, budget };
  });
  const datasets = await grantDatasets(deps, policy);
  const report = await checkExport({
    resultParquet: path.join(deps.config.resultsDir, table.filePath),
    columns: [
      ...input.quasiIdentifiers.map((name) => ({ name, role: 'quasi_identifier' as const })),
      ...input.measureColumns.map((c) => ({ name: c.name, role: 'measure' as const })),
    ],
    ...(input.subjectCountColumn ? { subjectCountColumn: input.subjectCountColumn } : {}),
    rawDatasets: datasets.map((d) => ({
      parquetPath: d.parquetPath,
      subjectKey: d.subjectKey ?? d.fields[0]!.name,
      identifyingColumns: d.fields.filter((f) => f.role === 'direct_identifier').map((f) => f.name),
      label: d.code,
    })),
    minSubjects: policy.minSubjects,
    k: policy.minSubjects,
    maxRows: MAX_EXPORT_ROWS,
    maxBytes: MAX_EXPORT_BYTES,
    privacyBudget: budget.totalMicro === null ? null : { totalMicro: budget.totalMicro, spentMicro: budget.spentMicro },
  });
  const sensitive = datasets.some((d) => d.openness === 'conditional' || d.fields.some((f) => ['general_3', 'general_4', 'important', 'core'].includes(f.grade)));
  return deps.db.tx(tenantContext(actor), async (tx) => {
    const authority = await findAuthority(tx);
    const row = await store.insertExport(tx, {
      grantId: table.grantId,
      orgId: actor.orgId,
      resultTableId: table.id,
      format: input.format,
      purpose: input.purpose,
      declared: { quasiIdentifiers: input.quasiIdentifiers, subjectCountColumn: input.subjectCountColumn, measureColumns: input.measureColumns },
      state: report.passed ? 'awaiting_review' : 'blocked',
      checks: report,
      requiredReviewers: sensitive ? 2 : 1,
      requestedBy: actor.userId,
      requestedAt: now,
      parties: [actor.orgId, authority.id],
    });
    await appendToLedger(tx, deps.clock, {
      actor: { userId: actor.userId, orgId: actor.orgId },
      action: report.passed ? 'export.requested' : 'export.blocked',
      entity: { type: 'export', id: row.id },
      orgs: [authority.id],
      payload: { resultSha256: table.sha256, checks: report.checks.map((c) => ({ name: c.name, passed: c.passed, skipped: c.skipped })), requiredReviewers: row.requiredReviewers },
      derivedFrom: [{ type: 'result_table', id: table.id }, { type: 'grant', id: table.grantId }],
    });
    if (report.passed) await notify(tx, deps.clock, { orgIds: [authority.id], kind: 'export.requested', subject: { type: 'export', id: row.id }, zh: '收到數據出域申請，待審核', en: 'An export request awaits review' });
    return exportView(row, []);
  });
}
