// Where a twin is written: a temporary name beside the target, renamed into place once DuckDB has finished, so a
// reader sees the old twin or the new one, never half a file; the temporary file goes on failure. The source is
// never the target, by path or through a link.
import { randomBytes } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { DomainError } from '@shuyun/core/errors/catalogue';

/** Zstandard and the version 2 encodings, as the versions themselves are stored (ingest/parquet-sink.ts). */
export const TWIN_PARQUET_OPTIONS = 'FORMAT parquet, PARQUET_VERSION V2, COMPRESSION zstd, COMPRESSION_LEVEL 1';

export interface TwinPaths {
  source: string;
  out: string;
  tmp: string;
}

function real(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

export function twinPaths(sourceParquet: string, outParquet: string): TwinPaths {
  const source = path.resolve(sourceParquet);
  const out = path.resolve(outParquet);
  if (out === source || real(out) === real(source)) throw new DomainError('TWIN_TARGET_IS_SOURCE', [{ path: '/outParquet', reason: 'is_source' }]);
  const tmp = path.join(path.dirname(out), `.${path.basename(out)}.${randomBytes(6).toString('hex')}.partial`);
  return { source, out, tmp };
}

export async function publish(paths: TwinPaths): Promise<void> {
  await rename(paths.tmp, paths.out);
}

export async function discard(paths: TwinPaths): Promise<void> {
  await rm(paths.tmp, { force: true });
}
