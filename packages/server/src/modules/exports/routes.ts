import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { negotiateLanguage } from '../../http/language.ts';
import { requireActor } from '../../http/request-actor.ts';
import { createDownloadLink, download } from './use-cases/download.ts';
import { getExport, listExports } from './use-cases/read-exports.ts';
import { requestExport } from './use-cases/request-export.ts';
import { reviewExport } from './use-cases/review-export.ts';

const idParams = z.strictObject({ id: z.uuid() });
const column = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/);
const exportSchema = z.object({
  id: z.uuid(),
  grantId: z.uuid(),
  orgId: z.uuid(),
  resultTableId: z.uuid(),
  format: z.enum(['csv', 'parquet']),
  purpose: z.string(),
  state: z.enum(['blocked', 'awaiting_review', 'approved', 'rejected']),
  checks: z.record(z.string(), z.unknown()).describe('the automated checks: counts and column names, never values'),
  requiredReviewers: z.number(),
  reviews: z.array(z.object({ reviewerUserId: z.uuid(), decision: z.string(), reasons: z.string().nullable(), decidedAt: z.string() })),
  releaseSha256: z.string().nullable(),
  requestedAt: z.string(),
  decidedAt: z.string().nullable(),
  summary: z.array(z.string()).optional(),
});

export function exportRoutes(deps: Deps) {
  return async function routes(fastify: FastifyInstance) {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const tags = ['exports'];
    app.post('/exports', {
      config: { action: 'export.request' },
      schema: {
        tags,
        summary: 'Ask to take a result out of the domain: automated checks run at once, then human review (出域審核)',
        body: z.strictObject({
          resultTableId: z.uuid(),
          format: z.enum(['csv', 'parquet']),
          purpose: z.string().trim().min(2).max(2000),
          quasiIdentifiers: z.array(column).max(20).default([]),
          subjectCountColumn: column.nullable().default(null),
          measureColumns: z.array(z.strictObject({ name: column, decimals: z.int().min(0).max(6) })).max(20).default([]).describe("numeric columns that carry the recipient's watermark"),
        }),
        response: { 201: exportSchema },
      },
    }, async (req, reply) => reply.code(201).send(await requestExport(deps, requireActor(req), req.body)));
    app.get('/exports', {
      config: { action: 'export.read' },
      schema: { tags, summary: 'Export requests the caller made or reviews', response: { 200: z.object({ items: z.array(exportSchema) }) } },
    }, async (req) => ({ items: await listExports(deps, requireActor(req)) }));
    app.get('/exports/:id', {
      config: { action: 'export.read' },
      schema: { tags, summary: "One export request with the checks' summary", params: idParams, response: { 200: exportSchema } },
    }, async (req) => getExport(deps, requireActor(req), req.params.id, negotiateLanguage(req.headers['accept-language'])));
    app.post('/exports/:id/review', {
      config: { action: 'export.review' },
      schema: { tags, summary: 'A reviewer of the authority approves or rejects (two distinct reviewers where required)', params: idParams, body: z.strictObject({ decision: z.enum(['approve', 'reject']), reasons: z.string().trim().min(1).max(4000).optional() }), response: { 200: exportSchema } },
    }, async (req) => reviewExport(deps, requireActor(req), req.params.id, req.body));
    app.post('/exports/:id/links', {
      config: { action: 'export.request' },
      schema: { tags, summary: 'A single-use download link of the released file, valid for an hour', params: idParams, response: { 201: z.object({ url: z.string(), expiresAt: z.string() }) } },
    }, async (req, reply) => reply.code(201).send(await createDownloadLink(deps, requireActor(req), req.params.id)));
    app.get('/downloads/:token', {
      config: { action: 'public' },
      schema: { tags, summary: 'Download a released export (the link is the credential; it works once)', params: z.strictObject({ token: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/) }) },
    }, async (req, reply) => {
      const file = await download(deps, req.params.token);
      return reply.type(file.contentType).header('content-disposition', `attachment; filename="${file.filename}"`).header('cache-control', 'no-store').send(file.stream);
    });
  };
}
