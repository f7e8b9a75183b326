// The closed catalogue of what can happen on the platform, as the ledger records it.
// `access` entries are network/access log entries (kept at least 184 days); `state` entries are state changes.
export const ledgerActions = {
  'organization.registered': { category: 'state', zh: '登記組織', en: 'Organization registered' },
  'user.provisioned': { category: 'state', zh: '開通用戶', en: 'User provisioned' },
  'session.opened': { category: 'access', zh: '登錄', en: 'Logged in' },
  'session.closed': { category: 'access', zh: '退出登錄', en: 'Logged out' },
  'login.failed': { category: 'access', zh: '登錄失敗', en: 'Login failed' },
  'account.locked': { category: 'access', zh: '帳號鎖定', en: 'Account locked' },
  'api_key.created': { category: 'state', zh: '創建 API 密鑰', en: 'API key created' },
  'api_key.revoked': { category: 'state', zh: '撤銷 API 密鑰', en: 'API key revoked' },
  'ledger.witness_registered': { category: 'state', zh: '登記見證方', en: 'Witness registered' },
  'resource.registered': { category: 'state', zh: '登記數據資源', en: 'Data resource registered' },
  'resource.field_classified': { category: 'state', zh: '確認字段分類', en: 'Field classification confirmed' },
  'resource.version_ingested': { category: 'state', zh: '匯聚數據版本', en: 'Data version ingested' },
  'catalog.entry_drafted': { category: 'state', zh: '起草目錄條目', en: 'Catalog entry drafted' },
  'catalog.entry_submitted': { category: 'state', zh: '提交目錄條目', en: 'Catalog entry submitted' },
  'catalog.entry_returned': { category: 'state', zh: '退回目錄條目', en: 'Catalog entry returned' },
  'catalog.entry_rejected': { category: 'state', zh: '駁回目錄條目', en: 'Catalog entry rejected' },
  'catalog.entry_approved': { category: 'state', zh: '批准目錄條目', en: 'Catalog entry approved' },
  'catalog.entry_withdrawn': { category: 'state', zh: '撤出目錄', en: 'Catalog entry withdrawn' },
  'catalog.edition_published': { category: 'state', zh: '發佈目錄版本', en: 'Catalog edition published' },
} as const satisfies Record<string, { category: 'state' | 'access'; zh: string; en: string }>;

export type LedgerAction = keyof typeof ledgerActions;
export const ledgerActionNames = Object.keys(ledgerActions) as LedgerAction[];
