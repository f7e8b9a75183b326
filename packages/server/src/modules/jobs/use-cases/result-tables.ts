import type { Tx } from '../../../db/database.ts';
import * as store from '../store.ts';

/** An in-domain result table (readable by its job's parties), for products and exports. */
export async function resultTableOf(tx: Tx, id: string) {
  return store.findResultTable(tx, id);
}
