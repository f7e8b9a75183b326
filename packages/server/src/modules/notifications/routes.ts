import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { requireActor } from '../../http/request-actor.ts';
import { configureWebhook } from './use-cases/configure-webhook.ts';
import { markNotificationRead, readInbox } from './use-cases/inbox.ts';

const notificationSchema = z.object({
  id: z.uuid(),
  kind: z.string(),
  subject: z.object({ type: z.string(), id: z.string() }),
  title: z.object({ 'zh-CN': z.string(), en: z.string() }),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});

export function notificationRoutes(deps: Deps) {
  return async function routes(fastify: FastifyInstance) {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const tags = ['notifications'];
    app.get('/inbox', {
      config: { action: 'inbox.read' },
      schema: { tags, summary: "The organization's in-app inbox (newest first)", querystring: z.strictObject({ unread: z.enum(['true', 'false']).optional() }), response: { 200: z.object({ items: z.array(notificationSchema) }) } },
    }, async (req) => ({ items: await readInbox(deps, requireActor(req), req.query.unread === 'true') }));
    app.post('/inbox/:id/read', {
      config: { action: 'inbox.mark' },
      schema: { tags, summary: 'Mark a message read', params: z.strictObject({ id: z.uuid() }), response: { 204: z.null() } },
    }, async (req, reply) => {
      await markNotificationRead(deps, requireActor(req), req.params.id);
      return reply.code(204).send(null);
    });
    app.put('/webhook', {
      config: { action: 'webhook.configure' },
      schema: { tags, summary: 'Set the URL notifications are posted to; returns the HMAC signing secret once', body: z.strictObject({ url: z.string().max(2000) }), response: { 200: z.object({ url: z.string(), secret: z.string() }) } },
    }, async (req) => configureWebhook(deps, requireActor(req), req.body.url));
  };
}
