import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { APP_ROLE, type Database, contextualTransactions, schema, type Tx } from './database.ts';

/** A PostgreSQL server (≥ 15), shared by several platform processes. */
export async function openPostgres(url: string, opts: { maxConnections?: number } = {}): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: opts.maxConnections ?? 10, application_name: 'shuyun' });
  // an idle client that loses its server must not crash the process; the next checkout reconnects
  pool.on('error', () => undefined);
  const db = drizzle({ client: pool, schema });
  // sessions that are the application role, read-only, from their first statement: the fast path for public reads
  const publicPool = new pg.Pool({ connectionString: url, max: 4, application_name: 'shuyun-public-read', options: `-c role=${APP_ROLE} -c default_transaction_read_only=on` });
  publicPool.on('error', () => undefined);
  return {
    kind: 'postgres',
    tx: contextualTransactions(db as unknown as Tx),
    async asOwner(fn) {
      const client = await pool.connect();
      try {
        return await fn({
          async query(text, params) {
            return (await client.query(text, params)).rows as Array<Record<string, unknown>>;
          },
          async exec(sqlText) {
            await client.query(sqlText); // no parameters: the simple protocol runs every statement
          },
        });
      } finally {
        client.release();
      }
    },
    async publicRead(name, text, params) {
      return (await publicPool.query({ name, text, values: params })).rows as Array<Record<string, unknown>>;
    },
    async ping() {
      await pool.query('select 1');
    },
    async close() {
      await Promise.all([pool.end(), publicPool.end()]);
    },
  };
}
