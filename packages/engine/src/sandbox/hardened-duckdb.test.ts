import type { DuckDBConnection } from '@duckdb/node-api';
import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHardenedDuckDB, lockConfiguration, openHardenedDuckDB, restrictFileAccess } from './hardened-duckdb.ts';
import { sandboxFixture, type SandboxFixture } from './test-fixtures.ts';

// Scenarios of the one way the engine opens DuckDB (sessions, twins, ingests, profiles and the SQL parser all do).

let fx: SandboxFixture;

beforeAll(async () => {
  fx = await sandboxFixture();
});
afterAll(async () => {
  await fx?.remove();
});

async function settings(connection: DuckDBConnection, names: readonly string[]): Promise<Record<string, string>> {
  const reader = await connection.runAndReadAll(`SELECT name, value FROM duckdb_settings() WHERE name IN (${names.map((n) => `'${n}'`).join(', ')})`);
  return Object.fromEntries(reader.getRows().map(([k, v]) => [String(k), String(v)]));
}

const count = async (connection: DuckDBConnection, sql: string) => Number((await connection.runAndReadAll(sql)).getRows()[0]?.[0]);

describe('an instance shut in to one file', () => {
  it('reads that file, and not the resource stored next to it nor any other file', async () => {
    const db = await openHardenedDuckDB({ threads: 1, memoryLimit: '128MB' }, { allowedDirectories: [], allowedPaths: [fx.peopleParquet] });
    try {
      expect(await count(db.connection, `SELECT count(*) FROM read_parquet('${fx.peopleParquet}')`)).toBe(10);
      for (const sql of [
        `SELECT * FROM read_parquet('${fx.otherParquet}')`,
        `SELECT * FROM '${fx.otherParquet}'`,
        `SELECT * FROM read_parquet('${path.dirname(fx.peopleParquet)}/*.parquet')`,
        `SELECT * FROM read_csv('${fx.outsideCsv}')`,
        `SELECT * FROM read_text('/etc/passwd')`,
        `SELECT * FROM glob('${fx.dir}/*')`,
      ]) {
        await expect(db.connection.run(sql), sql).rejects.toThrow(/Permission Error|disabled/);
      }
      await expect(db.connection.run(`COPY (SELECT 1) TO '${path.join(fx.writableDir, 'out.csv')}'`)).rejects.toThrow();
      expect(readdirSync(fx.writableDir)).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('cannot SET or RESET anything afterwards, nor install an extension; every hardening setting is in place', async () => {
    const db = await openHardenedDuckDB({ threads: 1, memoryLimit: '128MB' }, { allowedDirectories: [], allowedPaths: [fx.peopleParquet] });
    try {
      for (const sql of [
        `SET enable_external_access = true`,
        `SET lock_configuration = false`,
        `RESET allowed_paths`,
        `SET allowed_directories = ['/']`,
        `SET memory_limit = '100GB'`,
        `SET temp_directory = '${fx.writableDir}'`,
        `SET autoload_known_extensions = true`,
      ]) {
        await expect(db.connection.run(sql), sql).rejects.toThrow(/locked/);
      }
      await expect(db.connection.run(`INSTALL httpfs`)).rejects.toThrow();
      await expect(db.connection.run(`LOAD httpfs`)).rejects.toThrow();
      expect(
        await settings(db.connection, [
          'allowed_paths',
          'allowed_directories',
          'enable_external_access',
          'lock_configuration',
          'autoinstall_known_extensions',
          'autoload_known_extensions',
          'allow_community_extensions',
          'allow_unsigned_extensions',
          'allow_persistent_secrets',
          'temp_directory',
          'threads',
        ]),
      ).toEqual({
        allowed_paths: `[${fx.peopleParquet}]`,
        allowed_directories: '[]',
        enable_external_access: 'false',
        lock_configuration: 'true',
        autoinstall_known_extensions: 'false',
        autoload_known_extensions: 'false',
        allow_community_extensions: 'false',
        allow_unsigned_extensions: 'false',
        allow_persistent_secrets: 'false',
        temp_directory: '',
        threads: '1',
      });
    } finally {
      db.close();
    }
  });

  it('with both allow-lists empty (the parser), nothing can be opened', async () => {
    const db = await openHardenedDuckDB({ threads: 1, memoryLimit: '64MB' }, { allowedDirectories: [], allowedPaths: [] });
    try {
      await expect(db.connection.run(`SELECT * FROM read_parquet('${fx.peopleParquet}')`)).rejects.toThrow(/Permission Error|disabled/);
      expect(await count(db.connection, `SELECT count(*) FROM range(3)`)).toBe(3);
    } finally {
      db.close();
    }
  });
});

describe('the order of the steps', () => {
  it('the allow-lists are refused once external access is off: they come first', async () => {
    const db = await createHardenedDuckDB({ threads: 1, memoryLimit: '64MB' });
    try {
      await restrictFileAccess(db.connection, { allowedDirectories: [], allowedPaths: [fx.peopleParquet] });
      await expect(db.connection.run(`SET allowed_paths = ['${fx.otherParquet}']`)).rejects.toThrow();
      await expect(db.connection.run(`SET allowed_directories = ['${fx.dir}/']`)).rejects.toThrow();
      // between external access off and the lock: views over the allowed file only (a session's datasets)
      await db.connection.run(`CREATE VIEW people AS SELECT * FROM read_parquet('${fx.peopleParquet}')`);
      await expect(db.connection.run(`CREATE VIEW other AS SELECT * FROM read_parquet('${fx.otherParquet}')`)).rejects.toThrow(/Permission Error|disabled/);
      await lockConfiguration(db.connection);
      expect(await count(db.connection, `SELECT count(*) FROM people`)).toBe(10);
      await expect(db.connection.run(`SET enable_external_access = true`)).rejects.toThrow(/locked/);
    } finally {
      db.close();
    }
  });

  it('an allowed directory is a directory, not a prefix of a name: its sibling with a longer name stays closed', async () => {
    const datasets = path.dirname(path.dirname(fx.peopleParquet));
    // `…/datasets/people` is allowed; `…/datasets/people-archive` would match it as a bare prefix (the trailing `/`
    // is added here, whatever DuckDB's version does)
    const lookalike = path.join(datasets, 'people-archive');
    mkdirSync(lookalike, { recursive: true });
    const db = await openHardenedDuckDB({ threads: 1, memoryLimit: '64MB' }, { allowedDirectories: [path.dirname(fx.peopleParquet)], allowedPaths: [] });
    try {
      expect(await count(db.connection, `SELECT count(*) FROM read_parquet('${fx.peopleParquet}')`)).toBe(10);
      await expect(db.connection.run(`COPY (SELECT 1 AS x) TO '${path.join(lookalike, 'v1.parquet')}' (FORMAT parquet)`)).rejects.toThrow(/Permission Error|disabled/);
      await expect(db.connection.run(`SELECT * FROM read_parquet('${fx.otherParquet}')`)).rejects.toThrow(/Permission Error|disabled/);
    } finally {
      db.close();
    }
  });
});

describe('limits and settings', () => {
  it('no spilling by default; a private spill directory with its size cap when given; the caller’s settings are set', async () => {
    const spill = path.join(fx.dir, 'hardened-spill');
    mkdirSync(spill);
    const db = await openHardenedDuckDB(
      { threads: 2, memoryLimit: '64MB', spillDirectory: spill, maxSpillSize: '1GB', settings: { preserve_insertion_order: false, enable_progress_bar: false } },
      { allowedDirectories: [], allowedPaths: [] },
    );
    const plain = await openHardenedDuckDB({ threads: 1, memoryLimit: '64MB' }, { allowedDirectories: [], allowedPaths: [] });
    try {
      expect(await settings(db.connection, ['temp_directory', 'max_temp_directory_size', 'threads', 'preserve_insertion_order', 'enable_progress_bar'])).toEqual({
        temp_directory: spill,
        max_temp_directory_size: '953.6 MiB',
        threads: '2',
        preserve_insertion_order: 'false',
        enable_progress_bar: 'false',
      });
      const sql = `SELECT count(*) FROM (SELECT repeat('y', 40) || range AS x FROM range(1500000) ORDER BY x DESC)`;
      expect(await count(db.connection, sql)).toBe(1_500_000);
      await expect(plain.connection.run(sql)).rejects.toThrow(/Out of Memory/);
    } finally {
      db.close();
      plain.close();
    }
    db.close(); // a second close does nothing
  });
});
