import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { inject } from 'vitest';
import type { Database } from '../../packages/server/src/db/database.ts';
import { openPglite } from '../../packages/server/src/db/pglite.ts';
import { openPostgres } from '../../packages/server/src/db/postgres.ts';
import { databaseUrlWithName } from './postgres-url.ts';

export type TestDatabaseKind = 'pglite' | 'postgres';

export function testDatabaseKind(): TestDatabaseKind {
  return process.env.SHUYUN_TEST_DB === 'postgres' ? 'postgres' : 'pglite';
}

/**
 * A migrated database with the demo district, private to the calling test file: an in-memory PGlite loaded
 * from the template dump, or a new PostgreSQL database copied from the template database.
 */
export async function openTestDatabase(): Promise<Database & { url?: string }> {
  if (testDatabaseKind() === 'pglite') {
    const dump = readFileSync(inject('pgliteTemplate'));
    return openPglite({ loadDataDir: new Blob([dump]) });
  }
  const serverUrl = process.env.SHUYUN_TEST_DATABASE_URL!;
  const name = `shuyun_t_${randomBytes(6).toString('hex')}`;
  const admin = await openPostgres(serverUrl, { maxConnections: 1 });
  await admin.asOwner((s) => s.exec(`CREATE DATABASE ${name} TEMPLATE ${inject('postgresTemplate')}`));
  await admin.close();
  const url = databaseUrlWithName(serverUrl, name);
  const db = await openPostgres(url);
  return {
    ...db,
    url,
    async close() {
      await db.close();
      const dropper = await openPostgres(serverUrl, { maxConnections: 1 });
      await dropper.asOwner((s) => s.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).catch(() => undefined);
      await dropper.close();
    },
  };
}
