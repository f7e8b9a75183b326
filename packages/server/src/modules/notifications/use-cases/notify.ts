import type { Clock } from '@shuyun/core';
import type { Tx } from '../../../db/database.ts';
import * as store from '../store.ts';

export interface Notice {
  /** the organizations to tell */
  orgIds: readonly string[];
  kind: string;
  subject: { type: string; id: string };
  zh: string;
  en: string;
  /** more machine-readable facts for the webhook (identifiers only) */
  data?: Record<string, unknown>;
}

/**
 * Tells organizations about something, inside the command's transaction: an inbox message each, and a webhook
 * delivery for those that configured an endpoint (sent after commit by the dispatcher). No data values, only
 * what happened to which object.
 */
export async function notify(tx: Tx, clock: Clock, notice: Notice): Promise<void> {
  const now = clock.now();
  const orgIds = [...new Set(notice.orgIds)];
  await store.insertNotifications(tx, orgIds.map((orgId) => ({ orgId, kind: notice.kind, subjectType: notice.subject.type, subjectId: notice.subject.id, titleZh: notice.zh, titleEn: notice.en, createdAt: now })));
  const withEndpoint = await store.endpointsOf(tx, orgIds);
  await store.enqueueDeliveries(tx, withEndpoint.map(({ orgId }) => ({
    orgId,
    event: { kind: notice.kind, subject: notice.subject, title: { 'zh-CN': notice.zh, en: notice.en }, at: now.toISOString(), ...(notice.data ? { data: notice.data } : {}) },
    state: 'pending' as const,
    nextAttemptAt: now,
    createdAt: now,
  })));
}
