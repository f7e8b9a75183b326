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
} as const satisfies Record<string, { category: 'state' | 'access'; zh: string; en: string }>;

export type LedgerAction = keyof typeof ledgerActions;
export const ledgerActionNames = Object.keys(ledgerActions) as LedgerAction[];
