import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { loadMigrations, migrate } from './migrate.ts';
import { openPglite } from './pglite.ts';

// PGlite spends ~6 s in initdb when it creates a data directory, and another second migrating it. The result is
// the same every time for one PGlite version and one set of migrations, so `npm install` makes it once
// (postinstall) and a fresh data directory starts from a copy. Changed migrations make a new key: no stale copy.

const require = createRequire(import.meta.url);
const pgliteRoot = path.resolve(path.dirname(require.resolve('@electric-sql/pglite')), '..');
const pgliteVersion = (JSON.parse(readFileSync(path.join(pgliteRoot, 'package.json'), 'utf8')) as { version: string }).version;
const cacheDir = fileURLToPath(new URL('../../../../node_modules/.cache/shuyun/', import.meta.url));

export function initdbTemplateFile(): string {
  const migrations = createHash('sha256');
  for (const m of loadMigrations()) migrations.update(m.checksum);
  return path.join(cacheDir, `pglite-${pgliteVersion}-${migrations.digest('hex').slice(0, 12)}.tar`);
}

/** The cached freshly-initialised data directory, if `npm install` made one. */
export function readInitdbTemplate(): Blob | undefined {
  const file = initdbTemplateFile();
  return existsSync(file) ? new Blob([readFileSync(file)]) : undefined;
}

export async function buildInitdbTemplate(): Promise<string> {
  const file = initdbTemplateFile();
  if (existsSync(file)) return file;
  const db = await openPglite({});
  await migrate(db);
  const dump = await db.dump();
  await db.close();
  mkdirSync(cacheDir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
  renameSync(tmp, file);
  return file;
}

// `node --import tsx packages/server/src/db/pglite-template.ts` (run by the root postinstall)
if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const file = await buildInitdbTemplate();
  process.stdout.write(`PGlite template ready: ${path.relative(process.cwd(), file)}\n`);
  process.exit(0);
}
