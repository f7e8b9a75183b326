// `shuyun witness`: a regulator's witness of the ledger. One run checks and cosigns the latest checkpoint;
// schedule it (cron, systemd timer) to keep watching. `shuyun witness keygen` makes the witness's key.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { generateCosigner } from '@shuyun/core/ledger';
import { type CliIo, EXIT, errorMessage, processIo } from '../io.ts';
import { witnessOnce } from '../ledger/witness.ts';
import { defaultStateFile } from '../ledger/witness-state.ts';

export const WITNESS_USAGE = `Usage:
  shuyun witness --server URL --key FILE [--state FILE] [--api-key KEY]
      check the log's latest checkpoint against the last one this witness cosigned, cosign it and submit it
      (API key also from SHUYUN_API_KEY; state defaults to FILE.state.json). Exit 4: refused to cosign.
  shuyun witness keygen --name NAME --key FILE
      create a witness key (tlog-cosignature, Ed25519) and print its vkey for the authority to register
`;

export async function runWitness(args: string[], io: CliIo = processIo): Promise<number> {
  try {
    return args[0] === 'keygen' ? keygen(args.slice(1), io) : await witness(args, io);
  } catch (err) {
    if ((err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr.write(`shuyun witness: ${errorMessage(err)}\n\n${WITNESS_USAGE}`);
      return EXIT.usage;
    }
    io.stderr.write(`shuyun witness: ${errorMessage(err)}\n`);
    return EXIT.failed;
  }
}

async function witness(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { server: { type: 'string' }, key: { type: 'string' }, state: { type: 'string' }, 'api-key': { type: 'string' } },
  });
  if (!values.server || !values.key) {
    io.stderr.write(`shuyun witness: --server and --key are required\n\n${WITNESS_USAGE}`);
    return EXIT.usage;
  }
  const apiKey = values['api-key'] ?? io.env.SHUYUN_API_KEY;
  return witnessOnce({ server: values.server, keyFile: values.key, stateFile: values.state ?? defaultStateFile(values.key), apiKey }, io);
}

function keygen(args: string[], io: CliIo): number {
  const { values } = parseArgs({ args, options: { name: { type: 'string' }, key: { type: 'string' } } });
  if (!values.name || !values.key) {
    io.stderr.write(`shuyun witness keygen: --name and --key are required\n\n${WITNESS_USAGE}`);
    return EXIT.usage;
  }
  const { signer, skey } = generateCosigner(values.name);
  // 'wx': never overwrite a key; a witness that loses its key loses the history it vouched for.
  try {
    writeFileSync(values.key, `${skey}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    io.stderr.write(`shuyun witness keygen: ${values.key} exists already; a witness key is never overwritten\n`);
    return EXIT.failed;
  }
  io.stdout.write(`${signer.vkey}\n`);
  io.stderr.write(`wrote the private key to ${values.key} (owner-only); register the vkey above with the authority: POST /api/v1/ledger/witnesses {"vkey", "orgId"}\n`);
  return EXIT.ok;
}
