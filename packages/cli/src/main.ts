import { parseArgs } from 'node:util';
import { runIngest } from './commands/ingest.ts';
import { runLedger } from './commands/ledger.ts';
import { runSeed } from './commands/seed.ts';
import { runStart } from './commands/start.ts';
import { runWatermark } from './commands/watermark.ts';
import { runWitness } from './commands/witness.ts';

const HELP = `shuyun — 數運 public-data authorized-operation platform

Usage: shuyun <command> [options]

Commands:
  start        start the platform (API, portal, embedded identity provider); seeds the demo district on first start
  seed         seed the demo district into the configured database (adds only what is missing)
  ingest       shuyun ingest FILE --resource CODE --server URL: upload a new version of a resource, with progress
  witness      check the ledger's latest checkpoint against what this witness cosigned before, cosign, submit
               (shuyun witness --server URL --key FILE; shuyun witness keygen --name NAME --key FILE)
  ledger       shuyun ledger export --server URL --out FILE: the ledger as JSON lines, for offline checks
               shuyun ledger verify FILE [--keys VKEYFILE]: verify an export offline (exit 1 names the first problem)
  watermark    shuyun watermark detect FILE [--key-file PATH] [--candidates PATH] [--server URL]: recover the export
               (recipient) id fingerprinted into a released CSV or Parquet file, with a confidence

Options:
  -h, --help   show this help

Configuration comes from SHUYUN_* environment variables; see the README's configuration table.
`;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, strict: false, options: { help: { type: 'boolean', short: 'h' } } });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    process.stdout.write(HELP);
    return command || values.help ? 0 : 1;
  }
  switch (command) {
    case 'start':
      return runStart(rest);
    case 'seed':
      return runSeed(rest);
    // These take options with values, which the loose parse above would split off: hand them the raw arguments.
    case 'ingest':
      return runIngest(argv.slice(argv.indexOf(command) + 1));
    case 'witness':
      return runWitness(argv.slice(argv.indexOf(command) + 1));
    case 'ledger':
      return runLedger(argv.slice(argv.indexOf(command) + 1));
    case 'watermark':
      return runWatermark(argv.slice(argv.indexOf(command) + 1));
    default:
      process.stderr.write(`shuyun: unknown command '${command}'\n\n${HELP}`);
      return 2;
  }
}

process.exitCode = await main(process.argv.slice(2));
