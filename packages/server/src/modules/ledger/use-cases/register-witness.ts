import { DomainError } from '@shuyun/core';
import { verifierFromVkey } from '@shuyun/core/ledger';
import type { Deps } from '../../../deps.ts';
import { systemContext } from '../../../db/database.ts';
import { type Actor, tenantContext } from '../../../policy/actor.ts';
import { authorize } from '../../../policy/decide.ts';
import { appendToLedger } from '../append.ts';
import * as store from '../store.ts';

/**
 * The authority registers a witness (typically a regulator's) by its tlog-cosignature verifier key. From then on
 * the server accepts that witness's cosignatures and serves them with the checkpoints.
 */
export async function registerWitness(deps: Pick<Deps, 'db' | 'clock'>, actor: Actor, input: { vkey: string; orgId: string }) {
  authorize(actor, 'ledger.witness_register', {});
  let name: string;
  try {
    const verifier = verifierFromVkey(input.vkey);
    if (verifier.type !== 'cosignature-v1') throw new Error('not a cosignature key');
    name = verifier.name;
  } catch {
    throw new DomainError('LEDGER_WITNESS_KEY_INVALID', [{ path: '/body/vkey', reason: 'invalid_key' }]);
  }
  const now = deps.clock.now();
  return deps.db.tx(tenantContext(actor), async (tx) => {
    if (!(await store.insertWitness(tx, { name, vkey: input.vkey, orgId: input.orgId, createdAt: now }))) throw new DomainError('LEDGER_WITNESS_NAME_TAKEN');
    await appendToLedger(tx, deps.clock, {
      actor: { userId: actor.userId, orgId: actor.orgId },
      action: 'ledger.witness_registered',
      entity: { type: 'ledger_witness', id: name },
      orgs: [input.orgId],
      payload: { name, vkey: input.vkey, orgId: input.orgId },
    });
    return { name, vkey: input.vkey, orgId: input.orgId, createdAt: now.toISOString() };
  });
}

export async function listWitnesses(deps: Pick<Deps, 'db'>) {
  const rows = await deps.db.tx(systemContext('list witnesses'), (tx) => store.listWitnesses(tx));
  return rows.map((w) => ({ name: w.name, vkey: w.vkey, orgId: w.orgId, createdAt: w.createdAt.toISOString() }));
}
