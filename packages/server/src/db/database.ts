import type { OrganizationType, Role } from '@shuyun/core';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema.ts';

export { schema };
export type Schema = typeof schema;
/** A Drizzle handle inside one transaction whose tenant context is already set. */
export type Tx = PgDatabase<PgQueryResultHKT, Schema>;

/**
 * Who a transaction works for. Row-level security reads it:
 *  - tenant: an organization (and the user acting for it); sees only its own rows
 *  - system: the platform's own steps (authentication look-ups, schedulers, seeding), with a reason for the log
 */
export type TxContext =
  | { kind: 'tenant'; orgId: string; orgType: OrganizationType; userId: string | null; roles: readonly Role[] }
  | { kind: 'system'; reason: string; role?: 'sequencer' };

export interface Database {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction as the non-owner application role with the tenant context set. */
  tx<T>(ctx: TxContext, fn: (tx: Tx) => Promise<T>): Promise<T>;
  /**
   * One connection as the database owner, for migrations and tests of the database itself.
   * Never for user-facing work: row-level security does not hold for the owner.
   */
  asOwner<T>(fn: (session: OwnerSession) => Promise<T>): Promise<T>;
  /**
   * One read-only statement as the application role with no tenant and no system context, in a single round trip
   * (a prepared statement on a server). Row-level security leaves every tenant table empty here: only public data
   * (the ledger's tree, published editions) answers. For hot, public reads such as Merkle proofs.
   */
  publicRead(name: string, text: string, params: unknown[]): Promise<Array<Record<string, unknown>>>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface OwnerSession {
  query(text: string, params?: unknown[]): Promise<Array<Record<string, unknown>>>;
  /** Runs several statements (a migration file) in one go. */
  exec(sqlText: string): Promise<void>;
}

export const APP_ROLE = 'shuyun_app';
/** The only role that may give ledger entries their sequence number and leaf hash (and nothing else). */
export const SEQUENCER_ROLE = 'shuyun_sequencer';

/**
 * The statement that switches the role and sets the tenant for this transaction only, with the values as quoted
 * literals: a server sends it in the same simple-protocol message as BEGIN (one round trip for both).
 */
export function contextStatement(ctx: TxContext, quote: (value: string) => string): string {
  if (ctx.kind === 'system') {
    const role = ctx.role === 'sequencer' ? SEQUENCER_ROLE : APP_ROLE;
    return `select set_config('role', ${quote(role)}, true), set_config('shuyun.system', 'on', true)`;
  }
  return (
    `select set_config('role', ${quote(APP_ROLE)}, true), set_config('shuyun.system', 'off', true), ` +
    `set_config('shuyun.org_id', ${quote(ctx.orgId)}, true), set_config('shuyun.org_type', ${quote(ctx.orgType)}, true), ` +
    `set_config('shuyun.user_id', ${quote(ctx.userId ?? '')}, true), set_config('shuyun.roles', ${quote(ctx.roles.join(','))}, true)`
  );
}

/** A parameterized statement (`$1`…, every parameter cast in the text) with a name for its prepared form. */
export interface RawStatement {
  name: string;
  text: string;
  values: ReadonlyArray<string | null>;
  /** the parameters' types, in order (for a server-side PREPARE) */
  types: readonly string[];
}

/** What a driver's transaction can do beyond Drizzle; `bindTxDriver` attaches it to the transaction's handle. */
export interface TxDriver {
  /**
   * Runs `q` right before COMMIT, in the same round trip as the COMMIT (a server), or now (PGlite). Its failure
   * fails the transaction. The statement should be prepared once per connection: see `txDefer`.
   */
  defer(q: RawStatement): Promise<void>;
}
const drivers = new WeakMap<object, TxDriver>();

export function bindTxDriver(tx: Tx, driver: TxDriver): void {
  drivers.set(tx, driver);
}

/**
 * Queues an INSERT (or another statement whose result nobody reads) to run at COMMIT, atomically with the
 * transaction: on a server it is a prepared statement executed in the COMMIT's own message, so it costs no round
 * trip and is parsed and planned once per connection (row-level security included). Statements run in the order
 * they were queued. Any other Tx (PGlite) runs it at once.
 */
export async function txDefer(tx: Tx, q: RawStatement): Promise<void> {
  const driver = drivers.get(tx);
  if (driver) return driver.defer(q);
  const parts = q.text.split(/\$(\d+)/);
  await tx.execute(sql.join(parts.map((part, i) => (i % 2 === 0 ? sql.raw(part) : sql.param(q.values[Number(part) - 1])))));
}

/** PGlite: one round trip switches the role and sets the tenant for this transaction only. */
export async function enterContext(tx: Tx, ctx: TxContext): Promise<void> {
  if (ctx.kind === 'system') {
    const role = ctx.role === 'sequencer' ? SEQUENCER_ROLE : APP_ROLE;
    await tx.execute(sql`select set_config('role', ${role}, true), set_config('shuyun.system', 'on', true)`);
    return;
  }
  await tx.execute(sql`select set_config('role', ${APP_ROLE}, true),
    set_config('shuyun.system', 'off', true),
    set_config('shuyun.org_id', ${ctx.orgId}, true),
    set_config('shuyun.org_type', ${ctx.orgType}, true),
    set_config('shuyun.user_id', ${ctx.userId ?? ''}, true),
    set_config('shuyun.roles', ${ctx.roles.join(',')}, true)`);
}

export function systemContext(reason: string): TxContext {
  return { kind: 'system', reason };
}

/** The `tx` of both drivers: a Drizzle transaction that first enters the context. */
export function contextualTransactions(db: { transaction(fn: (tx: Tx) => Promise<unknown>): Promise<unknown> }): Database['tx'] {
  return (ctx, fn) =>
    db.transaction(async (tx) => {
      await enterContext(tx, ctx);
      return fn(tx);
    }) as ReturnType<typeof fn>;
}
