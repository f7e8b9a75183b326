// C2SP tlog-cosignature (Ed25519, cosignature/v1): a witness — here, a regulator — states "as of <time>, this is
// the largest consistent tree head I have seen for this log". Before cosigning, the witness checks consistency
// with the last checkpoint it cosigned (verifyConsistency); these functions only produce and check the signature.
// The time is passed in, never read from a clock, so witnesses stay testable.
import { parseCheckpoint } from './checkpoint.ts';
import { utf8 } from './bytes.ts';
import { cosignatureTime, type Cosigner, type NoteVerifier } from './note-keys.ts';
import { formatSignatureLine, parseSignatureLine } from './signed-note.ts';

/** The signature line to append to the checkpoint note (what a tlog-witness returns). */
export function cosign(checkpointBody: string, witness: Cosigner, time: number): string {
  parseCheckpoint(checkpointBody); // a witness signs checkpoints, nothing else
  return formatSignatureLine(witness.name, witness.keyId, witness.sign(checkpointBody, time));
}

/**
 * The cosignature's time if `signatureLine` is `witness`'s valid cosignature of `checkpointBody`; undefined
 * otherwise (another key's line, a malformed line, or a bad signature).
 */
export function verifyCosignature(checkpointBody: string, signatureLine: string, witness: NoteVerifier): number | undefined {
  if (witness.type !== 'cosignature-v1') return undefined;
  let line;
  try {
    line = parseSignatureLine(signatureLine);
  } catch {
    return undefined;
  }
  if (line.name !== witness.name || line.keyId !== witness.keyId) return undefined;
  if (!witness.verify(utf8(checkpointBody), line.signature)) return undefined;
  return cosignatureTime(line.signature);
}
