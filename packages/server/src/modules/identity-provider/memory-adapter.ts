import type { Adapter, AdapterPayload } from 'oidc-provider';

/**
 * In-memory storage for the local provider's sessions, interactions, codes and grants: a restart only costs the
 * logins in progress (tokens stay verifiable because the signing keys are persisted). oidc-provider's own memory
 * adapter would do the same but prints a warning on every start; this one also keeps each provider's data apart.
 */
export function createMemoryAdapter(now: () => number = Date.now): (model: string) => Adapter {
  const entries = new Map<string, { payload: AdapterPayload; expiresAt: number }>();
  const sessionIdByUid = new Map<string, string>();
  const keysByGrant = new Map<string, Set<string>>();
  let writes = 0;

  const live = (key: string): AdapterPayload | undefined => {
    const entry = entries.get(key);
    if (entry && entry.expiresAt <= now()) entries.delete(key);
    return entry && entry.expiresAt > now() ? entry.payload : undefined;
  };

  // Expired entries are dropped lazily on read and in a sweep every few hundred writes, so memory stays bounded.
  const sweep = () => {
    for (const [key, entry] of entries) if (entry.expiresAt <= now()) entries.delete(key);
    for (const [uid, id] of sessionIdByUid) if (!entries.has(`Session:${id}`)) sessionIdByUid.delete(uid);
    for (const [grantId, keys] of keysByGrant) {
      for (const key of keys) if (!entries.has(key)) keys.delete(key);
      if (keys.size === 0) keysByGrant.delete(grantId);
    }
  };

  return (model) => ({
    async upsert(id, payload, expiresIn) {
      const key = `${model}:${id}`;
      entries.set(key, { payload, expiresAt: expiresIn ? now() + expiresIn * 1000 : Infinity });
      if (model === 'Session' && typeof payload.uid === 'string') sessionIdByUid.set(payload.uid, id);
      if (typeof payload.grantId === 'string') {
        const keys = keysByGrant.get(payload.grantId) ?? new Set<string>();
        keysByGrant.set(payload.grantId, keys.add(key));
      }
      if (++writes % 500 === 0) sweep();
    },
    async find(id) {
      return live(`${model}:${id}`);
    },
    async findByUid(uid) {
      const id = sessionIdByUid.get(uid);
      return id === undefined ? undefined : live(`Session:${id}`);
    },
    async findByUserCode() {
      return undefined; // the device flow is not enabled
    },
    async consume(id) {
      const payload = live(`${model}:${id}`);
      if (payload) payload.consumed = Math.floor(now() / 1000);
    },
    async destroy(id) {
      entries.delete(`${model}:${id}`);
    },
    async revokeByGrantId(grantId) {
      for (const key of keysByGrant.get(grantId) ?? []) entries.delete(key);
      keysByGrant.delete(grantId);
    },
  });
}
