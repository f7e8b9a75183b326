import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { requireActor } from '../../http/request-actor.ts';
import { costItems } from '@shuyun/core/billing';
import { accountProductCosts } from './use-cases/cost-account.ts';
import { monthlyInvoice } from './use-cases/monthly-invoice.ts';

export function billingRoutes(deps: Deps) {
  return async function routes(fastify: FastifyInstance) {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    app.get('/invoices/:month', {
      config: { action: 'invoice.read' },
      schema: {
        tags: ['billing'],
        summary: "The caller's invoice for a month (Beijing time): metered usage priced by each agreement's or product's fee; public-interest lines at zero",
        params: z.strictObject({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/) }),
        response: { 200: z.object({ document: z.record(z.string(), z.unknown()), hash: z.string() }) },
      },
    }, async (req) => {
      const invoice = await monthlyInvoice(deps, requireActor(req), req.params.month);
      return { document: invoice.document as unknown as Record<string, unknown>, hash: invoice.hash };
    });
    const yuan = z.string().regex(/^\d{1,12}(\.\d{1,4})?$/);
    app.post('/products/:id/cost-accounts', {
      config: { action: 'product.cost_account' },
      schema: {
        tags: ['billing'],
        summary: "A product's cost accounting for a year: costs, revenue from metered calls, the margin against the cap, the ±10% rule",
        params: z.strictObject({ id: z.uuid() }),
        body: z.strictObject({
          year: z.int().min(2020).max(2100),
          costs: z.array(z.strictObject({ item: z.enum(costItems), amount: yuan })).min(1).max(50),
          subsidies: yuan.optional(),
          taxes: yuan.optional(),
          treasuryYield10yAverage: z.string().regex(/^\d{1,2}(\.\d{1,4})?$/),
          marginRate: z.string().regex(/^\d{1,2}(\.\d{1,4})?$/).optional(),
        }),
        response: { 200: z.record(z.string(), z.unknown()) },
      },
    }, async (req) => (await accountProductCosts(deps, requireActor(req), req.params.id, req.body)) as unknown as Record<string, unknown>);
  };
}
