import type { OpennessClass } from './classification.ts';

// The life of an entry of the authorized-operation catalog (授權運營目錄):
//   draft ──submit──▶ submitted ──approve──▶ approved ──publish(edition)──▶ published ──withdraw──▶ withdrawn
//                         │ return (with reasons) ──▶ returned ──resubmit──▶ submitted
//                         └ reject (with reasons) ──▶ rejected
export const catalogEntryStates = ['draft', 'submitted', 'returned', 'approved', 'rejected', 'published', 'withdrawn'] as const;
export type CatalogEntryState = (typeof catalogEntryStates)[number];

export const catalogEntryEvents = ['submit', 'return', 'reject', 'approve', 'publish', 'withdraw'] as const;
export type CatalogEntryEvent = (typeof catalogEntryEvents)[number];

const transitions: Record<CatalogEntryEvent, { from: readonly CatalogEntryState[]; to: CatalogEntryState }> = {
  submit: { from: ['draft', 'returned'], to: 'submitted' },
  return: { from: ['submitted'], to: 'returned' },
  reject: { from: ['submitted'], to: 'rejected' },
  approve: { from: ['submitted'], to: 'approved' },
  publish: { from: ['approved'], to: 'published' },
  withdraw: { from: ['approved', 'published'], to: 'withdrawn' },
};

export type TransitionResult = { ok: true; to: CatalogEntryState } | { ok: false; reason: 'illegal_transition' | 'not_open' };

/** Pure: the next state, or why not. A not-open resource never moves towards the catalog. */
export function nextCatalogEntryState(from: CatalogEntryState, event: CatalogEntryEvent, openness: OpennessClass): TransitionResult {
  const t = transitions[event];
  if (!t.from.includes(from)) return { ok: false, reason: 'illegal_transition' };
  if (openness === 'not_open' && event !== 'withdraw' && event !== 'reject' && event !== 'return') return { ok: false, reason: 'not_open' };
  return { ok: true, to: t.to };
}
