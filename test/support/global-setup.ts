import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { systemClock } from '../../packages/core/src/index.ts';
import { loadConfig } from '../../packages/server/src/config/config.ts';
import { migrate } from '../../packages/server/src/db/migrate.ts';
import { openPglite } from '../../packages/server/src/db/pglite.ts';
import { openPostgres } from '../../packages/server/src/db/postgres.ts';
import { seedDemoDistrict } from '../../packages/server/src/demo/seed-demo-district.ts';
import { databaseUrlWithName } from './postgres-url.ts';

// Builds, once per run, a migrated and seeded template database; each test file then starts from a copy
// (PGlite: a data-directory dump, ~1 s to load instead of ~6 s for initdb; PostgreSQL: CREATE DATABASE … TEMPLATE).

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    postgresTemplate: string;
  }
}

const root = path.resolve(import.meta.dirname, '../..');

function templateKey(): string {
  const hash = createHash('sha256');
  for (const dir of ['packages/server/src/db/migrations', 'packages/server/src/demo']) {
    for (const f of (readdirSync(path.join(root, dir), { recursive: true }) as string[]).sort()) {
      const file = path.join(root, dir, f);
      if (statSync(file).isFile()) hash.update(f).update(readFileSync(file));
    }
  }
  return hash.digest('hex').slice(0, 16);
}

export default async function setup(project: TestProject) {
  const key = templateKey();
  const config = loadConfig({}, { SHUYUN_DATA_DIR: '/tmp/shuyun-unused' });

  const cacheDir = path.join(root, 'node_modules/.cache/shuyun');
  const dumpFile = path.join(cacheDir, `pglite-template-${key}.tar`);
  if (!existsSync(dumpFile)) {
    mkdirSync(cacheDir, { recursive: true });
    const db = await openPglite({});
    await migrate(db);
    await seedDemoDistrict({ db, config, clock: systemClock });
    const dump = await db.dump();
    await db.close();
    const tmp = `${dumpFile}.${process.pid}.tmp`;
    writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
    renameSync(tmp, dumpFile);
  }
  project.provide('pgliteTemplate', dumpFile);

  const url = process.env.SHUYUN_TEST_DATABASE_URL;
  if (!url) return;
  const templateName = `shuyun_tpl_${key}`;
  const admin = await openPostgres(url, { maxConnections: 1 });
  try {
    const exists = await admin.asOwner((s) => s.query('SELECT 1 FROM pg_database WHERE datname = $1', [templateName]));
    if (exists.length === 0) {
      await admin.asOwner((s) => s.exec(`CREATE DATABASE ${templateName}`));
      const db = await openPostgres(databaseUrlWithName(url, templateName), { maxConnections: 2 });
      try {
        await migrate(db);
        await seedDemoDistrict({ db, config, clock: systemClock });
      } catch (err) {
        await db.close();
        await admin.asOwner((s) => s.exec(`DROP DATABASE ${templateName}`));
        throw err;
      }
      await db.close();
    }
    // templates of earlier migrations or demo data are of no further use: do not let them pile up on the server
    const stale = await admin.asOwner((s) => s.query(`SELECT datname FROM pg_database WHERE datname LIKE 'shuyun_tpl_%' AND datname <> $1`, [templateName]));
    for (const { datname } of stale) await admin.asOwner((s) => s.exec(`DROP DATABASE IF EXISTS "${String(datname)}"`)).catch(() => undefined);
  } finally {
    await admin.close();
  }
  project.provide('postgresTemplate', templateName);
}
