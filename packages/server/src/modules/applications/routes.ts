import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { applicationStates } from '@shuyun/core';
import type { Deps } from '../../deps.ts';
import { requireActor } from '../../http/request-actor.ts';
import * as s from './schemas.ts';
import { decideApplication } from './use-cases/decide-application.ts';
import { answerEscalation, escalateApplication } from './use-cases/escalate-application.ts';
import { giveExpertOpinion, requestExpertOpinion } from './use-cases/expert-opinions.ts';
import { getApplication, listApplications } from './use-cases/read-applications.ts';
import { resubmitApplication } from './use-cases/resubmit-application.ts';
import { submitApplication } from './use-cases/submit-application.ts';
import { withdrawApplication } from './use-cases/withdraw-application.ts';

export function applicationRoutes(deps: Deps) {
  return async function routes(fastify: FastifyInstance) {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const tags = ['applications'];
    const one = { 200: s.applicationSchema };
    app.post('/applications', {
      config: { action: 'application.submit' },
      schema: { tags, summary: 'Apply for catalog resources: fields, scenario, computation modes, term (Art. 18)', body: s.submitBody, response: { 201: s.applicationSchema } },
    }, async (req, reply) => reply.code(201).send(await submitApplication(deps, requireActor(req), req.body)));
    app.get('/applications', {
      config: { action: 'application.read' },
      schema: {
        tags,
        summary: 'Applications the caller is party to, with stages and deadlines (all of them for supervisors)',
        querystring: z.strictObject({ state: z.enum(applicationStates).optional(), awaitingMe: z.enum(['true', 'false']).optional() }),
        response: { 200: z.object({ items: z.array(s.applicationSchema) }) },
      },
    }, async (req) => ({ items: await listApplications(deps, requireActor(req), { state: req.query.state, awaitingMe: req.query.awaitingMe === 'true' }) }));
    app.get('/applications/:id', {
      config: { action: 'application.read' },
      schema: { tags, summary: 'One application with every stage, its deadline and who is late', params: s.idParams, response: one },
    }, async (req) => getApplication(deps, requireActor(req), req.params.id));
    app.post('/applications/:id/decision', {
      config: { action: 'application.review' },
      schema: { tags, summary: "The current stage's reviewer approves (optionally with conditions), returns or rejects", params: s.idParams, body: s.decisionBody, response: one },
    }, async (req) => decideApplication(deps, requireActor(req), req.params.id, req.body));
    app.post('/applications/:id/resubmission', {
      config: { action: 'application.submit' },
      schema: { tags, summary: 'Answer a return with more information; the returning stage starts again', params: s.idParams, body: s.resubmitBody, response: one },
    }, async (req) => resubmitApplication(deps, requireActor(req), req.params.id, req.body));
    app.post('/applications/:id/withdrawal', {
      config: { action: 'application.submit' },
      schema: { tags, summary: 'The applicant withdraws an open application', params: s.idParams, body: s.reasonsBody, response: one },
    }, async (req) => withdrawApplication(deps, requireActor(req), req.params.id, req.body.reasons));
    app.post('/applications/:id/escalation', {
      config: { action: 'application.escalate' },
      schema: { tags, summary: 'Record the escalation of cross-level or cross-region data to the city authority', params: s.idParams, body: s.escalateBody, response: one },
    }, async (req) => escalateApplication(deps, requireActor(req), req.params.id, req.body.reason));
    app.post('/applications/:id/escalation/answer', {
      config: { action: 'application.escalate' },
      schema: { tags, summary: "Record the city authority's answer; the evaluation starts again", params: s.idParams, body: s.answerBody, response: one },
    }, async (req) => answerEscalation(deps, requireActor(req), req.params.id, req.body));
    app.post('/applications/:id/expert-opinions', {
      config: { action: 'application.request_opinion' },
      schema: { tags, summary: 'The authority requests an expert opinion (Art. 5.4)', params: s.idParams, body: s.opinionRequestBody, response: { 201: s.opinionSchema } },
    }, async (req, reply) => reply.code(201).send(await requestExpertOpinion(deps, requireActor(req), req.params.id, req.body)));
    app.post('/expert-opinions/:id', {
      config: { action: 'application.give_opinion' },
      schema: { tags, summary: 'The expert gives its opinion (once)', params: s.idParams, body: s.opinionBody, response: { 200: s.opinionSchema } },
    }, async (req) => giveExpertOpinion(deps, requireActor(req), req.params.id, req.body));
  };
}
