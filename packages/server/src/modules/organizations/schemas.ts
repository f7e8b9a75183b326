import { organizationStatuses, organizationTypes } from '@shuyun/core';
import { z } from 'zod';

export const organizationSchema = z
  .object({
    id: z.uuid(),
    code: z.string(),
    nameZh: z.string(),
    nameEn: z.string().nullable(),
    type: z.enum(organizationTypes),
    uscc: z.string().nullable().describe('unified social credit code 統一社會信用代碼'),
    status: z.enum(organizationStatuses),
  })
  .meta({ id: 'Organization' });

export const listOrganizationsQuery = z.strictObject({ type: z.enum(organizationTypes).optional() });
export const organizationParams = z.strictObject({ id: z.uuid() });
