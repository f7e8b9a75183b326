import path from 'node:path';
import { DomainError } from '@shuyun/core';
import { type ResultTableFile, writeResultTable } from '@shuyun/engine';
import type { Deps } from '../../../deps.ts';
import { type Actor, tenantContext } from '../../../policy/actor.ts';
import { authorize } from '../../../policy/decide.ts';
import { recordUsage } from '../../billing/index.ts';
import { requireUsableGrant } from '../../grants/index.ts';
import { appendToLedger } from '../../ledger/index.ts';
import { grantDatasets, sessionKey, workspaceSessions } from '../../workspaces/index.ts';
import * as store from '../store.ts';
import { jobView } from '../views.ts';
import { jobHash } from './job-hash.ts';

/** The most rows one result table may hold; a larger output fails the job rather than being cut silently. */
export const RESULT_TABLE_MAX_ROWS = 1_000_000;

/**
 * Runs an approved job on real data (code to data). Only if the grant allows approved jobs now, and only the text every
 * reviewer approved: the stored statements are hashed again and must match the approved hash. Each statement runs in
 * a hardened session over the granted versions and its result is written to the in-domain result store
 * (DATA_DIR/results), never returned: results leave the domain only through export review.
 */
export async function runJob(deps: Pick<Deps, 'db' | 'clock' | 'config' | 'engine'>, actor: Actor, jobId: string) {
  const { job, policy } = await deps.db.tx(tenantContext(actor), async (tx) => {
    const job = await store.findJob(tx, jobId);
    if (!job) throw new DomainError('NOT_FOUND');
    authorize(actor, 'job.develop', { orgId: job.orgId }, { visibleToOthers: true });
    const policy = await requireUsableGrant(tx, actor, job.grantId, { mode: 'approved_job' }, deps.clock.now());
    if (job.state !== 'approved') throw new DomainError('JOB_NOT_APPROVED');
    const reviews = await store.reviewsOf(tx, jobId, job.hash);
    const approvedByAll = job.reviewerOrgIds.every((o) => reviews.some((r) => r.reviewerOrgId === o && r.decision === 'approve'));
    if (jobHash(job.statements) !== job.hash || !approvedByAll) throw new DomainError('JOB_CHANGED');
    await store.updateJob(tx, jobId, { state: 'running' });
    return { job, policy };
  });
  try {
    const datasets = await grantDatasets(deps, policy);
    const session = await workspaceSessions(deps.engine).get(sessionKey(job.grantId, 'prod', datasets), async () => ({
      datasets: Object.fromEntries(datasets.map((d) => [d.view, { parquetPath: d.parquetPath, openness: d.openness }])),
    }));
    const written: Array<{ output: string; relative: string; file: ResultTableFile }> = [];
    let computeMs = 0;
    for (const statement of job.statements) {
      const result = await session.run(statement.sql, { maxRows: RESULT_TABLE_MAX_ROWS });
      computeMs += result.elapsedMs;
      if (result.truncated) throw new DomainError('JOB_RESULT_TOO_LARGE');
      const relative = path.join(job.grantId, job.id, `${statement.output}.parquet`);
      written.push({ output: statement.output, relative, file: await writeResultTable(result, path.join(deps.config.resultsDir, relative)) });
    }
    return await deps.db.tx(tenantContext(actor), async (tx) => {
      const results = [];
      for (const w of written) {
        results.push(await store.insertResultTable(tx, { jobId, grantId: job.grantId, orgId: job.orgId, name: w.output, filePath: w.relative, rows: w.file.rows, bytes: w.file.bytes, sha256: w.file.sha256, createdAt: deps.clock.now(), parties: job.parties }));
      }
      const updated = await store.updateJob(tx, jobId, { state: 'succeeded', finishedAt: deps.clock.now() });
      // metered: the run's compute, and the stored versions it read once per statement (an upper bound of the scan)
      const scanned = job.statements.length * datasets.reduce((sum, d) => sum + d.bytes, 0);
      await recordUsage(tx, deps.clock, [
        { orgId: job.orgId, grantId: job.grantId, kind: 'compute_ms', quantity: Math.max(1, computeMs), parties: job.parties },
        { orgId: job.orgId, grantId: job.grantId, kind: 'bytes_scanned', quantity: scanned, parties: job.parties },
      ]);
      await appendToLedger(tx, deps.clock, {
        actor: { userId: actor.userId, orgId: actor.orgId },
        action: 'job.ran',
        entity: { type: 'job', id: jobId },
        orgs: job.parties,
        payload: { hash: job.hash, outputs: written.map((w) => ({ name: w.output, rows: w.file.rows, sha256: w.file.sha256 })) },
        derivedFrom: [{ type: 'grant', id: job.grantId }, ...datasets.map((d) => ({ type: 'data_resource', id: d.resourceId }))],
      });
      return jobView(updated, results);
    });
  } catch (err) {
    // approved stays approved: a failed run (timeout, too large) may be run again unchanged
    await deps.db.tx(tenantContext(actor), (tx) => store.updateJob(tx, jobId, { state: 'approved', errorCode: (err as { code?: string }).code ?? 'INTERNAL' }));
    throw err;
  }
}
