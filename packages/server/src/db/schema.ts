// Drizzle table definitions. The SQL migrations in ./migrations are the source of truth for the database;
// these definitions mirror them for typed queries (a test compares the two).
import { bigint, bigserial, customType, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const organizations = pgTable('organizations', {
  id: uuid('id').primaryKey().defaultRandom(),
  code: text('code').notNull().unique(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en'),
  type: text('type').notNull().$type<import('@shuyun/core').OrganizationType>(),
  uscc: text('uscc'),
  status: text('status').notNull().default('active').$type<import('@shuyun/core').OrganizationStatus>(),
  createdAt: ts('created_at').notNull().defaultNow(),
  terminatedAt: ts('terminated_at'),
});

export const users = pgTable('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  orgId: uuid('org_id').notNull(),
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  email: text('email'),
  passwordHash: text('password_hash'),
  oidcIssuer: text('oidc_issuer'),
  oidcSubject: text('oidc_subject'),
  status: text('status').notNull().default('active').$type<'active' | 'disabled'>(),
  failedLogins: integer('failed_logins').notNull().default(0),
  lockedUntil: ts('locked_until'),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const userRoles = pgTable(
  'user_roles',
  {
    orgId: uuid('org_id').notNull(),
    userId: uuid('user_id').notNull(),
    role: text('role').notNull().$type<import('@shuyun/core').Role>(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.role] })],
);

export const sessions = pgTable('sessions', {
  id: uuid('id').primaryKey().defaultRandom(),
  orgId: uuid('org_id').notNull(),
  userId: uuid('user_id').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: ts('created_at').notNull().defaultNow(),
  lastSeenAt: ts('last_seen_at').notNull().defaultNow(),
  expiresAt: ts('expires_at').notNull(),
  revokedAt: ts('revoked_at'),
});

export const apiKeys = pgTable('api_keys', {
  id: uuid('id').primaryKey().defaultRandom(),
  orgId: uuid('org_id').notNull(),
  createdBy: uuid('created_by').notNull(),
  name: text('name').notNull(),
  keyPrefix: text('key_prefix').notNull(),
  keyHash: text('key_hash').notNull().unique(),
  scopes: text('scopes').array().notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
  expiresAt: ts('expires_at').notNull(),
  revokedAt: ts('revoked_at'),
  lastUsedAt: ts('last_used_at'),
});

export const loginStates = pgTable('login_states', {
  state: text('state').primaryKey(),
  nonce: text('nonce').notNull(),
  codeVerifier: text('code_verifier').notNull(),
  returnTo: text('return_to').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
});

// ── ledger ────────────────────────────────────────────────────────────────

// node-postgres sends only Buffers as bytea (a bare Uint8Array would become JSON); PGlite takes either.
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  toDriver: (value) => Buffer.from(value.buffer, value.byteOffset, value.byteLength),
  fromDriver: (value) => new Uint8Array(value),
});

export const ledgerEntries = pgTable('ledger_entries', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  seq: bigint('seq', { mode: 'number' }),
  leafHash: bytea('leaf_hash'),
  time: ts('time').notNull(),
  actorUser: uuid('actor_user'),
  actorOrg: uuid('actor_org'),
  action: text('action').notNull(),
  category: text('category').notNull().$type<'state' | 'access'>(),
  entityType: text('entity_type').notNull(),
  entityId: text('entity_id').notNull(),
  orgs: uuid('orgs').array().notNull(),
  payload: jsonb('payload').notNull().$type<unknown>(),
  payloadHash: text('payload_hash').notNull(),
  derivedFrom: jsonb('derived_from').notNull().$type<Array<{ type: string; id: string }>>(),
});

export const ledgerLineage = pgTable('ledger_lineage', {
  entryId: bigint('entry_id', { mode: 'number' }).notNull(),
  parentType: text('parent_type').notNull(),
  parentId: text('parent_id').notNull(),
  childType: text('child_type').notNull(),
  childId: text('child_id').notNull(),
  orgs: uuid('orgs').array().notNull(),
});

export const ledgerNodes = pgTable('ledger_nodes', {
  level: smallint('level').notNull(),
  idx: bigint('idx', { mode: 'number' }).notNull(),
  hash: bytea('hash').notNull(),
}, (t) => [primaryKey({ columns: [t.level, t.idx] })]);

export const ledgerCheckpoints = pgTable('ledger_checkpoints', {
  treeSize: bigint('tree_size', { mode: 'number' }).primaryKey(),
  rootHash: bytea('root_hash').notNull(),
  note: text('note').notNull(),
  createdAt: ts('created_at').notNull(),
});

export const ledgerWitnesses = pgTable('ledger_witnesses', {
  name: text('name').primaryKey(),
  vkey: text('vkey').notNull().unique(),
  orgId: uuid('org_id').notNull(),
  createdAt: ts('created_at').notNull(),
});

export const ledgerCosignatures = pgTable('ledger_cosignatures', {
  treeSize: bigint('tree_size', { mode: 'number' }).notNull(),
  witness: text('witness').notNull(),
  signatureLine: text('signature_line').notNull(),
  signedAt: ts('signed_at').notNull(),
}, (t) => [primaryKey({ columns: [t.treeSize, t.witness] })]);
