import type { Deps } from '../../../deps.ts';
import { type Actor, tenantContext } from '../../../policy/actor.ts';
import * as store from '../store.ts';
import { entryView } from '../views.ts';

/** Where an object came from (upstream) and what was made from it (downstream), with its own entries. */
export async function traceLineage(deps: Pick<Deps, 'db'>, actor: Actor, entity: { type: string; id: string }, depth: number) {
  return deps.db.tx(tenantContext(actor), async (tx) => {
    const [upstream, downstream, entries] = [
      await store.lineage(tx, entity.type, entity.id, 'up', depth),
      await store.lineage(tx, entity.type, entity.id, 'down', depth),
      await store.entriesOf(tx, entity.type, entity.id, 500),
    ];
    return { entity, upstream, downstream, entries: entries.map(entryView) };
  });
}
