import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { requireActor } from '../../http/request-actor.ts';
import { listOrganizationsQuery, organizationParams, organizationSchema } from './schemas.ts';
import { getOrganization } from './use-cases/get-organization.ts';
import { listOrganizations } from './use-cases/list-organizations.ts';

export function organizationRoutes(deps: Deps) {
  return async function routes(fastify: FastifyInstance) {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const tags = ['organizations'];

    app.get('/organizations', {
      config: { action: 'organization.list' },
      schema: { tags, summary: 'The directory of organizations', querystring: listOrganizationsQuery, response: { 200: z.object({ items: z.array(organizationSchema) }) } },
    }, async (req) => ({ items: await listOrganizations(deps, requireActor(req), req.query) }));

    app.get('/organizations/:id', {
      config: { action: 'organization.read' },
      schema: { tags, summary: 'One organization', params: organizationParams, response: { 200: organizationSchema } },
    }, async (req) => getOrganization(deps, requireActor(req), req.params.id));
  };
}
