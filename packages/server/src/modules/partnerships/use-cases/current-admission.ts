import type { Tx } from '../../../db/database.ts';
import * as store from '../store.ts';

/** The partner's current admission with the operator (applied, admitted or suspended), for other modules' checks. */
export async function currentAdmissionOf(tx: Tx, partnerOrgId: string, operatorOrgId: string) {
  return store.currentAdmission(tx, partnerOrgId, operatorOrgId);
}
