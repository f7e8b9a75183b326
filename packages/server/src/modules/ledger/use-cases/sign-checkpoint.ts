import type { Deps } from '../../../deps.ts';
import type { Actor } from '../../../policy/actor.ts';
import { authorize } from '../../../policy/decide.ts';
import type { LedgerSequencer } from '../sequencer.ts';
import { readCheckpoint } from './read-checkpoint.ts';

/** On demand (the authority, e.g. before an inspection): integrate what is committed and sign a checkpoint now. */
export async function signCheckpointNow(deps: Pick<Deps, 'db'>, sequencer: LedgerSequencer, actor: Actor) {
  authorize(actor, 'ledger.checkpoint', {});
  const { checkpointSize } = await sequencer.sync({ forceCheckpoint: true });
  return readCheckpoint(deps, checkpointSize);
}
