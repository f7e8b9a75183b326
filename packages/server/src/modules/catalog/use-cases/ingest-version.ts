import { rmSync } from 'node:fs';
import path from 'node:path';
import { DomainError, type FieldIssue, freshness, type UpdateFrequency } from '@shuyun/core';
import { type IngestSource, IngestError, ingestVersion as ingestIntoDatasetStore, profileVersion } from '@shuyun/engine';
import type { Deps } from '../../../deps.ts';
import { type Actor, tenantContext } from '../../../policy/actor.ts';
import { authorize } from '../../../policy/decide.ts';
import { appendToLedger } from '../../ledger/index.ts';
import * as store from '../store.ts';

const ingestErrorCodes = {
  FIELDS_MISMATCH: 'INGEST_FIELDS_MISMATCH',
  MALFORMED_ROWS: 'INGEST_MALFORMED_ROWS',
  ENCODING: 'INGEST_ENCODING',
  SOURCE_UNREADABLE: 'INGEST_SOURCE_UNREADABLE',
  VERSION_EXISTS: 'STATE_CONFLICT', // two uploads raced for the same version number: the second may retry
} as const;

/**
 * A source department adds a version of a resource's data (匯聚更新). The data is checked against the declared
 * fields, converted to Parquet, hashed (SHA-256 and SM3), profiled for quality and scanned for PII — outside any
 * database transaction (never hold one across DuckDB) — then recorded with its ledger entry in one transaction.
 * A refusal stores nothing; if recording fails the Parquet file is removed again.
 */
export async function ingestVersion(deps: Pick<Deps, 'db' | 'clock' | 'config'>, actor: Actor, resourceId: string, source: IngestSource, onProgress?: (p: { bytes: number; rows?: number }) => void) {
  const { resource, fields, version } = await deps.db.tx(tenantContext(actor), async (tx) => {
    const resource = await store.findResource(tx, resourceId);
    if (!resource) throw new DomainError('NOT_FOUND');
    authorize(actor, 'resource.ingest', { orgId: resource.orgId });
    return { resource, fields: await store.fieldsOf(tx, resourceId), version: await store.nextVersionNumber(tx, resourceId) };
  });

  const dir = deps.config.datasetsDir;
  const result = await ingestIntoDatasetStore(source, { datasetsDir: dir, resourceCode: resource.code, version, fields: fields.map((f) => ({ name: f.name, type: f.type, nullable: f.nullable })) }, onProgress ? { onProgress } : {}).catch((err: unknown) => {
    if (err instanceof IngestError) {
      const details: FieldIssue[] = err.problems.map((p) => ({ path: problemPath(p), reason: p.reason }));
      throw new DomainError(ingestErrorCodes[err.code], details.slice(0, 100));
    }
    throw err;
  });
  try {
    const profile = await profileVersion({ parquetPath: result.parquetPath, fields: fields.map((f) => ({ name: f.name, type: f.type, piiType: f.piiType, rules: f.rules })), subjectKey: resource.subjectKey });
    const now = deps.clock.now();
    return await deps.db.tx(tenantContext(actor), async (tx) => {
      const row = await store.insertVersion(tx, {
        resourceId,
        orgId: resource.orgId,
        version,
        rows: result.rows,
        bytes: result.bytes,
        sha256: result.sha256,
        sm3: result.sm3,
        sourceFormat: source.kind === 'postgres' ? 'postgres' : source.format,
        encoding: result.encoding,
        filePath: path.relative(dir, result.parquetPath),
        columns: result.columns,
        quality: profile.quality,
        piiSuggestions: profile.piiSuggestions,
        createdBy: actor.userId,
        createdAt: now,
      });
      for (const suggestion of profile.piiSuggestions) {
        const best = suggestion.suggestions[0];
        await store.updateField(tx, resourceId, suggestion.column, { piiSuggestion: best ? { type: best.type, confidence: best.confidence } : null });
      }
      await appendToLedger(tx, deps.clock, {
        actor: { userId: actor.userId, orgId: actor.orgId },
        action: 'resource.version_ingested',
        entity: { type: 'resource_version', id: row.id },
        payload: { resourceCode: resource.code, version, rows: result.rows, bytes: result.bytes, sha256: result.sha256, sm3: result.sm3 },
        derivedFrom: [{ type: 'data_resource', id: resourceId }],
      });
      return versionView(row, resource.updateFrequency, now);
    });
  } catch (err) {
    rmSync(result.parquetPath, { force: true });
    throw err;
  }
}

export function versionView(v: store.VersionRow, frequency: UpdateFrequency, now: Date) {
  return {
    freshness: freshness(v.createdAt, frequency, now),
    id: v.id,
    version: v.version,
    rows: v.rows,
    bytes: v.bytes,
    sha256: v.sha256,
    sm3: v.sm3,
    sourceFormat: v.sourceFormat,
    encoding: v.encoding,
    columns: v.columns,
    quality: v.quality,
    piiSuggestions: v.piiSuggestions,
    createdAt: v.createdAt.toISOString(),
  };
}

export async function listVersions(deps: Pick<Deps, 'db' | 'clock'>, actor: Actor, resourceId: string) {
  return deps.db.tx(tenantContext(actor), async (tx) => {
    const resource = await store.findResource(tx, resourceId);
    if (!resource) throw new DomainError('NOT_FOUND');
    const now = deps.clock.now();
    return (await store.versionsOf(tx, resourceId)).map((v) => versionView(v, resource.updateFrequency, now));
  });
}

/** Where in the upload a problem is: a CSV/JSON line, a Parquet row, or a column. */
function problemPath(p: { line?: number; row?: number; column?: string }): string {
  const column = p.column ? `/${p.column}` : '';
  if (p.line !== undefined) return `/line/${p.line}${column}`;
  if (p.row !== undefined) return `/row/${p.row}${column}`;
  return `/columns${column}`;
}
