import type { Tx } from '../../../db/database.ts';
import type { supervisionActions } from '../../../db/schema.ts';
import * as store from '../store.ts';

/** Records a supervision action taken by another module's command (an operator suspending a partner), in its transaction. */
export async function recordSupervisionAction(tx: Tx, values: typeof supervisionActions.$inferInsert) {
  return store.insertAction(tx, values);
}
