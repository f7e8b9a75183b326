import { beijingDateOf, DomainError, isSupervisor } from '@shuyun/core';
import type { Deps } from '../../../deps.ts';
import { type Actor, tenantContext } from '../../../policy/actor.ts';
import { readMetered } from '../api/product-api.ts';
import * as store from '../store.ts';
import { type KeyCalls, keyUsageView } from '../views.ts';

/**
 * Each key's calls: what the usage records hold (api_call, by key) plus what this process metered and has not written
 * yet, so a call shows at once and is counted once — the same arithmetic the product API's quota uses.
 */
function callsOf(keyId: string, day: string, metered: Map<string, { today: number; total: number }>, unwritten: Map<string, Map<string, number>>): KeyCalls {
  const written = metered.get(keyId) ?? { today: 0, total: 0 };
  const pending = unwritten.get(keyId);
  let pendingTotal = 0;
  for (const calls of pending?.values() ?? []) pendingTotal += calls;
  return { day, today: written.today + (pending?.get(day) ?? 0), total: written.total + pendingTotal, unwritten: pendingTotal };
}

/**
 * The keys of one product, for its provider and for supervisors: prefix, consumer, scenario, quota and rate, issued and
 * revoked, and the calls each made today (Beijing day) and in total. Anyone else learns nothing of them (404).
 */
export async function listProductKeys(deps: Pick<Deps, 'db' | 'clock'>, actor: Actor, productId: string) {
  const day = beijingDateOf(deps.clock.now());
  const { value, unwritten } = await readMetered(deps, () =>
    deps.db.tx(tenantContext(actor), async (tx) => {
      const product = await store.findProduct(tx, productId);
      if (!product || (product.orgId !== actor.orgId && !isSupervisor(actor.orgType))) throw new DomainError('NOT_FOUND');
      const keys = await store.keysOfProduct(tx, productId);
      return { keys, metered: await store.callsOfKeys(tx, keys.map((k) => k.id), day) };
    }),
  );
  return value.keys.map((k) => keyUsageView(k, callsOf(k.id, day, value.metered, unwritten)));
}

/** The caller's own keys (as a consumer) across products, with each product's name, kind and state and the same usage. */
export async function listMyProductKeys(deps: Pick<Deps, 'db' | 'clock'>, actor: Actor) {
  const day = beijingDateOf(deps.clock.now());
  const { value, unwritten } = await readMetered(deps, () =>
    deps.db.tx(tenantContext(actor), async (tx) => {
      const rows = await store.keysOfConsumer(tx, actor.orgId);
      return { rows, metered: await store.callsOfKeys(tx, rows.map((r) => r.key.id), day) };
    }),
  );
  return value.rows.map(({ key, product }) => ({ ...keyUsageView(key, callsOf(key.id, day, value.metered, unwritten)), product }));
}
