import { DomainError } from '@shuyun/core';
import type { Deps } from '../../../deps.ts';
import { type Actor, tenantContext } from '../../../policy/actor.ts';
import * as store from '../store.ts';

export async function readInbox(deps: Pick<Deps, 'db'>, actor: Actor, unreadOnly: boolean) {
  const rows = await deps.db.tx(tenantContext(actor), (tx) => store.inboxOf(tx, actor.orgId, unreadOnly));
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    subject: { type: r.subjectType, id: r.subjectId },
    title: { 'zh-CN': r.titleZh, en: r.titleEn },
    createdAt: r.createdAt.toISOString(),
    readAt: r.readAt?.toISOString() ?? null,
  }));
}

export async function markNotificationRead(deps: Pick<Deps, 'db' | 'clock'>, actor: Actor, id: string): Promise<void> {
  const found = await deps.db.tx(tenantContext(actor), (tx) => store.markRead(tx, id, actor.orgId, deps.clock.now()));
  if (!found) throw new DomainError('NOT_FOUND');
}
