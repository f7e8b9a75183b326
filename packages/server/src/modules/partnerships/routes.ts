import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { requireActor } from '../../http/request-actor.ts';
import * as s from './schemas.ts';
import { applyForAdmission } from './use-cases/apply-for-admission.ts';
import { decideAdmission } from './use-cases/decide-admission.ts';
import { exitAdmission } from './use-cases/exit-admission.ts';
import { getAdmission, listAdmissions } from './use-cases/read-admissions.ts';
import { supervisePartner } from './use-cases/supervise-partner.ts';

export function partnershipRoutes(deps: Deps) {
  return async function routes(fastify: FastifyInstance) {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const tags = ['partners'];
    app.post('/admissions', {
      config: { action: 'admission.apply' },
      schema: { tags, summary: 'Apply to an operator to become a platform partner (Art. 17)', body: s.applyBody, response: { 201: s.admissionSchema } },
    }, async (req, reply) => reply.code(201).send(await applyForAdmission(deps, requireActor(req), req.body)));
    app.get('/admissions', {
      config: { action: 'admission.read' },
      schema: { tags, summary: 'Admissions the caller is party to (all of them for the authority and regulators)', response: { 200: z.object({ items: z.array(s.admissionSchema) }) } },
    }, async (req) => ({ items: await listAdmissions(deps, requireActor(req)) }));
    app.get('/admissions/:id', {
      config: { action: 'admission.read' },
      schema: { tags, summary: 'One admission', params: s.idParams, response: { 200: s.admissionSchema } },
    }, async (req) => getAdmission(deps, requireActor(req), req.params.id));
    app.post('/admissions/:id/decision', {
      config: { action: 'admission.decide' },
      schema: { tags, summary: 'The operator admits (filed with the authority) or refuses', params: s.idParams, body: s.decideBody, response: { 200: s.admissionSchema } },
    }, async (req) => decideAdmission(deps, requireActor(req), req.params.id, req.body));
    app.post('/admissions/:id/suspension', {
      config: { action: 'admission.supervise' },
      schema: { tags, summary: 'The operator suspends the partner, with a rectification deadline', params: s.idParams, body: s.suspendBody, response: { 200: s.admissionSchema } },
    }, async (req) => supervisePartner(deps, requireActor(req), req.params.id, { kind: 'suspend', ...req.body }));
    app.post('/admissions/:id/resumption', {
      config: { action: 'admission.supervise' },
      schema: { tags, summary: 'The operator resumes a suspended partner', params: s.idParams, body: s.reasonsBody, response: { 200: s.admissionSchema } },
    }, async (req) => supervisePartner(deps, requireActor(req), req.params.id, { kind: 'resume', ...req.body }));
    app.post('/admissions/:id/exit', {
      config: { action: 'admission.exit' },
      schema: { tags, summary: 'The partner leaves or the operator ends the partnership: every access closes at once', params: s.idParams, body: s.reasonsBody, response: { 200: s.admissionSchema } },
    }, async (req) => exitAdmission(deps, requireActor(req), req.params.id, req.body.reasons));
  };
}
