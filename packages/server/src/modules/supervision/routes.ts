import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { requireActor } from '../../http/request-actor.ts';
import { confirmHandover, listSupervision, superviseOrganization } from './use-cases/supervise-organization.ts';

const idParams = z.strictObject({ id: z.uuid() });
const actionSchema = z.object({ id: z.uuid(), kind: z.enum(['suspend', 'resume', 'terminate']), targetOrgId: z.uuid(), admissionId: z.uuid().nullable(), reasons: z.string(), rectificationDue: z.string().nullable(), actedAt: z.string() });
const handoverSchema = z.object({ id: z.uuid(), orgId: z.uuid(), kind: z.string(), state: z.enum(['open', 'confirmed']), openedAt: z.string(), confirmedAt: z.string().nullable(), note: z.string().nullable() });
const resultSchema = z.object({ action: actionSchema, status: z.enum(['active', 'suspended', 'terminated']), handover: handoverSchema.nullable() });
const reasons = z.string().trim().min(1).max(4000);

export function supervisionRoutes(deps: Deps) {
  return async function routes(fastify: FastifyInstance) {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const tags = ['supervision'];
    app.post('/organizations/:id/suspension', {
      config: { action: 'organization.supervise' },
      schema: { tags, summary: 'Suspend an operator or partner with a rectification deadline: effective on its very next request', params: idParams, body: z.strictObject({ reasons, rectificationDue: z.iso.date().optional() }), response: { 200: resultSchema } },
    }, async (req) => superviseOrganization(deps, requireActor(req), req.params.id, { kind: 'suspend', ...req.body }));
    app.post('/organizations/:id/resumption', {
      config: { action: 'organization.supervise' },
      schema: { tags, summary: 'Resume a suspended organization', params: idParams, body: z.strictObject({ reasons }), response: { 200: resultSchema } },
    }, async (req) => superviseOrganization(deps, requireActor(req), req.params.id, { kind: 'resume', ...req.body }));
    app.post('/organizations/:id/termination', {
      config: { action: 'organization.supervise' },
      schema: { tags, summary: 'Terminate: every access closes, ledger entries are kept ≥ 2 years, a deletion and handover task opens', params: idParams, body: z.strictObject({ reasons }), response: { 200: resultSchema } },
    }, async (req) => superviseOrganization(deps, requireActor(req), req.params.id, { kind: 'terminate', ...req.body }));
    app.get('/supervision', {
      config: { action: 'supervision.read' },
      schema: { tags, summary: 'Suspensions, resumptions, terminations and handover tasks the caller may see', response: { 200: z.object({ actions: z.array(actionSchema), handovers: z.array(handoverSchema) }) } },
    }, async (req) => listSupervision(deps, requireActor(req)));
    app.post('/handover-tasks/:id/confirmation', {
      config: { action: 'handover.confirm' },
      schema: { tags, summary: "Confirm the terminated organization's data deletion and handover", params: idParams, body: z.strictObject({ note: reasons }), response: { 200: handoverSchema } },
    }, async (req) => confirmHandover(deps, requireActor(req), req.params.id, req.body.note));
  };
}
