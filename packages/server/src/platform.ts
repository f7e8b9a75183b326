import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Clock, systemClock } from '@shuyun/core';
import type { FastifyBaseLogger } from 'fastify';
import { pino } from 'pino';
import type { Config } from './config/config.ts';
import type { Database } from './db/database.ts';
import { openDatabase } from './db/open-database.ts';
import type { Deps } from './deps.ts';
import { seedDemoDatasets } from './demo/datasets/seed-demo-datasets.ts';
import { hasDemoData, type SeedReport, seedDemoDistrict } from './demo/seed-demo-district.ts';
import { type App, buildApp } from './http/app.ts';
import { EngineHost, removeIngestLeftovers } from '@shuyun/engine';
import { localAccountDirectory } from './modules/identity/index.ts';
import { LedgerSequencer, loadLedgerSigners } from './modules/ledger/index.ts';
import { enterShippedSchedules } from './modules/calendar/index.ts';
import { startScheduler } from './scheduler.ts';
import { createRelyingParty, startLocalIdentityProvider } from './modules/identity-provider/index.ts';

export const PORTAL_DIR = fileURLToPath(new URL('../../portal/dist/', import.meta.url));

export interface Platform {
  app: App;
  ledger: LedgerSequencer;
  deps: Deps;
  url: string;
  issuer: string;
  seeded: SeedReport | undefined;
  close(): Promise<void>;
}

export interface StartOptions {
  clock?: Clock;
  logger?: FastifyBaseLogger;
  /** an already opened database (tests); otherwise the configured one is opened and migrated */
  db?: Database;
}

/** Opens the database, seeds the demo district on first start, starts the identity provider and the HTTP server. */
export async function startPlatform(config: Config, opts: StartOptions = {}): Promise<Platform> {
  const log = opts.logger ?? (pino({ level: config.logLevel, base: { service: 'shuyun' } }) as unknown as FastifyBaseLogger);
  const db = opts.db ?? (await openDatabase(config)).db;
  const closers: Array<() => Promise<void>> = opts.db ? [] : [() => db.close()];
  const close = async () => {
    for (const c of closers.splice(0).reverse()) await c().catch((err: unknown) => log.error({ err }, 'shutdown step failed'));
  };
  try {
    const engine = new EngineHost({ onChildExit: ({ code, signal }) => log.debug({ code, signal }, 'engine session process ended') });
    closers.push(() => engine.closeAll());
    const deps: Deps = { config, db, clock: opts.clock ?? systemClock, log, engine };
    const seeded = config.demo && !(await hasDemoData(deps)) ? await seedDemoDistrict(deps) : undefined;
    await removeIngestLeftovers(config.datasetsDir); // what an ingest cut short by a crash left behind
    await enterShippedSchedules(deps); // the State Council holiday schedules the platform ships with

    const sequencer = new LedgerSequencer(
      deps,
      loadLedgerSigners(config.ledger.keysDir, config.ledger.origin),
      { everyEntries: config.ledger.checkpointEveryEntries, everySeconds: config.ledger.checkpointEverySeconds },
      config.ledger.proofMirrorBytes,
    );
    await sequencer.sync(); // whatever was committed before this start (the seed, a crash) is integrated now
    sequencer.start(config.ledger.sequenceIntervalMs);
    closers.push(() => sequencer.stop());
    // proofs are served from memory once the tree's mirror has loaded; until then from storage, as without it
    const mirrorStarted = Date.now();
    sequencer.tree
      .loadFromStorage()
      .then((added) => log.info({ added, ms: Date.now() - mirrorStarted, ...sequencer.tree.mirrorSize() }, 'ledger proof mirror loaded'))
      .catch((err: unknown) => log.error({ err: { message: (err as Error).message } }, 'ledger proof mirror failed to load'));
    closers.push(startScheduler(deps, config.schedulerIntervalMs));

    const apiAudience = `${config.publicUrl}/api/v1`;
    const redirectUri = `${config.publicUrl}/api/v1/auth/callback`;
    let issuer = config.oidc.issuer;
    if (!issuer) {
      const idp = await startLocalIdentityProvider({
        host: '127.0.0.1',
        port: config.oidc.localPort,
        clients: [{ clientId: config.oidc.clientId, redirectUris: [redirectUri], public: true }],
        apiAudience,
        signingKeysFile: path.join(config.dataDir, 'keys', 'oidc-signing-keys.json'),
        accounts: localAccountDirectory(deps),
        ...(config.demo ? { demoPasswordHint: config.demoPassword } : {}),
        logger: log,
      });
      closers.push(() => idp.close());
      issuer = idp.issuer;
    }
    const local = !config.oidc.issuer;
    const rp = await createRelyingParty({
      issuer,
      clientId: config.oidc.clientId,
      ...(config.oidc.clientSecret ? { clientSecret: config.oidc.clientSecret } : {}),
      redirectUri,
      apiAudience,
      allowInsecureHttp: local || /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])[:/]/.test(issuer),
    });
    const verifiedIssuer = issuer;
    const app = await buildApp(deps, {
      sequencer,
      loginFlow: { beginLogin: (o) => rp.beginLogin(o), completeLogin: (u, p) => rp.completeLogin(u, p), issuer: verifiedIssuer, local },
      bearer: { verify: async (token) => ({ issuer: verifiedIssuer, subject: (await rp.verifyAccessToken(token)).sub, local }) },
      portalDir: PORTAL_DIR,
    });
    closers.push(() => app.close());
    await app.listen({ host: config.host, port: config.port });
    // the demo datasets take a while: the platform serves meanwhile, and they appear in the catalog when done
    if (config.demo && config.demoScale !== 'none') {
      const scale = config.demoScale;
      const stopSeeding = new AbortController();
      const seeding = seedDemoDatasets(deps, scale, stopSeeding.signal)
        .then(({ ingested }) => ingested.length > 0 && log.info({ ingested, scale }, 'demo datasets ready'))
        .catch((err: unknown) => log.error({ error: { message: (err as Error).message } }, 'demo datasets failed'));
      closers.push(async () => {
        stopSeeding.abort();
        await seeding;
      });
    }
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    return { app, ledger: sequencer, deps, url: `http://${config.host}:${port}`, issuer, seeded, close };
  } catch (err) {
    await close();
    throw err;
  }
}
