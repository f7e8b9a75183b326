// One round of a witness (C2SP tlog-witness, run by a regulator): fetch the log's latest checkpoint, check it
// against everything this witness has cosigned before, cosign, submit. A witness that cosigned a tree head has
// promised never to cosign one that does not extend it: that promise is what makes a fork of the log visible.
import { type Cosigner, cosign, cosignerFromPrivateKey, verifyConsistency } from '@shuyun/core/ledger';
import { readFileSync } from 'node:fs';
import { type CheckpointDoc, type ConsistencyDoc, type LogKeysDoc, PATHS } from './api-types.ts';
import { fromBase64, sameBytes, toBase64 } from './encoding.ts';
import { type LedgerServer, ServerError, ledgerServer } from './http.ts';
import { type CliIo, EXIT, count } from '../io.ts';
import { CheckpointRejected, logVerifiers, openSignedCheckpoint, type SignedCheckpoint } from './signed-checkpoint.ts';
import { readWitnessState, saveWitnessState, type WitnessState } from './witness-state.ts';

export interface WitnessRun {
  server: string;
  keyFile: string;
  stateFile: string;
  apiKey: string | undefined;
}

/** The witness will not cosign; the state stays as it was. */
class Refusal extends Error {}

export function loadCosigner(keyFile: string): Cosigner {
  return cosignerFromPrivateKey(readFileSync(keyFile, 'utf8').trim());
}

export async function witnessOnce(run: WitnessRun, io: CliIo): Promise<number> {
  const cosigner = loadCosigner(run.keyFile);
  const state = readWitnessState(run.stateFile);
  const server = ledgerServer(run.server, run.apiKey);
  let next: { origin: string; logKeys: string[]; signed: SignedCheckpoint };
  try {
    next = await latestTrustedCheckpoint(server, state);
    const { size, rootHash } = next.signed.checkpoint;
    if (state && state.size === size && sameBytes(fromBase64(state.rootHash)!, rootHash)) {
      io.stdout.write(`nothing new: checkpoint ${count(size)} of ${next.origin} is the one this witness cosigned last\n`);
      return EXIT.ok;
    }
    await checkExtends(server, state, next.signed);
  } catch (err) {
    if (!(err instanceof Refusal)) throw err;
    io.stderr.write(`refused: ${err.message}\n`);
    return EXIT.refused;
  }
  const { size, rootHash } = next.signed.checkpoint;
  io.stdout.write(
    state
      ? `checkpoint ${count(size)} of ${next.origin} is consistent with checkpoint ${count(state.size)} that this witness cosigned\n`
      : `first run: trusting checkpoint ${count(size)} of ${next.origin} on first use (nothing cosigned before to compare with); pinning the log's origin and keys\n`,
  );
  const now = io.now();
  const signatureLine = cosign(next.signed.body, cosigner, Math.floor(now.getTime() / 1000));
  await submit(server, size, signatureLine, cosigner.name);
  saveWitnessState(run.stateFile, { origin: next.origin, logKeys: next.logKeys, size, rootHash: toBase64(rootHash), cosignedAt: now.toISOString() });
  io.stdout.write(`cosigned checkpoint ${count(size)} (root ${toBase64(rootHash)}) as ${cosigner.name}; submitted to ${server.url}\n`);
  return EXIT.ok;
}

/** The log's keys (pinned on first use, then required unchanged) and its latest checkpoint, opened with them. */
async function latestTrustedCheckpoint(server: LedgerServer, state: WitnessState | undefined) {
  const published = await server.get<LogKeysDoc>(PATHS.wellKnown);
  const logKeys = published.keys.map((k) => k.vkey).sort();
  if (state && state.origin !== published.origin) {
    throw new Refusal(`the log now calls itself "${published.origin}", but this witness watches "${state.origin}"`);
  }
  if (state && state.logKeys.join('\n') !== logKeys.join('\n')) {
    throw new Refusal(`the log's keys changed since this witness pinned them (pinned ${state.logKeys.join(', ')}; now ${logKeys.join(', ')})`);
  }
  let verifiers;
  try {
    verifiers = logVerifiers(logKeys);
  } catch (err) {
    throw new Refusal(`the log's published keys are unusable: ${(err as Error).message}`);
  }
  const latest = await server.get<CheckpointDoc>(PATHS.checkpoint);
  try {
    return { origin: published.origin, logKeys, signed: openSignedCheckpoint(latest.note, published.origin, verifiers) };
  } catch (err) {
    if (err instanceof CheckpointRejected) throw new Refusal(`the latest checkpoint does not verify: ${err.message}`);
    throw err;
  }
}

/** Refuses unless `next` extends the last cosigned checkpoint (RFC 9162 consistency proof); first use accepts. */
async function checkExtends(server: LedgerServer, state: WitnessState | undefined, next: SignedCheckpoint): Promise<void> {
  if (!state) return;
  const { size, rootHash } = next.checkpoint;
  const oldRoot = fromBase64(state.rootHash)!;
  const inconsistent = `checkpoint ${count(size)} is not consistent with checkpoint ${count(state.size)} that this witness cosigned`;
  if (size < state.size) throw new Refusal(`${inconsistent}: the log shrank (rolled back?)`);
  if (size === state.size) throw new Refusal(`${inconsistent}: same size, different root (the log forked)`);
  const answer = await server.get<ConsistencyDoc>(PATHS.consistency, { from: state.size, to: size });
  const proof = Array.isArray(answer.proof) ? answer.proof.map(fromBase64) : [undefined];
  const wellFormed = answer.from === state.size && answer.to === size && proof.every((p) => p !== undefined);
  if (!wellFormed || !verifyConsistency(state.size, size, proof as Uint8Array[], oldRoot, rootHash)) {
    throw new Refusal(`${inconsistent}: its consistency proof does not verify (the log forked or rewrote history)`);
  }
}

async function submit(server: LedgerServer, size: number, signatureLine: string, witness: string): Promise<void> {
  try {
    const stored = await server.post<CheckpointDoc>(PATHS.cosignatures(size), { signatureLine });
    if (!stored.cosignatures.some((c) => c.witness === witness)) throw new Error(`the server did not keep the cosignature of ${witness}`);
  } catch (err) {
    if (err instanceof ServerError && err.code === 'NOT_FOUND') {
      throw new Error(`${err.message}: is witness ${witness} registered for the organization of this API key?`);
    }
    throw err;
  }
}
