import { z } from 'zod';

const localized = z.strictObject({ zh: z.string().trim().min(1).max(4000), en: z.string().trim().min(1).max(4000) });
export const idParams = z.strictObject({ id: z.uuid() });

export const signatureSchema = z.object({
  orgId: z.uuid(),
  keyId: z.string(),
  publicKey: z.string().nullable(),
  signature: z.string(),
  signedHash: z.string(),
  signedAt: z.string(),
  verified: z.boolean(),
});
export const agreementSchema = z.object({
  id: z.uuid(),
  number: z.string(),
  kind: z.enum(['operator_agreement', 'service_agreement', 'platform_service_agreement']),
  state: z.enum(['awaiting_signatures', 'in_force', 'superseded', 'expired', 'terminated']),
  applicationId: z.uuid().nullable(),
  admissionId: z.uuid().nullable(),
  amendsId: z.uuid().nullable(),
  hash: z.string().describe('SM3 over the RFC 8785 canonical document, hex: what every party signs'),
  document: z.record(z.string(), z.unknown()),
  signerOrgIds: z.array(z.uuid()),
  validFrom: z.string(),
  validUntil: z.string(),
  createdAt: z.string(),
  inForceAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  endReason: z.string().nullable(),
  signatures: z.array(signatureSchema),
  awaiting: z.array(z.uuid()).describe('parties that have not signed yet'),
});

export const operatorAgreementBody = z.strictObject({
  operatorOrgId: z.uuid(),
  authorizedData: localized.describe('授權內容（數據）'),
  applicationScope: localized.describe('授權應用范圍'),
  from: z.iso.date().optional(),
  until: z.iso.date().optional().describe('default: 2 years (Art. 13)'),
});
export const signBody = z.strictObject({
  hash: z.string().regex(/^[0-9a-f]{64}$/).optional().describe('the hash the signatory was shown; refused if the agreement no longer has it'),
  signature: z.string().regex(/^[0-9a-fA-F]{128}$/).optional().describe('r‖s hex over "shuyun-agreement-signature/v1\\n<hash>\\n"; omit to sign with the key in custody'),
});
export const amendBody = z.strictObject({
  reason: localized,
  changes: z.strictObject({
    term: z.strictObject({ until: z.iso.date() }).optional(),
    minSubjects: z.int().min(1).max(1_000_000).optional(),
    modes: z.array(z.enum(['governed_query', 'approved_job', 'product_api', 'psi', 'export'])).min(1).optional(),
    privacyBudget: z.strictObject({ epsilonTotal: z.number().positive().max(100), epsilonPerQuery: z.number().positive().max(100).optional() }).optional(),
    quotas: z.strictObject({ total: z.int().positive().optional(), perDay: z.int().positive().optional(), perMonth: z.int().positive().optional() }).optional(),
    additionalClauses: z.array(z.strictObject({ title: localized, text: localized })).max(30).optional(),
  }),
});
export const signingKeyBody = z.strictObject({
  publicKey: z.string().regex(/^04[0-9a-fA-F]{128}$/).optional().describe('your own SM2 public key (uncompressed point, hex)'),
  custodial: z.boolean().optional().describe('true: the platform generates the key and keeps it in custody'),
});
export const signingKeySchema = z.object({ keyId: z.string(), publicKey: z.string(), custodial: z.boolean(), createdAt: z.string(), revokedAt: z.string().nullable().optional() });
