import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { requireActor } from '../../http/request-actor.ts';
import { readDashboard } from './use-cases/read-dashboard.ts';
import { confirmHandover, listSupervision, superviseOrganization } from './use-cases/supervise-organization.ts';

const idParams = z.strictObject({ id: z.uuid() });
const actionSchema = z.object({ id: z.uuid(), kind: z.enum(['suspend', 'resume', 'terminate']), targetOrgId: z.uuid(), admissionId: z.uuid().nullable(), reasons: z.string(), rectificationDue: z.string().nullable(), actedAt: z.string() });
const handoverSchema = z.object({ id: z.uuid(), orgId: z.uuid(), kind: z.string(), state: z.enum(['open', 'confirmed']), openedAt: z.string(), confirmedAt: z.string().nullable(), note: z.string().nullable() });
const resultSchema = z.object({ action: actionSchema, status: z.enum(['active', 'suspended', 'terminated']), handover: handoverSchema.nullable() });
const reasons = z.string().trim().min(1).max(4000);
const stageKind = z.enum(['operator_review', 'authority_evaluation', 'source_confirmation']);
const dashboardSchema = z
  .object({
    generatedAt: z.string(),
    applications: z.object({
      total: z.int(),
      byState: z.array(z.object({ state: z.string(), count: z.int() })),
      stages: z.array(z.object({ kind: stageKind, open: z.int(), overdue: z.int(), closedLate: z.int() })).describe('review stages open now (and past their deadline), and closed after it'),
      overdue: z.array(z.object({ stageId: z.uuid(), applicationId: z.uuid(), number: z.string(), title: z.string(), kind: stageKind, reviewerOrgId: z.uuid(), dueAt: z.string() })).describe('open stages past their deadline, the longest overdue first (at most 20)'),
    }),
    productCalls: z.object({
      total: z.number(),
      from: z.string().describe('first Beijing day of byDay'),
      until: z.string().describe('last Beijing day of byDay (today)'),
      byDay: z.array(z.object({ day: z.string(), calls: z.number() })).describe('days without calls are left out'),
      byProduct: z.array(z.object({ productId: z.uuid(), nameZh: z.string(), nameEn: z.string().nullable(), orgId: z.uuid(), calls: z.number() })).describe('the 10 products called most'),
    }),
    epsilon: z.object({
      grants: z.int().describe('grants with a privacy budget or any ε spent'),
      total: z.number(),
      spent: z.number(),
      byGrant: z.array(z.object({ grantId: z.uuid(), applicationId: z.uuid(), assigneeOrgId: z.uuid(), state: z.string(), epsilonTotal: z.number().nullable(), epsilonSpent: z.number() })).describe('the 10 grants that spent most'),
    }),
    exports: z.object({ total: z.int(), byState: z.array(z.object({ state: z.string(), count: z.int() })) }),
    suspensions: z.object({
      byKind: z.array(z.object({ kind: z.enum(['suspend', 'resume', 'terminate']), count: z.int() })),
      current: z.array(z.object({ orgId: z.uuid(), orgType: z.string(), admissionId: z.uuid().nullable(), operatorOrgId: z.uuid().nullable(), since: z.string().nullable(), rectificationDue: z.string().nullable(), reasons: z.string().nullable() })).describe('organizations suspended on the platform, and partners suspended by their operator'),
    }),
  })
  .meta({ id: 'SupervisionDashboard' });

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
    // routed as a supervision read; the use case asks the PDP for 'supervision.dashboard', which answers 404 to anyone but supervisors
    app.get('/supervision/dashboard', {
      config: { action: 'supervision.read' },
      schema: { tags, summary: 'Cross-tenant aggregates for the authority and regulators (others: 404): applications by state and stage with what is overdue, product API calls, ε spent, exports, suspensions', response: { 200: dashboardSchema } },
    }, async (req) => readDashboard(deps, requireActor(req)));
    app.post('/handover-tasks/:id/confirmation', {
      config: { action: 'handover.confirm' },
      schema: { tags, summary: "Confirm the terminated organization's data deletion and handover", params: idParams, body: z.strictObject({ note: reasons }), response: { 200: handoverSchema } },
    }, async (req) => confirmHandover(deps, requireActor(req), req.params.id, req.body.note));
  };
}
