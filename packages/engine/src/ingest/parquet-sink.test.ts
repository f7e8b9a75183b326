import { DuckDBInstance } from '@duckdb/node-api';
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyToParquet } from './parquet-sink.ts';
import { filesUnder, tempDataDir } from './test-fixtures.ts';

let data: Awaited<ReturnType<typeof tempDataDir>>;
let instance: DuckDBInstance;
beforeEach(async () => {
  data = await tempDataDir();
  instance = await DuckDBInstance.create(':memory:');
});
afterEach(async () => {
  instance.closeSync();
  await data.remove();
});

const sha256 = async (file: string) => createHash('sha256').update(await readFile(file)).digest('hex');
const sm3 = async (file: string) => createHash('sm3').update(await readFile(file)).digest('hex');

describe('the Parquet bytes are hashed on their way to disk', () => {
  it('what is hashed is what is stored, and the pipe is gone afterwards', async () => {
    const connection = await instance.connect();
    const out = path.join(data.dir, 'out.parquet');
    const { synced, ...stored } = await copyToParquet(connection, 'SELECT range AS n, range::VARCHAR AS s FROM range(200000)', {}, out, data.dir);
    await synced;
    expect(stored).toEqual({ bytes: (await readFile(out)).length, sha256: await sha256(out), sm3: await sm3(out) });
    expect(await filesUnder(data.dir)).toEqual(['out.parquet']);
  });

  it('without a mkfifo command DuckDB writes the file and it is hashed afterwards', async () => {
    const connection = await instance.connect();
    const out = path.join(data.dir, 'out.parquet');
    const savedPath = process.env.PATH;
    process.env.PATH = '';
    try {
      const stored = await copyToParquet(connection, 'SELECT 42 AS n', {}, out, data.dir);
      await stored.synced;
      expect(stored.sha256).toBe(await sha256(out));
    } finally {
      process.env.PATH = savedPath;
    }
  });

  it('a failed statement ends the pipe (nothing waits forever) and a failed write is reported as such', async () => {
    const connection = await instance.connect();
    await expect(copyToParquet(connection, 'SELECT * FROM no_such_table', {}, path.join(data.dir, 'a.parquet'), data.dir)).rejects.toThrow(/no_such_table/);
    const taken = path.join(data.dir, 'taken.parquet');
    await writeFile(taken, 'already here');
    await expect(copyToParquet(connection, 'SELECT range AS n FROM range(100000)', {}, taken, data.dir)).rejects.toMatchObject({ code: 'EEXIST' });
    expect(await readFile(taken, 'utf8')).toBe('already here');
  });
});
