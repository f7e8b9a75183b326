import { admissionStates } from '@shuyun/core';
import { z } from 'zod';

export const qualificationsSchema = z.strictObject({
  businessScope: z.string().trim().min(2).max(2000).describe('經營範圍'),
  dataSecurityMeasures: z.string().trim().min(2).max(4000).describe('數據安全保障措施'),
  certifications: z.array(z.string().trim().min(1).max(200)).max(20).default([]).describe('e.g. 等保三級, ISO 27001'),
  contactName: z.string().trim().min(1).max(60),
  contactPhone: z.string().trim().min(5).max(30),
});

export const applyBody = z.strictObject({ operatorOrgId: z.uuid(), qualifications: qualificationsSchema });
export const decideBody = z.strictObject({ decision: z.enum(['admit', 'refuse']), reasons: z.string().trim().min(1).max(4000).optional() });
export const reasonsBody = z.strictObject({ reasons: z.string().trim().min(1).max(4000) });
export const suspendBody = z.strictObject({ reasons: z.string().trim().min(1).max(4000), rectificationDue: z.iso.date().optional().describe('整改期限') });

export const admissionSchema = z.object({
  id: z.uuid(),
  partnerOrgId: z.uuid(),
  operatorOrgId: z.uuid(),
  state: z.enum(admissionStates),
  qualifications: z.record(z.string(), z.unknown()),
  reasons: z.string().nullable(),
  appliedAt: z.string(),
  decidedAt: z.string().nullable(),
  filedAt: z.string().nullable(),
  exitedAt: z.string().nullable(),
  exitFiledAt: z.string().nullable(),
});
export const idParams = z.strictObject({ id: z.uuid() });
