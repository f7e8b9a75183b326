import { computationModes } from '@shuyun/core/policy';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { requireActor } from '../../http/request-actor.ts';
import { getGrant, grantOdrl, listGrants } from './use-cases/read-grants.ts';
import { checkGrantUse } from './use-cases/use-grant.ts';

const grantSchema = z.object({
  id: z.uuid(),
  agreementId: z.uuid(),
  applicationId: z.uuid(),
  assigneeOrgId: z.uuid(),
  operatorOrgId: z.uuid().nullable(),
  state: z.enum(['active', 'expired', 'terminated']),
  policy: z.record(z.string(), z.unknown()).describe('the usage policy (see /grants/:id/policy.jsonld for its ODRL form)'),
  validFrom: z.string(),
  validUntil: z.string(),
  epsilonTotal: z.number().nullable(),
  epsilonSpent: z.number(),
  endedAt: z.string().nullable(),
});
const idParams = z.strictObject({ id: z.uuid() });

export function grantRoutes(deps: Deps) {
  return async function routes(fastify: FastifyInstance) {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const tags = ['grants'];
    app.get('/grants', {
      config: { action: 'grant.read' },
      schema: { tags, summary: 'Grants the caller is party to (all of them for supervisors)', response: { 200: z.object({ items: z.array(grantSchema) }) } },
    }, async (req) => ({ items: await listGrants(deps, requireActor(req)) }));
    app.get('/grants/:id', {
      config: { action: 'grant.read' },
      schema: { tags, summary: 'One grant and its usage policy', params: idParams, response: { 200: grantSchema } },
    }, async (req) => getGrant(deps, requireActor(req), req.params.id));
    app.get('/grants/:id/policy.jsonld', {
      config: { action: 'grant.read' },
      schema: { tags, summary: 'The usage policy as an ODRL 2.2 JSON-LD Agreement (Shuyun profile)', params: idParams },
    }, async (req, reply) => reply.type('application/ld+json').send(await grantOdrl(deps, requireActor(req), req.params.id)));
    app.post('/grants/:id/check', {
      config: { action: 'grant.use' },
      schema: {
        tags,
        summary: 'Whether the caller may use its grant this way now: the check every use of data makes',
        params: idParams,
        body: z.strictObject({
          mode: z.enum(computationModes),
          scenario: z.string().max(128).optional(),
          resources: z.array(z.strictObject({ resource: z.string().max(64), fields: z.array(z.string().max(63)).max(500) })).max(100).optional(),
        }),
        response: { 200: z.object({ allowed: z.literal(true) }) },
      },
    }, async (req) => checkGrantUse(deps, requireActor(req), req.params.id, req.body));
  };
}
