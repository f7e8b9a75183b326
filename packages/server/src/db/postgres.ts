import { drizzle, NodePgTransaction } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { APP_ROLE, bindTxDriver, contextStatement, type Database, schema, type Tx } from './database.ts';

/** A pooled connection's Drizzle handle (made once: drizzle() per transaction would rebuild the relational schema config), its prepared statements and the statements deferred to COMMIT. */
interface Connection {
  tx: Tx;
  prepared: Set<string>;
  atCommit: string[];
  /** a transaction is running on it (a handle kept past its transaction cannot defer into the next one) */
  open: boolean;
}
const connections = new WeakMap<pg.PoolClient, Connection>();
function connectionOf(client: pg.PoolClient): Connection {
  let conn = connections.get(client);
  if (!conn) {
    const d = drizzle({ client, schema }) as unknown as {
      dialect: unknown;
      _: { session: unknown; schema: unknown; fullSchema: unknown; tableNamesMap: unknown };
    };
    const relational = { schema: d._.schema, fullSchema: d._.fullSchema, tableNamesMap: d._.tableNamesMap };
    const tx = new NodePgTransaction(d.dialect as never, d._.session as never, relational as never) as unknown as Tx;
    const c: Connection = { tx, prepared: new Set(), atCommit: [], open: false };
    bindTxDriver(tx, {
      async defer(q) {
        if (!c.open) throw new Error('the transaction has ended');
        if (!c.prepared.has(q.name)) {
          // PREPARE is not transactional: it outlives this transaction even if it rolls back
          await client.query(`prepare ${q.name} (${q.types.join(', ')}) as ${q.text}`);
          c.prepared.add(q.name);
        }
        c.atCommit.push(`execute ${q.name}(${q.values.map((v) => (v === null ? 'null' : client.escapeLiteral(v))).join(', ')})`);
      },
    });
    conn = c;
    connections.set(client, conn);
  }
  return conn;
}

/** A PostgreSQL server (≥ 15), shared by several platform processes. */
export async function openPostgres(url: string, opts: { maxConnections?: number } = {}): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: opts.maxConnections ?? 10, application_name: 'shuyun' });
  // an idle client that loses its server must not crash the process; the next checkout reconnects
  pool.on('error', () => undefined);
  // sessions that are the application role, read-only, from their first statement: the fast path for public reads
  const publicPool = new pg.Pool({ connectionString: url, max: 4, application_name: 'shuyun-public-read', options: `-c role=${APP_ROLE} -c default_transaction_read_only=on` });
  publicPool.on('error', () => undefined);
  return {
    kind: 'postgres',
    // BEGIN and the context in one simple-protocol message, the deferred statements (ledger appends) in the COMMIT's:
    // 3 round trips for a one-statement command, ledgered or not, and no query building around the transaction
    async tx(ctx, fn) {
      const client = await pool.connect();
      const conn = connectionOf(client);
      conn.atCommit = [];
      conn.open = true;
      let unusable: Error | undefined;
      try {
        await client.query(`begin; ${contextStatement(ctx, (v) => client.escapeLiteral(v))}`);
        const result = await fn(conn.tx);
        await client.query(conn.atCommit.length === 0 ? 'commit' : `${conn.atCommit.join('; ')}; commit`);
        return result;
      } catch (err) {
        await client.query('rollback').catch((e: unknown) => {
          unusable = e instanceof Error ? e : new Error(String(e)); // the pool must not hand this connection out again
        });
        throw err;
      } finally {
        conn.open = false;
        conn.atCommit = [];
        client.release(unusable);
      }
    },
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
