import { DomainError } from '@shuyun/core';
import type { Deps } from '../../../deps.ts';
import { type Actor, tenantContext } from '../../../policy/actor.ts';
import { authorize } from '../../../policy/decide.ts';
import { appendToLedger, type LedgerAction } from '../../ledger/index.ts';
import * as store from '../store.ts';
import { entryView } from '../views.ts';
import { nextState } from './transition.ts';

const ledgerActionOf: Record<'approve' | 'return' | 'reject', LedgerAction> = {
  approve: 'catalog.entry_approved',
  return: 'catalog.entry_returned',
  reject: 'catalog.entry_rejected',
};

/** The authority approves a submitted entry, returns it with reasons, or rejects it with reasons. */
export async function decideEntry(deps: Pick<Deps, 'db' | 'clock'>, actor: Actor, entryId: string, input: { decision: 'approve' | 'return' | 'reject'; reasons?: string | undefined }) {
  authorize(actor, 'catalog.decide', {});
  const now = deps.clock.now();
  return deps.db.tx(tenantContext(actor), async (tx) => {
    const entry = await store.findEntry(tx, entryId);
    if (!entry) throw new DomainError('NOT_FOUND');
    const resource = (await store.findResource(tx, entry.resourceId))!;
    const state = nextState(entry.state, input.decision, resource.openness);
    const updated = await store.updateEntry(tx, entry.id, { state, reasons: input.reasons ?? null, decidedAt: now, decidedBy: actor.userId, updatedAt: now });
    await appendToLedger(tx, deps.clock, {
      actor: { userId: actor.userId, orgId: actor.orgId },
      action: ledgerActionOf[input.decision],
      entity: { type: 'catalog_entry', id: entry.id },
      orgs: [entry.orgId],
      payload: { resourceCode: resource.code, reasons: input.reasons ?? null },
    });
    return entryView(updated);
  });
}
