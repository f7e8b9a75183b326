import { beijingDateOf, type Clock } from '@shuyun/core';
import type { Tx } from '../../../db/database.ts';
import type { UsageKind } from '../../../db/schema.ts';
import * as store from '../store.ts';

/** One metered use (計量): what it was, how much, and whose agreement it falls under (a grant or a product). */
export interface Usage {
  orgId: string;
  grantId?: string;
  productId?: string;
  keyId?: string;
  kind: UsageKind;
  quantity: number;
  /** who may read the record besides the organization (the grant's or product's parties) */
  parties: string[];
}

/**
 * Meters uses of the platform inside the transaction of the command that made them, so an invoice never bills a use
 * that did not happen, nor misses one that did. Zero quantities are not stored.
 */
export async function recordUsage(tx: Tx, clock: Clock, usage: readonly Usage[]): Promise<void> {
  const now = clock.now();
  const day = beijingDateOf(now);
  const rows = usage
    .filter((u) => u.quantity > 0)
    .map((u) => ({
      orgId: u.orgId,
      grantId: u.grantId ?? null,
      productId: u.productId ?? null,
      keyId: u.keyId ?? null,
      kind: u.kind,
      quantity: Math.round(u.quantity),
      periodDay: day,
      recordedAt: now,
      parties: [...new Set([u.orgId, ...u.parties])],
    }));
  if (rows.length > 0) await store.insertUsage(tx, rows);
}
