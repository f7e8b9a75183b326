import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { requireActor } from '../../http/request-actor.ts';
import * as s from './schemas.ts';
import { classifyField } from './use-cases/classify-field.ts';
import { decideEntry } from './use-cases/decide-entry.ts';
import { toDcatCatalog, type PublishedResource } from './use-cases/dcat.ts';
import { draftEntry, submitEntry } from './use-cases/propose-entry.ts';
import { publishEdition, readEdition } from './use-cases/publish-edition.ts';
import { ingestVersion, listVersions } from './use-cases/ingest-version.ts';
import { getResource, listEntries, listResources } from './use-cases/read-resources.ts';
import { registerResource } from './use-cases/register-resource.ts';
import { resourcePage } from './use-cases/resource-page.ts';
import { updateResource } from './use-cases/update-resource.ts';
import { withdrawEntry } from './use-cases/withdraw-entry.ts';

export function catalogRoutes(deps: Deps) {
  return async function routes(fastify: FastifyInstance) {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const tags = ['catalog'];

    app.post('/resources', {
      config: { action: 'resource.register' },
      schema: { tags, summary: 'Register a data resource with its fields, classification and grading (source department)', body: s.registerResourceBody, response: { 201: s.resourceSchema } },
    }, async (req, reply) => reply.code(201).send(await registerResource(deps, requireActor(req), req.body)));

    app.get('/resources', {
      config: { action: 'resource.read' },
      schema: { tags, summary: "The caller's resources (all of them for the authority and regulators)", response: { 200: z.object({ items: z.array(s.resourceSchema) }) } },
    }, async (req) => ({ items: await listResources(deps, requireActor(req)) }));

    app.get('/resources/:id', {
      config: { action: 'resource.read' },
      schema: { tags, summary: 'One data resource', params: s.idParams, response: { 200: s.resourceSchema } },
    }, async (req) => getResource(deps, requireActor(req), req.params.id));

    app.patch('/resources/:id', {
      config: { action: 'resource.update' },
      schema: { tags, summary: "Correct a resource's descriptive metadata and its fields' descriptions (its department; the code, openness, subject and classification are not edited here)", params: s.idParams, body: s.updateResourceBody, response: { 200: s.resourceSchema } },
    }, async (req) => updateResource(deps, requireActor(req), req.params.id, req.body));

    app.post('/resources/:id/fields/:name/classification', {
      config: { action: 'resource.classify' },
      schema: { tags, summary: "Confirm or correct a field's PII type, role and grade", params: z.strictObject({ id: z.uuid(), name: z.string().max(63) }), body: s.classifyFieldBody, response: { 200: s.resourceSchema } },
    }, async (req) => classifyField(deps, requireActor(req), req.params.id, req.params.name, req.body));

    // Versions arrive as raw streams (CSV, JSON lines, Parquet): never buffered, never parsed by Fastify.
    app.addContentTypeParser(['text/csv', 'application/x-ndjson', 'application/jsonl', 'application/vnd.apache.parquet', 'application/octet-stream'], (_req, payload, done) => done(null, payload));

    app.post('/resources/:id/versions', {
      config: { action: 'resource.ingest' },
      bodyLimit: Number.MAX_SAFE_INTEGER,
      schema: {
        tags,
        summary: 'Upload a new version of the data (streamed CSV in UTF-8 or GB18030/GBK, JSON lines, or Parquet)',
        params: s.idParams,
        querystring: s.uploadQuery,
        response: { 201: s.versionSchema },
      },
    }, async (req, reply) => {
      const format = req.query.format ?? formatOf(req.headers['content-type']);
      const source = { kind: 'stream' as const, stream: req.body as NodeJS.ReadableStream, format, encoding: req.query.encoding };
      return reply.code(201).send(await ingestVersion(deps, requireActor(req), req.params.id, source));
    });

    app.post('/resources/:id/versions/pull', {
      config: { action: 'resource.ingest' },
      schema: { tags, summary: "Pull a new version from a table of the department's own PostgreSQL system", params: s.idParams, body: s.pullBody, response: { 201: s.versionSchema } },
    }, async (req, reply) => reply.code(201).send(await ingestVersion(deps, requireActor(req), req.params.id, { kind: 'postgres', connectionString: req.body.connectionString, table: req.body.table })));

    app.get('/resources/:id/versions', {
      config: { action: 'resource.read' },
      schema: { tags, summary: 'Versions of a resource with their quality profiles', params: s.idParams, response: { 200: z.object({ items: z.array(s.versionSchema) }) } },
    }, async (req) => ({ items: await listVersions(deps, requireActor(req), req.params.id) }));

    app.post('/catalog/entries', {
      config: { action: 'catalog.propose' },
      schema: { tags, summary: 'Draft an entry of the authorized-operation catalog for a resource', body: z.strictObject({ resourceId: z.uuid() }), response: { 201: s.catalogEntrySchema } },
    }, async (req, reply) => reply.code(201).send(await draftEntry(deps, requireActor(req), req.body.resourceId)));

    app.get('/catalog/entries', {
      config: { action: 'catalog.read' },
      schema: { tags, summary: 'Catalog entries (own; all for the authority and regulators)', querystring: s.entryStateQuery, response: { 200: z.object({ items: z.array(s.catalogEntrySchema) }) } },
    }, async (req) => ({ items: await listEntries(deps, requireActor(req), req.query.state) }));

    app.post('/catalog/entries/:id/submit', {
      config: { action: 'catalog.propose' },
      schema: { tags, summary: 'Submit (or resubmit) an entry to the authority', params: s.idParams, response: { 200: s.catalogEntrySchema } },
    }, async (req) => submitEntry(deps, requireActor(req), req.params.id));

    app.post('/catalog/entries/:id/decision', {
      config: { action: 'catalog.decide' },
      schema: { tags, summary: 'Approve, return with reasons, or reject with reasons (the authority)', params: s.idParams, body: s.decisionBody, response: { 200: s.catalogEntrySchema } },
    }, async (req) => decideEntry(deps, requireActor(req), req.params.id, req.body));

    app.post('/catalog/entries/:id/withdraw', {
      config: { action: 'catalog.withdraw' },
      schema: { tags, summary: 'Take a resource out of the catalog (department or authority)', params: s.idParams, response: { 200: s.catalogEntrySchema } },
    }, async (req) => withdrawEntry(deps, requireActor(req), req.params.id));

    app.post('/catalog/editions', {
      config: { action: 'catalog.publish' },
      schema: { tags, summary: 'Publish the next numbered edition of the catalog (the authority)', body: s.publishEditionBody, response: { 201: s.editionSchema } },
    }, async (req, reply) => reply.code(201).send(await publishEdition(deps, requireActor(req), req.body.note)));

    app.get('/catalog', {
      config: { action: 'public' },
      schema: { tags, summary: 'The authorized-operation catalog: the latest published edition', response: { 200: s.editionSchema } },
    }, async () => readEdition(deps));

    app.get('/catalog/editions/:number', {
      config: { action: 'public' },
      schema: { tags, summary: 'A published edition of the catalog', params: s.editionParams, response: { 200: s.editionSchema } },
    }, async (req) => readEdition(deps, req.params.number));
  };
}

/** Outside the API: the catalog as DCAT-AP JSON-LD, and a human page per published resource. */
export function catalogPublicRoutes(deps: Deps) {
  return async function routes(fastify: FastifyInstance) {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    app.get('/catalog.jsonld', { config: { action: 'public' }, schema: { tags: ['catalog'], summary: 'The published catalog as DCAT-AP 3 JSON-LD' } }, async (_req, reply) => {
      const edition = await readEdition(deps);
      reply.type('application/ld+json; charset=utf-8');
      return toDcatCatalog(deps.config.publicUrl, edition, edition.resources.map((r) => r.snapshot as PublishedResource));
    });
    app.get('/catalog/resources/:code', { config: { action: 'public' }, schema: { tags: ['catalog'], summary: 'Human page of a published resource', params: z.strictObject({ code: z.string().max(64) }) } }, async (req, reply) => {
      const edition = await readEdition(deps);
      const item = edition.resources.find((r) => r.code === req.params.code);
      if (!item) return reply.callNotFound();
      reply.type('text/html; charset=utf-8');
      return resourcePage(item.snapshot as Parameters<typeof resourcePage>[0], edition.number);
    });
  };
}

function formatOf(contentType: string | undefined): 'csv' | 'jsonl' | 'parquet' {
  if (contentType?.includes('parquet')) return 'parquet';
  if (contentType?.includes('json')) return 'jsonl';
  return 'csv';
}
