import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { requireActor } from '../../http/request-actor.ts';
import { LOGIN_STATE_COOKIE, SESSION_COOKIE, sessionCookieOptions } from '../../http/cookies.ts';
import { apiKeySchema, callbackQuery, createApiKeyBody, createdApiKeySchema, idParams, loginQuery, meSchema, userSchema } from './schemas.ts';
import { createApiKey } from './use-cases/create-api-key.ts';
import { getMe } from './use-cases/get-me.ts';
import { listOwnApiKeys } from './use-cases/list-api-keys.ts';
import { listOrganizationUsers } from './use-cases/list-users.ts';
import { beginLogin, completeLogin, type LoginFlow } from './use-cases/log-in.ts';
import { logOut } from './use-cases/log-out.ts';
import { revokeApiKey } from './use-cases/revoke-api-key.ts';

export function identityRoutes(deps: Deps, loginFlow: LoginFlow) {
  return async function routes(fastify: FastifyInstance) {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const tags = ['identity'];

    app.get('/auth/login', {
      config: { action: 'public' },
      schema: { tags, summary: 'Start an OIDC login (authorization code + PKCE); redirects to the issuer', querystring: loginQuery },
    }, async (req, reply) => {
      const { redirectTo, state } = await beginLogin(deps, loginFlow, { returnTo: req.query.returnTo, ...(req.query.loginHint ? { loginHint: req.query.loginHint } : {}) });
      reply.setCookie(LOGIN_STATE_COOKIE, state, { ...sessionCookieOptions(deps.config), maxAge: 600 });
      return reply.redirect(redirectTo, 302);
    });

    app.get('/auth/callback', {
      config: { action: 'public' },
      schema: { tags, summary: 'OIDC redirect target: opens a browser session', querystring: callbackQuery },
    }, async (req, reply) => {
      const url = new URL(req.url, deps.config.publicUrl);
      const { sessionToken, returnTo } = await completeLogin(deps, loginFlow, url, req.cookies[LOGIN_STATE_COOKIE]);
      reply.clearCookie(LOGIN_STATE_COOKIE, { path: '/' });
      reply.setCookie(SESSION_COOKIE, sessionToken, sessionCookieOptions(deps.config));
      return reply.redirect(returnTo, 302);
    });

    app.post('/auth/logout', {
      config: { action: 'session.logout' },
      schema: { tags, summary: 'Close the browser session', response: { 204: z.null() } },
    }, async (req, reply) => {
      await logOut(deps, requireActor(req));
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    });

    app.get('/me', {
      config: { action: 'session.read' },
      schema: { tags, summary: 'Who am I: user, organization, roles', response: { 200: meSchema } },
    }, async (req) => getMe(deps, requireActor(req)));

    app.get('/organizations/:id/users', {
      config: { action: 'user.list' },
      schema: { tags, summary: "An organization's users (its admins only)", params: idParams, response: { 200: z.object({ items: z.array(userSchema) }) } },
    }, async (req) => ({ items: await listOrganizationUsers(deps, requireActor(req), req.params.id) }));

    app.get('/api-keys', {
      config: { action: 'api_key.list' },
      schema: { tags, summary: "The organization's API keys", response: { 200: z.object({ items: z.array(apiKeySchema) }) } },
    }, async (req) => ({ items: await listOwnApiKeys(deps, requireActor(req)) }));

    app.post('/api-keys', {
      config: { action: 'api_key.create' },
      schema: { tags, summary: 'Issue an API key (scoped, expiring); the secret is returned once', body: createApiKeyBody, response: { 201: createdApiKeySchema } },
    }, async (req, reply) => reply.code(201).send(await createApiKey(deps, requireActor(req), req.body)));

    app.post('/api-keys/:id/revoke', {
      config: { action: 'api_key.revoke' },
      schema: { tags, summary: 'Revoke an API key at once', params: idParams, response: { 200: apiKeySchema } },
    }, async (req) => revokeApiKey(deps, requireActor(req), req.params.id));
  };
}
