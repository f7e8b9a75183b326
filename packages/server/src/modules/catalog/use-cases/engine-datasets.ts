import path from 'node:path';
import type { FieldRole, FieldType, Grade, OpennessClass } from '@shuyun/core';
import type { Deps } from '../../../deps.ts';
import { systemContext } from '../../../db/database.ts';
import * as store from '../store.ts';

/** Where the engine finds a resource's latest version, and what it needs to know about its fields. */
export interface EngineDataset {
  resourceId: string;
  code: string;
  orgId: string;
  openness: OpennessClass;
  subjectKey: string | null;
  version: number;
  parquetPath: string;
  /** size of the stored version (metering counts it as the bytes a query over the resource scans, at most) */
  bytes: number;
  fields: Array<{ name: string; type: FieldType; role: FieldRole; grade: Grade; piiType: string | null }>;
}

/**
 * The latest stored version of each resource code (those without a version are absent). The platform reads this on
 * behalf of a grant that has already been checked; the paths never leave the server.
 */
export async function engineDatasets(deps: Pick<Deps, 'db' | 'config'>, codes: readonly string[]): Promise<Map<string, EngineDataset>> {
  return deps.db.tx(systemContext('engine datasets'), async (tx) => {
    const found = new Map<string, EngineDataset>();
    for (const code of codes) {
      const resource = await store.findResourceByCode(tx, code);
      if (!resource) continue;
      const [latest] = await store.versionsOf(tx, resource.id);
      if (!latest) continue;
      const fields = await store.fieldsOf(tx, resource.id);
      found.set(code, {
        resourceId: resource.id,
        code,
        orgId: resource.orgId,
        openness: resource.openness,
        subjectKey: resource.subjectKey,
        version: latest.version,
        parquetPath: path.resolve(deps.config.datasetsDir, latest.filePath),
        bytes: latest.bytes,
        fields: fields.map((f) => ({ name: f.name, type: f.type, role: f.role, grade: f.grade, piiType: f.piiType })),
      });
    }
    return found;
  });
}
