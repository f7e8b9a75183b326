import type { Deps } from '../../../deps.ts';
import { type Actor, tenantContext } from '../../../policy/actor.ts';
import * as store from '../store.ts';
import { entryView } from '../views.ts';

/**
 * Entries with sequence numbers in [start, end). The authority and regulators see all of them; every other
 * organization sees the entries about its own objects (row-level security filters, so the gaps are invisible rows).
 */
export async function listEntries(deps: Pick<Deps, 'db'>, actor: Actor, range: { start: number; end: number; limit: number }) {
  const rows = await deps.db.tx(tenantContext(actor), (tx) => store.entriesInRange(tx, range.start, range.end, range.limit));
  return rows.map(entryView);
}
