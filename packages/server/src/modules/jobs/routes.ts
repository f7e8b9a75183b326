import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { requireActor } from '../../http/request-actor.ts';
import { devRunJob } from './use-cases/dev-run-job.ts';
import { getJob, listJobs } from './use-cases/read-jobs.ts';
import { reviewJob } from './use-cases/review-job.ts';
import { runJob } from './use-cases/run-job.ts';
import { saveJob } from './use-cases/save-job.ts';
import { submitJob } from './use-cases/submit-job.ts';

const idParams = z.strictObject({ id: z.uuid() });
const tableName = z.string().regex(/^[a-z][a-z0-9_]{0,62}$/);
const jobSchema = z.object({
  id: z.uuid(),
  grantId: z.uuid(),
  name: z.string(),
  statements: z.array(z.object({ output: z.string(), sql: z.string() })),
  hash: z.string().describe('SM3 of the canonical statements: what is reviewed is what runs'),
  state: z.enum(['draft', 'submitted', 'approved', 'rejected', 'running', 'succeeded', 'failed']),
  devRun: z.record(z.string(), z.unknown()).nullable(),
  reviewerOrgIds: z.array(z.uuid()),
  reviewedByOrgIds: z.array(z.uuid()).optional().describe('the reviewers that have decided on the current text (listing and reading)'),
  errorCode: z.string().nullable(),
  createdAt: z.string(),
  submittedAt: z.string().nullable(),
  decidedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  results: z.array(z.object({ id: z.uuid(), name: z.string(), rows: z.number(), bytes: z.number(), sha256: z.string(), createdAt: z.string() })),
});

export function jobRoutes(deps: Deps) {
  return async function routes(fastify: FastifyInstance) {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const tags = ['jobs'];
    const one = { 200: jobSchema };
    app.post('/grants/:id/jobs', {
      config: { action: 'job.develop' },
      schema: {
        tags,
        summary: 'Save a job (code to data): named SELECT statements, each writing one in-domain result table',
        params: idParams,
        body: z.strictObject({ name: tableName, statements: z.array(z.strictObject({ output: tableName, sql: z.string().min(1).max(20_000) })).min(1).max(20) }),
        response: one,
      },
    }, async (req) => saveJob(deps, requireActor(req), req.params.id, req.body));
    app.get('/grants/:id/jobs', {
      config: { action: 'grant.read' },
      schema: { tags, summary: "The grant's jobs, their reviews and result tables", params: idParams, response: { 200: z.object({ items: z.array(jobSchema) }) } },
    }, async (req) => ({ items: await listJobs(deps, requireActor(req), req.params.id) }));
    app.get('/jobs/:id', {
      config: { action: 'grant.read' },
      schema: { tags, summary: 'One job', params: idParams, response: one },
    }, async (req) => getJob(deps, requireActor(req), req.params.id));
    app.post('/jobs/:id/dev-run', {
      config: { action: 'job.develop' },
      schema: { tags, summary: 'Run the job on the masked twins; its output goes with the submission', params: idParams, response: one },
    }, async (req) => devRunJob(deps, requireActor(req), req.params.id));
    app.post('/jobs/:id/submission', {
      config: { action: 'job.develop' },
      schema: { tags, summary: 'Submit the job and its dev run to the operator and the authority', params: idParams, response: one },
    }, async (req) => submitJob(deps, requireActor(req), req.params.id));
    app.post('/jobs/:id/review', {
      config: { action: 'job.review' },
      schema: { tags, summary: 'Approve or reject this exact text of the job', params: idParams, body: z.strictObject({ decision: z.enum(['approve', 'reject']), reasons: z.string().trim().min(1).max(4000).optional() }), response: one },
    }, async (req) => reviewJob(deps, requireActor(req), req.params.id, req.body));
    app.post('/jobs/:id/run', {
      config: { action: 'job.develop' },
      schema: { tags, summary: 'Run the approved, unchanged job on real data; results stay in the in-domain result store', params: idParams, response: one },
    }, async (req) => runJob(deps, requireActor(req), req.params.id));
  };
}
