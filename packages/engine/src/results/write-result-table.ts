// An approved job's output, kept in-domain as a Parquet result table. The rows come from a hardened session (the job's
// SELECT); they are written through a temporary NDJSON file by a locked-down DuckDB that can open exactly that file
// and the table's temporary name, with the column types the session reported, then renamed into place.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { quoteIdentifier, quoteLiteral } from '../ingest/sql.ts';
import type { QueryResult } from '../sandbox/types.ts';
import { TWIN_PARQUET_OPTIONS } from '../twin/output-file.ts';
import { openTwinDuckDB } from '../twin/twin-duckdb.ts';

export interface ResultTableFile {
  rows: number;
  bytes: number;
  sha256: string;
  /** column names as stored: a name repeated in the SELECT gets a suffix (`count`, `count_2`) */
  columns: Array<{ name: string; type: string }>;
}

export async function writeResultTable(result: QueryResult, outParquet: string): Promise<ResultTableFile> {
  const out = path.resolve(outParquet);
  await mkdir(path.dirname(out), { recursive: true });
  const stamp = randomBytes(6).toString('hex');
  const json = path.join(path.dirname(out), `.${path.basename(out)}.${stamp}.ndjson`);
  const tmp = path.join(path.dirname(out), `.${path.basename(out)}.${stamp}.partial`);
  const seen = new Map<string, number>();
  const columns = result.columns.map((c) => {
    const n = (seen.get(c.name) ?? 0) + 1;
    seen.set(c.name, n);
    return { name: n === 1 ? c.name : `${c.name}_${n}`, type: c.type };
  });
  try {
    await writeFile(json, result.rows.map((row) => JSON.stringify(Object.fromEntries(columns.map((c, i) => [c.name, row[i] ?? null])))).join('\n') + '\n');
    const db = await openTwinDuckDB({ threads: 1 }, json, tmp);
    try {
      const declared = `{${columns.map((c) => `${quoteLiteral(c.name)}: ${quoteLiteral(c.type)}`).join(', ')}}`;
      const select = columns.map((c) => quoteIdentifier(c.name)).join(', ') || '*';
      await db.connection.run(`COPY (SELECT ${select} FROM read_json(${quoteLiteral(json)}, format = 'newline_delimited', columns = ${declared})) TO ${quoteLiteral(tmp)} (${TWIN_PARQUET_OPTIONS})`);
    } finally {
      db.close();
    }
    await rename(tmp, out);
    return { rows: result.rows.length, bytes: (await stat(out)).size, sha256: await fileSha256(out), columns };
  } finally {
    await rm(json, { force: true });
    await rm(tmp, { force: true });
  }
}

async function fileSha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
