import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { requireActor } from '../../http/request-actor.ts';
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
  };
}
