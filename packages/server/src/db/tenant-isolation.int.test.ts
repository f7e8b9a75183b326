import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../test/support/test-database.ts';
import { listApiKeys } from '../modules/identity/store.ts';
import { type Database, systemContext, type TxContext } from './database.ts';
import { apiKeys, organizations, users } from './schema.ts';

describe('tenant isolation in the database', () => {
  let db: Database;
  const orgs: Record<string, TxContext & { kind: 'tenant' }> = {};
  beforeAll(async () => {
    db = await openTestDatabase();
    const rows = await db.tx(systemContext('test'), (tx) => tx.select().from(organizations));
    for (const r of rows) orgs[r.code] = { kind: 'tenant', orgId: r.id, orgType: r.type, userId: null, roles: ['admin'] };
    // the operator has one API key
    await db.tx(systemContext('test'), async (tx) => {
      const [admin] = await tx.select().from(users).where(eq(users.username, 'operator.admin'));
      await tx.insert(apiKeys).values({ orgId: admin!.orgId, createdBy: admin!.id, name: 'ops', keyPrefix: 'shy_x', keyHash: 'h1', scopes: ['session.read'], expiresAt: new Date('2030-01-01') });
    });
  });
  afterAll(async () => db?.close());

  it('every tenant-owned table has row-level security enabled and forced', async () => {
    const rows = await db.asOwner((s) =>
      s.query(`SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity
                 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'public' AND c.relkind = 'r'
                  AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'org_id' AND NOT a.attisdropped)`),
    );
    expect(rows.length).toBeGreaterThanOrEqual(4);
    const unguarded = rows.filter((r) => r.relrowsecurity !== true || r.relforcerowsecurity !== true).map((r) => r.relname);
    expect(unguarded).toEqual([]);
  });

  it('the application role owns no table and cannot bypass row-level security', async () => {
    const [role] = await db.asOwner((s) => s.query(`SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = 'shuyun_app'`));
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false });
    const owned = await db.asOwner((s) => s.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tableowner = 'shuyun_app'`));
    expect(owned).toEqual([]);
  });

  it('a store call made with the wrong tenant sees nothing, though the store has no tenant filter', async () => {
    const own = await db.tx(orgs['OP-FTDO']!, (tx) => listApiKeys(tx));
    expect(own.map((k) => k.name)).toEqual(['ops']);
    const wrong = await db.tx(orgs['PT-BANK']!, (tx) => listApiKeys(tx));
    expect(wrong).toEqual([]);
  });

  it("a tenant cannot write a row into another tenant's space", async () => {
    const bank = orgs['PT-BANK']!;
    const operator = orgs['OP-FTDO']!;
    const [opUser] = await db.tx(operator, (tx) => tx.select().from(users).limit(1));
    const planted = await db
      .tx(bank, (tx) => tx.insert(apiKeys).values({ orgId: operator.orgId, createdBy: opUser!.id, name: 'planted', keyPrefix: 'p', keyHash: 'h2', scopes: [], expiresAt: new Date('2030-01-01') }))
      .catch((e: unknown) => e as Error);
    expect(String((planted as Error).cause)).toMatch(/row-level security/);
    const updated = await db.tx(bank, (tx) => tx.update(apiKeys).set({ name: 'hijacked' }).where(eq(apiKeys.name, 'ops')).returning());
    expect(updated).toEqual([]);
  });

  it('a transaction without any context sees nothing at all', async () => {
    const rows = await db.tx({ kind: 'tenant', orgId: '00000000-0000-4000-8000-000000000000', orgType: 'partner', userId: null, roles: [] }, (tx) => tx.select().from(users));
    expect(rows).toEqual([]);
  });

  it('a failed transaction leaves nothing half-written', async () => {
    const operator = orgs['OP-FTDO']!;
    await expect(
      db.tx(operator, async (tx) => {
        await tx.update(apiKeys).set({ name: 'renamed' }).where(eq(apiKeys.name, 'ops'));
        throw new Error('a later step fails');
      }),
    ).rejects.toThrow('a later step fails');
    expect((await db.tx(operator, (tx) => listApiKeys(tx))).map((k) => k.name)).toEqual(['ops']);
  });
});
