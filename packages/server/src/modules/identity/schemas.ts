import { organizationStatuses, organizationTypes, roles } from '@shuyun/core';
import { z } from 'zod';

export const meSchema = z
  .object({
    user: z.object({ id: z.uuid(), username: z.string(), displayName: z.string() }),
    organization: z.object({
      id: z.uuid(),
      code: z.string(),
      nameZh: z.string(),
      nameEn: z.string().nullable(),
      type: z.enum(organizationTypes),
      status: z.enum(organizationStatuses),
    }),
    roles: z.array(z.enum(roles)),
    via: z.enum(['session', 'bearer', 'api_key', 'internal']),
    scopes: z.array(z.string()).nullable(),
  })
  .meta({ id: 'Me' });

export const apiKeySchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    prefix: z.string().describe('first characters of the key, to recognise it'),
    scopes: z.array(z.string()),
    status: z.enum(['active', 'revoked', 'expired']),
    createdAt: z.iso.datetime(),
    expiresAt: z.iso.datetime(),
    revokedAt: z.iso.datetime().nullable(),
    lastUsedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'ApiKey' });

export const createApiKeyBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(z.string().min(1).max(100)).min(1).max(50).describe('actions (e.g. `organization.read`) or groups (`organization.*`)'),
  expiresInDays: z.int().min(1).max(365).default(90),
});

export const createdApiKeySchema = apiKeySchema.extend({ secret: z.string().describe('shown once; store it now') }).meta({ id: 'CreatedApiKey' });

export const loginQuery = z.strictObject({
  returnTo: z.string().max(500).default('/'),
  loginHint: z.string().max(100).optional(),
});

export const callbackQuery = z.looseObject({ state: z.string().optional(), code: z.string().optional() });

export const idParams = z.strictObject({ id: z.uuid() });

export const userSchema = z
  .object({ id: z.uuid(), orgId: z.uuid(), username: z.string(), displayName: z.string(), status: z.enum(['active', 'disabled']) })
  .meta({ id: 'User' });
