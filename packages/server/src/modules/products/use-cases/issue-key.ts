import { createHash, randomBytes } from 'node:crypto';
import { DomainError } from '@shuyun/core';
import type { Deps } from '../../../deps.ts';
import { type Actor, tenantContext } from '../../../policy/actor.ts';
import { authorize } from '../../../policy/decide.ts';
import { appendToLedger } from '../../ledger/index.ts';
import { findOrganizationById } from '../../organizations/index.ts';
import * as store from '../store.ts';
import { keyView } from '../views.ts';

export const PRODUCT_KEY_PREFIX = 'spk_';

export function productKeyHash(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/**
 * The provider gives a consumer (使用方) a key bound to one product and one of its approved scenarios, with a daily
 * quota and a rate limit (from the agreement). The key is shown once; only its SHA-256 is kept.
 */
export async function issueProductKey(deps: Pick<Deps, 'db' | 'clock'>, actor: Actor, productId: string, input: { consumerOrgId: string; scenario: string; quotaPerDay: number; ratePerMinute: number }) {
  const now = deps.clock.now();
  return deps.db.tx(tenantContext(actor), async (tx) => {
    const product = await store.findProduct(tx, productId);
    if (!product) throw new DomainError('NOT_FOUND');
    authorize(actor, 'product.issue_key', { orgId: product.orgId });
    if (product.state !== 'approved') throw new DomainError('STATE_CONFLICT');
    if (!product.scenarios.includes(input.scenario)) throw new DomainError('PRODUCT_SCENARIO_NOT_APPROVED');
    const consumer = await findOrganizationById(tx, input.consumerOrgId);
    if (!consumer) throw new DomainError('NOT_FOUND');
    const key = `${PRODUCT_KEY_PREFIX}${randomBytes(24).toString('base64url')}`;
    const row = await store.insertKey(tx, {
      productId,
      consumerOrgId: consumer.id,
      scenario: input.scenario,
      keyHash: productKeyHash(key),
      keyPrefix: key.slice(0, 10),
      quotaPerDay: input.quotaPerDay,
      ratePerMinute: input.ratePerMinute,
      createdAt: now,
      parties: [product.orgId, consumer.id],
    });
    await appendToLedger(tx, deps.clock, {
      actor: { userId: actor.userId, orgId: actor.orgId },
      action: 'product.key_issued',
      entity: { type: 'product_key', id: row.id },
      orgs: [consumer.id],
      payload: { scenario: input.scenario, quotaPerDay: input.quotaPerDay, ratePerMinute: input.ratePerMinute },
      derivedFrom: [{ type: 'product', id: productId }],
    });
    return { ...keyView(row), key };
  });
}
