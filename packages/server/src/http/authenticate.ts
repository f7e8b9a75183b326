import { DomainError } from '@shuyun/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import './request-actor.ts';
import type { Deps } from '../deps.ts';
import { type BearerVerifier, type Credential, resolveActor } from '../modules/identity/index.ts';
import { isAction, PUBLIC } from '../policy/actions.ts';
import { decide } from '../policy/decide.ts';
import { SESSION_COOKIE } from './cookies.ts';

/**
 * Every request under the API: find the credential, resolve the actor, ask the policy decision point whether
 * this actor may perform the route's declared action at all. Runs before the body is read, so an
 * unauthenticated caller cannot make the server parse anything.
 */
export function installAuthentication(app: FastifyInstance, deps: Deps, bearer: BearerVerifier | undefined): void {
  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (request) => {
    const action = request.routeOptions.config?.action;
    if (action === undefined) return; // not an API route (static files, 404s, docs)
    if (action === PUBLIC) return;
    const credential = credentialOf(request);
    if (!credential) throw new DomainError('AUTH_REQUIRED');
    const actor = await resolveActor(deps, credential, bearer);
    request.actor = actor;
    if (!isAction(action)) throw new Error(`route ${request.routeOptions.url} declares an unknown action`);
    const decision = decide(actor, action);
    if (!decision.allowed) throw new DomainError(decision.reason === 'suspended' ? 'ORGANIZATION_SUSPENDED' : 'FORBIDDEN');
  });
}

function credentialOf(request: FastifyRequest): Credential | undefined {
  const header = request.headers.authorization;
  if (header) {
    const [scheme, token] = header.split(' ', 2);
    if (scheme?.toLowerCase() === 'bearer' && token) return { kind: 'bearer', token: token.trim() };
    throw new DomainError('AUTH_INVALID_TOKEN');
  }
  const apiKey = request.headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey) return { kind: 'api_key', key: apiKey };
  const session = request.cookies?.[SESSION_COOKIE];
  if (session) return { kind: 'session', token: session };
  return undefined;
}
