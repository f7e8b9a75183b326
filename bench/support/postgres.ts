// A private PostgreSQL database per benchmark: created fresh, migrated, dropped at the end.
import { randomBytes } from 'node:crypto';
import type { Database } from '../../packages/server/src/db/database.ts';
import { migrate } from '../../packages/server/src/db/migrate.ts';
import { openPostgres } from '../../packages/server/src/db/postgres.ts';
import { databaseUrlWithName } from '../../test/support/postgres-url.ts';

export const DEFAULT_BENCH_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

export function benchServerUrl(): string {
  return process.env.SHUYUN_BENCH_DATABASE_URL || DEFAULT_BENCH_DATABASE_URL;
}

export interface BenchDatabase {
  db: Database;
  url: string;
  name: string;
  /** Closes the pool and drops the database (idempotent). */
  drop(): Promise<void>;
}

/** Databases created and not yet dropped, so an interrupted run can still drop them (see run.ts). */
const live = new Set<BenchDatabase>();

export async function dropAllBenchDatabases(): Promise<void> {
  await Promise.allSettled([...live].map((b) => b.drop()));
}

async function asAdmin<T>(serverUrl: string, fn: (admin: Database) => Promise<T>): Promise<T> {
  const admin = await openPostgres(serverUrl, { maxConnections: 1 });
  try {
    return await fn(admin);
  } finally {
    await admin.close();
  }
}

/** `CREATE DATABASE shuyun_bench_<random>`, then `migrate()`; the pool has `maxConnections` clients. */
export async function createBenchDatabase(opts: { maxConnections?: number } = {}): Promise<BenchDatabase> {
  const serverUrl = benchServerUrl();
  const name = `shuyun_bench_${randomBytes(6).toString('hex')}`;
  await asAdmin(serverUrl, (admin) => admin.asOwner((s) => s.exec(`CREATE DATABASE ${name}`)));
  const url = databaseUrlWithName(serverUrl, name);
  let db: Database | undefined;
  let dropped = false;
  const drop = async () => {
    if (dropped) return;
    dropped = true;
    live.delete(handle);
    await db?.close().catch(() => undefined);
    await asAdmin(serverUrl, (admin) => admin.asOwner((s) => s.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)));
  };
  const handle: BenchDatabase = {
    get db() {
      if (!db) throw new Error('bench database is not open');
      return db;
    },
    url,
    name,
    drop,
  };
  live.add(handle);
  try {
    db = await openPostgres(url, { maxConnections: opts.maxConnections ?? 10 });
    await migrate(db);
  } catch (err) {
    await drop().catch(() => undefined);
    throw err;
  }
  return handle;
}

/** The server's version string, for the record. */
export async function serverVersion(db: Database): Promise<string> {
  const rows = await db.asOwner((s) => s.query('SHOW server_version'));
  return String(rows[0]?.server_version ?? '?');
}
