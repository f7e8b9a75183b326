import { createHmac } from 'node:crypto';
import type { Deps } from '../../../deps.ts';
import { systemContext } from '../../../db/database.ts';
import * as store from '../store.ts';

const MAX_ATTEMPTS = 8;
const TIMEOUT_MS = 5_000;
/** a claimed delivery is not picked up again for this long (a process that dies mid-send retries later) */
const LEASE_MS = 5 * 60_000;

/**
 * Posts due webhook deliveries (JSON, signed with the endpoint's secret). A failure is retried with exponential
 * back-off (1 min, 2 min, 4 min … ) and given up after 8 attempts. Deliveries are claimed in one short transaction
 * (locked rows, skipped by other processes) and sent outside it: no transaction stays open across a network call.
 */
export async function deliverWebhooks(deps: Pick<Deps, 'db' | 'clock' | 'log'>, limit = 20): Promise<{ delivered: number; failed: number }> {
  const claimed = await deps.db.tx(systemContext('webhook dispatcher'), async (tx) => {
    const due = await store.lockDueDeliveries(tx, deps.clock.now(), limit);
    const lease = new Date(deps.clock.now().getTime() + LEASE_MS);
    for (const { delivery } of due) await store.recordAttempt(tx, delivery.id, { nextAttemptAt: lease });
    return due;
  });
  let delivered = 0;
  let failed = 0;
  for (const { delivery, url, secret } of claimed) {
    const status = await post(url, JSON.stringify({ id: delivery.id, ...delivery.event }), secret);
    const attempts = delivery.attempts + 1;
    const now = deps.clock.now();
    const ok = status !== undefined && status >= 200 && status < 300;
    const giveUp = !ok && attempts >= MAX_ATTEMPTS;
    if (ok) delivered++;
    else failed++;
    await deps.db.tx(systemContext('webhook dispatcher'), (tx) =>
      store.recordAttempt(tx, delivery.id, ok
        ? { state: 'delivered', attempts, lastStatus: status, deliveredAt: now }
        : { state: giveUp ? 'failed' : 'pending', attempts, lastStatus: status ?? null, nextAttemptAt: new Date(now.getTime() + 60_000 * 2 ** (attempts - 1)) }),
    );
    if (!ok) deps.log.warn({ delivery: delivery.id, status, attempts }, giveUp ? 'webhook delivery given up' : 'webhook delivery failed');
  }
  return { delivered, failed };
}

async function post(url: string, body: string, secret: string): Promise<number | undefined> {
  const signature = createHmac('sha256', secret).update(body).digest('hex');
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-shuyun-signature': `sha256=${signature}` },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    await res.body?.cancel();
    return res.status;
  } catch {
    return undefined;
  }
}
