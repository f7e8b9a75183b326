import type { Tx } from '../../../db/database.ts';
import * as store from '../store.ts';
import { agreementView } from '../views.ts';

export async function loadAgreementView(tx: Tx, agreement: store.AgreementRow) {
  const signatures = await store.signaturesOf(tx, agreement.id);
  const keys = await store.keysOf(tx, agreement.signerOrgIds);
  return agreementView(agreement, signatures, new Map(keys.map((k) => [`${k.orgId}/${k.keyId}`, k.publicKey])));
}
