import { DomainError } from '@shuyun/core';
import { parseNote, parseSignatureLine, verifierFromVkey, verifyCosignature } from '@shuyun/core/ledger';
import type { Deps } from '../../../deps.ts';
import { type Actor, tenantContext } from '../../../policy/actor.ts';
import * as store from '../store.ts';
import { checkpointView } from '../views.ts';

/**
 * A witness submits its tlog-cosignature over a checkpoint. Only a registered witness of the caller's own
 * organization counts; the signature must verify over exactly the stored checkpoint body.
 */
export async function submitCosignature(deps: Pick<Deps, 'db'>, actor: Actor, treeSize: number, signatureLine: string) {
  let witnessName: string;
  try {
    witnessName = parseSignatureLine(signatureLine).name;
  } catch {
    throw new DomainError('LEDGER_COSIGNATURE_INVALID', [{ path: '/body/signatureLine', reason: 'malformed' }]);
  }
  return deps.db.tx(tenantContext(actor), async (tx) => {
    const witness = await store.findWitness(tx, witnessName);
    if (!witness || witness.orgId !== actor.orgId) throw new DomainError('NOT_FOUND');
    const checkpoint = await store.checkpointAt(tx, treeSize);
    if (!checkpoint) throw new DomainError('LEDGER_CHECKPOINT_UNKNOWN');
    const body = parseNote(checkpoint.note).text;
    const time = verifyCosignature(body, signatureLine, verifierFromVkey(witness.vkey));
    if (time === undefined) throw new DomainError('LEDGER_COSIGNATURE_INVALID');
    await store.insertCosignature(tx, { treeSize, witness: witness.name, signatureLine, signedAt: new Date(time * 1000) });
    return checkpointView(checkpoint, await store.cosignaturesOf(tx, treeSize));
  });
}
