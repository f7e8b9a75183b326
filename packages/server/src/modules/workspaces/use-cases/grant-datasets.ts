import { createHash } from 'node:crypto';
import { DomainError } from '@shuyun/core';
import type { UsagePolicy } from '@shuyun/core/policy';
import type { Deps } from '../../../deps.ts';
import { type EngineDataset, engineDatasets } from '../../catalog/index.ts';

/** A granted resource as a session sees it: a view named after the resource code (`SCJG-ENTERPRISES` → `scjg_enterprises`). */
export interface GrantDataset extends EngineDataset {
  view: string;
}

export function viewNameOf(code: string): string {
  return code.toLowerCase().replaceAll('-', '_');
}

/** The latest version of every resource the grant targets; a resource with no data yet is a clear refusal. */
export async function grantDatasets(deps: Pick<Deps, 'db' | 'config'>, policy: UsagePolicy): Promise<GrantDataset[]> {
  const codes = policy.targets.map((t) => t.resource);
  const found = await engineDatasets(deps, codes);
  const missing = codes.filter((c) => !found.has(c));
  if (missing.length > 0) throw new DomainError('WORKSPACE_NO_DATA', missing.map((code) => ({ path: `/resources/${code}`, reason: 'no_version' })));
  return codes.map((code) => ({ ...found.get(code)!, view: viewNameOf(code) }));
}

/** What a session may see, as a cache key: the grant, the workspace and each dataset's version. */
export function sessionKey(grantId: string, workspace: 'dev' | 'dev-synthetic' | 'prod', datasets: readonly GrantDataset[]): string {
  return `${grantId}:${workspace}:${datasets.map((d) => `${d.code}@${d.version}`).sort().join(',')}`;
}

export function sqlHash(sql: string): string {
  return createHash('sm3').update(sql, 'utf8').digest('hex');
}
