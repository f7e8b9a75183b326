import { formatKeyId } from '@shuyun/core/ledger';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { requireActor } from '../../http/request-actor.ts';
import * as s from './schemas.ts';
import type { LedgerSequencer } from './sequencer.ts';
import { listEntries } from './use-cases/list-entries.ts';
import { proveConsistency } from './use-cases/prove-consistency.ts';
import { proveInclusion } from './use-cases/prove-inclusion.ts';
import { listCheckpoints, readCheckpoint } from './use-cases/read-checkpoint.ts';
import { listWitnesses, registerWitness } from './use-cases/register-witness.ts';
import { signCheckpointNow } from './use-cases/sign-checkpoint.ts';
import { submitCosignature } from './use-cases/submit-cosignature.ts';
import { traceLineage } from './use-cases/trace-lineage.ts';

export const SM2_KEY_ID_SCHEME =
  'SM2 keys use signed-note key type 0xFF followed by 0x07 "sm2-sm3"; key ID = first 4 bytes of SHA-256(name ‖ 0x0A ‖ 0xFF ‖ 0x07 ‖ "sm2-sm3" ‖ 0x04 ‖ x ‖ y); signatures are raw r‖s over SM3(Z_A ‖ text) with the default user id 1234567812345678 (GB/T 32918).';

export function ledgerRoutes(deps: Deps, sequencer: LedgerSequencer) {
  return async function routes(fastify: FastifyInstance) {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const tags = ['ledger'];

    app.get('/ledger/checkpoint', {
      config: { action: 'public' },
      schema: { tags, summary: 'The latest signed checkpoint, with witness cosignatures', response: { 200: s.checkpointSchema } },
    }, async () => readCheckpoint(deps));

    app.get('/ledger/checkpoints', {
      config: { action: 'public' },
      schema: { tags, summary: 'Signed checkpoints from a tree size on', querystring: s.checkpointsQuery, response: { 200: z.object({ items: z.array(s.checkpointSchema) }) } },
    }, async (req) => ({ items: await listCheckpoints(deps, req.query.from, req.query.limit) }));

    app.post('/ledger/checkpoints', {
      config: { action: 'ledger.checkpoint' },
      schema: { tags, summary: 'Sign a checkpoint now (the authority)', response: { 201: s.checkpointSchema } },
    }, async (req, reply) => reply.code(201).send(await signCheckpointNow(deps, sequencer, requireActor(req))));

    app.post('/ledger/checkpoints/:size/cosignatures', {
      config: { action: 'ledger.cosign' },
      schema: { tags, summary: "Submit a registered witness's tlog-cosignature", params: s.sizeParams, body: s.cosignatureBody, response: { 201: s.checkpointSchema } },
    }, async (req, reply) => reply.code(201).send(await submitCosignature(deps, requireActor(req), req.params.size, req.body.signatureLine)));

    app.get('/ledger/entries', {
      config: { action: 'ledger.read' },
      schema: { tags, summary: 'Entries by sequence range [start, end) that the caller may see', querystring: s.entriesQuery, response: { 200: z.object({ items: z.array(s.entrySchema) }) } },
    }, async (req) => ({ items: await listEntries(deps, requireActor(req), { start: req.query.start, end: req.query.end ?? req.query.start + req.query.limit, limit: req.query.limit }) }));

    app.get('/ledger/proofs/inclusion', {
      config: { action: 'ledger.read' },
      schema: { tags, summary: 'Inclusion proof of an entry (by sequence number or by entity) in a signed checkpoint', querystring: s.inclusionQuery, response: { 200: s.inclusionSchema } },
    }, async (req) => {
      const q = req.query;
      return proveInclusion(deps, sequencer.tree, requireActor(req), 'seq' in q ? { seq: q.seq } : { entityType: q.entityType, entityId: q.entityId }, q.treeSize);
    });

    app.get('/ledger/proofs/consistency', {
      config: { action: 'public' },
      schema: { tags, summary: 'Consistency proof between two tree sizes', querystring: s.consistencyQuery, response: { 200: s.consistencySchema } },
    }, async (req) => proveConsistency(deps, sequencer.tree, req.query.from, req.query.to));

    app.get('/ledger/lineage', {
      config: { action: 'ledger.read' },
      schema: { tags, summary: 'Lineage of an entity: upstream and downstream', querystring: s.lineageQuery, response: { 200: s.lineageSchema } },
    }, async (req) => traceLineage(deps, requireActor(req), { type: req.query.entityType, id: req.query.entityId }, req.query.depth));

    app.get('/ledger/witnesses', {
      config: { action: 'public' },
      schema: { tags, summary: 'Registered witnesses', response: { 200: z.object({ items: z.array(s.witnessSchema) }) } },
    }, async () => ({ items: await listWitnesses(deps) }));

    app.post('/ledger/witnesses', {
      config: { action: 'ledger.witness_register' },
      schema: { tags, summary: 'Register a witness by its tlog-cosignature key (the authority)', body: s.registerWitnessBody, response: { 201: s.witnessSchema } },
    }, async (req, reply) => reply.code(201).send(await registerWitness(deps, requireActor(req), req.body)));
  };
}

/** Public keys of the log, at a well-known address, so anyone can verify checkpoints offline. */
export function ledgerWellKnownRoute(deps: Deps, sequencer: LedgerSequencer) {
  return async function routes(fastify: FastifyInstance) {
    fastify.withTypeProvider<ZodTypeProvider>().get('/.well-known/shuyun-ledger', {
      config: { action: 'public' },
      schema: { tags: ['ledger'], summary: 'The log origin, its verifier keys (Ed25519, SM2) and witnesses', response: { 200: s.logKeysSchema } },
    }, async () => {
      const { origin, ed25519, sm2 } = sequencer.signers;
      return {
        origin,
        keys: [ed25519, sm2].map((k) => ({ name: k.name, type: k.type, keyId: formatKeyId(k.keyId), vkey: k.vkey })),
        keyIdScheme: SM2_KEY_ID_SCHEME,
        witnesses: await listWitnesses(deps),
      };
    });
  };
}
