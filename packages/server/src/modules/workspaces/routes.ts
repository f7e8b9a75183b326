import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { requireActor } from '../../http/request-actor.ts';
import { devQuery } from './use-cases/dev-query.ts';
import { dpQuery } from './use-cases/dp-query.ts';
import { governedQuery } from './use-cases/governed-query.ts';
import { listQueries } from './use-cases/list-queries.ts';

const idParams = z.strictObject({ id: z.uuid() });
const sqlBody = z.strictObject({ sql: z.string().min(1).max(20_000) });
/** a JSON value as DuckDB gives it (64-bit integers and decimals as strings) */
const cell = z.unknown();
const answerSchema = z.object({
  columns: z.array(z.object({ name: z.string(), type: z.string() })),
  rows: z.array(z.array(cell)),
  truncated: z.boolean(),
  suppressed: z.number().describe('rows withheld: they cover fewer data subjects than the minimum, or differ from an earlier answer by fewer'),
  withheld: z
    .object({
      minSubjects: z.number().describe('rows covering fewer data subjects than the minimum'),
      differencing: z.number().describe('rows whose subject count differs from an earlier release of the same group by more than 0 and fewer than the minimum'),
    })
    .optional()
    .describe('which rule withheld the suppressed rows (governed queries)'),
  masked: z.boolean().optional(),
  twin: z.enum(['masked', 'synthetic']).optional(),
  minSubjects: z.number().optional(),
});

export function workspaceRoutes(deps: Deps) {
  return async function routes(fastify: FastifyInstance) {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const tags = ['workspaces'];
    app.post('/grants/:id/dev/queries', {
      config: { action: 'workspace.query' },
      schema: {
        tags,
        summary: 'Dev workspace: free SQL (one SELECT) on the masked (default) or synthetic twins of the granted resources',
        params: idParams,
        body: z.strictObject({ sql: z.string().min(1).max(20_000), twin: z.enum(['masked', 'synthetic']).default('masked') }),
        response: { 200: answerSchema },
      },
    }, async (req) => devQuery(deps, requireActor(req), req.params.id, req.body.sql, req.body.twin));
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
    const scalar = z.union([z.string().max(500), z.number(), z.boolean()]);
    app.post('/grants/:id/dp-queries', {
      config: { action: 'workspace.query' },
      schema: {
        tags,
        summary: 'Prod workspace: a differentially private aggregate (contribution bounded per subject, discrete Laplace noise, ε debited first)',
        params: idParams,
        body: z.strictObject({
          view: z.string().max(64),
          where: z.array(z.strictObject({ column: z.string().max(63), op: z.enum(['=', '<>', '<', '<=', '>', '>=', 'in']), value: z.union([scalar, z.array(scalar).max(100)]) })).max(20).optional(),
          groupBy: z.array(z.string().max(63)).max(5),
          measures: z.array(z.union([
            z.strictObject({ kind: z.literal('count'), name: z.string().max(63).optional() }),
            z.strictObject({ kind: z.enum(['sum', 'avg']), column: z.string().max(63), lower: z.number(), upper: z.number(), precision: z.int().min(0).max(6).optional(), name: z.string().max(63).optional() }),
          ])).min(1).max(10),
          epsilon: z.string().regex(/^\d+(\.\d{1,6})?$/),
        }),
        response: {
          200: z.object({
            columns: z.array(z.string()),
            rows: z.array(z.array(cell)),
            epsilon: z.string(),
            delta: z.number(),
            minSubjects: z.number(),
            truncated: z.boolean(),
            noise: z.record(z.string(), z.unknown()),
          }),
        },
      },
    }, async (req) => dpQuery(deps, requireActor(req), req.params.id, req.body as Parameters<typeof dpQuery>[3]));
    app.get('/grants/:id/queries', {
      config: { action: 'grant.read' },
      schema: {
        tags,
        summary: "The grant's query record: each query's text hash, outcome, rows withheld (and how many for differencing) and ε spent (never results)",
        params: idParams,
        response: { 200: z.object({ items: z.array(z.object({ id: z.uuid(), workspace: z.string(), sqlHash: z.string(), outcome: z.string(), refusalCode: z.string().nullable(), rows: z.number().nullable(), suppressed: z.number().nullable(), differencing: z.number().nullable().describe('of the suppressed rows, those withheld for differencing an earlier answer'), epsilon: z.number().nullable(), resources: z.array(z.string()), createdAt: z.string() })) }) },
      },
    }, async (req) => ({ items: await listQueries(deps, requireActor(req), req.params.id) }));
  };
}
