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
 */
export const actions = {
  'session.read': { zh: '查看本人會話', en: 'Read own session', allow: anyone },
  'session.logout': { zh: '退出登錄', en: 'Log out', allow: anyone },
  'organization.list': { zh: '查看組織目錄', en: 'List organizations', allow: anyone },
  'organization.read': { zh: '查看組織', en: 'Read an organization', allow: anyone },
  'user.list': { zh: '查看本組織用戶', en: "List the organization's users", allow: all(hasRole('admin'), ownOrganization) },
  'api_key.list': { zh: '查看 API 密鑰', en: 'List API keys', allow: all(hasRole('admin', 'developer'), ownOrganization) },
  'api_key.create': { zh: '創建 API 密鑰', en: 'Create an API key', allow: all(hasRole('admin', 'developer'), ownOrganization) },
  'api_key.revoke': { zh: '撤銷 API 密鑰', en: 'Revoke an API key', allow: all(hasRole('admin', 'developer'), ownOrganization) },
  'resource.register': { zh: '登記數據資源', en: 'Register a data resource', allow: all(orgType('source_department'), hasRole('admin', 'reviewer')) },
  'resource.read': { zh: '查看數據資源', en: 'Read data resources', allow: anyone },
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
  'catalog.read': { zh: '查看授權運營目錄', en: 'Read the operation catalog', allow: anyone },
  'ledger.read': { zh: '查看賬本', en: 'Read the ledger', allow: anyone },
  'ledger.checkpoint': { zh: '簽發檢查點', en: 'Sign a checkpoint on demand', allow: all(orgType('authority'), hasRole('admin', 'reviewer')) },
  'ledger.witness_register': { zh: '登記見證方', en: 'Register a witness', allow: all(orgType('authority'), hasRole('admin')) },
  'ledger.cosign': { zh: '提交聯署簽名', en: 'Submit a cosignature', allow: anyone },
} as const satisfies Record<string, { zh: string; en: string; allow: Rule }>;

export type Action = keyof typeof actions;

/** Routes that anyone may call without signing in declare this instead of an action. */
export const PUBLIC = 'public' as const;
export type RouteAction = Action | typeof PUBLIC;

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
