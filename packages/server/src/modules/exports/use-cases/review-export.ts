import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { DomainError } from '@shuyun/core';
import { watermarkCsv, watermarkParquet } from '@shuyun/engine';
import type { Deps } from '../../../deps.ts';
import { type Actor, tenantContext } from '../../../policy/actor.ts';
import { authorize } from '../../../policy/decide.ts';
import { resultTableOf } from '../../jobs/index.ts';
import { recordUsage } from '../../billing/index.ts';
import { appendToLedger } from '../../ledger/index.ts';
import { notify } from '../../notifications/index.ts';
import * as store from '../store.ts';
import { exportView } from '../views.ts';
import { watermarkKey } from './watermark-key.ts';

/**
 * A reviewer of the authority decides, with the checks' summary in front of them. Each reviewer decides once; a
 * blocked request cannot be approved; one rejection rejects. When the required number of distinct reviewers have
 * approved, the release is written: the result with its recipient's fingerprint (the export id, keyed with the
 * platform's watermark key), its SHA-256 ledgered.
 */
export async function reviewExport(deps: Pick<Deps, 'db' | 'clock' | 'config'>, actor: Actor, id: string, input: { decision: 'approve' | 'reject'; reasons?: string | undefined }) {
  authorize(actor, 'export.review', {});
  if (input.decision === 'reject' && !input.reasons) throw new DomainError('APPLICATION_REASONS_REQUIRED');
  const now = deps.clock.now();
  const decided = await deps.db.tx(tenantContext(actor), async (tx) => {
    const request = await store.findExport(tx, id);
    if (!request) throw new DomainError('NOT_FOUND');
    if (request.orgId === actor.orgId) throw new DomainError('FORBIDDEN'); // never the requesting organization
    if (request.state === 'blocked' && input.decision === 'approve') throw new DomainError('EXPORT_CHECKS_FAILED');
    if (request.state !== 'awaiting_review' && request.state !== 'blocked') throw new DomainError('STATE_CONFLICT');
    const review = await store.insertReview(tx, { exportId: id, reviewerUserId: actor.userId, reviewerOrgId: actor.orgId, decision: input.decision, reasons: input.reasons ?? null, decidedAt: now, parties: request.parties });
    if (!review) throw new DomainError('EXPORT_ALREADY_REVIEWED');
    const reviews = await store.reviewsOf(tx, id);
    const approvals = new Set(reviews.filter((r) => r.decision === 'approve').map((r) => r.reviewerUserId)).size;
    const state = input.decision === 'reject' ? 'rejected' : approvals >= request.requiredReviewers ? 'approved' : request.state;
    const updated = state === request.state ? request : await store.updateExport(tx, id, { state, decidedAt: now });
    await appendToLedger(tx, deps.clock, {
      actor: { userId: actor.userId, orgId: actor.orgId },
      action: 'export.reviewed',
      entity: { type: 'export', id },
      orgs: request.parties,
      payload: { decision: input.decision, reasons: input.reasons ?? null, approvals, required: request.requiredReviewers },
    });
    return { request: updated, reviews, table: state === 'approved' ? await resultTableOf(tx, request.resultTableId) : undefined };
  });
  if (decided.request.state !== 'approved' || !decided.table) return exportView(decided.request, decided.reviews);
  // the release, outside the transaction (it reads and writes files), then recorded in one more
  const relative = `${id}.${decided.request.format}`;
  const out = path.join(deps.config.exportsDir, relative);
  const source = path.join(deps.config.resultsDir, decided.table.filePath);
  const options = { recipientId: id, key: watermarkKey(deps.config.ledger.keysDir), numericColumns: decided.request.declared.measureColumns };
  await mkdir(deps.config.exportsDir, { recursive: true });
  const released = decided.request.format === 'csv' ? await watermarkCsv(source, out, options) : await watermarkParquet(source, out, options);
  return deps.db.tx(tenantContext(actor), async (tx) => {
    const updated = await store.updateExport(tx, id, { releasePath: relative, releaseSha256: released.sha256 });
    await appendToLedger(tx, deps.clock, {
      actor: { userId: actor.userId, orgId: actor.orgId },
      action: 'export.released',
      entity: { type: 'export', id },
      orgs: updated.parties,
      payload: { sha256: released.sha256, format: updated.format, rows: released.rows, watermark: released.channel },
      derivedFrom: [{ type: 'result_table', id: updated.resultTableId }],
    });
    await recordUsage(tx, deps.clock, [{ orgId: updated.orgId, grantId: updated.grantId, kind: 'export', quantity: 1, parties: updated.parties }]);
    await notify(tx, deps.clock, { orgIds: [updated.orgId], kind: 'export.released', subject: { type: 'export', id }, zh: '數據出域申請已通過，可生成一次性下載鏈接', en: 'Your export is approved: create a single-use download link' });
    return exportView(updated, decided.reviews);
  });
}
