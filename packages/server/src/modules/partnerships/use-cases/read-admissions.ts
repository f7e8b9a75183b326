import { DomainError } from '@shuyun/core';
import type { Deps } from '../../../deps.ts';
import { type Actor, tenantContext } from '../../../policy/actor.ts';
import * as store from '../store.ts';
import { admissionView } from '../views.ts';

/** Row-level security answers: parties see their admissions, the authority and regulators all of them. */
export async function listAdmissions(deps: Pick<Deps, 'db'>, actor: Actor) {
  return (await deps.db.tx(tenantContext(actor), (tx) => store.listAdmissions(tx))).map(admissionView);
}

export async function getAdmission(deps: Pick<Deps, 'db'>, actor: Actor, id: string) {
  const row = await deps.db.tx(tenantContext(actor), (tx) => store.findAdmission(tx, id));
  if (!row) throw new DomainError('NOT_FOUND');
  return admissionView(row);
}
