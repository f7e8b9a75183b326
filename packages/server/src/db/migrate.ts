import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Database, OwnerSession } from './database.ts';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
const MIGRATION_LOCK = 727274; // advisory lock key: one migrator at a time per database

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((file) => {
      const sql = readFileSync(dir + file, 'utf8');
      return { version: Number(file.slice(0, 4)), name: file.replace(/\.sql$/, ''), sql, checksum: sha256(sql) };
    });
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

/**
 * Applies committed migrations in order, each in its own transaction, as the database owner.
 * Several processes may start at once against one PostgreSQL: an advisory lock makes them take turns,
 * and a migration that was edited after it was applied stops the start (migrations are never edited).
 */
export async function migrate(db: Database, migrations = loadMigrations()): Promise<{ applied: string[] }> {
  return db.asOwner(async (s) => {
    await s.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      return await applyPending(s, migrations);
    } finally {
      await s.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  });
}

async function applyPending(s: OwnerSession, migrations: Migration[]): Promise<{ applied: string[] }> {
  await s.exec(`CREATE TABLE IF NOT EXISTS shuyun_migrations (
    version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  const rows = await s.query('SELECT version, checksum FROM shuyun_migrations');
  const done = new Map(rows.map((r) => [Number(r.version), String(r.checksum)]));
  const applied: string[] = [];
  for (const m of migrations) {
    const checksum = done.get(m.version);
    if (checksum !== undefined) {
      if (checksum !== m.checksum) throw new MigrationError(`migration ${m.name} was changed after it was applied; add a new migration instead`);
      continue;
    }
    try {
      await s.exec('BEGIN');
      await s.exec(m.sql);
      await s.query('INSERT INTO shuyun_migrations (version, name, checksum) VALUES ($1, $2, $3)', [m.version, m.name, m.checksum]);
      await s.exec('COMMIT');
    } catch (err) {
      await s.exec('ROLLBACK').catch(() => undefined);
      throw new MigrationError(`migration ${m.name} failed: ${(err as Error).message}`);
    }
    applied.push(m.name);
  }
  return { applied };
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
