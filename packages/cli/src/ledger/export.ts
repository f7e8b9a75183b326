// `shuyun ledger export`: a snapshot of the log up to its latest signed checkpoint, for offline verification.
// The API returns only the entries the key's organization may see; an export with gaps says it is partial.
import { createReadStream, createWriteStream, renameSync, rmSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { type CheckpointDoc, type ConsistencyDoc, type EntryDoc, type LogKeysDoc, PAGE_LIMIT, PATHS } from './api-types.ts';
import { EXPORT_FORMAT, type CheckpointLine, type EntryLine, type ExportHeader } from './export-format.ts';
import { type LedgerServer, ServerError, ledgerServer } from './http.ts';
import { type CliIo, EXIT, count } from '../io.ts';
import { JsonLinesWriter } from './json-lines.ts';

export interface ExportRun {
  server: string;
  out: string;
  apiKey: string | undefined;
}

export async function exportLedger(run: ExportRun, io: CliIo): Promise<number> {
  const server = ledgerServer(run.server, run.apiKey);
  const published = await server.get<LogKeysDoc>(PATHS.wellKnown);
  const latest = await latestCheckpoint(server);
  if (!latest) {
    io.stderr.write(`shuyun ledger export: the log at ${server.url} has no signed checkpoint yet\n`);
    return EXIT.failed;
  }
  // The header must say whether the export is partial, which is known only at the end: write the body first,
  // then the header, then the body behind it — streamed, never held in memory.
  const bodyFile = `${run.out}.${process.pid}.body`;
  const tmpFile = `${run.out}.${process.pid}.tmp`;
  try {
    const body = await writeBody(server, latest.treeSize, bodyFile);
    const header: ExportHeader = {
      format: EXPORT_FORMAT,
      origin: published.origin,
      keys: published.keys.map((k) => k.vkey),
      witnesses: published.witnesses.map(({ name, vkey, orgId }) => ({ name, vkey, orgId })),
      server: server.url,
      exportedAt: io.now().toISOString(),
      treeSize: latest.treeSize,
      entries: body.entries,
      partial: body.entries < latest.treeSize,
    };
    const headerWriter = new JsonLinesWriter(tmpFile);
    await headerWriter.write(header);
    await headerWriter.close();
    await pipeline(createReadStream(bodyFile), createWriteStream(tmpFile, { flags: 'a' }));
    renameSync(tmpFile, run.out);
    io.stdout.write(`exported ${count(body.entries)} entries and ${count(body.checkpoints)} checkpoints of ${published.origin} (tree size ${count(latest.treeSize)}) to ${run.out}\n`);
    if (header.partial) {
      io.stdout.write(
        `partial export: this API key sees ${count(body.entries)} of ${count(latest.treeSize)} entries (only the authority and regulators see all); ` +
          'verification can check signatures, the checkpoint chain and each exported entry, but not inclusion in the tree\n',
      );
    }
    return EXIT.ok;
  } finally {
    rmSync(bodyFile, { force: true });
    rmSync(tmpFile, { force: true });
  }
}

async function latestCheckpoint(server: LedgerServer): Promise<CheckpointDoc | undefined> {
  try {
    return await server.get<CheckpointDoc>(PATHS.checkpoint);
  } catch (err) {
    if (err instanceof ServerError && err.code === 'LEDGER_CHECKPOINT_UNKNOWN') return undefined;
    throw err;
  }
}

/** Entries 0 … treeSize − 1 in order, each checkpoint right after the entry that completes its tree. */
async function writeBody(server: LedgerServer, treeSize: number, file: string) {
  const writer = new JsonLinesWriter(file);
  const checkpoints = checkpointsUpTo(server, treeSize);
  let next = await checkpoints.next();
  let previous: CheckpointDoc | undefined;
  const counts = { entries: 0, checkpoints: 0 };
  const writeCheckpointsUpTo = async (size: number) => {
    while (!next.done && next.value.treeSize <= size) {
      await writer.write(await checkpointLine(server, next.value, previous));
      previous = next.value;
      counts.checkpoints++;
      next = await checkpoints.next();
    }
  };
  try {
    for await (const entry of entriesUpTo(server, treeSize)) {
      await writeCheckpointsUpTo(entry.seq);
      await writer.write(entry);
      counts.entries++;
    }
    await writeCheckpointsUpTo(treeSize);
  } finally {
    await writer.close();
  }
  return counts;
}

async function checkpointLine(server: LedgerServer, checkpoint: CheckpointDoc, previous: CheckpointDoc | undefined): Promise<CheckpointLine> {
  const { treeSize, rootHash, createdAt, note, cosignatures } = checkpoint;
  const line: CheckpointLine = { kind: 'checkpoint', treeSize, rootHash, createdAt, note, cosignatures };
  if (previous) {
    const { proof } = await server.get<ConsistencyDoc>(PATHS.consistency, { from: previous.treeSize, to: treeSize });
    line.consistency = { from: previous.treeSize, proof };
  }
  return line;
}

async function* checkpointsUpTo(server: LedgerServer, treeSize: number): AsyncGenerator<CheckpointDoc> {
  for (let from = 1; ; ) {
    const { items } = await server.get<{ items: CheckpointDoc[] }>(PATHS.checkpoints, { from, limit: PAGE_LIMIT });
    for (const checkpoint of items) {
      if (checkpoint.treeSize > treeSize) return; // signed after the export began
      yield checkpoint;
    }
    const last = items.at(-1);
    if (items.length < PAGE_LIMIT || !last) return;
    from = last.treeSize + 1;
  }
}

async function* entriesUpTo(server: LedgerServer, treeSize: number): AsyncGenerator<EntryLine> {
  for (let start = 0; start < treeSize; start += PAGE_LIMIT) {
    const end = Math.min(start + PAGE_LIMIT, treeSize);
    const { items } = await server.get<{ items: EntryDoc[] }>(PATHS.entries, { start, end, limit: PAGE_LIMIT });
    for (const { seq, leaf, leafHash, payload } of items) {
      if (seq === null || leaf === null || leafHash === null) throw new Error(`the server listed an entry without a sequence number in [${start}, ${end})`);
      yield { kind: 'entry', seq, leaf, leafHash, payload };
    }
  }
}
