// Agreement documents (Art. 12–13, 19 of the Futian measures): the three kinds, who must be a party to each, the
// typed inputs a document is built from, and the document itself (the thing that is hashed and signed).
import { z } from 'zod';
import { isIsoDate } from '../calendar/holiday-schedule.ts';
import { isValidUscc } from '../identifiers/uscc.ts';
import {
  chargingMethods,
  grantTermsShape,
  grantedFieldSchema,
  resourceCodeSchema,
  scenarioCodeSchema,
  usageCategories,
  yuanAmountSchema,
} from '../policy/usage-policy.ts';

export const AGREEMENT_FORMAT = 'shuyun.agreement/v1';

export const agreementKinds = ['operator_agreement', 'service_agreement', 'platform_service_agreement'] as const;
export type AgreementKind = (typeof agreementKinds)[number];

export interface Localized {
  zh: string;
  en: string;
}

export const agreementKindNames: Record<AgreementKind, Localized> = {
  operator_agreement: { zh: '公共數據授權運營協議', en: 'Public Data Authorized Operation Agreement' },
  service_agreement: { zh: '公共數據開發利用服務協議', en: 'Public Data Development and Use Service Agreement' },
  platform_service_agreement: { zh: '公共數據授權運營服務平臺服務協議', en: 'Public Data Authorized Operation Platform Service Agreement' },
};

/** The articles of 《福田區公共數據授權運營暫行管理辦法》 each kind is made under. */
export const agreementBasis: Record<AgreementKind, Localized> = {
  operator_agreement: {
    zh: '依據《福田區公共數據授權運營暫行管理辦法》第十二條、第十三條、第十四條',
    en: 'Under Articles 12, 13 and 14 of the Futian District Public Data Authorized Operation Interim Measures',
  },
  service_agreement: {
    zh: '依據《福田區公共數據授權運營暫行管理辦法》第十八條、第十九條、第三十七條',
    en: 'Under Articles 18, 19 and 37 of the Futian District Public Data Authorized Operation Interim Measures',
  },
  platform_service_agreement: {
    zh: '依據《福田區公共數據授權運營暫行管理辦法》第十七條、第十九條、第三十六條',
    en: 'Under Articles 17, 19 and 36 of the Futian District Public Data Authorized Operation Interim Measures',
  },
};

export const agreementPartyRoles = ['authority', 'source_department', 'operator', 'partner'] as const;
export type AgreementPartyRole = (typeof agreementPartyRoles)[number];

export const agreementPartyRoleNames: Record<AgreementPartyRole, Localized> = {
  authority: { zh: '區公共數據主管部門', en: 'District public data authority' },
  source_department: { zh: '數源部門', en: 'Source department' },
  operator: { zh: '授權運營單位', en: 'Authorized operator' },
  partner: { zh: '平臺合作方', en: 'Platform partner' },
};

/**
 * How many parties of each role a kind takes, as [min, max]; a role not listed takes none.
 * - operator agreement (Art. 12): the district authority and the operator the district government approved;
 * - service agreement (Art. 19): the authority, every source department whose data is listed, and the grantee: the
 *   operator, or the partner (optionally with its operator as a party too); at least one of the two;
 * - platform service agreement (Art. 19 ¶2): the operator and the partner.
 */
export const partyRequirements: Record<AgreementKind, Partial<Record<AgreementPartyRole, readonly [number, number]>>> = {
  operator_agreement: { authority: [1, 1], operator: [1, 1] },
  service_agreement: { authority: [1, 1], source_department: [1, 20], operator: [0, 1], partner: [0, 1] },
  platform_service_agreement: { operator: [1, 1], partner: [1, 1] },
};

/** Art. 13: the operator agreement is generally valid for 2 years. */
export const OPERATOR_AGREEMENT_DEFAULT_YEARS = 2;

/** What the platform provides to a partner (平臺提供的服務內容). */
export const platformServices = [
  'dev_workspace',
  'prod_workspace',
  'masking',
  'privacy_computing',
  'model_publishing',
  'export_review',
  'product_filing',
] as const;
export type PlatformService = (typeof platformServices)[number];

export const platformServiceNames: Record<PlatformService, Localized> = {
  dev_workspace: { zh: '開發環境（脫敏數據）', en: 'development workspace (masked data)' },
  prod_workspace: { zh: '生產環境受控訪問', en: 'governed access in the production workspace' },
  masking: { zh: '數據脫敏', en: 'data masking' },
  privacy_computing: { zh: '隱私計算（受控查詢、差分隱私、隱私集合求交、審批作業）', en: 'privacy computing (governed query, differential privacy, PSI, approved jobs)' },
  model_publishing: { zh: '模型發佈與模型查驗', en: 'model publishing and model inspection' },
  export_review: { zh: '結果出域審核', en: 'export review of results' },
  product_filing: { zh: '數據產品和服務登記備案', en: 'registration and filing of data products and services' },
};

/** Art. 36: platform service fees are charged for resource consumption, masking, model publishing and result export. */
export const platformFeeItems = ['resource_consumption', 'masking', 'model_publishing', 'result_export'] as const;
export type PlatformFeeItem = (typeof platformFeeItems)[number];

export const platformFeeItemNames: Record<PlatformFeeItem, Localized> = {
  resource_consumption: { zh: '基礎設施資源消耗', en: 'infrastructure resource consumption' },
  masking: { zh: '數據脫敏', en: 'data masking' },
  model_publishing: { zh: '模型發佈', en: 'model publishing' },
  result_export: { zh: '結果導出', en: 'result export' },
};

// ── Inputs ───────────────────────────────────────────────────────────────────────────────────────────────────────

const text = z.string().trim().min(1).max(4000);
export const localizedSchema = z.strictObject({ zh: text, en: text });
export const isoDateSchema = z.string().refine(isIsoDate, 'a calendar date written YYYY-MM-DD');

export const agreementPartyInputSchema = z.strictObject({
  role: z.enum(agreementPartyRoles),
  organizationId: z.uuid(),
  nameZh: z.string().trim().min(2).max(200),
  nameEn: z.string().trim().min(1).max(200).optional(),
  /** 統一社會信用代碼: also of government bodies (registration authority 1) */
  uscc: z.string().refine(isValidUscc, 'a valid unified social credit code'),
});
export type AgreementPartyInput = z.infer<typeof agreementPartyInputSchema>;

const commonInput = {
  /** the agreement number printed on the document, e.g. FT-SJ-2026-0001 */
  number: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._/-]{2,63}$/, 'letters, digits, ., _, / and -'),
  parties: z.array(agreementPartyInputSchema).min(2).max(23),
  /** calendar dates in Beijing time, both included; `until` defaults only for the operator agreement (2 years) */
  term: z.strictObject({ from: isoDateSchema, until: isoDateSchema.optional() }),
  /** clauses agreed beyond the template, placed before the final clause */
  additionalClauses: z.array(z.strictObject({ title: localizedSchema, text: localizedSchema })).max(30).optional(),
};

export const operatorAgreementInputSchema = z.strictObject({
  kind: z.literal('operator_agreement'),
  ...commonInput,
  /** 授權內容（數據）: the data the operator is authorized to operate, e.g. the published operation catalog */
  authorizedData: localizedSchema,
  /** 授權內容（服務平臺）: defaults to the district's platform */
  platformName: localizedSchema.optional(),
  /** 授權應用范圍 */
  applicationScope: localizedSchema,
});

export const dataListItemSchema = z.strictObject({
  resource: resourceCodeSchema,
  name: localizedSchema,
  /** the source department (a party of the agreement) that supplies the resource */
  sourceDepartmentId: z.uuid(),
  fields: z.array(grantedFieldSchema).min(1).max(500),
});
export type DataListItem = z.infer<typeof dataListItemSchema>;

export const serviceAgreementInputSchema = z.strictObject({
  kind: z.literal('service_agreement'),
  ...commonInput,
  /** the authorization application (Art. 18) this agreement follows */
  applicationId: z.uuid().optional(),
  scenario: z.strictObject({
    code: scenarioCodeSchema,
    name: localizedSchema,
    usage: z.enum(usageCategories),
    description: localizedSchema.optional(),
  }),
  /** 數據清單: resources, fields and their column controls */
  dataList: z.array(dataListItemSchema).min(1).max(100),
  /** 數據調用方式 and the grant's limits */
  modes: grantTermsShape.modes,
  minSubjects: grantTermsShape.minSubjects,
  privacyBudget: grantTermsShape.privacyBudget,
  quotas: grantTermsShape.quotas,
  /** 數據計費標準和收費方式: free for public-interest use, a fee standard for industry use (Art. 37) */
  fee: grantTermsShape.fee,
});

export const platformServiceAgreementInputSchema = z.strictObject({
  kind: z.literal('platform_service_agreement'),
  ...commonInput,
  services: z.array(z.enum(platformServices)).min(1),
  /** 服務計費標準 (Art. 36); empty: the services are free during the term */
  feeSchedule: z
    .array(z.strictObject({ item: z.enum(platformFeeItems), amount: yuanAmountSchema, unit: localizedSchema }))
    .max(20)
    .default([]),
  chargingMethod: z.enum(chargingMethods).default('postpaid'),
});

export const agreementInputSchema = z.discriminatedUnion('kind', [
  operatorAgreementInputSchema,
  serviceAgreementInputSchema,
  platformServiceAgreementInputSchema,
]);
/** What a caller writes (defaults may be left out). */
export type AgreementInput = z.input<typeof agreementInputSchema>;
export type OperatorAgreementInput = z.input<typeof operatorAgreementInputSchema>;
export type ServiceAgreementInput = z.input<typeof serviceAgreementInputSchema>;
export type PlatformServiceAgreementInput = z.input<typeof platformServiceAgreementInputSchema>;
/** After validation and defaults. */
export type ParsedAgreementInput = z.output<typeof agreementInputSchema>;

// ── The document ─────────────────────────────────────────────────────────────────────────────────────────────────

export interface AgreementParty {
  role: AgreementPartyRole;
  /** 甲方 / Party A … as the clauses call it */
  designation: Localized;
  organizationId: string;
  nameZh: string;
  nameEn?: string;
  uscc: string;
}

export interface AgreementClause {
  /** 1, 2, 3 … (第一條 / Article 1) */
  number: number;
  /** stable name of the template clause (`additional_1` … for agreed extra clauses) */
  key: string;
  title: Localized;
  paragraphs: Localized[];
}

/** The reference an amendment carries to the agreement it replaces. */
export interface AmendmentReference {
  /** SM3 hash (hex) of the canonical bytes of the agreement it amends */
  previousHash: string;
  previousNumber: string;
  /** 1 for the first amendment of an agreement, then 2, 3 … */
  sequence: number;
  reason: Localized;
  /** keys of the clauses whose text changed, was added or was removed */
  changedClauses: string[];
}

/**
 * The document every party signs. Plain JSON (no undefined values), so its canonical bytes (RFC 8785) are defined;
 * the agreement hash is SM3 over those bytes.
 */
export interface AgreementDocument {
  format: typeof AGREEMENT_FORMAT;
  kind: AgreementKind;
  number: string;
  title: Localized;
  basis: Localized;
  parties: AgreementParty[];
  /** calendar dates in Beijing time, both included */
  term: { from: string; until: string };
  /** the validated kind-specific inputs the clauses were filled from */
  variables: Record<string, unknown>;
  clauses: AgreementClause[];
  amends?: AmendmentReference;
}
