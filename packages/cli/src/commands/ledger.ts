// `shuyun ledger export` and `shuyun ledger verify`: take the ledger offline and check it there.
import { parseArgs } from 'node:util';
import { exportLedger } from '../ledger/export.ts';
import { type CliIo, EXIT, errorMessage, processIo } from '../io.ts';
import { verifyExport } from '../ledger/verify.ts';

export const LEDGER_USAGE = `Usage:
  shuyun ledger export --server URL --out FILE [--api-key KEY]
      write the log up to its latest signed checkpoint as JSON lines (API key also from SHUYUN_API_KEY;
      with a key of the authority or a regulator the export is complete, otherwise partial)
  shuyun ledger verify FILE [--keys VKEYFILE]
      verify an export offline: entry hashes, the Merkle tree at every checkpoint, Ed25519 and SM2 signatures,
      witness cosignatures, the consistency chain; VKEYFILE holds trusted vkeys, one per line
`;

export async function runLedger(args: string[], io: CliIo = processIo): Promise<number> {
  const [sub, ...rest] = args;
  try {
    switch (sub) {
      case 'export':
        return await runExport(rest, io);
      case 'verify':
        return await runVerify(rest, io);
      default:
        io.stderr.write(`shuyun ledger: ${sub ? `unknown subcommand '${sub}'` : 'which subcommand?'}\n\n${LEDGER_USAGE}`);
        return EXIT.usage;
    }
  } catch (err) {
    const usage = (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    io.stderr.write(`shuyun ledger ${sub}: ${errorMessage(err)}\n${usage ? `\n${LEDGER_USAGE}` : ''}`);
    return usage ? EXIT.usage : EXIT.failed;
  }
}

async function runExport(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { server: { type: 'string' }, out: { type: 'string' }, 'api-key': { type: 'string' } } });
  if (!values.server || !values.out) {
    io.stderr.write(`shuyun ledger export: --server and --out are required\n\n${LEDGER_USAGE}`);
    return EXIT.usage;
  }
  return exportLedger({ server: values.server, out: values.out, apiKey: values['api-key'] ?? io.env.SHUYUN_API_KEY }, io);
}

async function runVerify(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { keys: { type: 'string' } } });
  const [file, ...extra] = positionals;
  if (!file || extra.length) {
    io.stderr.write(`shuyun ledger verify: give exactly one export file\n\n${LEDGER_USAGE}`);
    return EXIT.usage;
  }
  return verifyExport({ file, keysFile: values.keys }, io);
}
