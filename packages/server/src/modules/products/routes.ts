import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { requireActor } from '../../http/request-actor.ts';
import { closeProductApi, productApiOf } from './api/product-api.ts';
import { fileProduct } from './use-cases/file-product.ts';
import { issueProductKey } from './use-cases/issue-key.ts';
import { listMyProductKeys, listProductKeys } from './use-cases/read-keys.ts';
import { getProduct, listingPackage, listProducts } from './use-cases/read-products.ts';
import { listingPdf } from './use-cases/render-listing.ts';
import { productChecklist, reviewProduct } from './use-cases/review-product.ts';

const idParams = z.strictObject({ id: z.uuid() });
const column = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/);
const kindSchema = z.enum(['dataset', 'data_api', 'indicator', 'report', 'model', 'application']);
const stateSchema = z.enum(['submitted', 'approved', 'rejected', 'suspended']);
const modelInspectionSchema = z.strictObject({ trainingData: z.string().min(1).max(4000), outputSurface: z.string().min(1).max(4000), rawRowsReproducible: z.boolean(), inspectedBy: z.string().min(1).max(200) });
const productSchema = z.object({
  id: z.uuid(),
  orgId: z.uuid(),
  grantId: z.uuid(),
  kind: kindSchema,
  nameZh: z.string(),
  nameEn: z.string().nullable(),
  description: z.string(),
  scenarios: z.array(z.string()),
  scope: z.string(),
  mannerOfUse: z.string(),
  usage: z.enum(['public_interest', 'industry']),
  pricing: z.object({ basis: z.string(), price: z.string(), per: z.string() }),
  source: z.object({ resultTableId: z.uuid(), lookupColumn: z.string(), outputColumns: z.array(z.string()) }).nullable(),
  /** a model's inspection record (training data, output surface, whether raw rows can be reproduced), as filed */
  modelInspection: modelInspectionSchema.nullable(),
  state: stateSchema,
  checklist: z.unknown(),
  reasons: z.string().nullable(),
  submittedAt: z.string(),
  decidedAt: z.string().nullable(),
});
const keySchema = z.object({
  id: z.uuid(),
  productId: z.uuid(),
  /** the key's first characters (`spk_…`), not secret: enough to tell keys apart */
  keyPrefix: z.string(),
  consumerOrgId: z.uuid(),
  scenario: z.string(),
  quotaPerDay: z.number(),
  ratePerMinute: z.number(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
  /** the Beijing day `callsToday` counts */
  day: z.string(),
  callsToday: z.number(),
  callsTotal: z.number(),
  /** of `callsTotal`, the calls metered by this server and not yet written to the usage records (written within about a second) */
  callsUnwritten: z.number(),
});
const keyProductSchema = productSchema.pick({ id: true, orgId: true, kind: true, nameZh: true, nameEn: true, state: true, usage: true, pricing: true });

export function productRoutes(deps: Deps) {
  return async function routes(fastify: FastifyInstance) {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const tags = ['products'];
    // shutdown: the calls metered since the last flush are written before the database closes
    fastify.addHook('onClose', async () => closeProductApi(deps));
    app.post('/products', {
      config: { action: 'product.file' },
      schema: {
        tags,
        summary: 'File a data product (登記備案): scenarios, scope, manner of use, pricing basis; APIs name the result table they serve',
        body: z.strictObject({
          grantId: z.uuid(),
          kind: z.enum(['dataset', 'data_api', 'indicator', 'report', 'model', 'application']),
          nameZh: z.string().trim().min(2).max(200),
          nameEn: z.string().trim().max(200).optional(),
          description: z.string().trim().min(2).max(4000),
          scenarios: z.array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/)).min(1).max(20),
          scope: z.string().trim().min(1).max(2000),
          mannerOfUse: z.string().trim().min(1).max(2000),
          pricing: z.strictObject({ basis: z.string().trim().min(1).max(2000), price: z.string().regex(/^(0|[1-9]\d{0,11})(\.\d{1,4})?$/), per: z.enum(['call', 'month', 'year', 'copy']) }),
          source: z.strictObject({ resultTableId: z.uuid(), lookupColumn: column, outputColumns: z.array(column).min(1).max(50) }).optional(),
          modelInspection: modelInspectionSchema.optional(),
        }),
        response: { 201: productSchema },
      },
    }, async (req, reply) => reply.code(201).send(await fileProduct(deps, requireActor(req), req.body)));
    app.get('/products', {
      config: { action: 'product.read' },
      schema: { tags, summary: 'The product catalog (published products) and the products the caller filed or reviews', response: { 200: z.object({ items: z.array(productSchema) }) } },
    }, async (req) => ({ items: await listProducts(deps, requireActor(req)) }));
    app.get('/products/:id', {
      config: { action: 'product.read' },
      schema: { tags, summary: 'One product', params: idParams, response: { 200: productSchema } },
    }, async (req) => getProduct(deps, requireActor(req), req.params.id));
    app.get('/products/:id/listing.json', {
      config: { action: 'product.read' },
      schema: { tags, summary: 'The exchange listing package: 主體信息, 數據來源合法合規, 產品和服務信息, 應用場景, 安全風險評估', params: idParams },
    }, async (req) => listingPackage(deps, requireActor(req), req.params.id));
    app.get('/products/:id/listing.pdf', {
      config: { action: 'product.read' },
      schema: { tags, summary: 'The exchange listing package as a PDF (the same five sections, zh-CN with English)', params: idParams },
    }, async (req, reply) => reply.type('application/pdf').header('content-disposition', `inline; filename="listing-${req.params.id}.pdf"`).send(await listingPdf(deps, requireActor(req), req.params.id)));
    app.post('/products/:id/review', {
      config: { action: 'product.review' },
      schema: {
        tags,
        summary: 'The authority reviews a product against the compliance and security checklist',
        params: idParams,
        body: z.strictObject({ decision: z.enum(['approve', 'reject']), checklist: z.partialRecord(z.enum(productChecklist), z.boolean()), reasons: z.string().trim().min(1).max(4000).optional() }),
        response: { 200: productSchema },
      },
    }, async (req) => reviewProduct(deps, requireActor(req), req.params.id, req.body));
    app.post('/products/:id/keys', {
      config: { action: 'product.issue_key' },
      schema: {
        tags,
        summary: "Give a consumer a key bound to this product and one approved scenario, with quota and rate limit (shown once)",
        params: idParams,
        body: z.strictObject({ consumerOrgId: z.uuid(), scenario: z.string().max(128), quotaPerDay: z.int().min(1).max(10_000_000), ratePerMinute: z.int().min(1).max(100_000) }),
        response: { 201: z.object({ id: z.uuid(), key: z.string(), keyPrefix: z.string(), scenario: z.string(), quotaPerDay: z.number(), ratePerMinute: z.number(), productId: z.uuid(), consumerOrgId: z.uuid(), createdAt: z.string(), revokedAt: z.string().nullable() }) },
      },
    }, async (req, reply) => reply.code(201).send(await issueProductKey(deps, requireActor(req), req.params.id, req.body)));
    app.get('/products/:id/keys', {
      config: { action: 'product.read' },
      schema: {
        tags,
        summary: "A product's keys (prefix only) and their calls today (Beijing day) and in total: for its provider and supervisors",
        params: idParams,
        response: { 200: z.object({ items: z.array(keySchema) }) },
      },
    }, async (req) => ({ items: await listProductKeys(deps, requireActor(req), req.params.id) }));
    app.get('/product-keys', {
      config: { action: 'product.read' },
      schema: {
        tags,
        summary: "The caller's own product keys (as a consumer) across products, with each product and the calls today and in total",
        response: { 200: z.object({ items: z.array(keySchema.extend({ product: keyProductSchema.nullable() })) }) },
      },
    }, async (req) => ({ items: await listMyProductKeys(deps, requireActor(req)) }));
    app.get('/product-api/:id', {
      config: { action: 'public' },
      schema: {
        tags,
        summary: 'Call a published product: one lookup, with the key (X-Product-Key) bound to the declared scenario; metered',
        params: idParams,
        querystring: z.strictObject({ scenario: z.string().max(128), key: z.string().min(1).max(128) }),
        response: { 200: z.object({ columns: z.array(z.string()), row: z.array(z.unknown()) }) },
      },
      // the hot path: the answer is built by ProductApi in exactly the documented shape ({columns, row}, nothing else),
      // so it is written with JSON.stringify instead of being validated against the schema (which stays for OpenAPI)
      serializerCompiler: () => (data) => JSON.stringify(data),
    }, async (req) => productApiOf(deps).call(req.params.id, req.headers['x-product-key'] as string | undefined, req.query.scenario, req.query.key));
  };
}
