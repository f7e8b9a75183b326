import { rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { convertCsv, type Converted } from './csv-convert.ts';
import { validateFields } from './field-types.ts';
import { createIngestDuckDB, shutIn, type IngestDuckDB, type IngestDuckDBLimits } from './ingest-duckdb.ts';
import { IngestError } from './ingest-error.ts';
import { convertJsonl } from './jsonl-convert.ts';
import { convertParquet } from './parquet-convert.ts';
import { localSource, redecodeAsGb18030, type LocalSource } from './source-files.ts';
import type { IngestOptions, IngestProgress, IngestResult, IngestSource, IngestTarget } from './types.ts';
import { openVersionStore, type VersionStore } from './version-store.ts';

/**
 * Ingests one version of a data resource: reads the source (file, upload stream or PostgreSQL table), checks it
 * against the declared fields, converts it to `<datasetsDir>/<resourceCode>/v<version>.parquet` and hashes it.
 * All or nothing: a refused version throws an IngestError that lists the problems (never a data value) and
 * leaves no file behind; an existing version is never overwritten.
 */
export async function ingestVersion(source: IngestSource, target: IngestTarget, opts: IngestOptions = {}): Promise<IngestResult> {
  validateFields(target.fields);
  const store = await openVersionStore(target, opts.tmpDir);
  const progress = opts.onProgress;
  const limits: IngestDuckDBLimits = {
    workDir: store.workDir,
    progress: progress !== undefined,
    ...(opts.memoryLimit ? { memoryLimit: opts.memoryLimit } : {}),
    ...(opts.threads ? { threads: opts.threads } : {}),
  };
  // DuckDB builds its instance on its own thread while this one reads the source's head (encoding, header)
  let early: Promise<IngestDuckDB> | undefined = createIngestDuckDB(limits);
  early.catch(() => undefined); // awaited by convert, or closed below
  const instance = () => {
    const db = early ?? createIngestDuckDB(limits);
    early = undefined;
    return db;
  };
  try {
    let local = await localSource(source, store.workDir, progress);
    let converted: Converted;
    try {
      converted = await convert(local, target, store, opts, instance());
    } catch (err) {
      // "auto" guessed UTF-8 from the first megabytes, and a later line proved otherwise: decode as GB18030, redo.
      if (!(err instanceof IngestError && err.code === 'ENCODING' && local.guessedFrom)) throw err;
      await rm(store.tempParquet, { force: true });
      local = await redecodeAsGb18030(local, store.workDir, progress);
      converted = await convert(local, target, store, opts, instance());
    }
    const { profile, stored } = converted;
    await store.publish(stored.synced);
    progress?.({ phase: 'stored', bytes: stored.bytes, totalBytes: stored.bytes, rows: profile.rows });
    return {
      parquetPath: store.finalPath,
      rows: profile.rows,
      bytes: stored.bytes,
      sha256: stored.sha256,
      sm3: stored.sm3,
      encoding: local.encoding,
      columns: profile.columns,
    };
  } finally {
    if (early) await early.then((db) => db.close(), () => undefined);
    await store.cleanup();
  }
}

/** Converts with `instance` (closed when done), shut in to the work and resource directories and the source. */
async function convert(local: LocalSource, target: IngestTarget, store: VersionStore, opts: IngestOptions, instance: Promise<IngestDuckDB>): Promise<Converted> {
  const db = await instance;
  try {
    await shutIn(db.connection, { allowedDirectories: [store.workDir, store.resourceDir], allowedPaths: local.external ? [local.file] : [] });
    const size = (await stat(local.file)).size;
    const onPercent = opts.onProgress
      ? (percent: number) => opts.onProgress!({ phase: 'converting', bytes: Math.round((size * Math.min(percent, 100)) / 100), totalBytes: size } satisfies IngestProgress)
      : undefined;
    const convertOpts = { workDir: store.workDir, distinct: opts.distinct ?? false, ...(onPercent ? { onPercent } : {}) };
    switch (local.format) {
      case 'csv':
        return await convertCsv(db.connection, { file: local.file, allowQuotedNulls: local.allowQuotedNulls }, target.fields, store.tempParquet, convertOpts);
      case 'jsonl':
        return await convertJsonl(db.connection, local.file, path.join(store.workDir, 'jsonl.csv'), target.fields, store.tempParquet, convertOpts);
      case 'parquet':
        return await convertParquet(db.connection, local.file, target.fields, store.tempParquet, convertOpts);
    }
  } finally {
    db.close();
  }
}
