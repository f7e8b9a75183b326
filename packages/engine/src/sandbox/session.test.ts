import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineError } from './errors.ts';
import { openSession, type SandboxSession } from './session.ts';
import { sandboxFixture, SECRET_VALUE, type SandboxFixture } from './test-fixtures.ts';

// Scenarios of one hardened session, in this process (host.test.ts runs the same sessions in child processes).

let fx: SandboxFixture;
let session: SandboxSession;

beforeAll(async () => {
  fx = await sandboxFixture();
  session = await openSession({ datasets: { people: { parquetPath: fx.peopleParquet, openness: 'conditional' } }, threads: 1, memoryLimit: '256MB' });
});
afterAll(async () => {
  session?.close();
  await fx?.remove();
});

/** The EngineError a call is refused with (fails the test if it succeeds or fails otherwise). */
async function refusal(p: Promise<unknown>): Promise<EngineError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(EngineError);
    return err as EngineError;
  }
  throw new Error('expected a refusal, the statement ran');
}

/** Everything an error carries, as the API would serialize it. */
const shown = (e: EngineError) => JSON.stringify({ code: e.code, message: e.message, details: e.details });

describe('a session sees only its own datasets', () => {
  it('its dataset is a view over the Parquet version, and the catalog holds nothing else of anyone', async () => {
    const r = await session.run('SELECT count(*) AS n, sum(amount) AS total FROM people');
    expect(r.rows).toEqual([['10', '45000']]);
    const views = await session.run(`SELECT view_name FROM duckdb_views() WHERE NOT internal`);
    expect(views.rows).toEqual([['people']]);
    const tables = await session.run(`SELECT table_name FROM duckdb_tables()`);
    expect(tables.rows).toEqual([]);
    expect(session.datasetNames).toEqual(['people']);
  });

  it('another resource stored next to it cannot be read by path, by replacement scan or by query_table', async () => {
    for (const sql of [
      `SELECT * FROM read_parquet('${fx.otherParquet}')`,
      `SELECT * FROM '${fx.otherParquet}'`,
      `SELECT * FROM read_parquet(['${fx.peopleParquet}', '${fx.otherParquet}'])`,
      `SELECT * FROM parquet_metadata('${fx.otherParquet}')`,
      `SELECT * FROM parquet_schema('${fx.otherParquet}')`,
      `SELECT * FROM read_parquet('${path.dirname(path.dirname(fx.otherParquet))}/*/*.parquet')`,
    ]) {
      const e = await refusal(session.run(sql));
      expect(e.code, sql).toBe('ENGINE_ACCESS_DENIED');
      expect(shown(e)).not.toContain('other-tenant-row');
    }
    expect((await refusal(session.run(`SELECT * FROM query_table('${fx.otherParquet}')`))).code).toBe('ENGINE_FUNCTION_NOT_ALLOWED');
    // A name that is not one of its datasets is simply unknown.
    expect((await refusal(session.run('SELECT * FROM other'))).code).toBe('ENGINE_SQL_INVALID');
  });

  it('arbitrary files cannot be read: read_csv, read_text, read_json, glob, sniff_csv', async () => {
    for (const sql of [
      `SELECT * FROM read_csv('${fx.outsideCsv}')`,
      `SELECT * FROM read_csv('/etc/passwd', sep = ':')`,
      `SELECT * FROM read_text('/etc/hostname')`,
      `SELECT * FROM read_blob('/etc/hostname')`,
      `SELECT * FROM read_json('${fx.outsideCsv}')`,
      `SELECT * FROM glob('${fx.dir}/*')`,
      `SELECT * FROM sniff_csv('${fx.outsideCsv}')`,
      `SELECT * FROM '${fx.outsideCsv}'`,
    ]) {
      const e = await refusal(session.run(sql));
      expect(e.code, sql).toBe('ENGINE_ACCESS_DENIED');
      expect(shown(e)).not.toContain('outside-file-row');
    }
  });

  it('getenv does not exist in a session (external access is off), so the environment cannot be read', async () => {
    const e = await refusal(session.run(`SELECT getenv('HOME')`));
    expect(e.code).toBe('ENGINE_SQL_INVALID');
    expect(shown(e)).not.toContain(process.env.HOME ?? '/root');
  });
});

describe('a session cannot reach out or change its sandbox', () => {
  it('cannot ATTACH a database, in a file or in memory, nor DETACH or USE', async () => {
    for (const sql of [`ATTACH '${fx.writableDir}/x.db' AS x`, `ATTACH ':memory:' AS m`, `DETACH people`, `USE memory`]) {
      const e = await refusal(session.run(sql));
      expect(e.code, sql).toBe('ENGINE_STATEMENT_NOT_ALLOWED');
    }
    expect(readdirSync(fx.writableDir)).toEqual([]);
  });

  it('cannot SET, RESET or PRAGMA a setting; the configuration is locked with external access off', async () => {
    for (const sql of [
      `SET enable_external_access = true`,
      `SET lock_configuration = false`,
      `RESET allowed_paths`,
      `SET threads = 8`,
      `SET memory_limit = '100GB'`,
      `PRAGMA enable_profiling`,
      `PRAGMA disable_optimizer`,
      `PRAGMA memory_limit = '100GB'`,
      `SET VARIABLE x = 1`,
      `CALL enable_logging()`,
    ]) {
      const e = await refusal(session.run(sql));
      expect(e.code, sql).toBe('ENGINE_STATEMENT_NOT_ALLOWED');
    }
    // Not a pragma at all (a function): refused all the same, as invalid.
    expect((await refusal(session.run(`PRAGMA enable_logging`))).code).toBe('ENGINE_SQL_INVALID');
    // A SELECT cannot run a SET either: query() is refused (and would take only a SELECT).
    expect((await refusal(session.run(`SELECT * FROM query('SET enable_external_access = true')`))).code).toBe('ENGINE_FUNCTION_NOT_ALLOWED');
    const settings = await session.run(
      `SELECT name, value FROM duckdb_settings() WHERE name IN ('lock_configuration', 'enable_external_access', 'autoload_known_extensions', 'autoinstall_known_extensions', 'threads', 'allowed_paths') ORDER BY name`,
    );
    expect(Object.fromEntries(settings.rows.map(([k, v]) => [k, v]))).toEqual({
      allowed_paths: `[${fx.peopleParquet}]`,
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
      enable_external_access: 'false',
      lock_configuration: 'true',
      threads: '1',
    });
  });

  it('cannot COPY or EXPORT to a file, nor write through any other statement', async () => {
    const target = path.join(fx.writableDir, 'out.csv');
    for (const sql of [
      `COPY (SELECT * FROM people) TO '${target}'`,
      `COPY people TO '${target}' (FORMAT parquet)`,
      `EXPORT DATABASE '${fx.writableDir}'`,
      `CREATE TABLE t AS SELECT * FROM people`,
      `INSERT INTO people VALUES (1, 'x', 'y', 2)`,
      `DROP VIEW people`,
      `CREATE OR REPLACE VIEW people AS SELECT 1`,
      `CHECKPOINT`,
    ]) {
      const e = await refusal(session.run(sql));
      expect(e.code, sql).toBe('ENGINE_STATEMENT_NOT_ALLOWED');
    }
    expect(existsSync(target)).toBe(false);
    expect(readdirSync(fx.writableDir)).toEqual([]);
    expect((await session.run('SELECT count(*) FROM people')).rows).toEqual([['10']]);
  });

  it('cannot INSTALL or LOAD an extension', async () => {
    for (const sql of [`INSTALL httpfs`, `LOAD httpfs`, `FORCE INSTALL httpfs`, `LOAD '${fx.writableDir}/evil.duckdb_extension'`]) {
      const e = await refusal(session.run(sql));
      expect(e.code, sql).toBe('ENGINE_STATEMENT_NOT_ALLOWED');
    }
  });

  it('cannot turn on logging or profiling, run SQL from a string or a plan, or scan memory, even from a SELECT', async () => {
    const s = await openSession({ datasets: {}, allowedDirectories: [fx.writableDir] });
    try {
      for (const sql of [
        `SELECT * FROM enable_logging(storage = 'file', storage_path = '${fx.writableDir}/log')`,
        `FROM main.enable_logging()`,
        `SELECT * FROM (SELECT 1) JOIN system.main.ENABLE_PROFILING() ON true`,
        `SELECT * FROM disable_logging()`,
        `SELECT * FROM truncate_duckdb_logs()`,
        `SELECT * FROM checkpoint()`,
        `SELECT * FROM query('SELECT * FROM enable_' || 'logging()')`,
        `SELECT * FROM query_table('people')`,
        `SELECT * FROM json_execute_serialized_sql(json_serialize_sql('SELECT 1'))`,
        `SELECT * FROM arrow_scan(0, 0, 0)`,
        `SELECT * FROM enable_peg_parser()`,
        `WITH x AS (SELECT * FROM enable_profiling()) SELECT 1`,
      ]) {
        const e = await refusal(s.run(sql));
        expect(e.code, sql).toBe('ENGINE_FUNCTION_NOT_ALLOWED');
      }
      expect(readdirSync(fx.writableDir)).toEqual([]);
    } finally {
      s.close();
    }
  });

  it('cannot create temp tables, macros, secrets or types', async () => {
    for (const sql of [
      `CREATE TEMP TABLE t AS SELECT 1`,
      `CREATE MACRO m(x) AS x + 1`,
      `CREATE TEMP MACRO people_count() AS TABLE SELECT 1`,
      `CREATE SECRET (TYPE s3, KEY_ID 'a', SECRET 'b')`,
      `CREATE TYPE mood AS ENUM ('a')`,
      `CREATE SEQUENCE s`,
    ]) {
      const e = await refusal(session.run(sql));
      expect(e.code, sql).toBe('ENGINE_STATEMENT_NOT_ALLOWED');
    }
  });
});

describe('one statement, of type SELECT, per call', () => {
  it('refuses several statements, even when the first is a harmless SELECT', async () => {
    for (const sql of [`SELECT 1; SELECT 2`, `SELECT 1; DROP VIEW people`, `SELECT 1; SET enable_external_access = true`]) {
      const e = await refusal(session.run(sql));
      expect(e.code, sql).toBe('ENGINE_MULTI_STATEMENT');
    }
    expect((await session.run('SELECT count(*) FROM people')).rows).toEqual([['10']]);
    // A trailing semicolon and comments are still one statement.
    expect((await session.run('-- count\nSELECT 1 AS one; ')).rows).toEqual([[1]]);
  });

  it('refuses statements that are not SELECT (EXPLAIN, CALL, PREPARE, transactions), and empty text', async () => {
    for (const sql of [`EXPLAIN SELECT * FROM people`, `CALL pragma_version()`, `PREPARE p AS SELECT 1`, `BEGIN TRANSACTION`, `VACUUM`]) {
      const e = await refusal(session.run(sql));
      expect(e.code, sql).toBe('ENGINE_STATEMENT_NOT_ALLOWED');
    }
    expect((await refusal(session.run('   '))).code).toBe('ENGINE_SQL_INVALID');
    expect((await refusal(session.run('-- nothing'))).code).toBe('ENGINE_SQL_INVALID');
  });

  it('caps the rows returned and says so', async () => {
    const capped = await session.run('SELECT id FROM people ORDER BY id', { maxRows: 3 });
    expect(capped.rows).toEqual([['0'], ['1'], ['2']]);
    expect(capped.truncated).toBe(true);
    const exact = await session.run('SELECT id FROM people ORDER BY id', { maxRows: 10 });
    expect(exact.rows).toHaveLength(10);
    expect(exact.truncated).toBe(false);
    expect(exact.columns).toEqual([{ name: 'id', type: 'BIGINT' }]);
  });
});

describe('errors never carry data values', () => {
  it('a failed cast, an out-of-range value, error() and a bad date pattern say what kind of failure, not the value', async () => {
    for (const sql of [
      `SELECT CAST(secret AS INTEGER) FROM people`,
      `SELECT secret::DATE FROM people`,
      `SELECT CAST(amount * 1000 AS TINYINT) FROM people`,
      `SELECT error(secret) FROM people`,
      `SELECT strptime(secret, '%Y-%m-%d') FROM people`,
      `SELECT json_extract(secret, '$.a') FROM people`,
      `SELECT list_value(secret)[1]::INTEGER FROM people`,
    ]) {
      const e = await refusal(session.run(sql));
      expect(e.code, sql).toBe('ENGINE_QUERY_FAILED');
      expect(shown(e), sql).not.toMatch(/SECRET|4711|ZHANG|张|9000|1000000/);
    }
    const cast = await refusal(session.run(`SELECT CAST(secret AS INTEGER) FROM people`));
    expect(cast.details).toEqual([{ path: '/sql', reason: 'conversion' }]);
  });

  it('a compile-time error keeps its reason and names, but quoted literals are blanked', async () => {
    const e = await refusal(session.run(`SELECT nope FROM people WHERE secret = '${SECRET_VALUE}'`));
    expect(e.code).toBe('ENGINE_SQL_INVALID');
    expect(e.details?.[0]?.reason).toBe('binder');
    expect(e.details?.[0]?.message).toContain('nope');
    expect(shown(e)).not.toContain(SECRET_VALUE);
    expect(shown(e)).not.toContain('LINE 1');
  });
});

describe('limits', () => {
  it('a runaway query is interrupted at its timeout and the session stays usable', async () => {
    const started = Date.now();
    const e = await refusal(session.run('SELECT count(*) FROM range(100000) a, range(100000) b', { timeoutMs: 300 }));
    expect(e.code).toBe('ENGINE_TIMEOUT');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect((await session.run('SELECT count(*) FROM people')).rows).toEqual([['10']]);
  });

  it('a query past the memory limit fails as out of memory (no spilling) and the session stays usable', async () => {
    const small = await openSession({ datasets: { people: { parquetPath: fx.peopleParquet, openness: 'unconditional' } }, memoryLimit: '32MB' });
    try {
      const e = await refusal(small.run(`SELECT list(repeat('x', 100) || range) FROM range(2000000)`, { timeoutMs: 20_000 }));
      expect(e.code).toBe('ENGINE_OUT_OF_MEMORY');
      expect((await small.run('SELECT count(*) FROM people')).rows).toEqual([['10']]);
    } finally {
      small.close();
    }
  });
});

describe('spilling', () => {
  it('with a private spill directory, a sort larger than the memory limit completes', async () => {
    const spill = path.join(fx.dir, 'spill');
    mkdirSync(spill);
    const s = await openSession({ datasets: {}, memoryLimit: '32MB', spillDirectory: spill });
    try {
      const sql = `SELECT count(*), max(x) FROM (SELECT repeat('y', 40) || range AS x FROM range(1500000) ORDER BY x DESC)`;
      const r = await s.run(sql, { timeoutMs: 50_000 });
      expect(r.rows[0]?.[0]).toBe('1500000');
      // The same query without spilling runs out of memory.
      expect((await refusal(session.run(sql.replace('1500000', '6000000'), { timeoutMs: 50_000 }))).code).toBe('ENGINE_OUT_OF_MEMORY');
    } finally {
      s.close();
    }
  });
});

describe('opening a session', () => {
  it('refuses a not_open resource in the engine, whatever else is granted', async () => {
    const e = await refusal(
      openSession({
        datasets: {
          people: { parquetPath: fx.peopleParquet, openness: 'unconditional' },
          sealed: { parquetPath: fx.otherParquet, openness: 'not_open' },
        },
      }),
    );
    expect(e.code).toBe('RESOURCE_NOT_OPEN');
    expect(e.status).toBe(409);
    expect(e.details).toEqual([{ path: '/datasets/sealed', reason: 'not_open' }]);
  });

  it('two sessions are two catalogs: the same view name shows each its own version', async () => {
    const a = await openSession({ datasets: { data: { parquetPath: fx.peopleParquet, openness: 'conditional' } } });
    const b = await openSession({ datasets: { data: { parquetPath: fx.otherParquet, openness: 'conditional' } } });
    try {
      expect((await a.run('SELECT count(*) FROM data')).rows).toEqual([['10']]);
      expect((await b.run('SELECT * FROM data')).rows).toEqual([['other-tenant-row']]);
      expect((await refusal(b.run(`SELECT * FROM read_parquet('${fx.peopleParquet}')`))).code).toBe('ENGINE_ACCESS_DENIED');
      const macros = await b.run(`SELECT function_name FROM duckdb_functions() WHERE NOT internal`);
      expect(macros.rows).toEqual([]);
    } finally {
      a.close();
      b.close();
    }
  });

  it('a missing or unreadable version file is ENGINE_DATASET_UNAVAILABLE, without its content', async () => {
    const missing = await refusal(openSession({ datasets: { gone: { parquetPath: path.join(fx.dir, 'gone.parquet'), openness: 'conditional' } } }));
    expect(missing.code).toBe('ENGINE_DATASET_UNAVAILABLE');
    const fake = path.join(fx.dir, 'fake.parquet');
    await writeFile(fake, `${SECRET_VALUE} is not parquet`);
    const unreadable = await refusal(openSession({ datasets: { fake: { parquetPath: fake, openness: 'conditional' } } }));
    expect(unreadable.code).toBe('ENGINE_DATASET_UNAVAILABLE');
    expect(shown(unreadable)).not.toContain(SECRET_VALUE);
  });

  it('refuses names that are not plain identifiers and paths that are relative or globs', async () => {
    await expect(openSession({ datasets: { 'a; DROP': { parquetPath: fx.peopleParquet, openness: 'conditional' } } })).rejects.toThrow(TypeError);
    await expect(openSession({ datasets: { a: { parquetPath: 'rel/v1.parquet', openness: 'conditional' } } })).rejects.toThrow(TypeError);
    await expect(openSession({ datasets: { a: { parquetPath: `${fx.dir}/*/*.parquet`, openness: 'conditional' } } })).rejects.toThrow(TypeError);
    await expect(
      openSession({ datasets: { a: { parquetPath: fx.peopleParquet, openness: 'conditional' }, A: { parquetPath: fx.otherParquet, openness: 'conditional' } } }),
    ).rejects.toThrow(TypeError);
  });

  it('an allowed directory can be read, but still not written', async () => {
    const s = await openSession({ datasets: {}, allowedDirectories: [fx.dir] });
    try {
      expect((await s.run(`SELECT v FROM read_csv('${fx.outsideCsv}')`)).rows).toEqual([['outside-file-row']]);
      expect((await refusal(s.run(`COPY (SELECT 1) TO '${fx.writableDir}/x.csv'`))).code).toBe('ENGINE_STATEMENT_NOT_ALLOWED');
      expect(readdirSync(fx.writableDir)).toEqual([]);
    } finally {
      s.close();
    }
  });
});
