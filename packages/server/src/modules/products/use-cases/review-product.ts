import { DomainError } from '@shuyun/core';
import type { Deps } from '../../../deps.ts';
import { type Actor, tenantContext } from '../../../policy/actor.ts';
import { authorize } from '../../../policy/decide.ts';
import { recordUsage } from '../../billing/index.ts';
import { appendToLedger } from '../../ledger/index.ts';
import { notify } from '../../notifications/index.ts';
import * as store from '../store.ts';
import { productView } from '../views.ts';

/** The compliance and security review checklist (合規與安全審核); every item must pass for an approval. */
export const productChecklist = ['lawful_source', 'within_grant_scope', 'scenario_approved', 'pricing_basis', 'security_assessment', 'no_raw_data_output'] as const;
export type ChecklistItem = (typeof productChecklist)[number];

/**
 * The authority reviews a filed product against the checklist; a model needs an inspection record showing it cannot
 * reproduce raw rows. Approval publishes it in the product catalog; it is then served only in its scenarios.
 */
export async function reviewProduct(deps: Pick<Deps, 'db' | 'clock'>, actor: Actor, id: string, input: { decision: 'approve' | 'reject'; checklist: Partial<Record<ChecklistItem, boolean>>; reasons?: string | undefined }) {
  authorize(actor, 'product.review', {});
  const now = deps.clock.now();
  return deps.db.tx(tenantContext(actor), async (tx) => {
    const product = await store.findProduct(tx, id);
    if (!product) throw new DomainError('NOT_FOUND');
    if (product.state !== 'submitted') throw new DomainError('STATE_CONFLICT');
    if (input.decision === 'reject' && !input.reasons) throw new DomainError('APPLICATION_REASONS_REQUIRED');
    if (input.decision === 'approve') {
      const failing = productChecklist.filter((item) => input.checklist[item] !== true);
      const inspection = product.modelInspection as { rawRowsReproducible?: boolean } | null;
      if (product.kind === 'model' && inspection?.rawRowsReproducible !== false) failing.push('no_raw_data_output');
      if (failing.length > 0) throw new DomainError('PRODUCT_CHECKLIST_INCOMPLETE', failing.map((item) => ({ path: `/checklist/${item}`, reason: 'not_passed' })));
    }
    const publishesModel = input.decision === 'approve' && product.kind === 'model';
    const updated = await store.updateProduct(tx, id, { state: input.decision === 'approve' ? 'approved' : 'rejected', checklist: input.checklist, reasons: input.reasons ?? null, decidedAt: now, decidedBy: actor.userId });
    await appendToLedger(tx, deps.clock, {
      actor: { userId: actor.userId, orgId: actor.orgId },
      action: input.decision === 'approve' ? 'product.approved' : 'product.rejected',
      entity: { type: 'product', id },
      orgs: product.parties,
      payload: { checklist: input.checklist, reasons: input.reasons ?? null, ...(publishesModel ? { modelPublication: 1 } : {}) },
    });
    // Art. 36: publishing a model is a platform service the filer pays for (model publishing), metered with the approval
    if (publishesModel) await recordUsage(tx, deps.clock, [{ orgId: product.orgId, grantId: product.grantId, kind: 'model_publication', quantity: 1, parties: product.parties }]);
    await notify(tx, deps.clock, { orgIds: [product.orgId], kind: `product.${input.decision === 'approve' ? 'approved' : 'rejected'}`, subject: { type: 'product', id }, zh: `數據產品「${product.nameZh}」${input.decision === 'approve' ? '已通過審核並發佈' : '未通過審核'}`, en: `Product ${product.nameEn ?? product.nameZh} was ${input.decision === 'approve' ? 'approved and published' : 'rejected'}` });
    return productView(updated);
  });
}
