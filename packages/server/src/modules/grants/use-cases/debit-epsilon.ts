import type { Tx } from '../../../db/database.ts';
import * as store from '../store.ts';

/** Debits ε (micro-units) from a grant's budget in the caller's transaction; undefined when the budget cannot cover it. */
export async function debitGrantEpsilon(tx: Tx, grantId: string, micros: number): Promise<number | undefined> {
  return store.debitEpsilon(tx, grantId, micros);
}
