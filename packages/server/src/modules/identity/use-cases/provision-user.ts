import type { Role } from '@shuyun/core';
import type { Tx } from '../../../db/database.ts';
import * as store from '../store.ts';

/**
 * Adds a user with roles to an organization, inside the caller's transaction (the seed and, later, the
 * authority's account administration compose it with other steps). `passwordHash` only for local accounts.
 * Returns undefined when the username exists already.
 */
export async function provisionUser(tx: Tx, input: { orgId: string; username: string; displayName: string; roles: Role[]; passwordHash?: string; oidc?: { issuer: string; subject: string } }) {
  const user = await store.insertUser(tx, {
    orgId: input.orgId,
    username: input.username,
    displayName: input.displayName,
    passwordHash: input.passwordHash ?? null,
    oidcIssuer: input.oidc?.issuer ?? null,
    oidcSubject: input.oidc?.subject ?? null,
  });
  if (!user) return undefined;
  await store.insertUserRoles(tx, input.roles.map((role) => ({ orgId: input.orgId, userId: user.id, role })));
  return user;
}
