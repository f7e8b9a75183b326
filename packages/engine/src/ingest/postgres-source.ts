import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { IngestError } from './ingest-error.ts';
import { quoteIdentifier } from './sql.ts';

// A department's own PostgreSQL table, pulled with a server-side cursor in batches (memory stays flat) into a
// CSV file that then goes the same way as an upload. Every value is taken in PostgreSQL's text form (no client-side
// parsing: no float or time-zone surprises); NULL becomes an empty unquoted field and every other value is quoted,
// so an empty string stays an empty string. timestamptz values are rendered in Asia/Shanghai local time, the
// time of the district's other sources.

const BATCH = 5_000;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]{0,62}$/;
const SESSION_TIME_ZONE = 'Asia/Shanghai';

export function parseTableName(table: string): string {
  const parts = table.split('.');
  if (parts.length < 1 || parts.length > 2 || !parts.every((p) => IDENTIFIER.test(p))) {
    throw new IngestError('SOURCE_UNREADABLE', [{ kind: 'unreadable', reason: 'table must be "table" or "schema.table" made of letters, digits, "_" and "$"' }]);
  }
  return parts.map(quoteIdentifier).join('.');
}

function csvQuote(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}

const asText = { getTypeParser: () => (value: string) => value };

export async function pullPostgresTable(
  connectionString: string,
  table: string,
  csvFile: string,
  onProgress?: (p: { bytes: number; rows: number }) => void,
): Promise<{ rows: number }> {
  const qualified = parseTableName(table);
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString, application_name: 'shuyun-ingest' });
  client.on('error', () => undefined); // a dropped connection surfaces as a failed query below
  const out = createWriteStream(csvFile);
  const closed = once(out, 'close');
  let rows = 0;
  let bytes = 0;
  try {
    try {
      await client.connect();
    } catch (err) {
      // the connection string may carry a password: never in the message
      throw new IngestError('SOURCE_UNREADABLE', [{ kind: 'unreadable', reason: 'could not connect to the PostgreSQL server' }], { cause: pgCause(err) });
    }
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      await client.query(`SET LOCAL TIME ZONE '${SESSION_TIME_ZONE}'`);
      await client.query("SET LOCAL DateStyle = 'ISO, YMD'");
      await client.query(`DECLARE shuyun_ingest NO SCROLL CURSOR FOR SELECT * FROM ${qualified}`);
      let header = false;
      for (;;) {
        const batch = await client.query({ text: `FETCH ${BATCH} FROM shuyun_ingest`, rowMode: 'array', types: asText });
        if (!header) {
          const line = `${batch.fields.map((f) => csvQuote(f.name)).join(',')}\n`;
          bytes += Buffer.byteLength(line);
          if (!out.write(line)) await once(out, 'drain');
          header = true;
        }
        if (batch.rows.length === 0) break;
        let text = '';
        for (const row of batch.rows as unknown[][]) {
          text += `${row.map((v) => (v === null ? '' : csvQuote(String(v)))).join(',')}\n`;
        }
        rows += batch.rows.length;
        bytes += Buffer.byteLength(text);
        if (!out.write(text)) await once(out, 'drain');
        onProgress?.({ bytes, rows });
      }
      await client.query('COMMIT');
    } catch (err) {
      if (err instanceof IngestError) throw err;
      const code = (err as { code?: string }).code;
      const reason =
        code === '42P01' ? `table ${table} does not exist` : code === '42501' ? `no permission to read table ${table}` : 'the table could not be read';
      throw new IngestError('SOURCE_UNREADABLE', [{ kind: 'unreadable', reason }], { cause: pgCause(err) });
    }
  } finally {
    out.end();
    await closed;
    await client.end().catch(() => undefined);
  }
  return { rows };
}

/** A PostgreSQL error's code only: its message could quote a value. */
function pgCause(err: unknown): Error {
  const code = (err as { code?: string }).code;
  return new Error(`postgres error${code ? ` ${code}` : ''}`);
}
