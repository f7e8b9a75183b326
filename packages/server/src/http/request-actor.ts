import { DomainError } from '@shuyun/core';
import type { FastifyRequest } from 'fastify';
import type { RouteAction } from '../policy/actions.ts';
import type { Actor } from '../policy/actor.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** the action this route performs; every route under /api/v1 must declare one */
    action?: RouteAction;
  }
  interface FastifyRequest {
    actor: Actor | null;
  }
}

/** In a handler of a non-public route the actor is always there; this makes that explicit for the types. */
export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new DomainError('AUTH_REQUIRED');
  return request.actor;
}
