// C2SP signed-note: a text ending in "\n", a blank line, then one or more signature lines
//     — <key name> base64(4-byte big-endian key ID ‖ signature)
// The text is separated from the signatures by the note's last blank line.
//
// Opening follows golang.org/x/mod/sumdb/note: signatures from unknown keys (name and key ID not both known) are
// kept as unverified and otherwise ignored; a known key whose signature fails rejects the whole note (someone is
// forging or corrupting it, and we say so); a note without any verified signature is rejected.
//
// Signature types and the key-ID scheme (Ed25519 0x01, SM2 0xFF "sm2-sm3", cosignature 0x04): see note-keys.ts.
import { decodeBase64, decodeUtf8, encodeBase64, isWellFormed, utf8 } from './bytes.ts';
import { cosignatureTime, formatKeyId, isValidKeyName, type NoteSigner, type NoteVerifier, type SignatureType } from './note-keys.ts';

/** Go's limit; signed-note requires accepting at least 16. */
export const MAX_NOTE_SIGNATURES = 100;

const EM_DASH_SPACE = '\u2014 ';
const CONTROL_EXCEPT_NEWLINE = /[\u0000-\u0009\u000b-\u001f]/;

export interface NoteSignature {
  readonly name: string;
  readonly keyId: number;
  /** The signature bytes after the key ID. */
  readonly signature: Uint8Array;
  /** The signature line without its newline, as it appeared. */
  readonly line: string;
}

export interface VerifiedSignature extends NoteSignature {
  readonly type: SignatureType;
  /** For cosignatures: the POSIX time the witness signed at. */
  readonly timestamp?: number;
}

export interface ParsedNote {
  readonly text: string;
  readonly signatures: readonly NoteSignature[];
}

export interface OpenedNote {
  readonly text: string;
  readonly verified: readonly VerifiedSignature[];
  readonly unverified: readonly NoteSignature[];
}

export type NoteErrorCode = 'MALFORMED_NOTE' | 'INVALID_SIGNATURE' | 'UNVERIFIED_NOTE' | 'AMBIGUOUS_VERIFIER';

export class NoteError extends Error {
  readonly code: NoteErrorCode;
  constructor(code: NoteErrorCode, message: string) {
    super(message);
    this.name = 'NoteError';
    this.code = code;
  }
}

/** Valid UTF-8 without ASCII control characters other than newline. */
export function isValidNoteText(text: string): boolean {
  return isWellFormed(text) && !CONTROL_EXCEPT_NEWLINE.test(text);
}

export function formatSignatureLine(name: string, keyId: number, signature: Uint8Array): string {
  if (!isValidKeyName(name)) throw new NoteError('MALFORMED_NOTE', 'invalid key name');
  const bytes = new Uint8Array(4 + signature.length);
  new DataView(bytes.buffer).setUint32(0, keyId);
  bytes.set(signature, 4);
  return `${EM_DASH_SPACE}${name} ${encodeBase64(bytes)}\n`;
}

/** One signature line, with or without its final newline. */
export function parseSignatureLine(line: string): NoteSignature {
  const bare = line.endsWith('\n') ? line.slice(0, -1) : line;
  if (!bare.startsWith(EM_DASH_SPACE) || bare.includes('\n')) throw malformed('a signature line starts with "— "');
  const rest = bare.slice(EM_DASH_SPACE.length);
  const space = rest.indexOf(' ');
  const name = rest.slice(0, space);
  const bytes = space < 0 ? undefined : decodeBase64(rest.slice(space + 1));
  // Key ID plus at least one signature byte.
  if (!isValidKeyName(name) || bytes === undefined || bytes.length < 5) throw malformed('malformed signature line');
  const keyId = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0);
  return { name, keyId, signature: bytes.subarray(4), line: bare };
}

export function signNote(text: string, signers: readonly NoteSigner[]): string {
  if (!text.endsWith('\n') || !isValidNoteText(text)) throw malformed('a note text is valid UTF-8 ending in a newline, without control characters');
  if (signers.length === 0) throw malformed('a note has at least one signature');
  const message = utf8(text);
  const lines = signers.map((signer) => formatSignatureLine(signer.name, signer.keyId, signer.sign(message)));
  return `${text}\n${lines.join('')}`;
}

/** Splits a note into text and signature lines without verifying anything. */
export function parseNote(note: string | Uint8Array): ParsedNote {
  const decoded = typeof note === 'string' ? note : decodeUtf8(note);
  if (decoded === undefined || !isValidNoteText(decoded)) throw malformed('a note is valid UTF-8 without control characters');
  const split = decoded.lastIndexOf('\n\n');
  const block = decoded.slice(split + 2);
  if (split < 0 || block === '' || !block.endsWith('\n')) throw malformed('a note ends with a blank line and signature lines');
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_NOTE_SIGNATURES) throw malformed(`more than ${MAX_NOTE_SIGNATURES} signatures`);
  return { text: decoded.slice(0, split + 1), signatures: lines.map(parseSignatureLine) };
}

export function openNote(note: string | Uint8Array, verifiers: readonly NoteVerifier[]): OpenedNote {
  const { text, signatures } = parseNote(note);
  const message = utf8(text);
  const byKey = new Map<string, NoteVerifier[]>();
  for (const verifier of verifiers) {
    const key = signatureKey(verifier.name, verifier.keyId);
    byKey.set(key, [...(byKey.get(key) ?? []), verifier]);
  }
  const verified: VerifiedSignature[] = [];
  const unverified: NoteSignature[] = [];
  const seen = new Set<string>();
  for (const signature of signatures) {
    const key = signatureKey(signature.name, signature.keyId);
    const candidates = byKey.get(key) ?? [];
    if (candidates.length > 1) throw new NoteError('AMBIGUOUS_VERIFIER', `two verifiers share ${key}`);
    const verifier = candidates[0];
    // Repeats add nothing: one verdict per known key, one entry per distinct unknown line.
    const seenKey = verifier === undefined ? `line ${signature.line}` : `key ${key}`;
    if (seen.has(seenKey)) continue;
    seen.add(seenKey);
    if (verifier === undefined) {
      unverified.push(signature);
      continue;
    }
    if (!verifier.verify(message, signature.signature)) {
      throw new NoteError('INVALID_SIGNATURE', `the signature of ${key} does not verify`);
    }
    const timestamp = verifier.type === 'cosignature-v1' ? cosignatureTime(signature.signature) : undefined;
    verified.push({ ...signature, type: verifier.type, ...(timestamp === undefined ? {} : { timestamp }) });
  }
  if (verified.length === 0) throw new NoteError('UNVERIFIED_NOTE', 'no signature from a known key');
  return { text, verified, unverified };
}

/**
 * Adds signature lines (e.g. a witness's cosignature) to a signed note. A new line replaces an existing line of
 * the same key, as Go's note.Sign does, so re-cosigning never stacks two signatures of one key.
 */
export function addSignatures(note: string, signatureLines: readonly string[]): string {
  const { text, signatures } = parseNote(note);
  const added = signatureLines.map(parseSignatureLine);
  const replaced = new Set(added.map((s) => signatureKey(s.name, s.keyId)));
  const kept = signatures.filter((s) => !replaced.has(signatureKey(s.name, s.keyId)));
  const all = [...kept, ...added];
  if (all.length > MAX_NOTE_SIGNATURES) throw malformed(`more than ${MAX_NOTE_SIGNATURES} signatures`);
  return `${text}\n${all.map((s) => `${s.line}\n`).join('')}`;
}

function signatureKey(name: string, keyId: number): string {
  return `${name}+${formatKeyId(keyId)}`;
}

function malformed(message: string): NoteError {
  return new NoteError('MALFORMED_NOTE', message);
}
