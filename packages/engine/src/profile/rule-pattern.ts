import type { DuckDBConnection } from '@duckdb/node-api';
import { openHardenedDuckDB } from '../sandbox/hardened-duckdb.ts';

// A field's quality rule `pattern` is applied by DuckDB's regexp_full_match (RE2) when a version is profiled
// (profile-version.ts). RE2 is not JavaScript's dialect (no lookaround, no backreferences), so whether a pattern is
// valid is asked of DuckDB itself, when the resource is registered: a bad pattern is refused there, at its field,
// instead of surfacing as "rule invalid" in the first version's profile. One small instance, no file access at all.

let checker: Promise<DuckDBConnection> | undefined;
let queue: Promise<unknown> = Promise.resolve();

function open(): Promise<DuckDBConnection> {
  checker ??= openHardenedDuckDB({ threads: 1, memoryLimit: '32MB' }, { allowedDirectories: [], allowedPaths: [] }).then((db) => db.connection);
  return checker;
}

/** Whether DuckDB's regexp_full_match accepts `pattern` (a NUL character, which the profile cannot quote, is not). */
export function isValidRulePattern(pattern: string): Promise<boolean> {
  if (pattern.includes('\u0000')) return Promise.resolve(false);
  const next = queue.then(async () => {
    const connection = await open();
    try {
      await connection.run('SELECT regexp_full_match($1::VARCHAR, $2::VARCHAR)', ['', pattern]);
      return true;
    } catch {
      return false;
    }
  });
  queue = next.catch(() => undefined);
  return next;
}
