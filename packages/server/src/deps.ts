import type { Clock } from '@shuyun/core';
import type { EngineHost } from '@shuyun/engine';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from './config/config.ts';
import type { Database } from './db/database.ts';

/** What every use case may need, passed down explicitly (never read from globals). */
export interface Deps {
  config: Config;
  db: Database;
  clock: Clock;
  log: FastifyBaseLogger;
  /** the privacy compute engine: hardened DuckDB sessions, one child process each */
  engine: EngineHost;
}
