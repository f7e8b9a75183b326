import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Deps } from '../../deps.ts';
import { decideEntry, draftEntry, findResourceByCode, ingestVersion, publishEdition, registerResource, submitEntry } from '../../modules/catalog/index.ts';
import { actAs } from '../../modules/identity/index.ts';
import { writeCsv } from './csv-writer.ts';
import { demoNotOpenResource, demoResources } from './demo-resources.ts';
import type { DemoScale, Population } from './generators.ts';

/**
 * The demo district's data, through the same path a department uses: each steward registers its resource,
 * ingests a generated CSV version, drafts and submits a catalog entry; the authority approves them all and
 * publishes edition 1. Resources that already have a version are left alone, so it resumes after a stop.
 */
export async function seedDemoDatasets(deps: Pick<Deps, 'db' | 'clock' | 'config' | 'log'>, scale: DemoScale, signal?: AbortSignal): Promise<{ ingested: string[] }> {
  const work = mkdtempSync(path.join(tmpdir(), 'shuyun-demo-'));
  const pop: Population = { residents: [], enterprises: [] };
  const ingested: string[] = [];
  try {
    const authority = await actAs(deps, 'authority.reviewer');
    for (const demo of demoResources) {
      if (signal?.aborted) break; // shutting down: the rest is seeded on the next start
      const steward = await actAs(deps, demo.steward);
      const file = path.join(work, `${demo.resource.code}.csv`);
      const rows = await writeCsv(file, demo.resource.fields.map((f) => f.name), demo.rows(scale, pop)); // also fills the population later resources draw on
      const existing = await findResourceByCode(deps, steward, demo.resource.code);
      if (existing && existing.versions > 0) continue;
      const resourceId = existing?.id ?? (await registerResource(deps, steward, demo.resource)).id;
      await ingestVersion(deps, steward, resourceId, { kind: 'file', path: file, format: 'csv', encoding: 'utf-8' });
      const entry = await draftEntry(deps, steward, resourceId);
      await submitEntry(deps, steward, entry.id);
      await decideEntry(deps, authority, entry.id, { decision: 'approve' });
      ingested.push(demo.resource.code);
      deps.log.info({ resource: demo.resource.code, rows }, 'demo dataset ingested');
    }
    const civil = await actAs(deps, 'mzj.steward');
    if (!(await findResourceByCode(deps, civil, demoNotOpenResource.code))) await registerResource(deps, civil, demoNotOpenResource);
    if (ingested.length > 0) await publishEdition(deps, authority, '演示區首版授權運營目錄');
    return { ingested };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
