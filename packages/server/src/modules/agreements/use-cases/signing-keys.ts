import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DomainError } from '@shuyun/core';
import { decodeHex, encodeHex, generateSm2KeyPair, isValidSm2PublicKey } from '@shuyun/core/ledger';
import type { Deps } from '../../../deps.ts';
import type { Tx } from '../../../db/database.ts';
import { type Actor, tenantContext } from '../../../policy/actor.ts';
import { authorize } from '../../../policy/decide.ts';
import { appendToLedger } from '../../ledger/index.ts';
import * as store from '../store.ts';

// Each organization signs agreements with its own SM2 key. Two ways to hold it:
//  - its own: it registers the public key and sends signatures it made itself (with any SM2 tool);
//  - custody (托管): the platform generates the pair, keeps the private key in the data directory
//    (`keys/organizations/<org id>/<key id>.json`, mode 0600) and signs when the organization's signatory asks.
// Registering a new key retires the previous one; signatures already made keep verifying with the key they name.

const PUBLIC_KEY = /^04[0-9a-f]{128}$/;

/** Key id: the first 8 bytes of SM3 over the 65-byte public key, hex. */
export function keyIdOf(publicKeyHex: string): string {
  return createHash('sm3').update(decodeHex(publicKeyHex)).digest('hex').slice(0, 16);
}

function custodyFile(keysDir: string, orgId: string, keyId: string): string {
  return path.join(keysDir, 'organizations', orgId, `${keyId}.json`);
}

/** The private key in custody, or undefined when the data directory does not hold it (moved, restored elsewhere). */
export function custodialPrivateKey(keysDir: string, orgId: string, keyId: string): string | undefined {
  const file = custodyFile(keysDir, orgId, keyId);
  if (!existsSync(file)) return undefined;
  return (JSON.parse(readFileSync(file, 'utf8')) as { privateKey: string }).privateKey;
}

/** Creates a key pair, keeps the private key in custody and registers the public key (retiring the previous one). */
export async function createCustodialKey(tx: Tx, keysDir: string, orgId: string, at: Date): Promise<{ keyId: string; publicKey: string }> {
  const pair = generateSm2KeyPair();
  const publicKey = encodeHex(pair.publicKey);
  const keyId = keyIdOf(publicKey);
  const file = custodyFile(keysDir, orgId, keyId);
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, JSON.stringify({ privateKey: encodeHex(pair.privateKey), publicKey }), { mode: 0o600, flag: 'wx' });
  await store.revokeKeysOf(tx, orgId, at);
  await store.insertKey(tx, { orgId, keyId, publicKey, custodial: true, createdAt: at });
  return { keyId, publicKey };
}

export async function registerSigningKey(deps: Pick<Deps, 'db' | 'clock' | 'config'>, actor: Actor, input: { publicKey?: string | undefined; custodial?: boolean | undefined }) {
  authorize(actor, 'signing_key.register', { orgId: actor.orgId });
  const publicKey = input.publicKey?.toLowerCase();
  if (input.custodial === true) return deps.db.tx(tenantContext(actor), (tx) => registerCustodialKey(tx, deps, actor));
  if (!publicKey || !PUBLIC_KEY.test(publicKey) || !isValidSm2PublicKey(decodeHex(publicKey))) throw new DomainError('SIGNING_KEY_INVALID');
  return deps.db.tx(tenantContext(actor), async (tx) => {
    const now = deps.clock.now();
    const key = { keyId: keyIdOf(publicKey), publicKey };
    await store.revokeKeysOf(tx, actor.orgId, now);
    await store.insertKey(tx, { orgId: actor.orgId, keyId: key.keyId, publicKey, custodial: false, createdAt: now });
    await ledgerKey(tx, deps, actor, key, false);
    return { ...key, custodial: false, createdAt: now.toISOString() };
  });
}

/** A new key pair kept in the platform's custody for the actor's organization, in the caller's transaction. */
export async function registerCustodialKey(tx: Tx, deps: Pick<Deps, 'clock' | 'config'>, actor: Actor) {
  const now = deps.clock.now();
  const key = await createCustodialKey(tx, deps.config.ledger.keysDir, actor.orgId, now);
  await ledgerKey(tx, deps, actor, key, true);
  return { ...key, custodial: true, createdAt: now.toISOString() };
}

async function ledgerKey(tx: Tx, deps: Pick<Deps, 'clock'>, actor: Actor, key: { keyId: string; publicKey: string }, custodial: boolean) {
  await appendToLedger(tx, deps.clock, {
    actor: { userId: actor.userId, orgId: actor.orgId },
    action: 'signing_key.registered',
    entity: { type: 'organization', id: actor.orgId },
    payload: { keyId: key.keyId, publicKey: key.publicKey, custodial },
  });
}

export async function listSigningKeys(deps: Pick<Deps, 'db'>, actor: Actor, orgId: string) {
  const rows = await deps.db.tx(tenantContext(actor), (tx) => store.keysOf(tx, [orgId]));
  return rows.map((k) => ({ keyId: k.keyId, publicKey: k.publicKey, custodial: k.custodial, createdAt: k.createdAt.toISOString(), revokedAt: k.revokedAt?.toISOString() ?? null }));
}
