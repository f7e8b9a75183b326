import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { link, mkdir, mkdtemp, open, readdir, realpath, rename, rm, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { IngestError } from './ingest-error.ts';

// Where a version lands, and how it lands: the Parquet file is written under a temporary name in the resource's
// directory, fsynced, then hard-linked to `v<version>.parquet` (link() fails if the name exists, so an existing
// version is never overwritten, even by a concurrent ingest) and the temporary name removed. On any failure every
// temporary file is removed: a refused version leaves nothing behind.

const RESOURCE_CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export function versionFileName(version: number): string {
  return `v${version}.parquet`;
}

export interface VersionStore {
  resourceDir: string;
  finalPath: string;
  /** The Parquet file being written (in the resource directory, so the final link stays on one file system). */
  tempParquet: string;
  /** Scratch space for this ingest only (decoded text, uploads, DuckDB spill). */
  workDir: string;
  /** Makes the version visible under its final name; `synced`: the temporary file's own fsync, if already under way. */
  publish(synced?: Promise<void>): Promise<void>;
  cleanup(): Promise<void>;
}

export function validateTarget(resourceCode: string, version: number): void {
  if (!RESOURCE_CODE.test(resourceCode) || resourceCode.includes('..')) {
    throw new RangeError('resource code must be 1–128 letters, digits, ".", "_" or "-", starting with a letter or digit');
  }
  if (!Number.isSafeInteger(version) || version < 1) throw new RangeError('version must be a positive integer');
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

function versionExists(resourceCode: string, version: number): IngestError {
  return new IngestError('VERSION_EXISTS', [{ kind: 'version_exists', reason: `version ${version} of ${resourceCode} is already stored; versions are never overwritten` }]);
}

async function fsyncPath(file: string, flags: number): Promise<void> {
  const handle = await open(file, flags);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export async function openVersionStore(target: { datasetsDir: string; resourceCode: string; version: number }, tmpDir?: string): Promise<VersionStore> {
  validateTarget(target.resourceCode, target.version);
  await mkdir(target.datasetsDir, { recursive: true });
  const datasetsDir = await realpath(target.datasetsDir);
  const resourceDir = path.join(datasetsDir, target.resourceCode);
  await mkdir(resourceDir, { recursive: true });
  const finalPath = path.join(resourceDir, versionFileName(target.version));
  if (await exists(finalPath)) throw versionExists(target.resourceCode, target.version);

  const tmpBase = tmpDir ? path.resolve(tmpDir) : path.join(datasetsDir, '.ingest-tmp');
  await mkdir(tmpBase, { recursive: true });
  const workDir = await mkdtemp(path.join(await realpath(tmpBase), `${target.resourceCode}-v${target.version}-`));
  const tempParquet = path.join(resourceDir, `.v${target.version}.${randomBytes(6).toString('hex')}.parquet.tmp`);

  return {
    resourceDir,
    finalPath,
    tempParquet,
    workDir,
    async publish(synced?: Promise<void>) {
      await (synced ?? fsyncPath(tempParquet, constants.O_RDONLY));
      let linked = false;
      try {
        await link(tempParquet, finalPath);
        linked = true;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EEXIST') throw versionExists(target.resourceCode, target.version);
        if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw err;
      }
      if (linked) await unlink(tempParquet);
      else {
        // A file system without hard links: rename, after one more look (a narrow race with a concurrent ingest of
        // the same version, which the catalog's version numbering already prevents).
        if (await exists(finalPath)) throw versionExists(target.resourceCode, target.version);
        await rename(tempParquet, finalPath);
      }
      await fsyncPath(resourceDir, constants.O_RDONLY | constants.O_DIRECTORY);
    },
    async cleanup() {
      await rm(tempParquet, { force: true });
      await rm(workDir, { recursive: true, force: true });
    },
  };
}

const TEMP_PARQUET = /^\.v\d+\.[0-9a-f]+\.parquet\.tmp$/;

/**
 * Removes what ingests interrupted by a crash left behind (work directories, temporary Parquet files) once older
 * than `olderThanMs`, so that an ingest still running in another process is never touched. For start-up.
 */
export async function removeIngestLeftovers(datasetsDir: string, opts: { olderThanMs?: number; now?: number; tmpDir?: string } = {}): Promise<string[]> {
  const cutoff = (opts.now ?? Date.now()) - (opts.olderThanMs ?? 24 * 3600_000);
  const removed: string[] = [];
  const removeIfOld = async (file: string) => {
    try {
      if ((await stat(file)).mtimeMs < cutoff) {
        await rm(file, { recursive: true, force: true });
        removed.push(file);
      }
    } catch {
      // gone meanwhile
    }
  };
  const list = async (dir: string) => readdir(dir, { withFileTypes: true }).catch(() => []);
  const tmpBase = opts.tmpDir ? path.resolve(opts.tmpDir) : path.join(datasetsDir, '.ingest-tmp');
  for (const entry of await list(tmpBase)) if (entry.isDirectory()) await removeIfOld(path.join(tmpBase, entry.name));
  for (const resource of await list(datasetsDir)) {
    if (!resource.isDirectory() || resource.name === '.ingest-tmp') continue;
    for (const entry of await list(path.join(datasetsDir, resource.name))) {
      if (entry.isFile() && TEMP_PARQUET.test(entry.name)) await removeIfOld(path.join(datasetsDir, resource.name, entry.name));
    }
  }
  return removed;
}
