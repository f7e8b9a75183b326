// Opening a checkpoint note as a witness or an auditor must: both of the log's signatures (Ed25519 and SM2)
// verify, the origin is the log's, and witness cosignatures from known witnesses verify too. One algorithm
// for `shuyun witness` and `shuyun ledger verify`, built on the core's signed-note functions.
import { type Checkpoint, NoteError, type NoteVerifier, openNote, parseCheckpoint, verifierFromVkey } from '@shuyun/core/ledger';

const TYPE_NAMES = { ed25519: 'Ed25519', 'sm2-sm3': 'SM2', 'cosignature-v1': 'witness cosignature' } as const;

export class CheckpointRejected extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckpointRejected';
  }
}

export interface SignedCheckpoint {
  /** the checkpoint body the log signed (what a witness cosigns) */
  body: string;
  checkpoint: Checkpoint;
  /** names of the known witnesses whose cosignatures verified */
  cosignedBy: string[];
}

/** The log's verifiers from its vkeys; a log that does not publish both an Ed25519 and an SM2 key is refused. */
export function logVerifiers(vkeys: readonly string[]): NoteVerifier[] {
  const verifiers = vkeys.map((vkey) => verifierFromVkey(vkey));
  for (const type of ['ed25519', 'sm2-sm3'] as const) {
    if (!verifiers.some((v) => v.type === type)) throw new Error(`the log publishes no ${TYPE_NAMES[type]} key`);
  }
  if (verifiers.some((v) => v.type === 'cosignature-v1')) throw new Error('a log key cannot be a cosignature key');
  return verifiers;
}

/** Witness keys as the log publishes them; anything but a cosignature key is not a witness. */
export function witnessVerifiers(vkeys: readonly string[]): NoteVerifier[] {
  return vkeys.map((vkey) => {
    const verifier = verifierFromVkey(vkey);
    if (verifier.type !== 'cosignature-v1') throw new Error(`witness key ${verifier.name} is not a cosignature key`);
    return verifier;
  });
}

export function openSignedCheckpoint(note: string, origin: string, log: readonly NoteVerifier[], witnesses: readonly NoteVerifier[] = []): SignedCheckpoint {
  let opened;
  try {
    opened = openNote(note, [...log, ...witnesses]);
  } catch (err) {
    throw new CheckpointRejected(describeNoteError(err, note, [...log, ...witnesses]));
  }
  const types = new Set(opened.verified.map((s) => s.type));
  for (const type of ['ed25519', 'sm2-sm3'] as const) {
    if (!types.has(type)) throw new CheckpointRejected(`it carries no ${TYPE_NAMES[type]} signature of the log`);
  }
  let checkpoint: Checkpoint;
  try {
    checkpoint = parseCheckpoint(opened.text);
  } catch (err) {
    throw new CheckpointRejected(`its body is not a checkpoint: ${(err as Error).message}`);
  }
  if (checkpoint.origin !== origin) throw new CheckpointRejected(`it is a checkpoint of "${checkpoint.origin}", not of "${origin}"`);
  const cosignedBy = opened.verified.filter((s) => s.type === 'cosignature-v1').map((s) => s.name);
  return { body: opened.text, checkpoint, cosignedBy };
}

/** Names the key whose signature failed (openNote only says that one did), so the message says what is forged. */
function describeNoteError(err: unknown, note: string, verifiers: readonly NoteVerifier[]): string {
  if (!(err instanceof NoteError)) return (err as Error).message;
  if (err.code === 'INVALID_SIGNATURE') {
    const failing = verifiers.filter((v) => {
      try {
        openNote(note, [v]);
        return false;
      } catch (e) {
        return e instanceof NoteError && e.code === 'INVALID_SIGNATURE';
      }
    });
    const names = failing.map((v) => `the ${TYPE_NAMES[v.type]} signature of ${v.name}`);
    return `${names.length ? names.join(' and ') : 'a signature'} does not verify`;
  }
  if (err.code === 'UNVERIFIED_NOTE') return 'it carries no signature of the log';
  return err.message;
}
