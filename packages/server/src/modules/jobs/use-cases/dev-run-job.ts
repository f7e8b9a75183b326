import { DomainError } from '@shuyun/core';
import type { Deps } from '../../../deps.ts';
import { type Actor, tenantContext } from '../../../policy/actor.ts';
import { authorize } from '../../../policy/decide.ts';
import { requireUsableGrant } from '../../grants/index.ts';
import { recordUsage } from '../../billing/index.ts';
import { grantDatasets, maskedTwin, sessionKey, workspaceSessions } from '../../workspaces/index.ts';
import * as store from '../store.ts';
import { jobView } from '../views.ts';

const SAMPLE_ROWS = 20;

/**
 * Runs the job on the masked twins: each statement's columns, row count and first rows become the dev run the
 * reviewers see with the submission. Nothing runs on real data here.
 */
export async function devRunJob(deps: Pick<Deps, 'db' | 'clock' | 'config' | 'engine'>, actor: Actor, jobId: string) {
  const { job, policy } = await deps.db.tx(tenantContext(actor), async (tx) => {
    const job = await store.findJob(tx, jobId);
    if (!job) throw new DomainError('NOT_FOUND');
    authorize(actor, 'job.develop', { orgId: job.orgId }, { visibleToOthers: true });
    if (job.state !== 'draft' && job.state !== 'rejected') throw new DomainError('STATE_CONFLICT');
    return { job, policy: await requireUsableGrant(tx, actor, job.grantId, { mode: 'approved_job' }, deps.clock.now()) };
  });
  const datasets = await grantDatasets(deps, policy);
  const twins = await Promise.all(datasets.map(async (d) => [d.view, await maskedTwin(deps.config.twinsDir, job.grantId, policy, d)] as const));
  const session = await workspaceSessions(deps.engine).get(sessionKey(job.grantId, 'dev', datasets), async () => ({
    datasets: Object.fromEntries(twins.map(([view, { file }]) => [view, { parquetPath: file, openness: datasets.find((d) => d.view === view)!.openness }])),
  }));
  const outputs: Array<{ output: string; columns: unknown; rows: number; truncated: boolean; sample: unknown[] }> = [];
  let computeMs = 0;
  for (const statement of job.statements) {
    const result = await session.run(statement.sql, { maxRows: 100_000 });
    computeMs += result.elapsedMs;
    outputs.push({ output: statement.output, columns: result.columns, rows: result.rows.length, truncated: result.truncated, sample: result.rows.slice(0, SAMPLE_ROWS) });
  }
  return deps.db.tx(tenantContext(actor), async (tx) => {
    const current = (await store.findJob(tx, jobId))!;
    if (current.hash !== job.hash) throw new DomainError('JOB_CHANGED'); // edited while it ran: run it again
    const metered = { orgId: job.orgId, grantId: job.grantId, parties: job.parties };
    await recordUsage(tx, deps.clock, [
      { ...metered, kind: 'compute_ms', quantity: Math.max(1, computeMs) },
      { ...metered, kind: 'masking_operations', quantity: twins.reduce((sum, [, t]) => sum + t.maskingOperations, 0) },
    ]);
    return jobView(await store.updateJob(tx, jobId, { devRun: { hash: job.hash, on: 'masked_twin', at: deps.clock.now().toISOString(), outputs } }));
  });
}
