import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { entryLeafHash, generateEd25519Signer, parseNote, payloadHash, verifierFromVkey } from '@shuyun/core/ledger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, type TestPlatform, startTestPlatform } from '../../../../test/support/test-platform.ts';
import { runLedger } from '../commands/ledger.ts';
import { runWitness } from '../commands/witness.ts';
import type { LogKeysDoc } from './api-types.ts';
import type { CheckpointLine, EntryLine, ExportHeader } from './export-format.ts';
import { memoryIo } from '../memory-io.ts';

const MAIN = path.resolve(import.meta.dirname, '../main.ts');
const n = (x: number) => x.toLocaleString('en-US');

type Line = ExportHeader | CheckpointLine | EntryLine;
const readLines = (file: string) => readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Line);
const writeLines = (file: string, lines: unknown[]) => writeFileSync(file, lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
const entries = (lines: Line[]) => lines.filter((l): l is EntryLine => 'kind' in l && l.kind === 'entry');
const checkpoints = (lines: Line[]) => lines.filter((l): l is CheckpointLine => 'kind' in l && l.kind === 'checkpoint');

async function issueApiKey(client: ApiClient, scopes: string[], name = 'ledger tools'): Promise<string> {
  const res = await client.post<{ secret: string }>('/api/v1/api-keys', { name, scopes, expiresInDays: 30 });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.secret;
}

/** `shuyun <args>` as a separate process, as an auditor would run it. */
function shuyun(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out, err })));
}

describe('shuyun ledger export and verify', () => {
  let platform: TestPlatform;
  let authority: ApiClient;
  let dir: string;
  let authorityKey: string;
  let cleanFile: string;
  const file = (name: string) => path.join(dir, name);

  const exportTo = async (out: string, apiKey = authorityKey) => {
    const io = memoryIo({ SHUYUN_API_KEY: apiKey });
    const code = await runLedger(['export', '--server', platform.url, '--out', out], io);
    return { code, io };
  };
  const verify = async (target: string, extra: string[] = []) => {
    const io = memoryIo();
    const code = await runLedger(['verify', target, ...extra], io);
    return { code, io };
  };

  beforeAll(async () => {
    platform = await startTestPlatform();
    dir = mkdtempSync(path.join(tmpdir(), 'shuyun-ledger-export-'));
    authority = await platform.loginAs('authority.admin');
    authorityKey = await issueApiKey(authority, ['ledger.*']);

    // A registered witness cosigns two checkpoints, so the export carries cosignatures. Here it is the
    // authority's own (its `ledger.*` key may cosign); the regulator's witness is witness.int.test.ts's subject.
    const me = (await authority.get<{ organization: { id: string } }>('/api/v1/me')).body;
    const keygen = memoryIo();
    await runWitness(['keygen', '--name', 'authority-witness', '--key', file('witness.skey')], keygen);
    expect((await authority.post('/api/v1/ledger/witnesses', { vkey: keygen.out.trim(), orgId: me.organization.id })).status).toBe(201);
    const witnessIo = memoryIo({ SHUYUN_API_KEY: authorityKey });
    for (let i = 0; i < 2; i++) {
      await issueApiKey(authority, ['organization.read'], `entries ${i}`);
      await platform.ledger.sync({ forceCheckpoint: true });
      expect(await runWitness(['--server', platform.url, '--key', file('witness.skey')], witnessIo), witnessIo.err).toBe(0);
    }
    cleanFile = file('clean.jsonl');
    const exported = await exportTo(cleanFile);
    expect(exported.code, exported.io.err).toBe(0);
  });

  afterAll(async () => {
    await platform?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('(c) exports a clean log and verifies it offline, entries and checkpoints interleaved', async () => {
    const lines = readLines(cleanFile);
    const header = lines[0] as ExportHeader;
    expect(header).toMatchObject({ format: 'shuyun-ledger-export/1', origin: 'shuyun.futian.gov.cn/ledger', partial: false });
    expect(entries(lines).map((e) => e.seq)).toEqual([...Array(header.treeSize).keys()]);
    expect(checkpoints(lines).length).toBeGreaterThanOrEqual(3);
    for (const [i, line] of lines.entries()) {
      if ('kind' in line && line.kind === 'checkpoint') expect((lines[i - 1] as EntryLine).seq).toBe(line.treeSize - 1);
    }

    const { code, io } = await verify(cleanFile);
    expect(code, io.err).toBe(0);
    expect(io.out).toContain(`verified ${n(header.treeSize)} entries, ${n(checkpoints(lines).length)} checkpoints (Ed25519 + SM2), 2 witness cosignatures (authority-witness), tree size ${n(header.treeSize)}, root `);
    expect(io.out).toContain("keys: taken from the export's header");

    const published = (await authority.get<LogKeysDoc>('/.well-known/shuyun-ledger')).body;
    writeFileSync(file('trusted.vkeys'), published.keys.map((k) => k.vkey).join('\n'));
    const pinned = await verify(cleanFile, ['--keys', file('trusted.vkeys')]);
    expect(pinned.code, pinned.io.err).toBe(0);
    expect(pinned.io.out).toContain("keys: the export's log keys match");

    const impostor = generateEd25519Signer('shuyun.futian.gov.cn/ledger').signer.vkey;
    writeFileSync(file('impostor.vkeys'), [impostor, published.keys[1]!.vkey].join('\n'));
    const wrongKeys = await verify(cleanFile, ['--keys', file('impostor.vkeys')]);
    expect(wrongKeys.code).toBe(1);
    expect(wrongKeys.io.err).toContain("the export's log keys are not the trusted keys");
  });

  it('(e) a tampered checkpoint signature is detected, also by the real CLI process', async () => {
    const lines = readLines(cleanFile);
    const target = checkpoints(lines)[1]!;
    const sm2Key = verifierFromVkey((lines[0] as ExportHeader).keys.find((k) => verifierFromVkey(k).type === 'sm2-sm3')!);
    const sm2 = parseNote(target.note).signatures.find((s) => s.keyId === sm2Key.keyId)!;
    const b64 = sm2.line.slice(sm2.line.lastIndexOf(' ') + 1);
    const i = 20; // inside the signature bytes, past the 4-byte key ID
    const forged = `${sm2.line.slice(0, sm2.line.length - b64.length)}${b64.slice(0, i)}${b64[i] === 'A' ? 'B' : 'A'}${b64.slice(i + 1)}`;
    target.note = target.note.replace(sm2.line, forged);
    writeLines(file('forged-signature.jsonl'), lines);

    const { code, io } = await verify(file('forged-signature.jsonl'));
    expect(code).toBe(1);
    expect(io.err).toContain(`verification failed: checkpoint ${target.treeSize}: the SM2 signature of shuyun.futian.gov.cn/ledger does not verify`);

    const real = await shuyun(['ledger', 'verify', cleanFile]);
    expect(real.code, real.err).toBe(0);
    expect(real.out).toMatch(/^verified [\d,]+ entries, \d+ checkpoints \(Ed25519 \+ SM2\)/);
    const realForged = await shuyun(['ledger', 'verify', file('forged-signature.jsonl')]);
    expect(realForged.code).toBe(1);
    expect(realForged.err).toContain(`checkpoint ${target.treeSize}: the`);
  });

  it('(d) an entry edited directly in the database is named; a rewrite with its hashes is pinned to a checkpoint range', async () => {
    const clean = readLines(cleanFile);
    const victim = entries(clean).find((e) => e.leaf.action === 'api_key.created')!;
    const what = `entry ${victim.seq} (api_key.created, api_key ${victim.leaf.entity.id})`;
    const forgedPayload = { ...(victim.payload as object), scopes: ['api_key.*', 'ledger.*'] };
    const forgedLeaf = { ...victim.leaf, payloadHash: payloadHash(forgedPayload) };
    // an attacker with the owner's rights: switch the guard off, rewrite, switch it on again
    const tamper = (set: string, params: unknown[]) =>
      platform.deps.db.asOwner(async (s) => {
        await s.exec('ALTER TABLE ledger_entries DISABLE TRIGGER ledger_entries_guard');
        try {
          await s.query(`UPDATE ledger_entries SET ${set} WHERE seq = $1`, [victim.seq, ...params]);
        } finally {
          await s.exec('ALTER TABLE ledger_entries ENABLE TRIGGER ledger_entries_guard');
        }
      });
    const exportAndVerify = async (name: string) => {
      expect((await exportTo(file(name))).code).toBe(0);
      return verify(file(name));
    };

    await tamper('payload = $2::jsonb', [JSON.stringify(forgedPayload)]);
    const payloadOnly = await exportAndVerify('payload.jsonl');
    expect(payloadOnly.code).toBe(1);
    expect(payloadOnly.io.err).toContain(`${what}: payload does not match the payload hash in its leaf`);

    await tamper('payload_hash = $2', [forgedLeaf.payloadHash]);
    const withPayloadHash = await exportAndVerify('payload-hash.jsonl');
    expect(withPayloadHash.code).toBe(1);
    expect(withPayloadHash.io.err).toContain(`${what}: content does not match its leaf hash`);

    await tamper("leaf_hash = decode($2, 'hex')", [Buffer.from(entryLeafHash(forgedLeaf)).toString('hex')]);
    const withLeafHash = await exportAndVerify('leaf-hash.jsonl');
    const sizes = checkpoints(clean).map((c) => c.treeSize);
    const before = sizes.filter((s) => s <= victim.seq).at(-1);
    const after = sizes.find((s) => s > victim.seq)!;
    expect(withLeafHash.code).toBe(1);
    expect(withLeafHash.io.err).toContain(`checkpoint ${n(after)}: its signed root`);
    expect(withLeafHash.io.err).toContain(`entries ${before ?? 0}–${after - 1} (${before === undefined ? 'from the start of the log' : `since checkpoint ${n(before)}, the last that matched`})`);

    // put the row back as it was signed: the log verifies again
    await tamper("payload = $2::jsonb, payload_hash = $3, leaf_hash = decode($4, 'hex')", [
      JSON.stringify(victim.payload),
      victim.leaf.payloadHash,
      Buffer.from(victim.leafHash, 'base64').toString('hex'),
    ]);
    expect((await exportAndVerify('restored.jsonl')).code).toBe(0);
  });

  it('a partial export (a partner sees only its own entries) verifies what it can and says so', async () => {
    const bank = await platform.loginAs('bank.developer');
    const exported = await exportTo(file('partial.jsonl'), await issueApiKey(bank, ['ledger.read']));
    expect(exported.code, exported.io.err).toBe(0);
    expect(exported.io.out).toMatch(/partial export: this API key sees [\d,]+ of [\d,]+ entries/);
    const header = readLines(file('partial.jsonl'))[0] as ExportHeader;
    expect(header.partial).toBe(true);
    expect(header.entries).toBeGreaterThan(0);

    const { code, io } = await verify(file('partial.jsonl'));
    expect(code, io.err).toBe(0);
    expect(io.out).toMatch(/^partial export: verified [\d,]+ of [\d,]+ entries \(payload and leaf hashes\), \d+ checkpoints \(Ed25519 \+ SM2\) and their consistency proofs/);
    expect(io.out).toContain('inclusion of the entries in the signed tree cannot be checked');
  });

  it('a truncated or reordered export fails', async () => {
    const lines = readLines(cleanFile);
    writeLines(file('truncated.jsonl'), lines.slice(0, -1));
    const truncated = await verify(file('truncated.jsonl'));
    expect(truncated.code).toBe(1);
    expect(truncated.io.err).toContain('truncated?');

    const missing = entries(lines)[5]!;
    writeLines(file('gap.jsonl'), lines.filter((l) => l !== missing));
    const gap = await verify(file('gap.jsonl'));
    expect(gap.code).toBe(1);
    expect(gap.io.err).toContain('entry 5 missing: the export goes from entry 4 to entry 6');
  });
});
