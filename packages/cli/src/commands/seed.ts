import { systemClock } from '@shuyun/core';
import { openDatabase, seedDemoDistrict } from '@shuyun/server';
import { configOrExit } from './config.ts';

export async function runSeed(_args: string[]): Promise<number> {
  const config = configOrExit();
  if (!config) return 2;
  const { db } = await openDatabase(config);
  try {
    const report = await seedDemoDistrict({ db, config, clock: systemClock });
    process.stdout.write(`seeded ${report.organizations} organizations and ${report.users.length} users\n`);
    return 0;
  } finally {
    await db.close();
  }
}
