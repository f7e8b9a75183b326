// The ledger verified in the browser, with nothing but WebCrypto and the server's answers: a small, independent
// re-implementation (no code shared with packages/core) of
//   RFC 8785 JCS        the canonical bytes of a leaf and of a payload,
//   RFC 9162 §2.1       leaf hash = SHA-256(0x00 ‖ leaf), node hash = SHA-256(0x01 ‖ left ‖ right),
//                       and the inclusion-proof check of §2.1.3.2,
//   C2SP signed-note    the checkpoint note, its Ed25519 signature and the witnesses' cosignature/v1 lines.
// What the server hashes into a leaf: JCS({ v: 1, …leaf }) — the leaf as served, with the format version.
// Pure functions; hashing is async because crypto.subtle is.

export const LEAF_FORMAT_VERSION = 1;

// ── bytes ────────────────────────────────────────────────────────────────────────────────────────────────

export function base64ToBytes(b64: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 !== 0) return undefined;
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

export function bytesToHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function concat(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const utf8 = (s: string) => new TextEncoder().encode(s);

export async function sha256(...parts: Uint8Array[]): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', concat(...parts)));
}

// ── RFC 8785 JSON Canonicalization Scheme ───────────────────────────────────────────────────────────────────

/**
 * The canonical JSON text of a JSON value: object members sorted by UTF-16 code units, no whitespace, ECMAScript
 * number and string serialization (which RFC 8785 adopts). Values JSON cannot represent are refused.
 */
export function canonicalJson(value: unknown): string {
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('not a JSON number');
      return JSON.stringify(value);
    case 'string':
      return JSON.stringify(value);
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
      const record = value as Record<string, unknown>;
      return `{${Object.keys(record)
        .filter((k) => record[k] !== undefined)
        .sort()
        .map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`)
        .join(',')}}`;
    }
    default:
      throw new TypeError(`a ${typeof value} is not JSON`);
  }
}

// ── RFC 9162 Merkle tree ────────────────────────────────────────────────────────────────────────────────────

export function leafHash(data: Uint8Array): Promise<Uint8Array> {
  return sha256(Uint8Array.of(0x00), data);
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Promise<Uint8Array> {
  return sha256(Uint8Array.of(0x01), left, right);
}

/**
 * RFC 9162 §2.1.3.2: the root a proof leads to from leaf `index` of a tree of `size`, or undefined when the proof
 * cannot belong to that position (too long, too short, or an index outside the tree).
 */
export async function rootFromInclusionProof(index: number, size: number, leaf: Uint8Array, proof: readonly Uint8Array[]): Promise<Uint8Array | undefined> {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return undefined;
  if (leaf.length !== 32) return undefined;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (p.length !== 32 || sn === 0) return undefined;
    if (fn % 2 === 1 || fn === sn) {
      r = await nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = await nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : undefined;
}

export async function verifyInclusion(index: number, size: number, leaf: Uint8Array, proof: readonly Uint8Array[], root: Uint8Array): Promise<boolean> {
  const computed = await rootFromInclusionProof(index, size, leaf, proof);
  return computed !== undefined && bytesEqual(computed, root);
}

// ── ledger leaves ───────────────────────────────────────────────────────────────────────────────────────────

/** A leaf as served (LedgerLeaf): every member is hashed; these two are also read. */
export interface LeafLike {
  seq: number;
  payloadHash: string;
}

/** The bytes the server hashes into a leaf: JCS of the leaf with its format version. */
export function leafBytes(leaf: LeafLike): Uint8Array {
  return utf8(canonicalJson({ v: LEAF_FORMAT_VERSION, ...leaf }));
}

export async function entryLeafHash(leaf: LeafLike): Promise<Uint8Array> {
  return leafHash(leafBytes(leaf));
}

/** `sha256:<hex>` of JCS(payload), the form a leaf commits to its payload in. */
export async function payloadHash(payload: unknown): Promise<string> {
  return `sha256:${bytesToHex(await sha256(utf8(canonicalJson(payload))))}`;
}

// ── signed notes and checkpoints (C2SP) ─────────────────────────────────────────────────────────────────────

export interface NoteSignatureLine {
  name: string;
  keyId: number;
  signature: Uint8Array;
  line: string;
}

/** Splits a signed note at its last blank line: the signed text, then "— name base64(keyID ‖ signature)" lines. */
export function parseNote(note: string): { text: string; signatures: NoteSignatureLine[] } | undefined {
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) return undefined;
  const signatures: NoteSignatureLine[] = [];
  for (const line of note.slice(split + 2, -1).split('\n')) {
    const m = /^\u2014 (\S+) ([A-Za-z0-9+/=]+)$/.exec(line);
    const bytes = m ? base64ToBytes(m[2]!) : undefined;
    if (!m || !bytes || bytes.length < 5) return undefined;
    signatures.push({ name: m[1]!, keyId: new DataView(bytes.buffer).getUint32(0), signature: bytes.subarray(4), line });
  }
  return { text: note.slice(0, split + 1), signatures };
}

/** The checkpoint body: origin, tree size, base64 root hash (then optional extension lines). */
export function parseCheckpointBody(text: string): { origin: string; size: number; rootHash: string } | undefined {
  const [origin, size, rootHash] = text.split('\n');
  if (!origin || !size || !rootHash || !/^(0|[1-9][0-9]*)$/.test(size)) return undefined;
  return { origin, size: Number(size), rootHash };
}

export type KeyKind = 'ed25519' | 'cosignature-v1' | 'sm2-sm3' | 'unknown';

export interface VerifierKey {
  name: string;
  keyId: number;
  kind: KeyKind;
  publicKey: Uint8Array;
}

/** A vkey string `name+keyid+base64(type ‖ public key)` (golang.org/x/mod/sumdb/note, with SM2 as 0xFF 0x07 "sm2-sm3"). */
export function parseVkey(vkey: string): VerifierKey | undefined {
  const first = vkey.indexOf('+');
  const second = vkey.indexOf('+', first + 1);
  if (first <= 0 || second < 0) return undefined;
  const id = vkey.slice(first + 1, second);
  const bytes = base64ToBytes(vkey.slice(second + 1));
  if (!/^[0-9a-f]{8}$/i.test(id) || !bytes || bytes.length < 2) return undefined;
  const base = { name: vkey.slice(0, first), keyId: Number.parseInt(id, 16) };
  if (bytes[0] === 0x01) return { ...base, kind: 'ed25519', publicKey: bytes.subarray(1) };
  if (bytes[0] === 0x04) return { ...base, kind: 'cosignature-v1', publicKey: bytes.subarray(1) };
  if (bytes[0] === 0xff && bytes[1] === 7 && new TextDecoder().decode(bytes.subarray(2, 9)) === 'sm2-sm3') return { ...base, kind: 'sm2-sm3', publicKey: bytes.subarray(9) };
  return { ...base, kind: 'unknown', publicKey: bytes.subarray(1) };
}

export type SignatureVerdict = 'valid' | 'invalid' | 'unsupported' | 'unknown_key';

export interface SignatureCheck {
  name: string;
  keyId: string;
  kind: KeyKind;
  verdict: SignatureVerdict;
  /** cosignatures: when the witness signed (POSIX seconds) */
  time?: number;
}

async function ed25519Verify(publicKey: Uint8Array, signature: Uint8Array, message: Uint8Array): Promise<boolean | undefined> {
  try {
    const key = await crypto.subtle.importKey('raw', concat(publicKey), { name: 'Ed25519' }, false, ['verify']);
    return await crypto.subtle.verify({ name: 'Ed25519' }, key, concat(signature), concat(message));
  } catch {
    return undefined; // this browser's WebCrypto has no Ed25519
  }
}

/**
 * Every signature line of a note against the published keys: the log's Ed25519 signature over the text, and each
 * witness's cosignature/v1 (Ed25519 over "cosignature/v1\ntime <t>\n" ‖ text). SM2 has no WebCrypto algorithm:
 * its line is matched to the published key by name and key ID and reported as 'unsupported' (checked offline).
 */
export async function checkNoteSignatures(note: string, vkeys: readonly string[]): Promise<SignatureCheck[] | undefined> {
  const parsed = parseNote(note);
  if (!parsed) return undefined;
  const keys = vkeys.map(parseVkey).filter((k): k is VerifierKey => k !== undefined);
  const text = utf8(parsed.text);
  const checks: SignatureCheck[] = [];
  for (const s of parsed.signatures) {
    const key = keys.find((k) => k.name === s.name && k.keyId === s.keyId);
    const base = { name: s.name, keyId: s.keyId.toString(16).padStart(8, '0') };
    if (!key) {
      checks.push({ ...base, kind: 'unknown', verdict: 'unknown_key' });
      continue;
    }
    if (key.kind === 'ed25519') {
      const ok = s.signature.length === 64 ? await ed25519Verify(key.publicKey, s.signature, text) : false;
      checks.push({ ...base, kind: key.kind, verdict: ok === undefined ? 'unsupported' : ok ? 'valid' : 'invalid' });
    } else if (key.kind === 'cosignature-v1') {
      if (s.signature.length !== 72) {
        checks.push({ ...base, kind: key.kind, verdict: 'invalid' });
        continue;
      }
      const time = Number(new DataView(s.signature.buffer, s.signature.byteOffset, 8).getBigUint64(0));
      const ok = await ed25519Verify(key.publicKey, s.signature.subarray(8), concat(utf8(`cosignature/v1\ntime ${time}\n`), text));
      checks.push({ ...base, kind: key.kind, time, verdict: ok === undefined ? 'unsupported' : ok ? 'valid' : 'invalid' });
    } else {
      checks.push({ ...base, kind: key.kind, verdict: 'unsupported' });
    }
  }
  return checks;
}

// ── one entry, end to end ───────────────────────────────────────────────────────────────────────────────────

export interface InclusionInput {
  leaf: LeafLike;
  leafHash: string | null;
  payload: unknown;
  treeSize: number;
  proof: string[];
  checkpoint: { treeSize: number; rootHash: string; note: string };
}

export interface InclusionVerdict {
  /** JCS(payload) hashes to the leaf's payloadHash */
  payload: boolean;
  /** SHA-256(0x00 ‖ JCS({v:1, …leaf})), base64 */
  computedLeafHash: string;
  /** the computed leaf hash is the one the server stored */
  leafHash: boolean;
  /** the root the proof leads to from the computed leaf hash, base64 (undefined: the proof does not fit) */
  computedRoot: string | undefined;
  /** that root is the checkpoint's root, at the checkpoint's size */
  inclusion: boolean;
  /** the signed note's text names the same tree size and root as the checkpoint */
  noteMatches: boolean;
  /** all of the above */
  ok: boolean;
}

/** Recomputes an entry's leaf hash and walks its inclusion proof to the signed checkpoint's root. */
export async function verifyEntryInclusion(input: InclusionInput): Promise<InclusionVerdict> {
  let payload = false;
  try {
    payload = (await payloadHash(input.payload)) === input.leaf.payloadHash;
  } catch {
    payload = false;
  }
  const computed = await entryLeafHash(input.leaf);
  const computedLeafHash = bytesToBase64(computed);
  const leafHashOk = input.leafHash === computedLeafHash;
  const proof = input.proof.map(base64ToBytes);
  const root = base64ToBytes(input.checkpoint.rootHash);
  let computedRoot: string | undefined;
  if (root && proof.every((p): p is Uint8Array => p !== undefined)) {
    const r = await rootFromInclusionProof(input.leaf.seq, input.treeSize, computed, proof);
    computedRoot = r && bytesToBase64(r);
  }
  const inclusion = computedRoot !== undefined && computedRoot === input.checkpoint.rootHash && input.treeSize === input.checkpoint.treeSize;
  const body = parseNote(input.checkpoint.note);
  const cp = body && parseCheckpointBody(body.text);
  const noteMatches = cp !== undefined && cp.size === input.checkpoint.treeSize && cp.rootHash === input.checkpoint.rootHash;
  return { payload, computedLeafHash, leafHash: leafHashOk, computedRoot, inclusion, noteMatches, ok: payload && leafHashOk && inclusion && noteMatches };
}
