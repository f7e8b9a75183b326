// A witness's memory: the log it watches (origin and keys, pinned on first use) and the last checkpoint it
// cosigned. Everything it will ever cosign must extend that checkpoint, so the file is written atomically
// (temporary file, fsync, rename): a crash leaves the old state or the new one, never half of either.
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { fromBase64 } from './encoding.ts';

export interface WitnessState {
  origin: string;
  /** the log's vkeys, sorted */
  logKeys: string[];
  size: number;
  /** base64 root hash of checkpoint `size` */
  rootHash: string;
  cosignedAt?: string;
}

export function defaultStateFile(keyFile: string): string {
  return `${keyFile}.state.json`;
}

/** undefined when the witness has never cosigned; a damaged file is an error, never a fresh start. */
export function readWitnessState(file: string): WitnessState | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const state = JSON.parse(text) as Partial<WitnessState>;
  const valid =
    typeof state.origin === 'string' &&
    Array.isArray(state.logKeys) &&
    state.logKeys.every((k) => typeof k === 'string') &&
    Number.isSafeInteger(state.size) &&
    (state.size ?? 0) > 0 &&
    fromBase64(state.rootHash)?.length === 32;
  if (!valid) throw new Error(`witness state ${file} is damaged; restore it from a backup (starting afresh would forget what was cosigned)`);
  return state as WitnessState;
}

export function saveWitnessState(file: string, state: WitnessState): void {
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, `${JSON.stringify(state, null, 2)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}
