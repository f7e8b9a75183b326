// C2SP tlog-checkpoint: the note text a log signs for its tree head.
//     <origin>\n<tree size, decimal, no leading zeroes>\n<base64 root hash>\n[<extension line>\n]*
// Parsing is exact (one spelling per checkpoint): two bodies that parse alike must be byte-identical, or two
// signatures could cover "the same" checkpoint differently.
import { decodeBase64, encodeBase64 } from './bytes.ts';
import { HASH_SIZE } from './merkle.ts';
import { isValidNoteText } from './signed-note.ts';

export interface Checkpoint {
  /** The log's identity, conventionally a schema-less URL equal to its key name. */
  readonly origin: string;
  readonly size: number;
  readonly rootHash: Uint8Array;
  /** Opaque extra lines; tlog-checkpoint advises against them (monitors cannot audit them). */
  readonly extensions?: readonly string[];
}

export class CheckpointError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckpointError';
  }
}

const TREE_SIZE = /^(?:0|[1-9][0-9]*)$/;

export function formatCheckpoint({ origin, size, rootHash, extensions = [] }: Checkpoint): string {
  if (!Number.isSafeInteger(size) || size < 0) throw new CheckpointError('tree size must be a non-negative safe integer');
  if (rootHash.length !== HASH_SIZE) throw new CheckpointError(`root hash must be ${HASH_SIZE} bytes`);
  for (const line of [origin, ...extensions]) {
    if (line === '' || line.includes('\n')) throw new CheckpointError('origin and extension lines are non-empty single lines');
  }
  const body = [origin, String(size), encodeBase64(rootHash), ...extensions].map((line) => `${line}\n`).join('');
  if (!isValidNoteText(body)) throw new CheckpointError('a checkpoint is valid UTF-8 without control characters');
  return body;
}

export function parseCheckpoint(body: string): Checkpoint & { readonly extensions: readonly string[] } {
  if (!body.endsWith('\n') || !isValidNoteText(body)) throw new CheckpointError('a checkpoint body is note text ending in a newline');
  const [origin, size, root, ...extensions] = body.slice(0, -1).split('\n');
  if (origin === undefined || size === undefined || root === undefined) throw new CheckpointError('a checkpoint has at least three lines');
  if ([origin, ...extensions].includes('')) throw new CheckpointError('checkpoint lines are non-empty');
  const treeSize = Number(size);
  if (!TREE_SIZE.test(size) || !Number.isSafeInteger(treeSize)) throw new CheckpointError('tree size is a decimal without leading zeroes');
  const rootHash = decodeBase64(root);
  if (rootHash === undefined || rootHash.length !== HASH_SIZE) throw new CheckpointError(`root hash is the base64 of ${HASH_SIZE} bytes`);
  return { origin, size: treeSize, rootHash, extensions };
}
