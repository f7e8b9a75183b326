// `shuyun ledger verify FILE`: checks an export with nothing but the file (and optionally keys you trust):
// per-entry hashes, the recomputed tree at every checkpoint, both log signatures, witness cosignatures and the
// consistency chain. Stops at the first problem and names it.
import { readFileSync } from 'node:fs';
import { type NoteVerifier, verifierFromVkey } from '@shuyun/core/ledger';
import { type AuditResult, ExportAudit, VerifyProblem } from './export-audit.ts';
import { toBase64 } from './encoding.ts';
import { EXPORT_FORMAT, type CheckpointLine, type EntryLine, type ExportHeader } from './export-format.ts';
import { type CliIo, EXIT, count, errorMessage } from '../io.ts';
import { readJsonLines } from './json-lines.ts';
import { logVerifiers, witnessVerifiers } from './signed-checkpoint.ts';

export interface VerifyRun {
  file: string;
  /** a file of vkeys you trust, one per line: the log's keys (which must match the export's) and, optionally, witnesses */
  keysFile: string | undefined;
}

export async function verifyExport(run: VerifyRun, io: CliIo): Promise<number> {
  try {
    const { result, header, keysNote } = await audit(run);
    io.stdout.write(`${summary(result, header)}\n${keysNote}\n`);
    return EXIT.ok;
  } catch (err) {
    io.stderr.write(`verification failed: ${errorMessage(err)}\n`);
    return EXIT.failed;
  }
}

async function audit(run: VerifyRun) {
  const lines = readJsonLines(run.file);
  const first = await lines.next();
  if (first.done) throw new VerifyProblem(`${run.file} is empty`);
  const header = checkedHeader(first.value.value);
  const { log, witnesses, keysNote } = trustedKeys(header, run.keysFile);
  const auditor = new ExportAudit(header, log, witnesses);
  for await (const { lineNumber, value } of lines) {
    const where = `line ${lineNumber}`;
    const kind = (value as { kind?: unknown }).kind;
    if (kind === 'entry') auditor.entry(value as EntryLine, where);
    else if (kind === 'checkpoint') auditor.checkpoint(value as CheckpointLine, where);
    else throw new VerifyProblem(`${where}: neither an entry nor a checkpoint`);
  }
  return { result: auditor.finish(), header, keysNote };
}

function checkedHeader(value: unknown): ExportHeader {
  const h = value as Partial<ExportHeader>;
  const valid =
    h.format === EXPORT_FORMAT &&
    typeof h.origin === 'string' &&
    Array.isArray(h.keys) &&
    Array.isArray(h.witnesses) &&
    Number.isSafeInteger(h.treeSize) &&
    Number.isSafeInteger(h.entries) &&
    typeof h.partial === 'boolean';
  if (!valid) throw new VerifyProblem(`line 1 is not a ${EXPORT_FORMAT} header`);
  return h as ExportHeader;
}

/**
 * Keys from the export itself prove only that the file is self-consistent; keys from --keys (obtained from
 * the log's well-known address on another day, or from the authority in writing) prove it is the log's.
 */
function trustedKeys(header: ExportHeader, keysFile: string | undefined): { log: NoteVerifier[]; witnesses: NoteVerifier[]; keysNote: string } {
  try {
    if (keysFile === undefined) {
      return {
        log: logVerifiers(header.keys),
        witnesses: witnessVerifiers(header.witnesses.map((w) => w.vkey)),
        keysNote: "keys: taken from the export's header (pass --keys FILE to check them against keys you trust)",
      };
    }
    const trusted = readFileSync(keysFile, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
    const byType = trusted.map((vkey) => ({ vkey, type: verifierFromVkey(vkey).type }));
    const logKeys = byType.filter((k) => k.type !== 'cosignature-v1').map((k) => k.vkey);
    const witnessKeys = byType.filter((k) => k.type === 'cosignature-v1').map((k) => k.vkey);
    if ([...logKeys].sort().join('\n') !== [...header.keys].sort().join('\n')) {
      throw new VerifyProblem(`the export's log keys are not the trusted keys in ${keysFile} (export: ${header.keys.join(', ')})`);
    }
    // Witnesses listed in the file are the ones trusted; without any, the export's list is used as it is.
    const witnesses = witnessKeys.length ? witnessKeys : header.witnesses.map((w) => w.vkey);
    return { log: logVerifiers(logKeys), witnesses: witnessVerifiers(witnesses), keysNote: `keys: the export's log keys match ${keysFile}` };
  } catch (err) {
    if (err instanceof VerifyProblem) throw err;
    throw new VerifyProblem(`unusable keys: ${errorMessage(err)}`);
  }
}

function summary(r: AuditResult, header: ExportHeader): string {
  const cosigned = r.cosignatures ? `, ${count(r.cosignatures)} witness cosignatures (${r.witnesses.join(', ')})` : '';
  const head = `tree size ${count(r.treeSize)}, root ${toBase64(r.root)}`;
  if (header.partial) {
    return (
      `partial export: verified ${count(r.entries)} of ${count(header.treeSize)} entries (payload and leaf hashes), ` +
      `${count(r.checkpoints)} checkpoints (Ed25519 + SM2) and their consistency proofs${cosigned}, ${head}\n` +
      'inclusion of the entries in the signed tree cannot be checked without every entry: export with an authority or regulator API key for that'
    );
  }
  return `verified ${count(r.entries)} entries, ${count(r.checkpoints)} checkpoints (Ed25519 + SM2)${cosigned}, ${head}`;
}
