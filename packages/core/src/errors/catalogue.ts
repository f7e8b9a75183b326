// One error catalogue for the whole platform (API, CLI and portal share it).
// A code is stable once it has shipped: clients and tests match on it, never on the message.
// Messages never contain data values: only the rule that refused and, for validation, field paths.

export interface ErrorDefinition {
  status: number;
  zh: string;
  en: string;
}

export const errorCatalogue = {
  // ── request shape ───────────────────────────────────────────────
  VALIDATION_FAILED: { status: 400, zh: '請求內容不符合要求', en: 'The request is not valid' },
  MALFORMED_JSON: { status: 400, zh: '請求體不是合法的 JSON', en: 'The request body is not valid JSON' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, zh: '不支持的內容類型', en: 'Unsupported content type' },
  BODY_TOO_LARGE: { status: 413, zh: '請求體過大', en: 'The request body is too large' },
  NOT_FOUND: { status: 404, zh: '未找到請求的對象', en: 'Not found' },
  METHOD_NOT_ALLOWED: { status: 405, zh: '不支持的請求方法', en: 'Method not allowed' },
  RATE_LIMITED: { status: 429, zh: '請求過於頻繁，請稍後再試', en: 'Too many requests, try again later' },
  BAD_REQUEST: { status: 400, zh: '請求無效', en: 'Bad request' },

  // ── identity and access ─────────────────────────────────────────
  AUTH_REQUIRED: { status: 401, zh: '需要登錄', en: 'Authentication required' },
  AUTH_INVALID_TOKEN: { status: 401, zh: '憑證無效或已過期', en: 'The credential is invalid or has expired' },
  AUTH_SESSION_EXPIRED: { status: 401, zh: '會話已超時，請重新登錄', en: 'The session has expired, please log in again' },
  AUTH_LOGIN_FAILED: { status: 400, zh: '登錄未完成，請重新登錄', en: 'The login could not be completed, please try again' },
  AUTH_ACCOUNT_UNKNOWN: { status: 403, zh: '該身份未在平臺開通帳號', en: 'This identity has no account on the platform' },
  AUTH_ACCOUNT_DISABLED: { status: 403, zh: '帳號已停用', en: 'The account is disabled' },
  FORBIDDEN: { status: 403, zh: '無權執行此操作', en: 'You are not allowed to do this' },
  API_KEY_SCOPE_INVALID: { status: 400, zh: 'API 密鑰的權限範圍無效', en: 'The API key scope is not valid' },
  API_KEY_EXPIRY_INVALID: { status: 400, zh: 'API 密鑰的有效期無效', en: 'The API key expiry is not valid' },
  API_KEY_ALREADY_REVOKED: { status: 409, zh: 'API 密鑰已被撤銷', en: 'The API key is already revoked' },

  // ── state ───────────────────────────────────────────────────────
  STATE_CONFLICT: { status: 409, zh: '當前狀態不允許此操作', en: 'This action is not allowed in the current state' },
  ORGANIZATION_CODE_TAKEN: { status: 409, zh: '組織代碼已被使用', en: 'The organization code is already in use' },

  // ── ledger ──────────────────────────────────────────────────────
  LEDGER_ENTRY_NOT_IN_CHECKPOINT: { status: 409, zh: '該條目尚未納入已簽名的檢查點', en: 'The entry is not yet covered by a signed checkpoint' },
  LEDGER_TREE_SIZE_INVALID: { status: 400, zh: '賬本大小超出範圍', en: 'The tree size is out of range' },
  LEDGER_CHECKPOINT_UNKNOWN: { status: 404, zh: '沒有該大小的檢查點', en: 'There is no checkpoint of that size' },
  LEDGER_WITNESS_KEY_INVALID: { status: 400, zh: '見證方公鑰無效（須為 tlog-cosignature Ed25519 公鑰）', en: 'The witness key is not a valid tlog-cosignature Ed25519 verifier key' },
  LEDGER_WITNESS_NAME_TAKEN: { status: 409, zh: '見證方名稱或公鑰已登記', en: 'A witness with this name or key is already registered' },
  LEDGER_COSIGNATURE_INVALID: { status: 400, zh: '聯署簽名驗證失敗', en: 'The cosignature does not verify' },

  // ── catalog ─────────────────────────────────────────────────────
  RESOURCE_CODE_TAKEN: { status: 409, zh: '數據資源代碼已被使用', en: 'The resource code is already in use' },
  RESOURCE_FIELDS_INVALID: { status: 400, zh: '數據資源的字段定義無效', en: 'The field definitions of the resource are not valid' },
  RESOURCE_NOT_OPEN: { status: 409, zh: '不予開放的數據資源不能進入授權運營目錄，也不能被申請或計算', en: 'A not-open resource can never enter the operation catalog, be applied for or computed on' },
  RESOURCE_IN_CATALOG: { status: 409, zh: '請先將該資源撤出授權運營目錄', en: 'Withdraw the resource from the catalog first' },
  CATALOG_NOTHING_TO_PUBLISH: { status: 409, zh: '沒有新批准的目錄條目可發佈', en: 'There are no newly approved entries to publish' },
  CATALOG_ENTRY_EXISTS: { status: 409, zh: '該資源已有目錄條目', en: 'The resource already has a catalog entry' },
  INGEST_FIELDS_MISMATCH: { status: 422, zh: '數據與登記的字段不一致，未保存任何內容', en: 'The data does not match the declared fields; nothing was stored' },
  INGEST_MALFORMED_ROWS: { status: 422, zh: '數據存在格式錯誤的行，未保存任何內容', en: 'The data has malformed rows; nothing was stored' },
  INGEST_ENCODING: { status: 422, zh: '無法識別文件編碼', en: 'The file encoding could not be read' },
  INGEST_SOURCE_UNREADABLE: { status: 422, zh: '無法讀取數據來源', en: 'The data source could not be read' },

  // ── working days ────────────────────────────────────────────────
  CALENDAR_YEAR_UNKNOWN: { status: 409, zh: '尚未錄入該年度的國務院節假日安排，無法計算工作日期限', en: "That year's State Council holiday schedule has not been entered: working-day deadlines cannot be computed" },

  // ── platform ────────────────────────────────────────────────────
  INTERNAL: { status: 500, zh: '服務內部錯誤，請聯繫管理員並提供請求編號', en: 'Internal error; contact the administrator with the request id' },
  SERVICE_UNAVAILABLE: { status: 503, zh: '服務暫不可用', en: 'Service unavailable' },
} as const satisfies Record<string, ErrorDefinition>;

export type ErrorCode = keyof typeof errorCatalogue;

export type Language = 'zh-CN' | 'en';

export function errorMessage(code: ErrorCode, lang: Language): string {
  const def: ErrorDefinition = errorCatalogue[code];
  return lang === 'en' ? def.en : def.zh;
}

/** A refusal the caller can act on. Carries a catalogue code and optional field-level details (no data values). */
export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly details: ReadonlyArray<FieldIssue> | undefined;
  constructor(code: ErrorCode, details?: ReadonlyArray<FieldIssue>) {
    super(code);
    this.name = 'DomainError';
    this.code = code;
    this.details = details;
  }
  get status(): number {
    return errorCatalogue[this.code].status;
  }
}

export interface FieldIssue {
  /** JSON pointer-like path to the field, e.g. `/scopes/0`. */
  path: string;
  /** stable machine reason, e.g. `unrecognized_keys`, `invalid_type`. */
  reason: string;
  message?: string;
}
