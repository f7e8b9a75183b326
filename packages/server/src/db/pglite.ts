import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { APP_ROLE, type Database, contextualTransactions, schema, type Tx } from './database.ts';

/**
 * The embedded database. PGlite is a single session: transactions are serialized by PGlite itself,
 * so keep them short and never hold one across a DuckDB run or an outbound call.
 */
export async function openPglite(opts: { dataDir?: string; loadDataDir?: Blob | File }): Promise<Database & { dump(): Promise<Blob> }> {
  const client = new PGlite({ ...(opts.dataDir ? { dataDir: opts.dataDir } : {}), ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}) });
  await client.waitReady;
  const db = drizzle({ client, schema });
  return {
    kind: 'pglite',
    tx: contextualTransactions(db as unknown as Tx),
    async asOwner(fn) {
      return fn({
        async query(text, params) {
          return (await client.query<Record<string, unknown>>(text, params)).rows;
        },
        async exec(sqlText) {
          await client.exec(sqlText);
        },
      });
    },
    async publicRead(_name, text, params) {
      // one session in-process: a short transaction as the application role is as fast as it gets here
      return client.transaction(async (tx) => {
        await tx.query(`select set_config('role', '${APP_ROLE}', true), set_config('transaction_read_only', 'on', true)`);
        return (await tx.query<Record<string, unknown>>(text, params)).rows;
      });
    },
    async ping() {
      await client.query('select 1');
    },
    async close() {
      await client.close();
    },
    async dump() {
      return client.dumpDataDir('none');
    },
  };
}
