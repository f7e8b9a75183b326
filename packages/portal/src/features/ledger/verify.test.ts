import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  base64ToBytes,
  bytesToBase64,
  canonicalJson,
  checkNoteSignatures,
  entryLeafHash,
  parseCheckpointBody,
  parseNote,
  parseVkey,
  payloadHash,
  verifyEntryInclusion,
  verifyInclusion,
} from './verify.ts';

// The browser's verifier against the transparency-dev/merkle RFC 6962 / 9162 vectors (the same files the core's and
// the independent test verifier read), RFC 8785's own example, and a leaf hashed by the server's code.

const repoRoot = resolve(fileURLToPath(import.meta.url), '../../../../../..');
const vectorDirs = [join(repoRoot, 'data/rfc9162-vectors'), resolve(repoRoot, '../shared/data/rfc9162-vectors')];
const vectorDir = vectorDirs.find((dir) => existsSync(join(dir, 'inclusion')));

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : name.endsWith('.json') ? [path] : [];
  });
}

interface InclusionVector {
  leafIdx: number;
  treeSize: number;
  root: string | null;
  leafHash: string | null;
  proof: string[] | null;
  wantErr: boolean;
}

const b64 = (s: string | null): Uint8Array => (s === null ? new Uint8Array() : (base64ToBytes(s) ?? new Uint8Array([0xde, 0xad])));

describe('RFC 9162 inclusion proofs, verified with WebCrypto', () => {
  if (vectorDir === undefined) throw new Error(`RFC 9162 vectors not found in ${vectorDirs.join(' or ')}`);
  const vectors = walk(join(vectorDir, 'inclusion'))
    .sort()
    .map((path) => [relative(vectorDir, path), JSON.parse(readFileSync(path, 'utf8')) as InclusionVector] as const);

  it('reads every inclusion vector folder', () => {
    expect(vectors.length).toBeGreaterThan(90);
    expect(new Set(vectors.map(([file]) => file.split('/')[1]))).toEqual(new Set(['0', '1', '2', '3', '4', 'single-entry', 'additional']));
    expect(vectors.some(([, v]) => v.wantErr)).toBe(true);
    expect(vectors.some(([, v]) => !v.wantErr)).toBe(true);
  });

  it.each(vectors)('%s', async (_file, v) => {
    const ok = await verifyInclusion(v.leafIdx, v.treeSize, b64(v.leafHash), (v.proof ?? []).map(b64), b64(v.root));
    expect(ok).toBe(!v.wantErr);
  });
});

describe('RFC 8785 canonical JSON', () => {
  it("gives the RFC's example its canonical text", () => {
    const input = JSON.parse('{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],"string":"\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/","literals":[null,true,false]}');
    expect(canonicalJson(input)).toBe('{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}');
  });

  it('sorts members by UTF-16 code units, at every depth', () => {
    expect(canonicalJson({ 名稱: '企業', ε: 0.5, n: 1e21, nested: { b: [1, 2.5, null, true], a: 'x' } })).toBe('{"n":1e+21,"nested":{"a":"x","b":[1,2.5,null,true]},"ε":0.5,"名稱":"企業"}');
  });

  it('refuses what JSON cannot say', () => {
    expect(() => canonicalJson(Number.NaN)).toThrow();
    expect(() => canonicalJson(() => 1)).toThrow();
  });
});

// A leaf and its hash as the server's code (packages/core entryLeafHash, payloadHash) computes them.
const serverLeaf = {
  seq: 41,
  time: '2026-06-01T02:00:00.123Z',
  actor: { user: '0b6f1a52-6a3e-4c4b-9f51-3b1f3f0e6a11', org: '5d2c8d0e-9a7b-4c1e-8f3a-2b6e7d9c1a20' },
  action: 'grant.issued',
  category: 'state',
  entity: { type: 'grant', id: '7f1e2d3c-4b5a-4697-8a1b-2c3d4e5f6a7b' },
  orgs: ['5d2c8d0e-9a7b-4c1e-8f3a-2b6e7d9c1a20', 'a1b2c3d4-e5f6-4789-9abc-def012345678'],
  payloadHash: 'sha256:b257a95ae08fb64c9fb72d32fc23008f898ef92fa9df44f6aeef0c8027e4c27d',
  derivedFrom: [
    { type: 'agreement', id: 'c0ffee00-0000-4000-8000-000000000001' },
    { type: 'application', id: 'c0ffee00-0000-4000-8000-000000000002' },
  ],
};
const serverPayload = { 名稱: '企業登記信息', ε: 0.5, n: 1e21, nested: { b: [1, 2.5, null, true], a: 'x\u2028y' } };
const serverLeafHash = '6dpNAuGzAN1PrqahmLQcJAASRXCBH5+Eore+YChEFPs=';

describe('ledger entries', () => {
  it("hashes a leaf and a payload exactly as the server's code does", async () => {
    expect(bytesToBase64(await entryLeafHash(serverLeaf))).toBe(serverLeafHash);
    expect(await payloadHash(serverPayload)).toBe(serverLeaf.payloadHash);
  });

  it('verifies a one-leaf tree end to end, and notices a changed payload, leaf or root', async () => {
    const note = `example.org/log\n42\n${serverLeafHash}\n\n\u2014 example.org/log AAAAAQEC\n`;
    // a tree of size 1: the root is the leaf hash; seq 0
    const leaf = { ...serverLeaf, seq: 0 };
    const leafHash = bytesToBase64(await entryLeafHash(leaf));
    const input = { leaf, leafHash, payload: serverPayload, treeSize: 1, proof: [], checkpoint: { treeSize: 1, rootHash: leafHash, note: note.replace('\n42\n', '\n1\n').replace(serverLeafHash, leafHash) } };
    expect(await verifyEntryInclusion(input)).toMatchObject({ payload: true, leafHash: true, inclusion: true, noteMatches: true, ok: true });
    expect(await verifyEntryInclusion({ ...input, payload: { ...serverPayload, ε: 0.6 } })).toMatchObject({ payload: false, ok: false });
    expect(await verifyEntryInclusion({ ...input, leaf: { ...leaf, action: 'grant.terminated' } as typeof leaf })).toMatchObject({ leafHash: false, inclusion: false, ok: false });
    expect(await verifyEntryInclusion({ ...input, checkpoint: { ...input.checkpoint, note } })).toMatchObject({ inclusion: true, noteMatches: false, ok: false });
  });
});

describe('signed notes', () => {
  it('splits a checkpoint note into its body and signature lines', () => {
    const parsed = parseNote('example.org/log\n3\nAAAA\n\n\u2014 example.org/log AAAAAQEC\n\u2014 witness AAAAAgME\n');
    expect(parsed?.text).toBe('example.org/log\n3\nAAAA\n');
    expect(parsed?.signatures.map((s) => [s.name, s.keyId])).toEqual([['example.org/log', 1], ['witness', 2]]);
    expect(parseCheckpointBody(parsed!.text)).toEqual({ origin: 'example.org/log', size: 3, rootHash: 'AAAA' });
    expect(parseNote('no signatures\n')).toBeUndefined();
  });

  it("verifies the log's Ed25519 signature and a witness's cosignature with WebCrypto; SM2 is matched, not verified", async () => {
    const text = 'example.org/log\n3\nq83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80=\n';
    const enc = new TextEncoder();
    const log = await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify']) as CryptoKeyPair;
    const witness = await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify']) as CryptoKeyPair;
    const raw = async (k: CryptoKey) => new Uint8Array(await crypto.subtle.exportKey('raw', k));
    const line = (name: string, keyId: number, sig: Uint8Array) => {
      const bytes = new Uint8Array(4 + sig.length);
      new DataView(bytes.buffer).setUint32(0, keyId);
      bytes.set(sig, 4);
      return `\u2014 ${name} ${bytesToBase64(bytes)}\n`;
    };
    const logSig = new Uint8Array(await crypto.subtle.sign('Ed25519', log.privateKey, enc.encode(text)));
    const time = 1_780_000_000;
    const header = enc.encode(`cosignature/v1\ntime ${time}\n`);
    const cosig = new Uint8Array(await crypto.subtle.sign('Ed25519', witness.privateKey, new Uint8Array([...header, ...enc.encode(text)])));
    const stamped = new Uint8Array(72);
    new DataView(stamped.buffer).setBigUint64(0, BigInt(time));
    stamped.set(cosig, 8);
    const sm2Line = line('example.org/log', 0xabcdef01, new Uint8Array(64));
    const note = `${text}\n${line('example.org/log', 0x11111111, logSig)}${sm2Line}${line('witness.example', 0x22222222, stamped)}`;
    const vkeys = [
      `example.org/log+11111111+${bytesToBase64(new Uint8Array([0x01, ...(await raw(log.publicKey))]))}`,
      `example.org/log+abcdef01+${bytesToBase64(new Uint8Array([0xff, 7, ...enc.encode('sm2-sm3'), 0x04, ...new Uint8Array(64)]))}`,
      `witness.example+22222222+${bytesToBase64(new Uint8Array([0x04, ...(await raw(witness.publicKey))]))}`,
    ];
    expect(parseVkey(vkeys[1]!)?.kind).toBe('sm2-sm3');
    expect(await checkNoteSignatures(note, vkeys)).toEqual([
      { name: 'example.org/log', keyId: '11111111', kind: 'ed25519', verdict: 'valid' },
      { name: 'example.org/log', keyId: 'abcdef01', kind: 'sm2-sm3', verdict: 'unsupported' },
      { name: 'witness.example', keyId: '22222222', kind: 'cosignature-v1', verdict: 'valid', time },
    ]);
    const forged = note.replace('\n3\n', '\n4\n');
    expect((await checkNoteSignatures(forged, vkeys))?.map((c) => c.verdict)).toEqual(['invalid', 'unsupported', 'invalid']);
    expect((await checkNoteSignatures(note, []))?.map((c) => c.verdict)).toEqual(['unknown_key', 'unknown_key', 'unknown_key']);
  });
});
