import { holidayScheduleSchema } from '@shuyun/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { requireActor } from '../../http/request-actor.ts';
import { enterSchedule, listSchedules } from './use-cases/enter-schedule.ts';

const day = z.object({ date: z.string(), name: z.string() });
const scheduleView = z.object({ year: z.number(), holidays: z.array(day), makeUpWorkdays: z.array(day), source: z.string(), enteredAt: z.string() });

export function calendarRoutes(deps: Deps) {
  return async function routes(fastify: FastifyInstance) {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const tags = ['calendar'];
    app.get('/calendar/schedules', {
      config: { action: 'calendar.read' },
      schema: { tags, summary: 'The State Council holiday schedules the working-day deadlines are computed with', response: { 200: z.object({ items: z.array(scheduleView) }) } },
    }, async (req) => ({ items: await listSchedules(deps, requireActor(req)) }));
    app.post('/calendar/schedules', {
      config: { action: 'calendar.enter' },
      schema: { tags, summary: "Enter a year's State Council holiday schedule (the authority, once per year)", body: holidayScheduleSchema, response: { 201: z.object({ years: z.array(z.number()) }) } },
    }, async (req, reply) => reply.code(201).send(await enterSchedule(deps, requireActor(req), req.body)));
  };
}
