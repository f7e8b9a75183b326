import path from 'node:path';
import { z } from 'zod';

// The one configuration schema. Read once from SHUYUN_* variables at start, then passed down explicitly.
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const port = z.coerce.number().int().min(0).max(65535);
const duration = z.coerce.number().int().positive();

export const configSchema = z.strictObject({
  SHUYUN_DATA_DIR: z.string().min(1).default('./.shuyun').describe('Data directory: embedded database, keys, datasets'),
  SHUYUN_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional()
    .describe('PostgreSQL server (≥ 15) instead of the embedded PGlite; several processes may share it'),
  SHUYUN_HOST: z.string().default('127.0.0.1').describe('Address the HTTP server listens on'),
  SHUYUN_PORT: port.default(8080).describe('HTTP port of the API and portal'),
  SHUYUN_PUBLIC_URL: z.url().optional().describe('External URL of the platform (default http://HOST:PORT)'),
  SHUYUN_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info').describe('pino log level'),
  SHUYUN_BODY_LIMIT_BYTES: z.coerce.number().int().positive().default(1_048_576).describe('Largest JSON request body accepted'),
  SHUYUN_DEMO: bool.default(true).describe('Seed the demo district on a fresh database and show the demo user chooser'),
  SHUYUN_DEMO_SCALE: z.enum(['none', 'small', 'full']).default('small').describe('Demo datasets ingested after the first start: none, small (~25k rows) or full (~1.4M rows)'),
  SHUYUN_DEMO_PASSWORD: z.string().min(8).default('Shuyun@2026').describe('Password of every demo user'),
  SHUYUN_OIDC_ISSUER: z.url().optional().describe('External OIDC issuer (e.g. the province unified identity); unset = embedded local provider'),
  SHUYUN_OIDC_CLIENT_ID: z.string().default('shuyun-portal').describe('OIDC client id of the platform'),
  SHUYUN_OIDC_CLIENT_SECRET: z.string().optional().describe('OIDC client secret (external issuer)'),
  SHUYUN_OIDC_PORT: port.default(8081).describe('Port of the embedded local OIDC provider (loopback)'),
  SHUYUN_SESSION_IDLE_MINUTES: duration.default(30).describe('Idle browser sessions expire after this many minutes'),
  SHUYUN_SESSION_MAX_HOURS: duration.default(12).describe('Browser sessions expire this many hours after login'),
  SHUYUN_LOGIN_MAX_FAILURES: duration.default(5).describe('Failed logins before an account is locked'),
  SHUYUN_LOGIN_LOCK_MINUTES: duration.default(15).describe('How long a locked account stays locked'),
  SHUYUN_SECURE_COOKIES: bool.optional().describe('Mark cookies Secure (default: true when the public URL is https)'),
  SHUYUN_LEDGER_ORIGIN: z.string().regex(/^[^\s+]+$/, 'no spaces or +').default('shuyun.futian.gov.cn/ledger').describe('Origin line of the ledger checkpoints and name of its keys'),
  SHUYUN_LEDGER_KEYS_DIR: z.string().min(1).optional().describe('Directory of the ledger signing keys (default DATA_DIR/keys); share it between processes'),
  SHUYUN_LEDGER_CHECKPOINT_ENTRIES: duration.default(1000).describe('Sign a checkpoint after this many new entries'),
  SHUYUN_LEDGER_CHECKPOINT_SECONDS: duration.default(60).describe('… or after this many seconds with new entries'),
  SHUYUN_LEDGER_SEQUENCE_MS: duration.default(250).describe('How often the sequencer integrates committed entries'),
  SHUYUN_LEDGER_PROOF_CACHE_MB: z.coerce.number().int().min(0).max(65_536).default(256).describe('Megabytes for the in-process mirror of the ledger tree that serves proofs (hashes only, 64 bytes an entry: 256 ≈ 4M entries; lower levels beyond it are read from the database; 0 = no mirror)'),
  SHUYUN_DEFAULT_MIN_SUBJECTS: duration.default(10).describe('Minimum distinct data subjects per released row when the authority sets none'),
  SHUYUN_INDUSTRY_FEE_STANDARD: z.string().trim().min(1).max(200).default('FT-SJ-FEE-2026-interim').describe('Fee standard industry-use grants are charged under'),
  SHUYUN_INDUSTRY_FEE_PER_CALL: z.string().regex(/^(0|[1-9]\d{0,11})(\.\d{1,4})?$/, 'an amount in yuan').default('0.10').describe('Price per call (yuan) of that fee standard'),
  SHUYUN_SCHEDULER_SECONDS: duration.default(30).describe('How often overdue review stages, expiries and webhook deliveries are processed'),
});

type RawConfig = z.output<typeof configSchema>;

export interface Config {
  dataDir: string;
  /** where ingested versions are stored as Parquet: DATA_DIR/datasets */
  datasetsDir: string;
  /** masked twins of granted resources for the dev workspaces: DATA_DIR/twins */
  twinsDir: string;
  /** approved jobs' result tables, in-domain: DATA_DIR/results */
  resultsDir: string;
  /** released (watermarked) exports awaiting download: DATA_DIR/exports */
  exportsDir: string;
  databaseUrl: string | undefined;
  host: string;
  port: number;
  publicUrl: string;
  logLevel: RawConfig['SHUYUN_LOG_LEVEL'];
  bodyLimitBytes: number;
  demo: boolean;
  demoPassword: string;
  demoScale: 'none' | 'small' | 'full';
  oidc: {
    issuer: string | undefined; // undefined: start the embedded provider
    clientId: string;
    clientSecret: string | undefined;
    localPort: number;
  };
  sessions: { idleMinutes: number; maxHours: number; secureCookies: boolean };
  login: { maxFailures: number; lockMinutes: number };
  ledger: {
    origin: string;
    keysDir: string;
    checkpointEveryEntries: number;
    checkpointEverySeconds: number;
    sequenceIntervalMs: number;
    /** memory for the tree's mirror that serves proofs, in bytes */
    proofMirrorBytes: number;
  };
  schedulerIntervalMs: number;
  grants: { defaultMinSubjects: number; industryFeeStandard: string; industryFeePerCall: string };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Validates the SHUYUN_* variables of `env` and names each bad variable in the error. */
export function loadConfig(env: Record<string, string | undefined>, overrides: Partial<Record<keyof RawConfig, string>> = {}): Config {
  const raw: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (key.startsWith('SHUYUN_') && !key.startsWith('SHUYUN_TEST_') && value !== undefined && value !== '') raw[key] = value;
  }
  Object.assign(raw, overrides);
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.flatMap((issue) => {
      if (issue.code === 'unrecognized_keys') return issue.keys.map((k) => `${k}: unknown variable`);
      return [`${String(issue.path[0] ?? '?')}: ${issue.message}`];
    });
    throw new ConfigError(problems);
  }
  const c = parsed.data;
  const publicUrl = (c.SHUYUN_PUBLIC_URL ?? `http://${c.SHUYUN_HOST}:${c.SHUYUN_PORT}`).replace(/\/$/, '');
  return {
    dataDir: path.resolve(c.SHUYUN_DATA_DIR),
    datasetsDir: path.resolve(c.SHUYUN_DATA_DIR, 'datasets'),
    twinsDir: path.resolve(c.SHUYUN_DATA_DIR, 'twins'),
    resultsDir: path.resolve(c.SHUYUN_DATA_DIR, 'results'),
    exportsDir: path.resolve(c.SHUYUN_DATA_DIR, 'exports'),
    databaseUrl: c.SHUYUN_DATABASE_URL,
    host: c.SHUYUN_HOST,
    port: c.SHUYUN_PORT,
    publicUrl,
    logLevel: c.SHUYUN_LOG_LEVEL,
    bodyLimitBytes: c.SHUYUN_BODY_LIMIT_BYTES,
    demo: c.SHUYUN_DEMO,
    demoPassword: c.SHUYUN_DEMO_PASSWORD,
    demoScale: c.SHUYUN_DEMO_SCALE,
    oidc: {
      issuer: c.SHUYUN_OIDC_ISSUER,
      clientId: c.SHUYUN_OIDC_CLIENT_ID,
      clientSecret: c.SHUYUN_OIDC_CLIENT_SECRET,
      localPort: c.SHUYUN_OIDC_PORT,
    },
    sessions: {
      idleMinutes: c.SHUYUN_SESSION_IDLE_MINUTES,
      maxHours: c.SHUYUN_SESSION_MAX_HOURS,
      secureCookies: c.SHUYUN_SECURE_COOKIES ?? publicUrl.startsWith('https:'),
    },
    login: { maxFailures: c.SHUYUN_LOGIN_MAX_FAILURES, lockMinutes: c.SHUYUN_LOGIN_LOCK_MINUTES },
    ledger: {
      origin: c.SHUYUN_LEDGER_ORIGIN,
      keysDir: path.resolve(c.SHUYUN_LEDGER_KEYS_DIR ?? path.join(c.SHUYUN_DATA_DIR, 'keys')),
      checkpointEveryEntries: c.SHUYUN_LEDGER_CHECKPOINT_ENTRIES,
      checkpointEverySeconds: c.SHUYUN_LEDGER_CHECKPOINT_SECONDS,
      sequenceIntervalMs: c.SHUYUN_LEDGER_SEQUENCE_MS,
      proofMirrorBytes: c.SHUYUN_LEDGER_PROOF_CACHE_MB * 1024 * 1024,
    },
    schedulerIntervalMs: c.SHUYUN_SCHEDULER_SECONDS * 1000,
    grants: { defaultMinSubjects: c.SHUYUN_DEFAULT_MIN_SUBJECTS, industryFeeStandard: c.SHUYUN_INDUSTRY_FEE_STANDARD, industryFeePerCall: c.SHUYUN_INDUSTRY_FEE_PER_CALL },
  };
}

/** Rows for the README configuration table, generated from the schema so the two never drift. */
export function configurationTable(): Array<{ variable: string; default: string; description: string }> {
  return Object.entries(configSchema.shape).map(([variable, schema]) => {
    const s = schema as z.ZodType & { description?: string };
    const def = s instanceof z.ZodDefault ? String((s.def as { defaultValue: unknown }).defaultValue) : '';
    return { variable, default: def, description: s.description ?? '' };
  });
}
