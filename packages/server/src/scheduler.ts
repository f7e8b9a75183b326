import type { Deps } from './deps.ts';
import { expireAgreements } from './modules/agreements/index.ts';
import { flagOverdueStages } from './modules/applications/index.ts';
import { expireGrants } from './modules/grants/index.ts';
import { deliverWebhooks } from './modules/notifications/index.ts';

/**
 * The platform's timed steps, with the injected clock: review stages past their 5-working-day deadline are flagged
 * and notified, agreements and grants past their term expire, webhook deliveries go out. Each step is safe to run
 * from several processes at once (locked rows are skipped) and a failed step never stops the others.
 */
export async function runScheduledSteps(deps: Pick<Deps, 'db' | 'clock' | 'log'>) {
  const steps = { overdueStages: flagOverdueStages, expiredAgreements: expireAgreements, expiredGrants: expireGrants, webhooks: deliverWebhooks } as const;
  const done: Record<string, unknown> = {};
  for (const [name, step] of Object.entries(steps)) {
    try {
      done[name] = await step(deps);
    } catch (err) {
      deps.log.error({ step: name, error: { message: (err as Error).message } }, 'scheduled step failed');
    }
  }
  return done;
}

export function startScheduler(deps: Pick<Deps, 'db' | 'clock' | 'log'>, intervalMs: number): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(() => runScheduledSteps(deps));
  }, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
