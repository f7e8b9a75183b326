import { parseArgs } from 'node:util';
import { runSeed } from './commands/seed.ts';
import { runStart } from './commands/start.ts';

const HELP = `shuyun — 數運 public-data authorized-operation platform

Usage: shuyun <command> [options]

Commands:
  start        start the platform (API, portal, embedded identity provider); seeds the demo district on first start
  seed         seed the demo district into the configured database (adds only what is missing)

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
    default:
      process.stderr.write(`shuyun: unknown command '${command}'\n\n${HELP}`);
      return 2;
  }
}

process.exitCode = await main(process.argv.slice(2));
