import type { Lang } from './i18n.ts';

/** RFC 9457 problem from the API; `title` is already in the user's language (the API localizes by Accept-Language). */
export interface Problem {
  type?: string;
  status: number;
  code: string;
  title: string;
  detail?: string;
  instance?: string;
  requestId?: string;
  errors?: { path: string; reason: string; message?: string }[];
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.title);
    this.name = 'ApiError';
  }
}

function isProblem(body: unknown): body is Problem {
  return typeof body === 'object' && body !== null && 'title' in body && 'status' in body;
}

/** The fetch wrapper: same-origin credentials, the user's language, JSON in and out, problem+json as an ApiError. */
export async function api<T>(path: string, lang: Lang, init: RequestInit = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, {
      ...init,
      credentials: 'same-origin',
      headers: { 'accept-language': lang, accept: 'application/json, application/problem+json', ...(init.body ? { 'content-type': 'application/json' } : {}), ...init.headers },
    });
  } catch {
    throw new ApiError({ status: 0, code: 'NETWORK', title: lang === 'en' ? 'The platform cannot be reached' : '無法連接平臺' });
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let body: unknown = undefined;
  try {
    body = text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    body = undefined;
  }
  if (!res.ok) {
    throw new ApiError(isProblem(body) ? body : { status: res.status, code: `HTTP_${res.status}`, title: res.statusText || `HTTP ${res.status}` });
  }
  return body as T;
}

export const get = <T>(path: string, lang: Lang) => api<T>(path, lang);
export const post = <T>(path: string, lang: Lang, body?: unknown) => api<T>(path, lang, { method: 'POST', ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

export interface Items<T> {
  items: T[];
}

// ——— identity and organizations ———
export type OrgType = 'authority' | 'source_department' | 'operator' | 'partner' | 'regulator' | 'expert' | 'consumer';
export type OrgStatus = 'active' | 'suspended' | 'terminated';
export type Role = 'admin' | 'reviewer' | 'developer' | 'signatory' | 'viewer';

export interface Me {
  user: { id: string; username: string; displayName: string };
  organization: { id: string; code: string; nameZh: string; nameEn: string | null; type: OrgType; status: OrgStatus };
  roles: Role[];
}

export interface Organization {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string | null;
  type: OrgType;
  uscc: string | null;
  status: OrgStatus;
}

// ——— resources and catalog ———
export type Openness = 'unconditional' | 'conditional' | 'not_open';
export type Grade = 'general_1' | 'general_2' | 'general_3' | 'general_4' | 'important' | 'core';
export type FieldRole = 'direct_identifier' | 'quasi_identifier' | 'sensitive' | 'other';
export type CatalogState = 'draft' | 'submitted' | 'returned' | 'approved' | 'rejected' | 'published' | 'withdrawn';

export interface ResourceField {
  name: string;
  type: string;
  nullable: boolean;
  piiType: string | null;
  role: FieldRole;
  grade: Grade;
  description?: string;
  piiConfirmed?: boolean;
  piiSuggestion?: { type: string; confidence: number } | null;
}

export interface Resource {
  id: string;
  orgId: string;
  code: string;
  nameZh: string;
  nameEn: string | null;
  descriptionZh: string;
  descriptionEn: string | null;
  category: string[];
  openness: Openness;
  updateFrequency: string;
  format: string;
  publishDate: string | null;
  subjectKey: string | null;
  subjectKind: 'person' | 'enterprise' | null;
  grade: Grade;
  fields: ResourceField[];
  catalogState: CatalogState | null;
}

export interface CatalogSnapshot extends Omit<Resource, 'catalogState' | 'descriptionZh'> {
  descriptionZh?: string;
  publisher?: { id: string; nameZh: string; nameEn: string | null };
}

export interface CatalogEdition {
  number: number;
  publishedAt: string;
  note: string;
  resources: { resourceId: string; code: string; snapshot: CatalogSnapshot }[];
}

export interface CatalogEntry {
  id: string;
  resourceId: string;
  orgId: string;
  state: CatalogState;
  reasons: string | null;
  submittedAt: string | null;
  decidedAt: string | null;
}

export interface QualityColumn {
  name: string;
  nulls: number;
  nullRate: number;
  distinct: number;
  rules: { rule: string; failing: number }[];
  validity: { rate: number; type: string; valid: number; checked: number } | null;
}

export interface ResourceVersion {
  id: string;
  version: number;
  rows: number;
  bytes: number;
  sha256: string;
  sm3: string;
  sourceFormat: string;
  encoding: string;
  quality: { rows?: number; columns?: QualityColumn[]; duplicateSubjectKeys?: number };
  createdAt: string;
  freshness: { ageDays: number; stale: boolean };
}

// ——— admissions ———
export type AdmissionState = 'applied' | 'admitted' | 'refused' | 'suspended' | 'exited';
export interface Qualifications {
  businessScope: string;
  dataSecurityMeasures: string;
  certifications?: string[];
  contactName: string;
  contactPhone: string;
}
export interface Admission {
  id: string;
  partnerOrgId: string;
  operatorOrgId: string;
  state: AdmissionState;
  qualifications: Qualifications;
  reasons: string | null;
  appliedAt: string;
  decidedAt: string | null;
  filedAt: string | null;
  exitedAt: string | null;
}

// ——— applications ———
export type Mode = 'governed_query' | 'approved_job' | 'product_api' | 'psi' | 'export';
export const MODES: Mode[] = ['governed_query', 'approved_job', 'product_api', 'psi', 'export'];
export type ScenarioKind = 'public_interest' | 'industry';
export type ApplicationState = 'operator_review' | 'authority_evaluation' | 'escalated' | 'source_confirmation' | 'returned' | 'approved' | 'rejected' | 'withdrawn';
export type StageKind = 'operator_review' | 'authority_evaluation' | 'source_confirmation';

export interface ResourceSelection {
  resourceId: string;
  fields: string[];
}
export interface Controls {
  minSubjects?: number;
  epsilonBudget?: number;
  callQuota?: number;
}
export interface Stage {
  id: string;
  kind: StageKind;
  reviewerOrgId: string;
  round: number;
  startedAt: string;
  dueAt: string;
  closedAt: string | null;
  outcome: string | null;
  reasons: string | null;
  overdue: boolean;
  workingDaysLeft: number | null;
}
export interface ExpertOpinion {
  id: string;
  expertOrgId: string;
  question: string;
  requestedAt: string;
  recommendation: string | null;
  opinion: string | null;
  submittedAt: string | null;
}
export interface Escalation {
  id: string;
  reason: string;
  escalatedAt: string;
  outcome: string | null;
  answer: string | null;
  answeredAt: string | null;
}
export interface Application {
  id: string;
  number: string;
  title: string;
  applicantOrgId: string;
  applicantKind: 'partner' | 'operator';
  operatorOrgId: string | null;
  state: ApplicationState;
  scenario: { kind: ScenarioKind; purpose: string; description: string };
  requested: { resources: ResourceSelection[]; modes: Mode[] };
  granted: { resources: ResourceSelection[]; modes: Mode[] };
  controls: Controls;
  termMonths: number;
  sourceOrgIds: string[];
  submittedAt: string;
  decidedAt: string | null;
  stages: Stage[];
  opinions: ExpertOpinion[];
  escalations: Escalation[];
}
export interface NewApplication {
  title: string;
  operatorOrgId?: string;
  scenario: { kind: ScenarioKind; purpose: string; description: string };
  resources: ResourceSelection[];
  modes: Mode[];
  termMonths?: number;
}
export interface Decision {
  decision: 'approve' | 'return' | 'reject';
  reasons?: string;
  conditions?: { resources?: ResourceSelection[]; modes?: Mode[] };
  controls?: Controls;
}

// ——— agreements ———
export type AgreementKind = 'operator_agreement' | 'service_agreement' | 'platform_service_agreement';
export type AgreementState = 'awaiting_signatures' | 'in_force' | 'superseded' | 'expired' | 'terminated';
export interface Bilingual {
  zh: string;
  en: string;
}
export interface AgreementParty {
  role: string;
  organizationId: string;
  nameZh: string;
  nameEn: string | null;
  designation?: Bilingual;
}
export interface Signature {
  orgId: string;
  keyId: string;
  publicKey: string | null;
  signature: string;
  signedHash: string;
  signedAt: string;
  verified: boolean;
}
export interface Agreement {
  id: string;
  number: string;
  kind: AgreementKind;
  state: AgreementState;
  applicationId: string | null;
  admissionId: string | null;
  amendsId: string | null;
  hash: string;
  document: { title?: Bilingual; parties?: AgreementParty[]; term?: { from: string; until: string } };
  signerOrgIds: string[];
  validFrom: string;
  validUntil: string;
  createdAt: string;
  inForceAt: string | null;
  endedAt: string | null;
  endReason: string | null;
  signatures: Signature[];
  awaiting: string[];
}

// ——— grants and workspaces ———
export interface PolicyField {
  name: string;
  control: string;
}
export interface GrantPolicy {
  id?: string;
  modes?: Mode[];
  purpose?: { usage?: string; scenario?: string };
  targets?: { resource: string; fields: PolicyField[] }[];
  minSubjects?: number;
  privacyBudget?: { epsilonTotal?: number; epsilonPerQuery?: number };
  quotas?: { total?: number; perDay?: number; perMonth?: number };
  fee?: { kind?: string; amount?: string; currency?: string; per?: string; standard?: string };
  term?: { from: string; until: string };
}
export interface Grant {
  id: string;
  agreementId: string;
  applicationId: string;
  assigneeOrgId: string;
  operatorOrgId: string | null;
  state: 'active' | 'expired' | 'terminated';
  policy: GrantPolicy;
  validFrom: string;
  validUntil: string;
  epsilonTotal: number | null;
  epsilonSpent: number;
  endedAt: string | null;
}
export type Cell = string | number | boolean | null;
export interface QueryResult {
  columns: { name: string; type: string }[];
  rows: Cell[][];
  truncated: boolean;
  suppressed: number;
  /** which rule withheld the `suppressed` rows (governed answers): under the threshold, or differencing an earlier answer */
  withheld?: { minSubjects: number; differencing: number };
  masked?: boolean;
  minSubjects?: number;
  epsilon?: number;
}
export interface QueryRecord {
  id: string;
  workspace: string;
  sqlHash: string;
  outcome: string;
  refusalCode: string | null;
  rows: number | null;
  suppressed: number | null;
  /** of the `suppressed` rows, those withheld for differencing an earlier answer (null on older records) */
  differencing?: number | null;
  epsilon: number | null;
  resources: string[];
  createdAt: string;
}
export type JobState = 'draft' | 'submitted' | 'approved' | 'rejected' | 'running' | 'succeeded' | 'failed';
export interface JobStatement {
  output: string;
  sql: string;
}
export interface DevRunOutput {
  output: string;
  rows: number;
  columns: { name: string; type: string }[];
  sample: Cell[][];
  truncated: boolean;
}
export interface Job {
  id: string;
  grantId: string;
  name: string;
  statements: JobStatement[];
  hash: string;
  state: JobState;
  devRun: { at: string; on: string; hash: string; outputs: DevRunOutput[] } | null;
  reviewerOrgIds: string[];
  /** the reviewers that have decided on the current text */
  reviewedByOrgIds?: string[];
  errorCode: string | null;
  createdAt: string;
  submittedAt: string | null;
  decidedAt: string | null;
  finishedAt: string | null;
  results: { name: string; rows: number; bytes: number; sha256: string; createdAt: string }[];
}

// ——— inbox and supervision ———
export interface InboxMessage {
  id: string;
  kind: string;
  subject: { type: string; id: string };
  title?: Partial<Record<Lang, string>>;
  createdAt: string;
  readAt: string | null;
}
export interface SupervisionAction {
  id: string;
  kind: 'suspend' | 'resume' | 'terminate';
  targetOrgId: string;
  admissionId: string | null;
  reasons: string;
  rectificationDue: string | null;
  actedAt: string;
}
export interface HandoverTask {
  id: string;
  orgId: string;
  kind: string;
  state: 'open' | 'confirmed';
  openedAt: string;
  confirmedAt: string | null;
  note: string | null;
}
export interface Supervision {
  actions: SupervisionAction[];
  handovers: HandoverTask[];
}

/** The table a granted resource is visible as in the workspaces: its code in lower case, dashes as underscores. */
export function tableName(code: string): string {
  return code.toLowerCase().replace(/-/g, '_');
}
