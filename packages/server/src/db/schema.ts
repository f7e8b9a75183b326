// Drizzle table definitions. The SQL migrations in ./migrations are the source of truth for the database;
// these definitions mirror them for typed queries (a test compares the two).
import { bigint, bigserial, boolean, customType, date, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { CatalogEntryState, FieldRole, FieldType, Grade, OpennessClass, UpdateFrequency } from '@shuyun/core';

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

// ── catalog ───────────────────────────────────────────────────────────────
export interface QualityRules {
  notNull?: boolean;
  unique?: boolean;
  pattern?: string;
  min?: number;
  max?: number;
}

export const dataResources = pgTable('data_resources', {
  id: uuid('id').primaryKey().defaultRandom(),
  orgId: uuid('org_id').notNull(),
  code: text('code').notNull().unique(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en'),
  descriptionZh: text('description_zh').notNull().default(''),
  descriptionEn: text('description_en'),
  category: text('category').array().notNull(),
  openness: text('openness').notNull().$type<OpennessClass>(),
  updateFrequency: text('update_frequency').notNull().$type<UpdateFrequency>(),
  format: text('format').notNull().default('table'),
  publishDate: date('publish_date', { mode: 'string' }),
  relatedCodes: text('related_codes').array().notNull().default([]),
  subjectKey: text('subject_key'),
  subjectKind: text('subject_kind').$type<'person' | 'enterprise'>(),
  grade: text('grade').notNull().$type<Grade>(),
  createdAt: ts('created_at').notNull(),
  updatedAt: ts('updated_at').notNull(),
});

export const resourceFields = pgTable('resource_fields', {
  resourceId: uuid('resource_id').notNull(),
  orgId: uuid('org_id').notNull(),
  position: integer('position').notNull(),
  name: text('name').notNull(),
  type: text('type').notNull().$type<FieldType>(),
  description: text('description').notNull().default(''),
  nullable: boolean('nullable').notNull().default(true),
  piiType: text('pii_type'),
  piiConfirmed: boolean('pii_confirmed').notNull().default(false),
  piiSuggestion: jsonb('pii_suggestion').$type<{ type: string; confidence: number } | null>(),
  role: text('role').notNull().$type<FieldRole>(),
  grade: text('grade').notNull().$type<Grade>(),
  rules: jsonb('rules').notNull().$type<QualityRules>().default({}),
}, (t) => [primaryKey({ columns: [t.resourceId, t.name] })]);

export const resourceVersions = pgTable('resource_versions', {
  id: uuid('id').primaryKey().defaultRandom(),
  resourceId: uuid('resource_id').notNull(),
  orgId: uuid('org_id').notNull(),
  version: integer('version').notNull(),
  rows: bigint('rows', { mode: 'number' }).notNull(),
  bytes: bigint('bytes', { mode: 'number' }).notNull(),
  sha256: text('sha256').notNull(),
  sm3: text('sm3').notNull(),
  sourceFormat: text('source_format').notNull(),
  encoding: text('encoding').notNull(),
  filePath: text('file_path').notNull(),
  columns: jsonb('columns').notNull().$type<unknown>(),
  quality: jsonb('quality').notNull().$type<unknown>(),
  piiSuggestions: jsonb('pii_suggestions').notNull().$type<unknown>(),
  createdBy: uuid('created_by'),
  createdAt: ts('created_at').notNull(),
});

export const catalogEntries = pgTable('catalog_entries', {
  id: uuid('id').primaryKey().defaultRandom(),
  resourceId: uuid('resource_id').notNull().unique(),
  orgId: uuid('org_id').notNull(),
  state: text('state').notNull().$type<CatalogEntryState>(),
  reasons: text('reasons'),
  submittedAt: ts('submitted_at'),
  decidedAt: ts('decided_at'),
  decidedBy: uuid('decided_by'),
  createdAt: ts('created_at').notNull(),
  updatedAt: ts('updated_at').notNull(),
});

export const catalogEditions = pgTable('catalog_editions', {
  number: integer('number').primaryKey(),
  publishedAt: ts('published_at').notNull(),
  publishedBy: uuid('published_by').notNull(),
  note: text('note').notNull().default(''),
});

export const catalogEditionItems = pgTable('catalog_edition_items', {
  edition: integer('edition').notNull(),
  resourceId: uuid('resource_id').notNull(),
  resourceCode: text('resource_code').notNull(),
  snapshot: jsonb('snapshot').notNull().$type<unknown>(),
}, (t) => [primaryKey({ columns: [t.edition, t.resourceId] })]);

// ── authorization ─────────────────────────────────────────────────────────
export const holidaySchedules = pgTable('holiday_schedules', {
  year: integer('year').primaryKey(),
  schedule: jsonb('schedule').notNull().$type<import('@shuyun/core').HolidaySchedule>(),
  source: text('source').notNull(),
  enteredBy: uuid('entered_by'),
  enteredAt: ts('entered_at').notNull(),
});

export const partnerAdmissions = pgTable('partner_admissions', {
  id: uuid('id').primaryKey().defaultRandom(),
  partnerOrgId: uuid('partner_org_id').notNull(),
  operatorOrgId: uuid('operator_org_id').notNull(),
  state: text('state').notNull().$type<import('@shuyun/core').AdmissionState>(),
  qualifications: jsonb('qualifications').notNull().$type<Record<string, unknown>>(),
  reasons: text('reasons'),
  appliedAt: ts('applied_at').notNull(),
  decidedAt: ts('decided_at'),
  decidedBy: uuid('decided_by'),
  filedAt: ts('filed_at'),
  exitedAt: ts('exited_at'),
  exitFiledAt: ts('exit_filed_at'),
  updatedAt: ts('updated_at').notNull(),
  parties: uuid('parties').array().notNull(),
});

export interface ApplicationScenario {
  kind: 'public_interest' | 'industry';
  purpose: string;
  description: string;
}
export interface ApplicationControls {
  minSubjects?: number;
  epsilonBudget?: number;
  callQuota?: number;
}

export const applications = pgTable('applications', {
  id: uuid('id').primaryKey().defaultRandom(),
  number: text('number').notNull().unique(),
  applicantOrgId: uuid('applicant_org_id').notNull(),
  applicantKind: text('applicant_kind').notNull().$type<import('@shuyun/core').ApplicantKind>(),
  operatorOrgId: uuid('operator_org_id'),
  state: text('state').notNull().$type<import('@shuyun/core').ApplicationState>(),
  title: text('title').notNull(),
  scenario: jsonb('scenario').notNull().$type<ApplicationScenario>(),
  requested: jsonb('requested').notNull().$type<import('@shuyun/core').ApplicationScope>(),
  granted: jsonb('granted').notNull().$type<import('@shuyun/core').ApplicationScope>(),
  controls: jsonb('controls').notNull().$type<ApplicationControls>().default({}),
  termMonths: integer('term_months').notNull(),
  sourceOrgIds: uuid('source_org_ids').array().notNull(),
  returnedFrom: text('returned_from').$type<import('@shuyun/core').ReviewStageKind>(),
  submittedAt: ts('submitted_at').notNull(),
  decidedAt: ts('decided_at'),
  updatedAt: ts('updated_at').notNull(),
  parties: uuid('parties').array().notNull(),
});

export const applicationStages = pgTable('application_stages', {
  id: uuid('id').primaryKey().defaultRandom(),
  applicationId: uuid('application_id').notNull(),
  kind: text('kind').notNull().$type<import('@shuyun/core').ReviewStageKind>(),
  reviewerOrgId: uuid('reviewer_org_id').notNull(),
  round: integer('round').notNull(),
  startedAt: ts('started_at').notNull(),
  dueAt: ts('due_at').notNull(),
  closedAt: ts('closed_at'),
  outcome: text('outcome').$type<'approved' | 'returned' | 'rejected' | 'escalated' | 'superseded' | 'withdrawn'>(),
  decidedBy: uuid('decided_by'),
  reasons: text('reasons'),
  conditions: jsonb('conditions').$type<unknown>(),
  overdueAt: ts('overdue_at'),
  parties: uuid('parties').array().notNull(),
});

export const expertOpinions = pgTable('expert_opinions', {
  id: uuid('id').primaryKey().defaultRandom(),
  applicationId: uuid('application_id').notNull(),
  expertOrgId: uuid('expert_org_id').notNull(),
  question: text('question').notNull(),
  requestedBy: uuid('requested_by').notNull(),
  requestedAt: ts('requested_at').notNull(),
  recommendation: text('recommendation').$type<'approve' | 'approve_with_conditions' | 'reject'>(),
  opinion: text('opinion'),
  submittedBy: uuid('submitted_by'),
  submittedAt: ts('submitted_at'),
  parties: uuid('parties').array().notNull(),
});

export const escalations = pgTable('escalations', {
  id: uuid('id').primaryKey().defaultRandom(),
  applicationId: uuid('application_id').notNull(),
  reason: text('reason').notNull(),
  escalatedBy: uuid('escalated_by').notNull(),
  escalatedAt: ts('escalated_at').notNull(),
  answer: text('answer'),
  outcome: text('outcome').$type<'agreed' | 'refused'>(),
  answeredBy: uuid('answered_by'),
  answeredAt: ts('answered_at'),
  parties: uuid('parties').array().notNull(),
});

export const notifications = pgTable('notifications', {
  id: uuid('id').primaryKey().defaultRandom(),
  orgId: uuid('org_id').notNull(),
  kind: text('kind').notNull(),
  subjectType: text('subject_type').notNull(),
  subjectId: uuid('subject_id').notNull(),
  titleZh: text('title_zh').notNull(),
  titleEn: text('title_en').notNull(),
  createdAt: ts('created_at').notNull(),
  readAt: ts('read_at'),
});

export const webhookEndpoints = pgTable('webhook_endpoints', {
  orgId: uuid('org_id').primaryKey(),
  url: text('url').notNull(),
  secret: text('secret').notNull(),
  updatedAt: ts('updated_at').notNull(),
});

export const webhookDeliveries = pgTable('webhook_deliveries', {
  id: uuid('id').primaryKey().defaultRandom(),
  orgId: uuid('org_id').notNull(),
  event: jsonb('event').notNull().$type<Record<string, unknown>>(),
  state: text('state').notNull().$type<'pending' | 'delivered' | 'failed'>(),
  attempts: integer('attempts').notNull().default(0),
  nextAttemptAt: ts('next_attempt_at').notNull(),
  lastStatus: integer('last_status'),
  createdAt: ts('created_at').notNull(),
  deliveredAt: ts('delivered_at'),
});

export const organizationKeys = pgTable('organization_keys', {
  orgId: uuid('org_id').notNull(),
  keyId: text('key_id').notNull(),
  publicKey: text('public_key').notNull(),
  custodial: boolean('custodial').notNull(),
  createdAt: ts('created_at').notNull(),
  revokedAt: ts('revoked_at'),
}, (t) => [primaryKey({ columns: [t.orgId, t.keyId] })]);

export type AgreementKind = 'operator_agreement' | 'service_agreement' | 'platform_service_agreement';
export type AgreementState = 'awaiting_signatures' | 'in_force' | 'superseded' | 'expired' | 'terminated';

export const agreements = pgTable('agreements', {
  id: uuid('id').primaryKey().defaultRandom(),
  number: text('number').notNull().unique(),
  kind: text('kind').notNull().$type<AgreementKind>(),
  state: text('state').notNull().$type<AgreementState>(),
  applicationId: uuid('application_id'),
  admissionId: uuid('admission_id'),
  amendsId: uuid('amends_id'),
  document: jsonb('document').notNull().$type<unknown>(),
  hash: text('hash').notNull(),
  signerOrgIds: uuid('signer_org_ids').array().notNull(),
  validFrom: date('valid_from', { mode: 'string' }).notNull(),
  validUntil: date('valid_until', { mode: 'string' }).notNull(),
  createdAt: ts('created_at').notNull(),
  inForceAt: ts('in_force_at'),
  endedAt: ts('ended_at'),
  endReason: text('end_reason'),
  parties: uuid('parties').array().notNull(),
});

export const agreementSignatures = pgTable('agreement_signatures', {
  agreementId: uuid('agreement_id').notNull(),
  orgId: uuid('org_id').notNull(),
  signedBy: uuid('signed_by').notNull(),
  keyId: text('key_id').notNull(),
  signature: text('signature').notNull(),
  signedHash: text('signed_hash').notNull(),
  signedAt: ts('signed_at').notNull(),
  parties: uuid('parties').array().notNull(),
}, (t) => [primaryKey({ columns: [t.agreementId, t.orgId] })]);

export const grants = pgTable('grants', {
  id: uuid('id').primaryKey().defaultRandom(),
  agreementId: uuid('agreement_id').notNull().unique(),
  applicationId: uuid('application_id').notNull(),
  assigneeOrgId: uuid('assignee_org_id').notNull(),
  operatorOrgId: uuid('operator_org_id'),
  state: text('state').notNull().$type<'active' | 'expired' | 'terminated'>(),
  policy: jsonb('policy').notNull().$type<unknown>(),
  validFrom: ts('valid_from').notNull(),
  validUntil: ts('valid_until').notNull(),
  epsilonTotalMicro: bigint('epsilon_total_micro', { mode: 'number' }),
  epsilonSpentMicro: bigint('epsilon_spent_micro', { mode: 'number' }).notNull().default(0),
  createdAt: ts('created_at').notNull(),
  endedAt: ts('ended_at'),
  parties: uuid('parties').array().notNull(),
});

export const supervisionActions = pgTable('supervision_actions', {
  id: uuid('id').primaryKey().defaultRandom(),
  kind: text('kind').notNull().$type<'suspend' | 'resume' | 'terminate'>(),
  targetOrgId: uuid('target_org_id').notNull(),
  admissionId: uuid('admission_id'),
  reasons: text('reasons').notNull(),
  rectificationDue: date('rectification_due', { mode: 'string' }),
  actedBy: uuid('acted_by').notNull(),
  actedAt: ts('acted_at').notNull(),
  parties: uuid('parties').array().notNull(),
});

export const handoverTasks = pgTable('handover_tasks', {
  id: uuid('id').primaryKey().defaultRandom(),
  orgId: uuid('org_id').notNull(),
  kind: text('kind').notNull().$type<'data_deletion_and_handover'>(),
  state: text('state').notNull().$type<'open' | 'confirmed'>(),
  openedAt: ts('opened_at').notNull(),
  confirmedAt: ts('confirmed_at'),
  confirmedBy: uuid('confirmed_by'),
  note: text('note'),
  parties: uuid('parties').array().notNull(),
});

// ── workspaces ────────────────────────────────────────────────────────────
export const workspaceQueries = pgTable('workspace_queries', {
  id: uuid('id').primaryKey().defaultRandom(),
  grantId: uuid('grant_id').notNull(),
  orgId: uuid('org_id').notNull(),
  userId: uuid('user_id'),
  workspace: text('workspace').notNull().$type<'dev' | 'prod'>(),
  sqlHash: text('sql_hash').notNull(),
  outcome: text('outcome').notNull().$type<'answered' | 'refused'>(),
  refusalCode: text('refusal_code'),
  rows: integer('rows'),
  suppressed: integer('suppressed'),
  epsilonMicro: bigint('epsilon_micro', { mode: 'number' }),
  resources: text('resources').array().notNull(),
  elapsedMs: integer('elapsed_ms'),
  createdAt: ts('created_at').notNull(),
  parties: uuid('parties').array().notNull(),
  /** of `suppressed`, the rows withheld by the differencing control (0008) */
  suppressedDifferencing: integer('suppressed_differencing'),
});

/** What governed answers released, for the differencing control (0008): a key digest and a subject count, no values. */
export const releasedAggregates = pgTable('released_aggregates', {
  grantId: uuid('grant_id').notNull(),
  groupKeyHash: text('group_key_hash').notNull(),
  subjects: integer('subjects').notNull(),
  shapeHash: text('shape_hash').notNull(),
  sqlHash: text('sql_hash').notNull(),
  orgId: uuid('org_id').notNull(),
  releasedAt: ts('released_at').notNull(),
  parties: uuid('parties').array().notNull(),
}, (t) => [primaryKey({ columns: [t.grantId, t.groupKeyHash, t.subjects] })]);

export interface JobStatement {
  /** the result table this statement writes */
  output: string;
  sql: string;
}
export type JobState = 'draft' | 'submitted' | 'approved' | 'rejected' | 'running' | 'succeeded' | 'failed';

export const jobs = pgTable('jobs', {
  id: uuid('id').primaryKey().defaultRandom(),
  grantId: uuid('grant_id').notNull(),
  orgId: uuid('org_id').notNull(),
  name: text('name').notNull(),
  statements: jsonb('statements').notNull().$type<JobStatement[]>(),
  hash: text('hash').notNull(),
  state: text('state').notNull().$type<JobState>(),
  devRun: jsonb('dev_run').$type<unknown>(),
  reviewerOrgIds: uuid('reviewer_org_ids').array().notNull(),
  errorCode: text('error_code'),
  createdAt: ts('created_at').notNull(),
  submittedAt: ts('submitted_at'),
  decidedAt: ts('decided_at'),
  finishedAt: ts('finished_at'),
  parties: uuid('parties').array().notNull(),
});

export const jobReviews = pgTable('job_reviews', {
  jobId: uuid('job_id').notNull(),
  reviewerOrgId: uuid('reviewer_org_id').notNull(),
  jobHash: text('job_hash').notNull(),
  decision: text('decision').notNull().$type<'approve' | 'reject'>(),
  reasons: text('reasons'),
  decidedBy: uuid('decided_by').notNull(),
  decidedAt: ts('decided_at').notNull(),
  parties: uuid('parties').array().notNull(),
}, (t) => [primaryKey({ columns: [t.jobId, t.reviewerOrgId, t.jobHash] })]);

export const resultTables = pgTable('result_tables', {
  id: uuid('id').primaryKey().defaultRandom(),
  jobId: uuid('job_id').notNull(),
  grantId: uuid('grant_id').notNull(),
  orgId: uuid('org_id').notNull(),
  name: text('name').notNull(),
  filePath: text('file_path').notNull(),
  rows: bigint('rows', { mode: 'number' }).notNull(),
  bytes: bigint('bytes', { mode: 'number' }).notNull(),
  sha256: text('sha256').notNull(),
  createdAt: ts('created_at').notNull(),
  parties: uuid('parties').array().notNull(),
});

// ── products, metering, access transparency ───────────────────────────────
export type ProductKind = 'dataset' | 'data_api' | 'indicator' | 'report' | 'model' | 'application';
export interface ProductSource {
  resultTableId: string;
  lookupColumn: string;
  outputColumns: string[];
}

export const products = pgTable('products', {
  id: uuid('id').primaryKey().defaultRandom(),
  orgId: uuid('org_id').notNull(),
  grantId: uuid('grant_id').notNull(),
  kind: text('kind').notNull().$type<ProductKind>(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en'),
  description: text('description').notNull(),
  scenarios: text('scenarios').array().notNull(),
  scope: text('scope').notNull(),
  mannerOfUse: text('manner_of_use').notNull(),
  usage: text('usage').notNull().$type<'public_interest' | 'industry'>(),
  pricing: jsonb('pricing').notNull().$type<{ basis: string; price: string; per: string }>(),
  source: jsonb('source').$type<ProductSource | null>(),
  modelInspection: jsonb('model_inspection').$type<unknown>(),
  state: text('state').notNull().$type<'submitted' | 'approved' | 'rejected' | 'suspended'>(),
  checklist: jsonb('checklist').$type<unknown>(),
  reasons: text('reasons'),
  submittedAt: ts('submitted_at').notNull(),
  decidedAt: ts('decided_at'),
  decidedBy: uuid('decided_by'),
  parties: uuid('parties').array().notNull(),
});

export const productKeys = pgTable('product_keys', {
  id: uuid('id').primaryKey().defaultRandom(),
  productId: uuid('product_id').notNull(),
  consumerOrgId: uuid('consumer_org_id').notNull(),
  scenario: text('scenario').notNull(),
  keyHash: text('key_hash').notNull().unique(),
  keyPrefix: text('key_prefix').notNull(),
  quotaPerDay: integer('quota_per_day').notNull(),
  ratePerMinute: integer('rate_per_minute').notNull(),
  createdAt: ts('created_at').notNull(),
  revokedAt: ts('revoked_at'),
  parties: uuid('parties').array().notNull(),
});

export type UsageKind = 'compute_ms' | 'bytes_scanned' | 'masking_operations' | 'export' | 'api_call' | 'model_publication';

export const usageRecords = pgTable('usage_records', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  orgId: uuid('org_id').notNull(),
  grantId: uuid('grant_id'),
  productId: uuid('product_id'),
  keyId: uuid('key_id'),
  kind: text('kind').notNull().$type<UsageKind>(),
  quantity: bigint('quantity', { mode: 'number' }).notNull(),
  periodDay: date('period_day', { mode: 'string' }).notNull(),
  recordedAt: ts('recorded_at').notNull(),
  parties: uuid('parties').array().notNull(),
});

export const subjectAccesses = pgTable('subject_accesses', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  subjectHashes: text('subject_hashes').array().notNull(),
  productId: uuid('product_id').notNull(),
  consumerOrgId: uuid('consumer_org_id').notNull(),
  scenario: text('scenario').notNull(),
  calls: integer('calls').notNull(),
  periodDay: date('period_day', { mode: 'string' }).notNull(),
  recordedAt: ts('recorded_at').notNull(),
  parties: uuid('parties').array().notNull(),
});

// ── export review ─────────────────────────────────────────────────────────
export interface ExportDeclared {
  quasiIdentifiers: string[];
  subjectCountColumn: string | null;
  measureColumns: Array<{ name: string; decimals: number }>;
}

export const exportRequests = pgTable('export_requests', {
  id: uuid('id').primaryKey().defaultRandom(),
  grantId: uuid('grant_id').notNull(),
  orgId: uuid('org_id').notNull(),
  resultTableId: uuid('result_table_id').notNull(),
  format: text('format').notNull().$type<'csv' | 'parquet'>(),
  purpose: text('purpose').notNull(),
  declared: jsonb('declared').notNull().$type<ExportDeclared>(),
  state: text('state').notNull().$type<'blocked' | 'awaiting_review' | 'approved' | 'rejected'>(),
  checks: jsonb('checks').notNull().$type<unknown>(),
  requiredReviewers: integer('required_reviewers').notNull(),
  releasePath: text('release_path'),
  releaseSha256: text('release_sha256'),
  requestedBy: uuid('requested_by').notNull(),
  requestedAt: ts('requested_at').notNull(),
  decidedAt: ts('decided_at'),
  parties: uuid('parties').array().notNull(),
});

export const exportReviews = pgTable('export_reviews', {
  exportId: uuid('export_id').notNull(),
  reviewerUserId: uuid('reviewer_user_id').notNull(),
  reviewerOrgId: uuid('reviewer_org_id').notNull(),
  decision: text('decision').notNull().$type<'approve' | 'reject'>(),
  reasons: text('reasons'),
  decidedAt: ts('decided_at').notNull(),
  parties: uuid('parties').array().notNull(),
}, (t) => [primaryKey({ columns: [t.exportId, t.reviewerUserId] })]);

export const downloadLinks = pgTable('download_links', {
  tokenHash: text('token_hash').primaryKey(),
  exportId: uuid('export_id').notNull(),
  expiresAt: ts('expires_at').notNull(),
  usedAt: ts('used_at'),
  createdAt: ts('created_at').notNull(),
  parties: uuid('parties').array().notNull(),
});
