import type { Deps } from '../../../deps.ts';
import { type Actor, tenantContext } from '../../../policy/actor.ts';
import { requireUsableGrant } from '../../grants/index.ts';
import { workspaceSessions } from '../sessions.ts';
import { grantDatasets, sessionKey } from './grant-datasets.ts';
import { recordQuery } from './record-query.ts';
import { maskedTwin, type TwinKind } from './twins.ts';

export const DEV_MAX_ROWS = 1_000;

/**
 * Free SQL on the masked twins of the grant's resources (dev workspace, 開發環境): any single SELECT the hardened
 * session accepts, results shown as they are — they are masked. Needs a grant in force, like any use of the data.
 */
export async function devQuery(deps: Pick<Deps, 'db' | 'clock' | 'config' | 'engine'>, actor: Actor, grantId: string, sql: string, twin: TwinKind = 'masked') {
  const policy = await deps.db.tx(tenantContext(actor), (tx) => requireUsableGrant(tx, actor, grantId, {}, deps.clock.now()));
  const datasets = await grantDatasets(deps, policy);
  const twins = await Promise.all(datasets.map(async (d) => [d.view, await maskedTwin(deps.config.twinsDir, grantId, policy, d, twin)] as const));
  const maskingOperations = twins.reduce((sum, [, t]) => sum + t.maskingOperations, 0);
  const started = Date.now();
  try {
    const session = await workspaceSessions(deps.engine).get(sessionKey(grantId, twin === 'masked' ? 'dev' : 'dev-synthetic', datasets), async () => ({
      datasets: Object.fromEntries(twins.map(([view, { file }]) => [view, { parquetPath: file, openness: datasets.find((d) => d.view === view)!.openness }])),
      maxRows: DEV_MAX_ROWS,
    }));
    const result = await session.run(sql, { maxRows: DEV_MAX_ROWS });
    await recordQuery(deps, actor, { grantId, workspace: 'dev', sql, outcome: 'answered', rows: result.rows.length, resources: datasets, elapsedMs: Date.now() - started, maskingOperations });
    return { columns: result.columns, rows: result.rows, truncated: result.truncated, suppressed: 0, masked: true, twin };
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (typeof code === 'string') await recordQuery(deps, actor, { grantId, workspace: 'dev', sql, outcome: 'refused', refusalCode: code, resources: datasets, elapsedMs: Date.now() - started, maskingOperations });
    throw err;
  }
}
