import type { Actor } from './actor.ts';

/** What a rule may know about the object an action touches. */
export interface ResourceFacts {
  /** the tenant that owns the object */
  orgId?: string;
}

type Rule = (actor: Actor, resource: ResourceFacts | undefined) => boolean;

const anyone: Rule = () => true;
const hasRole =
  (...roles: Actor['roles'][number][]): Rule =>
  (actor) => actor.roles.some((r) => roles.includes(r));
const orgType =
  (...types: Actor['orgType'][]): Rule =>
  (actor) => types.includes(actor.orgType);
const any =
  (...rules: Rule[]): Rule =>
  (actor, resource) => rules.some((rule) => rule(actor, resource));
const ownOrganization: Rule = (actor, resource) => resource?.orgId === undefined || resource.orgId === actor.orgId;
const all =
  (...rules: Rule[]): Rule =>
  (actor, resource) => rules.every((rule) => rule(actor, resource));

/**
 * The action catalogue: every route declares one of these, and this table is the only place that says who may
 * perform it. `visible` says whether the actor may know the object exists at all (if not, it gets 404, not 403).
 * `hidden`: whoever may not perform the action learns nothing of what it reads (404, not 403).
 */
export const actions = {
  'session.read': { zh: '查看本人會話', en: 'Read own session', allow: anyone, read: true },
  'session.logout': { zh: '退出登錄', en: 'Log out', allow: anyone, read: true },
  'organization.list': { zh: '查看組織目錄', en: 'List organizations', allow: anyone, read: true },
  'organization.read': { zh: '查看組織', en: 'Read an organization', allow: anyone, read: true },
  'user.list': { zh: '查看本組織用戶', en: "List the organization's users", allow: all(hasRole('admin'), ownOrganization), read: true },
  'api_key.list': { zh: '查看 API 密鑰', en: 'List API keys', allow: all(hasRole('admin', 'developer'), ownOrganization), read: true },
  'api_key.create': { zh: '創建 API 密鑰', en: 'Create an API key', allow: all(hasRole('admin', 'developer'), ownOrganization) },
  'api_key.revoke': { zh: '撤銷 API 密鑰', en: 'Revoke an API key', allow: all(hasRole('admin', 'developer'), ownOrganization) },
  'resource.register': { zh: '登記數據資源', en: 'Register a data resource', allow: all(orgType('source_department'), hasRole('admin', 'reviewer')) },
  'resource.update': { zh: '修改數據資源描述', en: "Edit a data resource's description", allow: all(orgType('source_department'), hasRole('admin', 'reviewer'), ownOrganization) },
  'resource.read': { zh: '查看數據資源', en: 'Read data resources', allow: anyone, read: true },
  'resource.classify': { zh: '確認字段分類分級', en: 'Confirm field classification', allow: all(orgType('source_department'), hasRole('admin', 'reviewer'), ownOrganization) },
  'resource.ingest': { zh: '匯聚數據版本', en: 'Ingest a data version', allow: all(orgType('source_department'), hasRole('admin', 'reviewer'), ownOrganization) },
  'catalog.propose': { zh: '提出目錄條目', en: 'Propose a catalog entry', allow: all(orgType('source_department'), hasRole('admin', 'reviewer'), ownOrganization) },
  'catalog.withdraw': {
    zh: '撤出授權運營目錄',
    en: 'Withdraw a resource from the catalog',
    allow: any(all(orgType('source_department'), hasRole('admin', 'reviewer'), ownOrganization), all(orgType('authority'), hasRole('admin', 'reviewer'))),
  },
  'catalog.decide': { zh: '審核目錄條目', en: 'Decide on a catalog entry', allow: all(orgType('authority'), hasRole('admin', 'reviewer')) },
  'catalog.publish': { zh: '發佈目錄版本', en: 'Publish a catalog edition', allow: all(orgType('authority'), hasRole('admin', 'reviewer')) },
  'catalog.read': { zh: '查看授權運營目錄', en: 'Read the operation catalog', allow: anyone, read: true },
  'ledger.read': { zh: '查看賬本', en: 'Read the ledger', allow: anyone, read: true },
  'ledger.checkpoint': { zh: '簽發檢查點', en: 'Sign a checkpoint on demand', allow: all(orgType('authority'), hasRole('admin', 'reviewer')) },
  'ledger.witness_register': { zh: '登記見證方', en: 'Register a witness', allow: all(orgType('authority'), hasRole('admin')) },
  'ledger.cosign': { zh: '提交聯署簽名', en: 'Submit a cosignature', allow: anyone },
  'calendar.read': { zh: '查看工作日日曆', en: 'Read the working-day calendar', allow: anyone, read: true },
  'calendar.enter': { zh: '錄入節假日安排', en: "Enter a year's holiday schedule", allow: all(orgType('authority'), hasRole('admin', 'reviewer')) },
  'admission.apply': { zh: '申請成為平臺合作方', en: 'Apply for admission to an operator', allow: all(orgType('partner'), hasRole('admin')) },
  'admission.read': { zh: '查看准入記錄', en: 'Read admissions', allow: anyone, read: true },
  'admission.decide': { zh: '審核合作方准入', en: 'Decide on an admission', allow: all(orgType('operator'), hasRole('admin', 'reviewer')) },
  'admission.supervise': { zh: '暫停或恢復合作方', en: 'Suspend or resume a partner', allow: all(orgType('operator'), hasRole('admin', 'reviewer')) },
  'admission.exit': {
    zh: '合作方退出',
    en: 'End an admission (exit)',
    allow: any(all(orgType('partner'), hasRole('admin')), all(orgType('operator'), hasRole('admin', 'reviewer'))),
  },
  'application.submit': { zh: '提交授權申請', en: 'Submit an authorization application', allow: all(orgType('partner', 'operator'), hasRole('admin', 'developer')) },
  'application.read': { zh: '查看授權申請', en: 'Read authorization applications', allow: anyone, read: true },
  'application.review': { zh: '審核授權申請', en: 'Review an authorization application', allow: all(orgType('operator', 'authority', 'source_department'), hasRole('admin', 'reviewer')) },
  'application.escalate': { zh: '報請市級主管部門', en: 'Escalate to the city authority', allow: all(orgType('authority'), hasRole('admin', 'reviewer')) },
  'application.request_opinion': { zh: '徵求專家意見', en: 'Request an expert opinion', allow: all(orgType('authority'), hasRole('admin', 'reviewer')) },
  'application.give_opinion': { zh: '提出專家意見', en: 'Give an expert opinion', allow: orgType('expert') },
  'agreement.read': { zh: '查看協議', en: 'Read agreements', allow: anyone, read: true },
  'agreement.draft': { zh: '起草協議', en: 'Draft an agreement', allow: all(orgType('authority'), hasRole('admin', 'reviewer')) },
  'agreement.sign': { zh: '簽署協議', en: 'Sign an agreement', allow: hasRole('signatory') },
  'agreement.amend': { zh: '修訂協議', en: 'Amend an agreement', allow: all(orgType('authority', 'operator'), hasRole('admin', 'reviewer')) },
  'signing_key.register': { zh: '登記組織簽名公鑰', en: "Register the organization's signing key", allow: hasRole('admin') },
  'grant.read': { zh: '查看授權', en: 'Read grants', allow: anyone, read: true },
  'grant.use': { zh: '使用授權', en: 'Use a grant', allow: hasRole('admin', 'developer') },
  'workspace.query': { zh: '在工作空間查詢', en: 'Query in a workspace', allow: hasRole('admin', 'developer') },
  'job.develop': { zh: '開發作業', en: 'Develop a job', allow: hasRole('admin', 'developer') },
  'job.review': { zh: '審核作業', en: 'Review a job', allow: all(orgType('operator', 'authority'), hasRole('admin', 'reviewer')) },
  'product.file': { zh: '登記數據產品', en: 'File a data product', allow: all(orgType('operator', 'partner'), hasRole('admin', 'developer')) },
  'product.read': { zh: '查看數據產品', en: 'Read data products', allow: anyone, read: true },
  'product.review': { zh: '審核數據產品', en: 'Review a data product', allow: all(orgType('authority'), hasRole('admin', 'reviewer')) },
  'product.issue_key': { zh: '發放產品調用密鑰', en: 'Issue a product key', allow: all(orgType('operator', 'partner'), hasRole('admin', 'developer'), ownOrganization) },
  'export.request': { zh: '申請數據出域', en: 'Request an export', allow: all(orgType('operator', 'partner'), hasRole('admin', 'developer')) },
  'export.read': { zh: '查看出域申請', en: 'Read export requests', allow: anyone, read: true },
  'export.review': { zh: '出域審核', en: 'Review an export', allow: all(orgType('authority'), hasRole('admin', 'reviewer')) },
  'product.cost_account': { zh: '產品成本核算', en: "Account a product's costs", allow: any(all(orgType('operator', 'partner'), hasRole('admin'), ownOrganization), all(orgType('authority', 'regulator'), hasRole('admin', 'reviewer', 'viewer'))) },
  'invoice.read': { zh: '查看賬單', en: 'Read invoices', allow: hasRole('admin', 'viewer', 'developer'), read: true },
  'organization.supervise': { zh: '暫停、恢復或終止運營', en: 'Suspend, resume or terminate an organization', allow: all(orgType('authority'), hasRole('admin', 'reviewer')) },
  'supervision.read': { zh: '查看監管記錄', en: 'Read supervision records', allow: anyone, read: true },
  'supervision.dashboard': { zh: '查看監管看板', en: 'Read the supervision dashboards', allow: orgType('authority', 'regulator'), read: true, hidden: true },
  'handover.confirm': { zh: '確認數據刪除與移交', en: 'Confirm data deletion and handover', allow: all(orgType('authority'), hasRole('admin', 'reviewer')) },
  'inbox.read': { zh: '查看站內消息', en: 'Read the inbox', allow: anyone, read: true },
  'inbox.mark': { zh: '標記消息已讀', en: 'Mark a message read', allow: anyone, read: true },
  'webhook.configure': { zh: '配置 Webhook', en: 'Configure the outgoing webhook', allow: hasRole('admin') },
} as const satisfies Record<string, { zh: string; en: string; allow: Rule; read?: true; hidden?: true }>;

export type Action = keyof typeof actions;

/** Routes that anyone may call without signing in declare this instead of an action. */
export const PUBLIC = 'public' as const;
export type RouteAction = Action | typeof PUBLIC;

/** Actions that change nothing: the only ones a suspended organization may still perform. */
export function isReadAction(action: Action): boolean {
  return (actions[action] as { read?: true }).read === true;
}

export function isAction(value: unknown): value is Action {
  return typeof value === 'string' && Object.hasOwn(actions, value);
}

/** Scopes an API key can be issued for: single actions, or every action of a group (`api_key.*`). */
export function isValidScope(scope: string): boolean {
  if (scope.endsWith('.*')) {
    const group = scope.slice(0, -1);
    return Object.keys(actions).some((a) => a.startsWith(group));
  }
  return isAction(scope);
}

export function scopeCovers(scopes: readonly string[], action: Action): boolean {
  return scopes.some((s) => s === action || (s.endsWith('.*') && action.startsWith(s.slice(0, -1))));
}
