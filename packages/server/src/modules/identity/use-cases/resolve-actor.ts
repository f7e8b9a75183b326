import { DomainError } from '@shuyun/core';
import type { Deps } from '../../../deps.ts';
import { systemContext } from '../../../db/database.ts';
import type { Actor } from '../../../policy/actor.ts';
import { API_KEY_PREFIX, secretHash } from '../secrets.ts';
import * as store from '../store.ts';

/** How often at most a session's last-seen time is written (reads stay cheap, idle expiry stays accurate). */
const TOUCH_EVERY_MS = 30_000;

export type Credential =
  | { kind: 'session'; token: string }
  | { kind: 'bearer'; token: string }
  | { kind: 'api_key'; key: string };

export interface BearerVerifier {
  /** verifies an access token of the configured issuer; resolves to the user it names */
  verify(token: string): Promise<{ issuer: string; subject: string; local: boolean }>;
}

/**
 * Resolves a credential to the actor it stands for, or refuses with 401. Runs on every authenticated request,
 * so a disabled user or a revoked key is refused on the very next request.
 */
export async function resolveActor(deps: Pick<Deps, 'db' | 'clock' | 'config'>, credential: Credential, bearer: BearerVerifier | undefined): Promise<Actor> {
  switch (credential.kind) {
    case 'session':
      return fromSession(deps, credential.token);
    case 'api_key':
      return fromApiKey(deps, credential.key);
    case 'bearer': {
      if (credential.token.startsWith(API_KEY_PREFIX)) return fromApiKey(deps, credential.token);
      if (!bearer) throw new DomainError('AUTH_INVALID_TOKEN');
      const identity = await bearer.verify(credential.token).catch(() => {
        throw new DomainError('AUTH_INVALID_TOKEN');
      });
      const user = await deps.db.tx(systemContext('bearer token'), (tx) =>
        store.findUserWithOrganization(tx, identity.local ? { id: identity.subject } : { issuer: identity.issuer, subject: identity.subject }),
      );
      return toActor(user, { via: 'bearer' });
    }
  }
}

async function fromSession(deps: Pick<Deps, 'db' | 'clock' | 'config'>, token: string): Promise<Actor> {
  const now = deps.clock.now();
  const idleMs = deps.config.sessions.idleMinutes * 60_000;
  const result = await deps.db.tx(systemContext('session cookie'), async (tx) => {
    const session = await store.findSessionByHash(tx, secretHash(token));
    if (!session || session.revokedAt) return { error: 'AUTH_REQUIRED' as const };
    if (session.expiresAt <= now || session.lastSeenAt.getTime() + idleMs <= now.getTime()) {
      await store.revokeSession(tx, session.id, now);
      return { error: 'AUTH_SESSION_EXPIRED' as const };
    }
    if (now.getTime() - session.lastSeenAt.getTime() >= TOUCH_EVERY_MS) await store.touchSession(tx, session.id, now);
    return { error: undefined, user: await store.findUserWithOrganization(tx, { id: session.userId }), sessionId: session.id };
  });
  if (result.error !== undefined) throw new DomainError(result.error);
  return toActor(result.user, { via: 'session', sessionId: result.sessionId });
}

async function fromApiKey(deps: Pick<Deps, 'db' | 'clock'>, key: string): Promise<Actor> {
  const now = deps.clock.now();
  const result = await deps.db.tx(systemContext('api key'), async (tx) => {
    const apiKey = await store.findApiKeyByHash(tx, secretHash(key));
    if (!apiKey || apiKey.revokedAt || apiKey.expiresAt <= now) return undefined;
    if (!apiKey.lastUsedAt || now.getTime() - apiKey.lastUsedAt.getTime() >= TOUCH_EVERY_MS) await store.markApiKeyUsed(tx, apiKey.id, now);
    return { apiKey, user: await store.findUserWithOrganization(tx, { id: apiKey.createdBy }) };
  });
  if (!result) throw new DomainError('AUTH_INVALID_TOKEN');
  return toActor(result.user, { via: 'api_key', apiKeyScopes: result.apiKey.scopes, apiKeyId: result.apiKey.id });
}

function toActor(user: store.UserWithOrganization | undefined, extra: Pick<Actor, 'via'> & Partial<Actor>): Actor {
  if (!user) throw new DomainError('AUTH_INVALID_TOKEN');
  if (user.status !== 'active') throw new DomainError('AUTH_ACCOUNT_DISABLED');
  return {
    userId: user.id,
    username: user.username,
    orgId: user.orgId,
    orgType: user.orgType,
    orgStatus: user.orgStatus,
    roles: user.roles,
    ...extra,
  };
}
