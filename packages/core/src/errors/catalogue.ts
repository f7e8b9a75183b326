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
  RESOURCE_NOTHING_TO_UPDATE: { status: 400, zh: '請求未包含要修改的內容', en: 'The request changes nothing: name at least one property to update' },
  RESOURCE_NOT_OPEN: { status: 409, zh: '不予開放的數據資源不能進入授權運營目錄，也不能被申請或計算', en: 'A not-open resource can never enter the operation catalog, be applied for or computed on' },
  RESOURCE_IN_CATALOG: { status: 409, zh: '請先將該資源撤出授權運營目錄', en: 'Withdraw the resource from the catalog first' },
  CATALOG_NOTHING_TO_PUBLISH: { status: 409, zh: '沒有新批准的目錄條目可發佈', en: 'There are no newly approved entries to publish' },
  CATALOG_ENTRY_EXISTS: { status: 409, zh: '該資源已有目錄條目', en: 'The resource already has a catalog entry' },
  INGEST_FIELDS_MISMATCH: { status: 422, zh: '數據與登記的字段不一致，未保存任何內容', en: 'The data does not match the declared fields; nothing was stored' },
  INGEST_MALFORMED_ROWS: { status: 422, zh: '數據存在格式錯誤的行，未保存任何內容', en: 'The data has malformed rows; nothing was stored' },
  INGEST_ENCODING: { status: 422, zh: '無法識別文件編碼', en: 'The file encoding could not be read' },
  INGEST_SOURCE_UNREADABLE: { status: 422, zh: '無法讀取數據來源', en: 'The data source could not be read' },

  // ── privacy compute engine (sandbox) ───────────────────────────
  ENGINE_MULTI_STATEMENT: { status: 400, zh: '每次只能提交一條 SQL 語句', en: 'Submit exactly one SQL statement at a time' },
  ENGINE_STATEMENT_NOT_ALLOWED: { status: 403, zh: '此處只允許 SELECT 查詢', en: 'Only a SELECT query is allowed here' },
  ENGINE_FUNCTION_NOT_ALLOWED: { status: 403, zh: '查詢使用了不允許的函數', en: 'The query uses a function that is not allowed' },
  ENGINE_SQL_INVALID: { status: 400, zh: 'SQL 語句無效（語法、名稱或類型錯誤）', en: 'The SQL is not valid (syntax, name or type error)' },
  ENGINE_ACCESS_DENIED: { status: 403, zh: '查詢不能訪問會話以外的文件、數據庫、擴展或設置', en: 'A query cannot reach files, databases, extensions or settings outside its session' },
  ENGINE_TIMEOUT: { status: 422, zh: '查詢超過時間限制，已中止', en: 'The query ran past its time limit and was stopped' },
  ENGINE_OUT_OF_MEMORY: { status: 422, zh: '查詢超過內存限制，已中止', en: 'The query ran past its memory limit and was stopped' },
  ENGINE_QUERY_FAILED: { status: 422, zh: '查詢執行失敗（為免洩露數據，不顯示詳情）', en: 'The query failed while running (details are withheld so that no data value is disclosed)' },
  ENGINE_DATASET_UNAVAILABLE: { status: 409, zh: '數據版本文件不可用', en: 'The data version file is not available' },
  ENGINE_SESSION_CRASHED: { status: 503, zh: '計算會話意外終止，已重新啟動，請重試', en: 'The compute session stopped unexpectedly and was restarted; try again' },
  ENGINE_SESSION_CLOSED: { status: 409, zh: '計算會話已關閉', en: 'The compute session is closed' },
  ENGINE_BUSY: { status: 503, zh: '計算資源已滿，請稍後再試', en: 'The compute engine is at capacity; try again later' },

  // ── dev-workspace twins and masking (core/src/masking, engine/src/twin) ──
  MASKING_RULE_INVALID: { status: 400, zh: '脫敏規則無效或不適用於該字段', en: 'The masking rule is not valid or does not fit the field' },
  MASKING_IDENTIFIER_UNMASKED: { status: 403, zh: '直接標識符和個人信息字段必須脫敏', en: 'Direct identifiers and personal information fields must be masked' },
  TWIN_FIELD_MISSING: { status: 409, zh: '數據版本中沒有該字段', en: 'The data version has no such field' },
  TWIN_TARGET_IS_SOURCE: { status: 400, zh: '副本不能寫入原始數據版本文件', en: 'A twin cannot be written over its source version' },
  TWIN_SOURCE_UNREADABLE: { status: 409, zh: '數據版本文件不可讀', en: 'The data version file cannot be read' },

  // ── governed SQL on real data (engine/src/governed): details name the rule and the column, never a value ──
  GOVERNED_SQL_INVALID: { status: 400, zh: '受控查詢須為一條可解析的 SELECT 語句', en: 'A governed query must be exactly one SELECT statement that parses' },
  GOVERNED_CONSTRUCT_NOT_ALLOWED: { status: 403, zh: '受控查詢使用了不支持的 SQL 結構', en: 'The governed query uses an SQL construct that is not allowed' },
  GOVERNED_FUNCTION_NOT_ALLOWED: { status: 403, zh: '受控查詢使用了不在允許清單中的函數或運算符', en: 'The governed query uses a function or operator that is not on the allow-list' },
  GOVERNED_RELATION_NOT_ALLOWED: { status: 403, zh: '受控查詢只能讀取授權的數據資源', en: 'A governed query may read only the granted data resources' },
  GOVERNED_COLUMN_UNRESOLVED: { status: 400, zh: '查詢中的列名無法唯一對應到授權字段', en: 'A column name in the query does not resolve to exactly one granted field' },
  GOVERNED_COLUMN_CONTROL: { status: 403, zh: '該字段的列控制不允許此種用法', en: "The field's column control does not allow this use" },
  GOVERNED_TOO_FEW_SUBJECTS: { status: 403, zh: '查詢結果涉及的數據主體少於最小聚合閾值', en: 'The result covers fewer data subjects than the minimum aggregation threshold' },

  // ── differential privacy (core/src/dp) ─────────────────────────
  DP_EPSILON_INVALID: { status: 400, zh: 'ε 須為正的十進制數，最多 6 位小數', en: 'ε must be a positive decimal with at most 6 decimal places' },
  DP_SPEC_INVALID: { status: 400, zh: '差分隱私的聚合說明無效（列、界限、精度或貢獻上限）', en: 'The differential-privacy specification is not valid (columns, bounds, precision or contribution caps)' },
  DP_VALUE_INVALID: { status: 422, zh: '聚合結果不是約定單位的數值，未發佈任何內容', en: 'An aggregate is not a number in the declared units; nothing was released' },
  DP_EPSILON_MISMATCH: { status: 409, zh: '扣減的隱私預算與發佈所需不一致，未發佈任何內容', en: 'The ε debited does not match the cost of the release; nothing was released' },
  DP_QUERY_INVALID: { status: 400, zh: '差分隱私查詢請求無效（視圖、列、條件、度量或分組）', en: 'The differentially private query request is not valid (view, columns, conditions, measures or grouping)' },
  DP_QUERY_COLUMN_TYPE: { status: 422, zh: '字段類型不適用於此用法（度量須為數值，條件值須能轉換為字段類型）', en: "The field's type does not fit this use (measures need numbers; condition values must convert to the field's type)" },
  DP_QUERY_TOO_MANY_GROUPS: { status: 422, zh: '分組過多，未發佈任何內容，亦未扣減隱私預算', en: 'Too many groups: nothing was released and no ε was spent' },

  // ── export review: automated checks (engine/src/export-checks): details name a column or an input, never a value ──
  EXPORT_CHECK_INVALID: { status: 400, zh: '出域檢查的參數無效（閾值、上限或聲明的列）', en: 'The export check request is not valid (thresholds, caps or declared columns)' },
  EXPORT_CHECK_RESULT_UNREADABLE: { status: 409, zh: '待出域的結果文件不可讀', en: 'The result file to be exported cannot be read' },
  EXPORT_CHECK_RAW_UNREADABLE: { status: 409, zh: '用於比對的原始數據版本文件不可讀', en: 'A raw data version to compare against cannot be read' },
  EXPORT_CHECK_FAILED: { status: 422, zh: '出域自動檢查未能完成（為免洩露數據，不顯示詳情）', en: 'The automated export checks could not be completed (details are withheld so that no data value is disclosed)' },

  // ── recipient watermarks of exported results (core/src/watermark, engine/src/watermark) ──
  WATERMARK_KEY_INVALID: { status: 400, zh: '水印密鑰無效（至少 16 字節）', en: 'The watermark key is not valid (at least 16 bytes)' },
  WATERMARK_RECIPIENT_INVALID: { status: 400, zh: '水印接收方標識須為 UUID', en: 'The watermark recipient id must be a UUID' },
  WATERMARK_COLUMN_INVALID: { status: 400, zh: '水印數值列不存在或精度無效（0–12 位小數）', en: 'A watermark numeric column does not exist or its precision is not valid (0–12 decimals)' },
  WATERMARK_FILE_UNREADABLE: { status: 422, zh: '無法讀取待加水印或待檢測的文件（須為 CSV 或 Parquet）', en: 'The file to watermark or inspect cannot be read (CSV or Parquet expected)' },

  // ── working days ────────────────────────────────────────────────
  CALENDAR_YEAR_UNKNOWN: { status: 409, zh: '尚未錄入該年度的國務院節假日安排，無法計算工作日期限', en: "That year's State Council holiday schedule has not been entered: working-day deadlines cannot be computed" },

  CALENDAR_YEAR_EXISTS: { status: 409, zh: '該年度的節假日安排已錄入，不能覆蓋', en: "That year's holiday schedule is already entered and cannot be replaced" },

  // ── authorization (Art. 13–19, 29–30, 39) ───────────────────────
  ORGANIZATION_SUSPENDED: { status: 403, zh: '本組織已被暫停，整改期間只能查看', en: 'Your organization is suspended: during rectification it may only read' },
  ORGANIZATION_NOT_SUSPENDED: { status: 409, zh: '該組織未處於暫停狀態', en: 'The organization is not suspended' },
  ORGANIZATION_TYPE_MISMATCH: { status: 409, zh: '該組織類型不適用此操作', en: 'This action does not apply to that type of organization' },
  ADMISSION_EXISTS: { status: 409, zh: '已向該運營單位申請或已准入', en: 'There is already an admission with that operator' },
  ADMISSION_REQUIRED: { status: 409, zh: '須先獲該運營單位准入為平臺合作方', en: 'The partner must first be admitted by that operator' },
  APPLICATION_RESOURCE_NOT_IN_CATALOG: { status: 409, zh: '只能申請已發佈在授權運營目錄中的數據資源', en: 'Only resources published in the operation catalog can be applied for' },
  APPLICATION_FIELDS_UNKNOWN: { status: 400, zh: '申請的字段不屬於該數據資源', en: 'The requested fields do not belong to the resource' },
  APPLICATION_CONDITIONS_WIDEN: { status: 400, zh: '附條件通過只能縮小申請範圍', en: 'Conditions may only narrow what was applied for' },
  APPLICATION_NOT_YOUR_STAGE: { status: 409, zh: '該申請當前不在等待貴單位審核的階段', en: 'The application is not waiting for your decision' },
  APPLICATION_ALREADY_DECIDED: { status: 409, zh: '貴單位已就該申請作出決定', en: 'Your organization has already decided on this application' },
  APPLICATION_REASONS_REQUIRED: { status: 400, zh: '退回或不予授權須說明理由', en: 'Returning or rejecting requires reasons' },
  EXPERT_OPINION_ALREADY_GIVEN: { status: 409, zh: '專家意見已提交', en: 'The expert opinion has already been given' },
  SIGNING_KEY_INVALID: { status: 400, zh: 'SM2 公鑰格式無效（須為 04 開頭的 65 字節非壓縮點）', en: 'The SM2 public key is not valid (65-byte uncompressed point starting with 04)' },
  SIGNING_KEY_MISSING: { status: 409, zh: '本組織尚未登記有效的 SM2 簽名密鑰', en: 'Your organization has no active SM2 signing key' },
  AGREEMENT_SIGNATURE_INVALID: { status: 400, zh: '簽名未能以本組織的 SM2 公鑰驗證通過', en: "The signature does not verify with your organization's SM2 key" },
  AGREEMENT_HASH_MISMATCH: { status: 409, zh: '簽署的文本摘要與協議不一致，協議可能已被篡改', en: 'The signed hash does not match the agreement: it may have been altered' },
  AGREEMENT_ALREADY_SIGNED: { status: 409, zh: '貴單位已簽署該協議', en: 'Your organization has already signed this agreement' },
  GRANT_NOT_IN_FORCE: { status: 403, zh: '授權不在有效期內', en: 'The grant is not in force' },
  GRANT_SUSPENDED: { status: 403, zh: '授權已因暫停運營或暫停合作而中止', en: 'The grant is suspended (its holder or operator is suspended)' },
  GRANT_TERMINATED: { status: 403, zh: '授權已終止', en: 'The grant has been terminated' },
  GRANT_MODE_NOT_PERMITTED: { status: 403, zh: '授權不允許該計算方式', en: 'The grant does not permit this computation mode' },
  GRANT_FIELD_NOT_GRANTED: { status: 403, zh: '授權不包含該數據字段', en: 'The grant does not include that field' },
  WORKSPACE_NO_DATA: { status: 409, zh: '授權的數據資源尚無數據版本', en: 'A granted resource has no data version yet' },
  JOB_NAME_TAKEN: { status: 409, zh: '該授權下已有同名作業', en: 'A job with this name already exists under the grant' },
  JOB_CHANGED: { status: 409, zh: '作業內容與審核通過的版本不一致，須重新提交審核', en: 'The job differs from the approved version: submit it for review again' },
  JOB_RESULT_TOO_LARGE: { status: 422, zh: '作業結果超過單表行數上限，未寫入任何結果', en: 'A job result exceeds the row limit of a result table; nothing was written' },
  JOB_NOT_APPROVED: { status: 409, zh: '作業尚未獲所有審核方批准', en: 'The job is not approved by every reviewer yet' },
  PRODUCT_FILING_INVALID: { status: 400, zh: '數據產品登記信息不符合授權範圍或定價規則', en: 'The product filing does not fit the grant or the pricing rules' },
  PRODUCT_CHECKLIST_INCOMPLETE: { status: 409, zh: '合規與安全審核清單未全部通過，不能批准', en: 'Not every item of the compliance and security checklist passed' },
  PRODUCT_SCENARIO_NOT_APPROVED: { status: 403, zh: '該密鑰或場景不在產品獲批的應用場景內', en: 'The key or scenario is not one the product is approved for' },
  PRODUCT_NOT_SERVED: { status: 403, zh: '該數據產品目前不提供服務（未批准、已暫停或授權失效）', en: 'The product is not being served (not approved, suspended, or its grant is not in force)' },
  PRODUCT_QUOTA_EXHAUSTED: { status: 429, zh: '今日調用配額已用完', en: "Today's call quota is used up" },
  EXPORT_CHECKS_FAILED: { status: 409, zh: '自動檢查未通過的出域申請不能批准', en: 'An export that failed the automated checks cannot be approved' },
  EXPORT_ALREADY_REVIEWED: { status: 409, zh: '您已審核過該出域申請，須由另一名審核人審核', en: 'You have already reviewed this export; another reviewer must decide' },
  EXPORT_LINK_INVALID: { status: 404, zh: '下載鏈接無效、已使用或已過期', en: 'The download link is not valid, already used or expired' },
  WEBHOOK_URL_INVALID: { status: 400, zh: 'Webhook 地址須為 http(s) URL', en: 'The webhook URL must be an http(s) URL' },

  // ── agreements and usage policies (core/src/agreements, core/src/policy) ──
  AGREEMENT_PARTIES_INVALID: { status: 400, zh: '協議當事方不符合該類協議的要求', en: 'The parties do not meet the requirements of this kind of agreement' },
  AGREEMENT_TERMS_INVALID: { status: 400, zh: '協議內容不完整或不一致', en: 'The agreement terms are incomplete or inconsistent' },
  AGREEMENT_AMENDMENT_INVALID: { status: 409, zh: '修訂協議須與原協議同類、引用原協議摘要並保留原協議各方', en: 'An amendment must be of the same kind, cite the previous agreement hash and keep every previous party' },
  GRANT_PURPOSE_MISMATCH: { status: 403, zh: '授權不適用於該應用場景', en: 'The grant does not cover this scenario' },
  GRANT_RESOURCE_NOT_GRANTED: { status: 403, zh: '授權不包含該數據資源', en: 'The grant does not include that resource' },
  GRANT_QUOTA_EXHAUSTED: { status: 429, zh: '授權的調用次數已用完', en: 'The call quota of the grant is used up' },
  GRANT_BUDGET_EXHAUSTED: { status: 403, zh: '授權的差分隱私預算不足', en: 'The differential-privacy budget of the grant does not allow this query' },
  POLICY_ODRL_INVALID: { status: 400, zh: '使用策略不是有效的數運 ODRL 策略', en: 'The usage policy is not a valid Shuyun ODRL policy' },

  // ── billing and cost accounting (core/src/billing; Art. 23, 36, 37; 發改價格〔2025〕65號) ──
  BILLING_AMOUNT_INVALID: { status: 400, zh: '金額須為人民幣元的十進制數（不帶符號，最多 4 位小數）', en: 'An amount must be a decimal number of yuan (no sign, at most 4 decimal places)' },
  BILLING_RATE_INVALID: { status: 400, zh: '收益率或利潤率須為百分數（最多 4 位小數）；准許利潤率加點不得超過 6 個百分點', en: 'A yield or margin must be a percentage (at most 4 decimal places); the points added to the treasury yield cannot exceed 6' },
  BILLING_MONTH_INVALID: { status: 400, zh: '賬期須寫作 YYYY-MM（北京時間）', en: 'The billing month must be written YYYY-MM (Beijing time)' },
  BILLING_USAGE_INVALID: { status: 400, zh: '用量記錄無效', en: 'A usage record is not valid' },
  BILLING_FEE_STANDARD_MISSING: { status: 409, zh: '用量所屬協議未提供計費標準，未生成賬單', en: 'Usage falls under an agreement whose fee standard was not supplied; no invoice was made' },
  BILLING_FEE_STANDARD_INVALID: { status: 400, zh: '計費標準無效（計量單位無法識別、同一用量重複計價或按年、按期收費缺少期限）', en: 'The fee standard is not valid (an unrecognized unit, a usage kind priced twice, or a yearly or term fee without a term)' },
  BILLING_COST_INPUT_INVALID: { status: 400, zh: '成本核算輸入無效（成本項、銷售規模或收費標準）', en: 'The cost accounting input is not valid (cost items, volume or price standard)' },

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
