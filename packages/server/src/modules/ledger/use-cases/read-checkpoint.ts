import { DomainError } from '@shuyun/core';
import type { Deps } from '../../../deps.ts';
import { systemContext } from '../../../db/database.ts';
import * as store from '../store.ts';
import { checkpointView } from '../views.ts';

/** The latest signed checkpoint (or one by size) with its witnesses' cosignatures. Public: it reveals no content. */
export async function readCheckpoint(deps: Pick<Deps, 'db'>, size?: number) {
  return deps.db.tx(systemContext('read checkpoint'), async (tx) => {
    const row = size === undefined ? await store.latestCheckpoint(tx) : await store.checkpointAt(tx, size);
    if (!row) throw new DomainError('LEDGER_CHECKPOINT_UNKNOWN');
    return checkpointView(row, await store.cosignaturesOf(tx, row.treeSize));
  });
}

export async function listCheckpoints(deps: Pick<Deps, 'db'>, fromSize: number, limit: number) {
  return deps.db.tx(systemContext('list checkpoints'), async (tx) => {
    const views = [];
    for (const row of await store.listCheckpoints(tx, fromSize, limit)) views.push(checkpointView(row, await store.cosignaturesOf(tx, row.treeSize))); // one query at a time on a transaction
    return views;
  });
}
