import { mkdir, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { filesUnder, tempDataDir } from './test-fixtures.ts';
import { openVersionStore, removeIngestLeftovers, validateTarget } from './version-store.ts';

let data: Awaited<ReturnType<typeof tempDataDir>>;
beforeEach(async () => {
  data = await tempDataDir();
});
afterEach(async () => {
  await data.remove();
});

describe('where versions are stored', () => {
  it('resource codes are one safe path segment and versions positive integers', () => {
    for (const code of ['MS-ENT-001', 'hr.social_insurance', 'A']) expect(() => validateTarget(code, 1)).not.toThrow();
    for (const code of ['', '../etc', 'a/b', '.hidden', 'a..b', 'x'.repeat(129)]) expect(() => validateTarget(code, 1), code).toThrow(RangeError);
    for (const v of [0, -1, 1.5, Number.NaN]) expect(() => validateTarget('A', v)).toThrow(RangeError);
  });

  it('what a crashed ingest left behind is removed at start-up once old, and nothing else', async () => {
    const store = await openVersionStore({ datasetsDir: data.datasetsDir, resourceCode: 'R', version: 1 });
    await writeFile(store.tempParquet, 'partial');
    await writeFile(path.join(store.workDir, 'upload.csv'), 'partial');
    await mkdir(path.join(data.datasetsDir, 'R2'));
    await writeFile(path.join(data.datasetsDir, 'R2', 'v1.parquet'), 'a stored version');
    const fresh = await openVersionStore({ datasetsDir: data.datasetsDir, resourceCode: 'R', version: 2 });
    await writeFile(fresh.tempParquet, 'still being written');
    const old = new Date(Date.now() - 2 * 24 * 3600_000);
    await utimes(store.tempParquet, old, old);
    await utimes(store.workDir, old, old);

    const removed = await removeIngestLeftovers(data.datasetsDir);
    expect(removed.sort()).toEqual([store.tempParquet, store.workDir].sort());
    expect(await filesUnder(data.datasetsDir)).toEqual([path.relative(data.datasetsDir, fresh.tempParquet), 'R2/v1.parquet'].sort());
  });
});
