import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Deps } from '../deps.ts';
import { type BearerVerifier, identityRoutes, type LoginFlow } from '../modules/identity/index.ts';
import { agreementRoutes } from '../modules/agreements/index.ts';
import { applicationRoutes } from '../modules/applications/index.ts';
import { billingRoutes } from '../modules/billing/index.ts';
import { calendarRoutes } from '../modules/calendar/index.ts';
import { catalogPublicRoutes, catalogRoutes } from '../modules/catalog/index.ts';
import { exportRoutes } from '../modules/exports/index.ts';
import { grantRoutes } from '../modules/grants/index.ts';
import { jobRoutes } from '../modules/jobs/index.ts';
import { productRoutes } from '../modules/products/index.ts';
import { notificationRoutes } from '../modules/notifications/index.ts';
import { partnershipRoutes } from '../modules/partnerships/index.ts';
import { supervisionRoutes } from '../modules/supervision/index.ts';
import { workspaceRoutes } from '../modules/workspaces/index.ts';
import { type LedgerSequencer, ledgerRoutes, ledgerWellKnownRoute } from '../modules/ledger/index.ts';
import { organizationRoutes } from '../modules/organizations/index.ts';
import { isAction, PUBLIC } from '../policy/actions.ts';
import { installAuthentication } from './authenticate.ts';
import { installMetrics } from './metrics.ts';
import { installProblemHandlers, sendProblem } from './problem.ts';

export const API_PREFIX = '/api/v1';

export interface AppOptions {
  loginFlow: LoginFlow;
  sequencer: LedgerSequencer;
  bearer: BearerVerifier | undefined;
  /** built portal (packages/portal/dist); served at / when present */
  portalDir?: string;
  logger?: boolean;
}

export interface RegisteredRoute {
  method: string;
  url: string;
  action: string | undefined;
}

/** The HTTP surface: everything under /api/v1, OpenAPI at /openapi.json, docs at /docs, /healthz, /metrics, the portal at /. */
export type App = FastifyInstance & { registeredRoutes: RegisteredRoute[] };

export async function buildApp(deps: Deps, opts: AppOptions): Promise<App> {
  const app = Fastify({
    loggerInstance: deps.log,
    bodyLimit: deps.config.bodyLimitBytes,
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && /^[\w-]{8,64}$/.test(incoming) ? incoming : randomUUID();
    },
    routerOptions: { ignoreTrailingSlash: true },
    ajv: { customOptions: { removeAdditional: false } },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  // Every API route must say which action it performs: a route without one does not start.
  const registeredRoutes: RegisteredRoute[] = [];
  app.addHook('onRoute', (route) => {
    const action = route.config?.action;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) if (method !== 'HEAD') registeredRoutes.push({ method, url: route.url, action });
    if (route.url.startsWith(API_PREFIX) && action !== PUBLIC && !isAction(action)) {
      throw new Error(`route ${route.method} ${route.url} declares no action from the catalogue`);
    }
  });

  installProblemHandlers(app);
  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Shuyun 數運 API', version: '1', description: 'Public-data authorized-operation platform of Futian District (福田區公共數據授權運營平臺)' },
      servers: [{ url: deps.config.publicUrl }],
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'shuyun_session' },
          bearer: { type: 'http', scheme: 'bearer', description: 'OIDC access token, or an API key (shy_…)' },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  installMetrics(app);
  installAuthentication(app, deps, opts.bearer);

  app.get('/healthz', { schema: { hide: true } }, async (_request, reply) => {
    try {
      await deps.db.ping();
      return { status: 'ok', database: deps.db.kind };
    } catch {
      return reply.code(503).send({ status: 'unavailable', database: deps.db.kind });
    }
  });

  await app.register(
    async (api) => {
      await api.register(identityRoutes(deps, opts.loginFlow));
      await api.register(organizationRoutes(deps));
      await api.register(ledgerRoutes(deps, opts.sequencer));
      await api.register(catalogRoutes(deps));
      await api.register(calendarRoutes(deps));
      await api.register(notificationRoutes(deps));
      await api.register(partnershipRoutes(deps));
      await api.register(applicationRoutes(deps));
      await api.register(agreementRoutes(deps));
      await api.register(grantRoutes(deps));
      await api.register(supervisionRoutes(deps));
      await api.register(workspaceRoutes(deps));
      await api.register(jobRoutes(deps));
      await api.register(productRoutes(deps));
      await api.register(billingRoutes(deps));
      await api.register(exportRoutes(deps));
    },
    { prefix: API_PREFIX },
  );
  await app.register(ledgerWellKnownRoute(deps, opts.sequencer));
  await app.register(catalogPublicRoutes(deps));

  const portal = opts.portalDir && existsSync(opts.portalDir) ? opts.portalDir : undefined;
  if (portal) await app.register(fastifyStatic, { root: portal, prefix: '/', wildcard: false, index: ['index.html'] });
  app.setNotFoundHandler((request, reply) => {
    // client-side routes of the portal: a browser asking for a page outside the API gets the app shell
    if (portal && request.method === 'GET' && !request.url.startsWith('/api/') && request.headers.accept?.includes('text/html')) {
      return reply.sendFile('index.html');
    }
    return sendProblem(request, reply, 'NOT_FOUND');
  });

  return Object.assign(app, { registeredRoutes }) as unknown as App;
}
