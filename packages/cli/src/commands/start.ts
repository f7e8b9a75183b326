import { DataDirLockedError, demoDistrict, startPlatform } from '@shuyun/server';
import { configOrExit } from './config.ts';

export async function runStart(_args: string[]): Promise<number> {
  const started = performance.now();
  const config = configOrExit();
  if (!config) return 2;
  let platform;
  try {
    platform = await startPlatform(config);
  } catch (err) {
    if (err instanceof DataDirLockedError) {
      process.stderr.write(`shuyun: ${err.message}\n`);
      return 3;
    }
    throw err;
  }
  const readyMs = Math.round(performance.now() - started);
  const log = platform.deps.log;
  log.info({ url: platform.url, issuer: platform.issuer, database: platform.deps.db.kind, readyMs, seeded: platform.seeded !== undefined }, 'Shuyun is ready');
  if (config.demo) printDemoUsers(platform.url, config.demoPassword, platform.seeded !== undefined);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    await platform.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  return 0;
}

function printDemoUsers(url: string, password: string, fresh: boolean): void {
  const lines = [
    '',
    `  數運 Shuyun is running at ${url}   (API docs: ${url}/docs)`,
    fresh ? '  The demo Futian district was seeded. Demo users (password for all):' : '  Demo users (password for all):',
    `  password: ${password}`,
    ...demoDistrict.flatMap((org) => org.users.map((u) => `    ${u.username.padEnd(22)} ${u.roles.join(',').padEnd(28)} ${org.nameZh}`)),
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
