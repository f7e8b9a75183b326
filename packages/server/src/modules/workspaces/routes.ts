import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { requireActor } from '../../http/request-actor.ts';
import { devQuery } from './use-cases/dev-query.ts';
import { governedQuery } from './use-cases/governed-query.ts';
import { listQueries } from './use-cases/list-queries.ts';

const idParams = z.strictObject({ id: z.uuid() });
const sqlBody = z.strictObject({ sql: z.string().min(1).max(20_000) });
const cell: z.ZodType = z.lazy(() => z.union([z.null(), z.boolean(), z.number(), z.string(), z.array(cell), z.record(z.string(), cell)]));
const answerSchema = z.object({
  columns: z.array(z.object({ name: z.string(), type: z.string() })),
  rows: z.array(z.array(cell)),
  truncated: z.boolean(),
  suppressed: z.number().describe('rows withheld because they cover fewer data subjects than the minimum'),
  masked: z.boolean().optional(),
  minSubjects: z.number().optional(),
});

export function workspaceRoutes(deps: Deps) {
  return async function routes(fastify: FastifyInstance) {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const tags = ['workspaces'];
    app.post('/grants/:id/dev/queries', {
      config: { action: 'workspace.query' },
      schema: { tags, summary: 'Dev workspace: free SQL (one SELECT) on the masked twins of the granted resources', params: idParams, body: sqlBody, response: { 200: answerSchema } },
    }, async (req) => devQuery(deps, requireActor(req), req.params.id, req.body.sql));
    app.post('/grants/:id/queries', {
      config: { action: 'workspace.query' },
      schema: {
        tags,
        summary: 'Prod workspace: a governed query on real data (column controls, minimum distinct subjects per row, caps)',
        params: idParams,
        body: sqlBody,
        response: { 200: answerSchema },
      },
    }, async (req) => governedQuery(deps, requireActor(req), req.params.id, req.body.sql));
    app.get('/grants/:id/queries', {
      config: { action: 'grant.read' },
      schema: {
        tags,
        summary: "The grant's query record: each query's text hash, outcome, rows withheld and ε spent (never results)",
        params: idParams,
        response: { 200: z.object({ items: z.array(z.object({ id: z.uuid(), workspace: z.string(), sqlHash: z.string(), outcome: z.string(), refusalCode: z.string().nullable(), rows: z.number().nullable(), suppressed: z.number().nullable(), epsilon: z.number().nullable(), resources: z.array(z.string()), createdAt: z.string() })) }) },
      },
    }, async (req) => ({ items: await listQueries(deps, requireActor(req), req.params.id) }));
  };
}
