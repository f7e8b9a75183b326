import { createPublicKey, verify as ed25519Verify } from 'node:crypto';
import { canonicalBytes } from '@shuyun/core/ledger';
import { sm2 } from 'sm-crypto-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rfcLeafHash, rfcVerifyConsistency, rfcVerifyInclusion } from '../../../../../test/support/rfc9162-verifier.ts';
import { type ApiClient, startTestPlatform, type TestPlatform } from '../../../../../test/support/test-platform.ts';
import { systemContext } from '../../db/database.ts';
import { apiKeys } from '../../db/schema.ts';
import { appendToLedger } from './append.ts';
import { LedgerSequencer } from './sequencer.ts';

const b64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64'));

/** Checks a checkpoint note's log signatures with node:crypto and sm-crypto-v2 directly, from the published vkeys. */
function verifyNoteIndependently(note: string, vkeys: string[]): { ed25519: boolean; sm2: boolean } {
  const [text, sigBlock] = note.split('\n\n') as [string, string];
  const body = Buffer.from(`${text}\n`);
  const result = { ed25519: false, sm2: false };
  for (const vkey of vkeys) {
    const [name, keyIdHex, keyB64] = [vkey.slice(0, vkey.indexOf('+')), ...vkey.slice(vkey.indexOf('+') + 1).split(/\+(.*)/s).slice(0, 2)] as [string, string, string];
    const key = Buffer.from(keyB64, 'base64');
    for (const line of sigBlock.split('\n').filter(Boolean)) {
      const [, sigName, sigB64] = /^— (\S+) (\S+)$/.exec(line) ?? [];
      const raw = Buffer.from(sigB64 ?? '', 'base64');
      if (sigName !== name || raw.subarray(0, 4).toString('hex') !== keyIdHex) continue;
      const sig = raw.subarray(4);
      if (key[0] === 0x01) {
        const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), key.subarray(1)]);
        result.ed25519 = ed25519Verify(null, body, createPublicKey({ key: spki, format: 'der', type: 'spki' }), sig);
      } else if (key[0] === 0xff) {
        const pub = key.subarray(2 + key[1]!).toString('hex');
        result.sm2 = sm2.doVerifySignature(new Uint8Array(body), sig.toString('hex'), pub, { hash: true, userId: '1234567812345678' });
      }
    }
  }
  return result;
}

describe('the verifiable ledger', () => {
  let platform: TestPlatform;
  let authority: ApiClient;
  let regulator: ApiClient;
  let bank: ApiClient;
  let operator: ApiClient;
  beforeAll(async () => {
    platform = await startTestPlatform({ env: { SHUYUN_LEDGER_CHECKPOINT_ENTRIES: '100000', SHUYUN_LEDGER_CHECKPOINT_SECONDS: '100000' } });
    authority = await platform.loginAs('authority.admin');
    regulator = await platform.loginAs('regulator.viewer');
    bank = await platform.loginAs('bank.developer');
    operator = await platform.loginAs('operator.admin');
  });
  afterAll(async () => platform?.close());

  it('a committed state change has exactly one entry; a failed one leaves none', async () => {
    const me = (await operator.get('/api/v1/me')).body;
    const created = await operator.post('/api/v1/api-keys', { name: 'ledgered', scopes: ['session.read'] });
    const refused = await operator.post('/api/v1/api-keys', { name: 'refused', scopes: ['nope.nope'] });
    expect(refused.status).toBe(400);
    await platform.ledger.sync();
    const lineage = await operator.get(`/api/v1/ledger/lineage?entityType=api_key&entityId=${created.body.id}`);
    expect(lineage.body.entries.map((e: { leaf: { action: string } }) => e.leaf.action)).toEqual(['api_key.created']);

    // a transaction that appends and then fails: neither the row nor the entry survives
    const { db, clock } = platform.deps;
    const ctx = { kind: 'tenant' as const, orgId: me.organization.id, orgType: 'operator' as const, userId: me.user.id, roles: ['admin' as const] };
    const countEntries = async () => (await db.asOwner((s) => s.query(`SELECT count(*)::int AS n FROM ledger_entries WHERE entity_id = 'doomed'`)))[0]!.n;
    await expect(
      db.tx(ctx, async (tx) => {
        await appendToLedger(tx, clock, { actor: { userId: me.user.id, orgId: me.organization.id }, action: 'api_key.revoked', entity: { type: 'api_key', id: 'doomed' }, payload: {} });
        throw new Error('the state change fails after its entry was appended');
      }),
    ).rejects.toThrow();
    expect(await countEntries()).toBe(0);
  });

  it('an entry the database refuses fails its whole transaction; an appended entry keeps every character of its content', async () => {
    const me = (await operator.get('/api/v1/me')).body;
    const ctx = { kind: 'tenant' as const, orgId: me.organization.id, orgType: 'operator' as const, userId: me.user.id, roles: ['admin' as const] };
    const { db, clock } = platform.deps;
    const keyCount = async (name: string) => (await db.asOwner((s) => s.query('SELECT count(*)::int AS n FROM api_keys WHERE name = $1', [name])))[0]!.n;
    const now = new Date();
    const key = (name: string) => ({
      orgId: me.organization.id, createdBy: me.user.id, name, keyPrefix: name.slice(0, 12), keyHash: `${name}-${now.getTime()}`, scopes: ['ledger.read'], createdAt: now, expiresAt: new Date(now.getTime() + 86_400_000),
    });
    // acting for another organization: row-level security refuses the entry (on a server, at COMMIT), and the key goes with it
    await expect(
      db.tx(ctx, async (tx) => {
        await tx.insert(apiKeys).values(key('refused-entry'));
        await appendToLedger(tx, clock, { actor: { userId: me.user.id, orgId: '00000000-0000-4000-8000-000000000001' }, action: 'api_key.created', entity: { type: 'api_key', id: 'refused' }, payload: {} });
      }),
    ).rejects.toThrow();
    expect(await keyCount('refused-entry')).toBe(0);

    const odd = `O'Brien \\ "q" 张 {a,b} $1 E'x'`;
    await db.tx(ctx, async (tx) => {
      await tx.insert(apiKeys).values(key('odd-entry'));
      await appendToLedger(tx, clock, {
        actor: { userId: me.user.id, orgId: me.organization.id },
        action: 'api_key.revoked',
        entity: { type: 'api_key', id: odd },
        payload: { note: odd, n: 1.5, list: [odd, null, true] },
        derivedFrom: [{ type: 'user', id: odd }, { type: 'organization', id: me.organization.id }],
      });
    });
    expect(await keyCount('odd-entry')).toBe(1);
    const [entry] = await db.asOwner((s) => s.query('SELECT id, entity_id, payload, derived_from, orgs FROM ledger_entries WHERE entity_id = $1', [odd]));
    expect(entry!.payload).toEqual({ note: odd, n: 1.5, list: [odd, null, true] });
    expect(entry!.derived_from).toEqual([{ type: 'user', id: odd }, { type: 'organization', id: me.organization.id }]);
    expect(entry!.orgs).toEqual([me.organization.id]);
    const edges = await db.asOwner((s) => s.query('SELECT entry_id, parent_type, parent_id, child_type, child_id FROM ledger_lineage WHERE child_id = $1 ORDER BY parent_type', [odd]));
    expect(edges).toEqual([
      { entry_id: entry!.id, parent_type: 'organization', parent_id: me.organization.id, child_type: 'api_key', child_id: odd },
      { entry_id: entry!.id, parent_type: 'user', parent_id: odd, child_type: 'api_key', child_id: odd },
    ]);
  });

  it('sequence numbers are gap-free and strictly increasing, even with concurrent writers and sequencers', async () => {
    const me = (await operator.get('/api/v1/me')).body;
    const ctx = { kind: 'tenant' as const, orgId: me.organization.id, orgType: 'operator' as const, userId: me.user.id, roles: ['admin' as const] };
    const { db, clock } = platform.deps;
    const writes = Array.from({ length: 40 }, (_, i) =>
      db.tx(ctx, async (tx) => {
        await appendToLedger(tx, clock, { actor: { userId: me.user.id, orgId: me.organization.id }, action: 'api_key.revoked', entity: { type: 'api_key', id: `burst-${i}` }, payload: { i } });
        if (i % 7 === 3) throw new Error('rolled back'); // rolled-back transactions leave gaps in ids, never in seq
      }).catch(() => undefined),
    );
    // a second sequencer, as another server process on the same database would run
    const other = new LedgerSequencer(platform.deps, platform.ledger.signers, { everyEntries: 1e6, everySeconds: 1e6 });
    await Promise.all([...writes, platform.ledger.sync(), other.sync(), other.sync()]);
    await platform.ledger.sync();
    const rows = await db.asOwner((s) => s.query('SELECT seq FROM ledger_entries ORDER BY seq'));
    const seqs = rows.map((r) => Number(r.seq));
    expect(seqs).toEqual(seqs.map((_, i) => i)); // 0, 1, 2, … n−1, every entry sequenced
  });

  it('checkpoints are signed with Ed25519 and SM2 by the keys published at the well-known address', async () => {
    const checkpoint = await authority.post('/api/v1/ledger/checkpoints');
    expect(checkpoint.status).toBe(201);
    const keys = (await platform.anonymous().get('/.well-known/shuyun-ledger')).body;
    expect(keys.keys.map((k: { type: string }) => k.type).sort()).toEqual(['ed25519', 'sm2-sm3']);
    expect(checkpoint.body.note.split('\n').slice(0, 3)).toEqual([keys.origin, String(checkpoint.body.treeSize), checkpoint.body.rootHash]);
    expect(verifyNoteIndependently(checkpoint.body.note, keys.keys.map((k: { vkey: string }) => k.vkey))).toEqual({ ed25519: true, sm2: true });
    const tampered = checkpoint.body.note.replace(`\n${checkpoint.body.treeSize}\n`, `\n${checkpoint.body.treeSize + 1}\n`);
    expect(verifyNoteIndependently(tampered, keys.keys.map((k: { vkey: string }) => k.vkey))).toEqual({ ed25519: false, sm2: false });
    // only the authority signs on demand
    expect((await bank.post('/api/v1/ledger/checkpoints')).status).toBe(403);
  });

  it('an independent RFC 9162 verifier accepts inclusion proofs of random entries and consistency proofs between checkpoints', async () => {
    const first = (await authority.post('/api/v1/ledger/checkpoints')).body;
    for (let i = 0; i < 5; i++) await operator.post('/api/v1/api-keys', { name: `k${i}`, scopes: ['session.read'] });
    const second = (await authority.post('/api/v1/ledger/checkpoints')).body;
    expect(second.treeSize).toBeGreaterThan(first.treeSize);

    for (let k = 0; k < 12; k++) {
      const seq = Math.floor(Math.random() * second.treeSize);
      const res = await regulator.get(`/api/v1/ledger/proofs/inclusion?seq=${seq}`);
      expect(res.status).toBe(200);
      expect(res.body.treeSize).toBe(second.treeSize);
      // the leaf hash is recomputed from the entry itself, not taken from the server
      const leaf = rfcLeafHash(canonicalBytes({ v: 1, ...res.body.leaf }));
      expect(Buffer.from(leaf).toString('base64')).toBe(res.body.leafHash);
      expect(rfcVerifyInclusion(seq, res.body.treeSize, leaf, res.body.proof.map(b64), b64(second.rootHash))).toBe(true);
      expect(rfcVerifyInclusion(seq, res.body.treeSize, leaf, res.body.proof.map(b64), b64(first.rootHash))).toBe(false);
    }
    const consistency = await platform.anonymous().get(`/api/v1/ledger/proofs/consistency?from=${first.treeSize}&to=${second.treeSize}`);
    expect(rfcVerifyConsistency(first.treeSize, second.treeSize, consistency.body.proof.map(b64), b64(first.rootHash), b64(second.rootHash))).toBe(true);
    expect(rfcVerifyConsistency(first.treeSize, second.treeSize, consistency.body.proof.map(b64), b64(second.rootHash), b64(first.rootHash))).toBe(false);
    // a size the ledger has not reached has no proof
    const beyond = await platform.anonymous().get(`/api/v1/ledger/proofs/consistency?from=1&to=${second.treeSize + 1_000_000}`);
    expect(beyond.status).toBeGreaterThanOrEqual(400);
    expect(beyond.status).toBeLessThan(500);
    expect(beyond.body.code).toBe('LEDGER_TREE_SIZE_INVALID');
  });

  it('an inclusion proof by entity; an entry not yet in a checkpoint says so', async () => {
    const key = await operator.post('/api/v1/api-keys', { name: 'late', scopes: ['session.read'] });
    await platform.ledger.sync();
    const early = await operator.get(`/api/v1/ledger/proofs/inclusion?entityType=api_key&entityId=${key.body.id}`);
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('LEDGER_ENTRY_NOT_IN_CHECKPOINT');
    await authority.post('/api/v1/ledger/checkpoints');
    const proof = await operator.get(`/api/v1/ledger/proofs/inclusion?entityType=api_key&entityId=${key.body.id}`);
    expect(proof.status).toBe(200);
    expect(proof.body.leaf.entity).toEqual({ type: 'api_key', id: key.body.id });
  });

  it('supervisors read every entry; other organizations only entries about their own objects', async () => {
    await platform.ledger.sync();
    const all = (await regulator.get('/api/v1/ledger/entries?start=0&limit=1000')).body.items;
    const bankMe = (await bank.get('/api/v1/me')).body;
    const bankView = (await bank.get('/api/v1/ledger/entries?start=0&limit=1000')).body.items;
    expect(all.length).toBeGreaterThan(bankView.length);
    expect(bankView.length).toBeGreaterThan(0);
    for (const e of bankView) expect(e.leaf.orgs).toContain(bankMe.organization.id);
    const operatorEntry = all.find((e: { leaf: { orgs: string[]; action: string } }) => e.leaf.action === 'api_key.created' && !e.leaf.orgs.includes(bankMe.organization.id));
    expect((await bank.get(`/api/v1/ledger/proofs/inclusion?seq=${operatorEntry.seq}`)).status).toBe(404);
  });

  it('entries hold identifiers, not personal data: a failed login stores a hash of the attempted name', async () => {
    await platform.loginAs('someone.who.does.not.exist', 'wrong-password').catch(() => undefined);
    await platform.ledger.sync();
    const entries = (await regulator.get('/api/v1/ledger/entries?start=0&limit=1000')).body.items;
    const failed = entries.filter((e: { leaf: { action: string } }) => e.leaf.action === 'login.failed');
    expect(failed.length).toBeGreaterThan(0);
    expect(JSON.stringify(entries)).not.toContain('someone.who.does.not.exist');
    expect(failed[0].leaf.entity.id).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('lineage runs upstream and downstream: user ← organization, api key ← user', async () => {
    const me = (await operator.get('/api/v1/me')).body;
    const key = await operator.post('/api/v1/api-keys', { name: 'traced', scopes: ['session.read'] });
    await operator.post(`/api/v1/api-keys/${key.body.id}/revoke`);
    await platform.ledger.sync();
    const up = (await operator.get(`/api/v1/ledger/lineage?entityType=api_key&entityId=${key.body.id}`)).body;
    expect(up.upstream).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ parentType: 'user', parentId: me.user.id, childType: 'api_key', childId: key.body.id, depth: 1 }),
        expect.objectContaining({ parentType: 'organization', parentId: me.organization.id, childType: 'user', childId: me.user.id, depth: 2 }),
      ]),
    );
    expect(up.entries.map((e: { leaf: { action: string } }) => e.leaf.action)).toEqual(['api_key.created', 'api_key.revoked']);
    const down = (await authority.get(`/api/v1/ledger/lineage?entityType=organization&entityId=${me.organization.id}&depth=2`)).body;
    expect(down.downstream).toEqual(expect.arrayContaining([expect.objectContaining({ parentType: 'user', parentId: me.user.id, childType: 'api_key', childId: key.body.id, depth: 2 })]));
  });

  it('the application role cannot update or delete ledger rows, and even the owner cannot rewrite content or delete before retention', async () => {
    const { db } = platform.deps;
    const attempt = async (statement: string) => db.tx(systemContext('attack'), async (tx) => { await tx.execute(statement as never); }).catch((e: Error) => String(e.cause ?? e));
    expect(await attempt(`UPDATE ledger_entries SET payload = '{}'`)).toMatch(/permission denied/);
    expect(await attempt(`DELETE FROM ledger_entries`)).toMatch(/permission denied/);
    expect(await attempt(`DELETE FROM ledger_nodes`)).toMatch(/permission denied/);
    expect(await attempt(`UPDATE ledger_checkpoints SET note = ''`)).toMatch(/permission denied/);
    const owner = async (statement: string) => db.asOwner((s) => s.exec(statement)).then(() => 'ok', (e: Error) => e.message);
    expect(await owner(`UPDATE ledger_entries SET payload = '{"forged": true}' WHERE seq = 0`)).toMatch(/immutable/);
    expect(await owner(`DELETE FROM ledger_entries WHERE seq = 0`)).toMatch(/retention/);
    expect(await owner(`UPDATE ledger_nodes SET hash = '\\x00' WHERE level = 0 AND idx = 0`)).toMatch(/append-only/);
    // state changes are kept at least 2 years
    expect(await owner(`DELETE FROM ledger_entries WHERE category = 'state' AND time > now() - interval '1 day'`)).toMatch(/retention/);
  });

  it('the API key rows the ledger speaks of still exist (sanity: the ledger describes real state)', async () => {
    await platform.ledger.sync();
    const created = (await regulator.get('/api/v1/ledger/entries?start=0&limit=1000')).body.items.filter((e: { leaf: { action: string } }) => e.leaf.action === 'api_key.created');
    expect(created.length).toBeGreaterThan(5);
    const ids = (await platform.deps.db.tx(systemContext('check'), (tx) => tx.select({ id: apiKeys.id }).from(apiKeys))).map((r) => r.id);
    for (const e of created) expect(ids).toContain(e.leaf.entity.id);
  });
});
