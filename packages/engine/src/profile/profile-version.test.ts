import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxFixture, type SandboxFixture } from '../sandbox/test-fixtures.ts';
import { openProfileDuckDB, profileVersion } from './profile-version.ts';

// Profiling reads a version of raw data: it is shut in to that one file, as a session is.

let fx: SandboxFixture;

beforeAll(async () => {
  fx = await sandboxFixture();
});
afterAll(async () => {
  await fx?.remove();
});

describe('profiling a version', () => {
  it('counts rows, nulls and distinct values, checks the declared rules, and counts duplicate subject keys', async () => {
    const profile = await profileVersion({
      parquetPath: fx.peopleParquet,
      fields: [
        { name: 'id', type: 'integer', piiType: null, rules: { notNull: true, unique: true, min: 1, max: 8 } },
        // a pattern with a quote in it: quoted as a literal, never spliced into the statement
        { name: 'secret', type: 'string', piiType: null, rules: { pattern: "^SECRET-[0-9]+-ZHANG-[0-9]$|'" } },
      ],
      subjectKey: 'id',
    });
    expect(profile.quality.rows).toBe(10);
    expect(profile.quality.duplicateSubjectKeys).toBe(0);
    const [id, secret] = profile.quality.columns;
    expect(id).toMatchObject({ name: 'id', nulls: 0, nullRate: 0, distinct: 10 });
    expect(id?.rules).toEqual([
      { rule: 'notNull', failing: 0 },
      { rule: 'unique', failing: 0 },
      { rule: 'min', failing: 1 },
      { rule: 'max', failing: 1 },
    ]);
    expect(secret).toMatchObject({ name: 'secret', nulls: 0, distinct: 10, rules: [{ rule: 'pattern', failing: 0 }] });
    expect(profile.piiSuggestions.map((s) => s.column)).toEqual(['id', 'secret']);
  });

  it('an invalid declared pattern, or one holding a NUL, is reported as such (-1), not as a failed profile', async () => {
    const profile = await profileVersion({
      parquetPath: fx.peopleParquet,
      fields: [
        { name: 'name', type: 'string', piiType: null, rules: { pattern: '([' } },
        { name: 'secret', type: 'string', piiType: null, rules: { pattern: 'a\u0000b' } },
      ],
      subjectKey: null,
    });
    expect(profile.quality.columns.map((c) => c.rules)).toEqual([[{ rule: 'pattern', failing: -1 }], [{ rule: 'pattern', failing: -1 }]]);
  });
});

describe('the DuckDB a version is profiled in', () => {
  it('reads the version, and not the resource stored next to it nor any other file', async () => {
    const db = await openProfileDuckDB(fx.peopleParquet);
    try {
      const rows = await db.connection.runAndReadAll(`SELECT count(*) FROM read_parquet('${fx.peopleParquet}')`);
      expect(Number(rows.getRows()[0]?.[0])).toBe(10);
      for (const sql of [
        `SELECT * FROM read_parquet('${fx.otherParquet}')`,
        `SELECT * FROM '${fx.otherParquet}'`,
        `SELECT * FROM read_parquet('${path.dirname(path.dirname(fx.otherParquet))}/*/*.parquet')`,
        `SELECT * FROM read_csv('${fx.outsideCsv}')`,
        `SELECT * FROM read_text('/etc/passwd')`,
      ]) {
        await expect(db.connection.run(sql), sql).rejects.toThrow(/Permission Error|disabled/);
      }
      await expect(db.connection.run(`COPY (SELECT 1) TO '${path.join(fx.writableDir, 'p.csv')}'`)).rejects.toThrow();
      expect(readdirSync(fx.writableDir)).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('is locked with external access off, a memory limit and no spilling', async () => {
    const db = await openProfileDuckDB(fx.peopleParquet);
    try {
      for (const sql of [`SET enable_external_access = true`, `SET lock_configuration = false`, `RESET allowed_paths`, `SET memory_limit = '100GB'`, `SET temp_directory = '${fx.writableDir}'`]) {
        await expect(db.connection.run(sql), sql).rejects.toThrow(/locked/);
      }
      await expect(db.connection.run(`INSTALL httpfs`)).rejects.toThrow();
      const reader = await db.connection.runAndReadAll(
        `SELECT name, value FROM duckdb_settings() WHERE name IN ('allowed_paths', 'allowed_directories', 'enable_external_access', 'lock_configuration', 'autoload_known_extensions', 'temp_directory', 'memory_limit')`,
      );
      expect(Object.fromEntries(reader.getRows().map(([k, v]) => [String(k), String(v)]))).toEqual({
        allowed_paths: `[${fx.peopleParquet}]`,
        allowed_directories: '[]',
        enable_external_access: 'false',
        lock_configuration: 'true',
        autoload_known_extensions: 'false',
        temp_directory: '',
        memory_limit: '1.8 GiB',
      });
    } finally {
      db.close();
    }
  });
});
