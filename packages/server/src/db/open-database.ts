import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/config.ts';
import type { Database } from './database.ts';
import { lockDataDir } from './data-dir-lock.ts';
import { migrate } from './migrate.ts';
import { openPglite } from './pglite.ts';
import { readInitdbTemplate } from './pglite-template.ts';
import { openPostgres } from './postgres.ts';

/** Opens the configured database (PGlite in the data directory, or a PostgreSQL server) and migrates it. */
export async function openDatabase(config: Pick<Config, 'dataDir' | 'databaseUrl'>): Promise<{ db: Database; fresh: boolean; applied: string[] }> {
  let db: Database;
  if (config.databaseUrl) {
    db = await openPostgres(config.databaseUrl);
  } else {
    const lock = lockDataDir(config.dataDir);
    try {
      const dataDir = path.join(config.dataDir, 'pglite');
      const template = existsSync(path.join(dataDir, 'PG_VERSION')) ? undefined : readInitdbTemplate();
      const pglite = await openPglite({ dataDir, ...(template ? { loadDataDir: template } : {}) });
      db = { ...pglite, close: async () => { await pglite.close(); lock.release(); } };
    } catch (err) {
      lock.release();
      throw err;
    }
  }
  try {
    const { applied } = await migrate(db);
    return { db, fresh: applied.includes('0001_foundation'), applied };
  } catch (err) {
    await db.close();
    throw err;
  }
}
