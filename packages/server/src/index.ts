export { ConfigError, configurationTable, loadConfig, type Config } from './config/config.ts';
export { DataDirLockedError } from './db/data-dir-lock.ts';
export { openDatabase } from './db/open-database.ts';
export { seedDemoDistrict } from './demo/seed-demo-district.ts';
export { demoDistrict } from './demo/district.ts';
export { startPlatform, type Platform } from './platform.ts';
