import { catalogEntryStates, fieldRoles, fieldTypes, grades, opennessClasses, updateFrequencies } from '@shuyun/core';
import { z } from 'zod';

const code = z.string().regex(/^[A-Z][A-Z0-9_-]{2,63}$/, 'upper-case letters, digits, _ and -');
const fieldName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/);

export const qualityRulesSchema = z.strictObject({
  notNull: z.boolean().optional(),
  unique: z.boolean().optional(),
  pattern: z.string().max(200).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
});

export const fieldInput = z.strictObject({
  name: fieldName,
  type: z.enum(fieldTypes),
  description: z.string().max(500).default(''),
  nullable: z.boolean().default(true),
  piiType: z.string().max(40).nullable().default(null).describe('declared PII type, if known before ingest'),
  role: z.enum(fieldRoles).describe('GB/T 37964: direct identifier / quasi-identifier / sensitive / other'),
  grade: z.enum(grades).describe('GB/T 43697: general_1–4, important, core'),
  rules: qualityRulesSchema.default({}),
});

export const registerResourceBody = z.strictObject({
  code,
  nameZh: z.string().trim().min(2).max(200),
  nameEn: z.string().trim().max(200).optional(),
  descriptionZh: z.string().max(4000).default(''),
  descriptionEn: z.string().max(4000).optional(),
  category: z.array(z.string().trim().min(1).max(60)).min(1).max(3).describe('類 / 項 / 目'),
  openness: z.enum(opennessClasses),
  updateFrequency: z.enum(updateFrequencies),
  format: z.string().max(40).default('table'),
  publishDate: z.iso.date().optional(),
  relatedCodes: z.array(code).max(20).default([]),
  subjectKey: fieldName.optional().describe('the field that identifies the person or company a row is about'),
  subjectKind: z.enum(['person', 'enterprise']).optional(),
  fields: z.array(fieldInput).min(1).max(500),
});

/**
 * PATCH /resources/:id: the descriptive metadata a department may correct after registration. Not here: the code
 * (an identifier others cite), openness and the subject (a catalog review decides those), and the fields' names,
 * types and classification (their own endpoint). Unknown keys are refused, not stripped.
 */
export const updateResourceBody = z.strictObject({
  nameZh: registerResourceBody.shape.nameZh.optional(),
  nameEn: z.string().trim().max(200).nullable().optional().describe('null clears it'),
  descriptionZh: z.string().max(4000).optional(),
  descriptionEn: z.string().max(4000).nullable().optional().describe('null clears it'),
  category: registerResourceBody.shape.category.optional(),
  updateFrequency: z.enum(updateFrequencies).optional(),
  format: z.string().max(40).optional(),
  publishDate: z.iso.date().nullable().optional().describe('null clears it'),
  relatedCodes: z.array(code).max(20).optional(),
  fields: z.record(fieldName, z.strictObject({ description: z.string().max(500) })).optional().describe("by field name: { uscc: { description: '…' } }"),
});

export const fieldSchema = fieldInput.extend({
  position: z.int(),
  piiConfirmed: z.boolean(),
  piiSuggestion: z.object({ type: z.string(), confidence: z.number() }).nullable(),
}).meta({ id: 'ResourceField' });

export const resourceSchema = z
  .object({
    id: z.uuid(),
    orgId: z.uuid(),
    code: z.string(),
    nameZh: z.string(),
    nameEn: z.string().nullable(),
    descriptionZh: z.string(),
    descriptionEn: z.string().nullable(),
    category: z.array(z.string()),
    openness: z.enum(opennessClasses),
    updateFrequency: z.enum(updateFrequencies),
    format: z.string(),
    publishDate: z.string().nullable(),
    relatedCodes: z.array(z.string()),
    subjectKey: z.string().nullable(),
    subjectKind: z.enum(['person', 'enterprise']).nullable(),
    grade: z.enum(grades),
    fields: z.array(fieldSchema),
    catalogState: z.enum(catalogEntryStates).nullable(),
  })
  .meta({ id: 'DataResource' });

export const classifyFieldBody = z.strictObject({
  piiType: z.string().max(40).nullable().describe('the confirmed or corrected PII type; null = not personal information'),
  role: z.enum(fieldRoles).optional(),
  grade: z.enum(grades).optional(),
});

export const catalogEntrySchema = z
  .object({
    id: z.uuid(),
    resourceId: z.uuid(),
    orgId: z.uuid(),
    state: z.enum(catalogEntryStates),
    reasons: z.string().nullable(),
    submittedAt: z.string().nullable(),
    decidedAt: z.string().nullable(),
  })
  .meta({ id: 'CatalogEntry' });

export const decisionBody = z.discriminatedUnion('decision', [
  z.strictObject({ decision: z.literal('approve'), reasons: z.string().max(2000).optional() }),
  z.strictObject({ decision: z.literal('return'), reasons: z.string().trim().min(2).max(2000) }),
  z.strictObject({ decision: z.literal('reject'), reasons: z.string().trim().min(2).max(2000) }),
]);

export const editionSchema = z
  .object({
    number: z.int(),
    publishedAt: z.string(),
    note: z.string(),
    resources: z.array(z.object({ resourceId: z.uuid(), code: z.string(), snapshot: z.unknown() })),
  })
  .meta({ id: 'CatalogEdition' });

export const publishEditionBody = z.strictObject({ note: z.string().max(2000).default('') });
export const idParams = z.strictObject({ id: z.uuid() });
export const editionParams = z.strictObject({ number: z.coerce.number().int().min(1) });
export const entryStateQuery = z.strictObject({ state: z.enum(catalogEntryStates).optional() });

export const uploadQuery = z.strictObject({
  format: z.enum(['csv', 'jsonl', 'parquet']).optional().describe('default: from the content type'),
  encoding: z.enum(['auto', 'utf-8', 'gb18030', 'gbk']).default('auto'),
});

export const pullBody = z.strictObject({
  connectionString: z.string().regex(/^postgres(ql)?:\/\//).max(500),
  table: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/).max(127),
});

export const versionSchema = z
  .object({
    id: z.uuid(),
    version: z.int(),
    rows: z.int(),
    bytes: z.int(),
    sha256: z.string(),
    sm3: z.string(),
    sourceFormat: z.string(),
    encoding: z.string(),
    columns: z.unknown(),
    quality: z.unknown(),
    piiSuggestions: z.unknown(),
    createdAt: z.string(),
    freshness: z.object({ ageDays: z.int(), stale: z.boolean() }).describe('age against the declared update frequency'),
  })
  .meta({ id: 'ResourceVersion' });
