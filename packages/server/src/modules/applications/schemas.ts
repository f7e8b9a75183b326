import { applicationStates, computationModes, reviewStageKinds } from '@shuyun/core';
import { z } from 'zod';

const fieldName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/);
export const scopeResource = z.strictObject({ resourceId: z.uuid(), fields: z.array(fieldName).min(1).max(500) });
export const scenarioSchema = z.strictObject({
  kind: z.enum(['public_interest', 'industry']).describe('public interest use is free; industry use is charged (Art. 37)'),
  purpose: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/).describe('the scenario code, e.g. inclusive-finance.credit'),
  description: z.string().trim().min(10).max(4000).describe('應用場景說明'),
});

export const submitBody = z.strictObject({
  title: z.string().trim().min(2).max(200),
  operatorOrgId: z.uuid().optional().describe("a partner's operator (required for partners, who must be admitted by it)"),
  scenario: scenarioSchema,
  resources: z.array(scopeResource).min(1).max(50),
  modes: z.array(z.enum(computationModes)).min(1),
  termMonths: z.int().min(1).max(60).default(12),
});

export const controlsSchema = z.strictObject({
  minSubjects: z.int().min(1).max(1_000_000).optional().describe('minimum distinct data subjects per released row'),
  epsilonBudget: z.number().positive().max(100).optional().describe('differential-privacy budget ε for the term'),
  callQuota: z.int().positive().max(1e12).optional(),
});

export const decisionBody = z.strictObject({
  decision: z.enum(['approve', 'return', 'reject']),
  reasons: z.string().trim().min(1).max(4000).optional(),
  conditions: z
    .strictObject({ resources: z.array(scopeResource).min(1).optional(), modes: z.array(z.enum(computationModes)).min(1).optional() })
    .optional()
    .describe('approve with conditions: narrow fields or modes (never widen)'),
  controls: controlsSchema.optional().describe('the authority sets the thresholds the grant will carry'),
});

export const resubmitBody = z.strictObject({
  note: z.string().trim().min(1).max(4000).describe('what was added or changed'),
  scenario: scenarioSchema.optional(),
  resources: z.array(scopeResource).min(1).max(50).optional(),
  modes: z.array(z.enum(computationModes)).min(1).optional(),
});

export const escalateBody = z.strictObject({ reason: z.string().trim().min(1).max(4000) });
export const answerBody = z.strictObject({ outcome: z.enum(['agreed', 'refused']), answer: z.string().trim().min(1).max(4000) });
export const opinionRequestBody = z.strictObject({ expertOrgId: z.uuid(), question: z.string().trim().min(1).max(4000) });
export const opinionBody = z.strictObject({ recommendation: z.enum(['approve', 'approve_with_conditions', 'reject']), opinion: z.string().trim().min(1).max(8000) });
export const reasonsBody = z.strictObject({ reasons: z.string().trim().min(1).max(4000) });

const scope = z.object({ resources: z.array(z.object({ resourceId: z.uuid(), fields: z.array(z.string()) })), modes: z.array(z.string()) });
export const stageSchema = z.object({
  id: z.uuid(),
  kind: z.enum(reviewStageKinds),
  reviewerOrgId: z.uuid(),
  round: z.number(),
  startedAt: z.string(),
  dueAt: z.string(),
  closedAt: z.string().nullable(),
  outcome: z.string().nullable(),
  reasons: z.string().nullable(),
  overdue: z.boolean().describe('decided after its deadline, or still open past it: this reviewer is late'),
  workingDaysLeft: z.number().nullable().describe('for an open stage: working days left before the deadline (negative when late)'),
});
export const opinionSchema = z.object({
  id: z.uuid(),
  expertOrgId: z.uuid(),
  question: z.string(),
  requestedAt: z.string(),
  recommendation: z.string().nullable(),
  opinion: z.string().nullable(),
  submittedAt: z.string().nullable(),
});
export const escalationSchema = z.object({
  id: z.uuid(),
  reason: z.string(),
  escalatedAt: z.string(),
  outcome: z.string().nullable(),
  answer: z.string().nullable(),
  answeredAt: z.string().nullable(),
});
export const applicationSchema = z.object({
  id: z.uuid(),
  number: z.string(),
  title: z.string(),
  applicantOrgId: z.uuid(),
  applicantKind: z.enum(['partner', 'operator']),
  operatorOrgId: z.uuid().nullable(),
  state: z.enum(applicationStates),
  scenario: scenarioSchema,
  requested: scope,
  granted: scope,
  controls: controlsSchema,
  termMonths: z.number(),
  sourceOrgIds: z.array(z.uuid()),
  submittedAt: z.string(),
  decidedAt: z.string().nullable(),
  stages: z.array(stageSchema),
  opinions: z.array(opinionSchema),
  escalations: z.array(escalationSchema),
});
export const idParams = z.strictObject({ id: z.uuid() });
