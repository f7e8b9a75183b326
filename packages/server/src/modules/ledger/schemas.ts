import { z } from 'zod';

const entityRef = z.object({ type: z.string(), id: z.string() });

export const leafSchema = z
  .object({
    seq: z.int(),
    time: z.string(),
    actor: z.object({ user: z.string().nullable(), org: z.string().nullable() }),
    action: z.string(),
    category: z.enum(['state', 'access']),
    entity: entityRef,
    orgs: z.array(z.string()),
    payloadHash: z.string(),
    derivedFrom: z.array(entityRef),
  })
  .meta({ id: 'LedgerLeaf', description: 'The hashed form of an entry: leaf hash = SHA-256(0x00 ‖ JCS({v:1, …leaf}))' });

export const entrySchema = z
  .object({ seq: z.int().nullable(), leaf: leafSchema.nullable(), leafHash: z.string().nullable(), payload: z.unknown() })
  .meta({ id: 'LedgerEntry' });

export const checkpointSchema = z
  .object({
    treeSize: z.int(),
    rootHash: z.string().describe('base64'),
    createdAt: z.string(),
    note: z.string().describe('C2SP tlog-checkpoint signed note: Ed25519 and SM2 signatures of the log, then witness cosignatures'),
    cosignatures: z.array(z.object({ witness: z.string(), signedAt: z.string() })),
  })
  .meta({ id: 'LedgerCheckpoint' });

export const inclusionQuery = z.union([
  z.strictObject({ seq: z.coerce.number().int().min(0), treeSize: z.coerce.number().int().min(1).optional() }),
  z.strictObject({ entityType: z.string().min(1).max(100), entityId: z.string().min(1).max(200), treeSize: z.coerce.number().int().min(1).optional() }),
]);

export const inclusionSchema = entrySchema
  .extend({ treeSize: z.int(), proof: z.array(z.string()).describe('base64 hashes, RFC 9162 §2.1.3'), checkpoint: checkpointSchema })
  .meta({ id: 'LedgerInclusionProof' });

export const consistencyQuery = z.strictObject({ from: z.coerce.number().int().min(1), to: z.coerce.number().int().min(1) });
export const consistencySchema = z.object({ from: z.int(), to: z.int(), proof: z.array(z.string()) }).meta({ id: 'LedgerConsistencyProof' });

export const entriesQuery = z.strictObject({
  start: z.coerce.number().int().min(0).default(0),
  end: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export const checkpointsQuery = z.strictObject({
  from: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export const lineageQuery = z.strictObject({
  entityType: z.string().min(1).max(100),
  entityId: z.string().min(1).max(200),
  depth: z.coerce.number().int().min(1).max(20).default(10),
});

const edge = z.object({ parentType: z.string(), parentId: z.string(), childType: z.string(), childId: z.string(), depth: z.int() });
export const lineageSchema = z
  .object({ entity: entityRef, upstream: z.array(edge), downstream: z.array(edge), entries: z.array(entrySchema) })
  .meta({ id: 'LedgerLineage' });

export const witnessSchema = z.object({ name: z.string(), vkey: z.string(), orgId: z.uuid(), createdAt: z.string() }).meta({ id: 'LedgerWitness' });
export const registerWitnessBody = z.strictObject({ vkey: z.string().min(10).max(500), orgId: z.uuid() });
export const cosignatureBody = z.strictObject({ signatureLine: z.string().min(10).max(1000) });
export const sizeParams = z.strictObject({ size: z.coerce.number().int().min(1) });

export const logKeysSchema = z
  .object({
    origin: z.string(),
    keys: z.array(z.object({ name: z.string(), type: z.string(), keyId: z.string(), vkey: z.string() })),
    keyIdScheme: z.string(),
    witnesses: z.array(witnessSchema),
  })
  .meta({ id: 'LedgerKeys' });
