import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { requireActor } from '../../http/request-actor.ts';
import * as s from './schemas.ts';
import { amendAgreement } from './use-cases/amend-agreement.ts';
import { draftOperatorAgreement } from './use-cases/draft-agreement.ts';
import { getAgreement, listAgreements } from './use-cases/read-agreements.ts';
import { renderAgreement } from './use-cases/render-agreement.ts';
import { signAgreement } from './use-cases/sign-agreement.ts';
import { listSigningKeys, registerSigningKey } from './use-cases/signing-keys.ts';

export function agreementRoutes(deps: Deps) {
  return async function routes(fastify: FastifyInstance) {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const tags = ['agreements'];
    const one = { 200: s.agreementSchema };
    app.get('/agreements', {
      config: { action: 'agreement.read' },
      schema: { tags, summary: 'Agreements the caller is party to (all of them for supervisors)', response: { 200: z.object({ items: z.array(s.agreementSchema) }) } },
    }, async (req) => ({ items: await listAgreements(deps, requireActor(req)) }));
    app.get('/agreements/:id', {
      config: { action: 'agreement.read' },
      schema: { tags, summary: 'One agreement: its canonical document, hash and every signature with its verification', params: s.idParams, response: one },
    }, async (req) => getAgreement(deps, requireActor(req), req.params.id));
    app.get('/agreements/:id/document.html', {
      config: { action: 'agreement.read' },
      schema: { tags, summary: 'The agreement as a printable page (zh-CN, with English), with its hash and signatures', params: s.idParams },
    }, async (req, reply) => reply.type('text/html; charset=utf-8').send(await renderAgreement(deps, requireActor(req), req.params.id, 'html')));
    app.get('/agreements/:id/document.pdf', {
      config: { action: 'agreement.read' },
      schema: { tags, summary: 'The agreement as a PDF', params: s.idParams },
    }, async (req, reply) => reply.type('application/pdf').header('content-disposition', `inline; filename="agreement-${req.params.id}.pdf"`).send(await renderAgreement(deps, requireActor(req), req.params.id, 'pdf')));
    app.post('/agreements', {
      config: { action: 'agreement.draft' },
      schema: { tags, summary: 'The authority drafts an operator authorization agreement (Art. 13; 2 years by default)', body: s.operatorAgreementBody, response: { 201: s.agreementSchema } },
    }, async (req, reply) => reply.code(201).send(await draftOperatorAgreement(deps, requireActor(req), req.body)));
    app.post('/agreements/:id/signatures', {
      config: { action: 'agreement.sign' },
      schema: { tags, summary: "Sign with the organization's SM2 key; in force when every party has signed", params: s.idParams, body: s.signBody, response: one },
    }, async (req) => signAgreement(deps, requireActor(req), req.params.id, req.body));
    app.post('/agreements/:id/amendments', {
      config: { action: 'agreement.amend' },
      schema: { tags, summary: 'Amend an agreement in force: a new document citing its hash, signed again by every party', params: s.idParams, body: s.amendBody, response: { 201: s.agreementSchema } },
    }, async (req, reply) => reply.code(201).send(await amendAgreement(deps, requireActor(req), req.params.id, req.body)));
    app.post('/signing-keys', {
      config: { action: 'signing_key.register' },
      schema: { tags, summary: "Register the organization's SM2 signing key (its own public key, or one kept in the platform's custody)", body: s.signingKeyBody, response: { 201: s.signingKeySchema } },
    }, async (req, reply) => reply.code(201).send(await registerSigningKey(deps, requireActor(req), req.body)));
    app.get('/organizations/:id/signing-keys', {
      config: { action: 'agreement.read' },
      schema: { tags, summary: "An organization's SM2 public keys, to verify its signatures", params: s.idParams, response: { 200: z.object({ items: z.array(s.signingKeySchema) }) } },
    }, async (req) => ({ items: await listSigningKeys(deps, requireActor(req), req.params.id) }));
  };
}
