import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { UsagePolicy } from '@shuyun/core/policy';
import type { PiiType } from '@shuyun/core/pii';
import { buildMaskedTwin, buildSyntheticTwin } from '@shuyun/engine';
import type { GrantDataset } from './grant-datasets.ts';

/** Twins being built right now, so two requests never build the same file twice. */
const building = new Map<string, Promise<string>>();

/** A twin file, and the masking operations (rows × masked or generalized fields) spent if this call built it. */
export interface Twin {
  file: string;
  maskingOperations: number;
}

/** A synthetic twin is the same for a grant every time it is rebuilt (a seed from the grant id). */
function seedOf(grantId: string): number {
  return Number.parseInt(grantId.replaceAll('-', '').slice(0, 8), 16);
}

/**
 * The masked twin of a granted resource version for the dev workspace (開發環境): only the granted fields (those not
 * controlled `none`), identifiers masked by their PII type's default technique (GB/T 37964: ID keeps its first 6 and
 * last 4, mobile 3 + 4, name the surname…), quasi-identifier dates generalized to the month. Built once per grant and
 * version, under DATA_DIR/twins/<grant>/, never from anything but the version file. The synthetic twin instead keeps
 * each column's distribution with fresh, valid identifiers and no row of the source: nothing real in it at all.
 */
export type TwinKind = 'masked' | 'synthetic';

export async function maskedTwin(twinsDir: string, grantId: string, policy: UsagePolicy, dataset: GrantDataset, kind: TwinKind = 'masked'): Promise<Twin> {
  const out = path.join(twinsDir, grantId, `${dataset.view}-v${dataset.version}${kind === 'synthetic' ? '-synthetic' : ''}.parquet`);
  if (existsSync(out)) return { file: out, maskingOperations: 0 };
  const pending = building.get(out);
  if (pending) return { file: await pending, maskingOperations: 0 };
  mkdirSync(path.dirname(out), { recursive: true });
  const granted = new Set(policy.targets.find((t) => t.resource === dataset.code)?.fields.filter((f) => f.control !== 'none').map((f) => f.name));
  const fields = dataset.fields.filter((f) => granted.has(f.name)).map((f) => ({ name: f.name, type: f.type, role: f.role, piiType: (f.piiType as PiiType | null) ?? null }));
  const masked = fields.filter((f) => f.role === 'direct_identifier' || f.role === 'quasi_identifier').length;
  const result = kind === 'synthetic'
    ? buildSyntheticTwin({ sourceParquet: dataset.parquetPath, outParquet: out, fields, seed: seedOf(grantId) })
    : buildMaskedTwin({ sourceParquet: dataset.parquetPath, outParquet: out, fields });
  const build = result.then(() => out).finally(() => building.delete(out));
  building.set(out, build);
  return { file: await build, maskingOperations: (await result).rows * masked };
}
