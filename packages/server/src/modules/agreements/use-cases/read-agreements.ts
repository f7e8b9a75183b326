import { DomainError } from '@shuyun/core';
import type { Deps } from '../../../deps.ts';
import { type Actor, tenantContext } from '../../../policy/actor.ts';
import * as store from '../store.ts';
import { loadAgreementView } from './load-agreement.ts';

export async function listAgreements(deps: Pick<Deps, 'db'>, actor: Actor) {
  return deps.db.tx(tenantContext(actor), async (tx) => {
    const views = [];
    for (const a of await store.listAgreements(tx)) views.push(await loadAgreementView(tx, a));
    return views;
  });
}

export async function getAgreement(deps: Pick<Deps, 'db'>, actor: Actor, id: string) {
  return deps.db.tx(tenantContext(actor), async (tx) => {
    const a = await store.findAgreement(tx, id);
    if (!a) throw new DomainError('NOT_FOUND');
    return loadAgreementView(tx, a);
  });
}
