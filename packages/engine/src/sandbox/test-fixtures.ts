// Test data for the sandbox scenarios: two tenants' Parquet versions side by side in one data directory (as the
// version store lays them out), a file outside it, and values distinctive enough to be searched for in errors.
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** A value that must never appear in an error: the citizen's "secret" in the people dataset. */
export const SECRET_VALUE = 'SECRET-4711-ZHANG';

export interface SandboxFixture {
  dir: string;
  /** Tenant A's dataset: 10 people, `id` 0–9, `name`, `secret` (a distinctive non-numeric string), `amount` 0–9000. */
  peopleParquet: string;
  /** Another resource stored next to it (tenant B's): one row, `x = 'other-tenant-row'`. */
  otherParquet: string;
  /** A CSV outside the datasets directory. */
  outsideCsv: string;
  /** A directory where a session could try to write. */
  writableDir: string;
  remove(): Promise<void>;
}

export async function sandboxFixture(): Promise<SandboxFixture> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'shuyun-sandbox-'));
  const datasets = path.join(dir, 'datasets');
  await mkdir(path.join(datasets, 'people'), { recursive: true });
  await mkdir(path.join(datasets, 'other'), { recursive: true });
  const writableDir = path.join(dir, 'writable');
  await mkdir(writableDir);
  const peopleParquet = path.join(datasets, 'people', 'v1.parquet');
  const otherParquet = path.join(datasets, 'other', 'v1.parquet');
  const outsideCsv = path.join(dir, 'outside.csv');
  await writeFile(outsideCsv, 'k,v\nouter,outside-file-row\n');

  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run(
      `COPY (SELECT range AS id, '张' || range AS name, '${SECRET_VALUE}' || '-' || range AS secret, range * 1000 AS amount FROM range(10))
       TO '${peopleParquet}' (FORMAT parquet)`,
    );
    await connection.run(`COPY (SELECT 'other-tenant-row' AS x) TO '${otherParquet}' (FORMAT parquet)`);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  return { dir, peopleParquet, otherParquet, outsideCsv, writableDir, remove: () => rm(dir, { recursive: true, force: true }) };
}
