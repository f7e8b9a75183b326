import type { OrganizationStatus, OrganizationType, Role } from '@shuyun/core';
import { and, eq, isNull } from 'drizzle-orm';
import type { Tx } from '../../db/database.ts';
import { apiKeys, loginStates, organizations, sessions, userRoles, users } from '../../db/schema.ts';

// The only file of the identity module that touches Drizzle.

export interface UserWithOrganization {
  id: string;
  username: string;
  displayName: string;
  status: 'active' | 'disabled';
  orgId: string;
  orgCode: string;
  orgNameZh: string;
  orgNameEn: string | null;
  orgType: OrganizationType;
  orgStatus: OrganizationStatus;
  roles: Role[];
}

export async function findUserForLogin(tx: Tx, username: string) {
  const [row] = await tx.select().from(users).where(eq(users.username, username)).for('update');
  return row;
}

export async function recordLoginResult(tx: Tx, userId: string, change: { failedLogins: number; lockedUntil: Date | null }) {
  await tx.update(users).set(change).where(eq(users.id, userId));
}

export async function findUserWithOrganization(tx: Tx, where: { id: string } | { username: string } | { issuer: string; subject: string }): Promise<UserWithOrganization | undefined> {
  const condition = 'id' in where ? eq(users.id, where.id) : 'username' in where ? eq(users.username, where.username) : and(eq(users.oidcIssuer, where.issuer), eq(users.oidcSubject, where.subject));
  const [row] = await tx
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      status: users.status,
      orgId: organizations.id,
      orgCode: organizations.code,
      orgNameZh: organizations.nameZh,
      orgNameEn: organizations.nameEn,
      orgType: organizations.type,
      orgStatus: organizations.status,
    })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(condition);
  if (!row) return undefined;
  const roleRows = await tx.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, row.id));
  return { ...row, roles: roleRows.map((r) => r.role).sort() };
}

export async function insertSession(tx: Tx, values: typeof sessions.$inferInsert) {
  const [row] = await tx.insert(sessions).values(values).returning({ id: sessions.id });
  return row!;
}

export async function findSessionByHash(tx: Tx, tokenHash: string) {
  const [row] = await tx.select().from(sessions).where(eq(sessions.tokenHash, tokenHash));
  return row;
}

export async function touchSession(tx: Tx, id: string, at: Date) {
  await tx.update(sessions).set({ lastSeenAt: at }).where(eq(sessions.id, id));
}

export async function revokeSession(tx: Tx, id: string, at: Date) {
  await tx.update(sessions).set({ revokedAt: at }).where(and(eq(sessions.id, id), isNull(sessions.revokedAt)));
}

export async function insertLoginState(tx: Tx, values: typeof loginStates.$inferInsert) {
  await tx.insert(loginStates).values(values);
}

export async function takeLoginState(tx: Tx, state: string) {
  const [row] = await tx.delete(loginStates).where(eq(loginStates.state, state)).returning();
  return row;
}

export async function insertApiKey(tx: Tx, values: typeof apiKeys.$inferInsert) {
  const [row] = await tx.insert(apiKeys).values(values).returning();
  return row!;
}

export async function listApiKeys(tx: Tx) {
  // no tenant filter here on purpose: row-level security returns only the caller's organization's keys
  return tx.select().from(apiKeys).orderBy(apiKeys.createdAt);
}

export async function findApiKey(tx: Tx, id: string) {
  const [row] = await tx.select().from(apiKeys).where(eq(apiKeys.id, id));
  return row;
}

export async function findApiKeyByHash(tx: Tx, keyHash: string) {
  const [row] = await tx.select().from(apiKeys).where(eq(apiKeys.keyHash, keyHash));
  return row;
}

export async function markApiKeyUsed(tx: Tx, id: string, at: Date) {
  await tx.update(apiKeys).set({ lastUsedAt: at }).where(eq(apiKeys.id, id));
}

export async function revokeApiKey(tx: Tx, id: string, at: Date) {
  const rows = await tx.update(apiKeys).set({ revokedAt: at }).where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt))).returning({ id: apiKeys.id });
  return rows.length === 1;
}

export async function listUsers(tx: Tx) {
  return tx.select({ id: users.id, orgId: users.orgId, username: users.username, displayName: users.displayName, status: users.status }).from(users).orderBy(users.username);
}

export async function listUsersWithRoles(tx: Tx) {
  return tx
    .select({ username: users.username, displayName: users.displayName, organization: organizations.nameZh, role: userRoles.role })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .orderBy(organizations.code, users.username);
}

export async function insertUser(tx: Tx, values: typeof users.$inferInsert) {
  const [row] = await tx.insert(users).values(values).onConflictDoNothing({ target: users.username }).returning({ id: users.id });
  return row;
}

export async function insertUserRoles(tx: Tx, rows: Array<typeof userRoles.$inferInsert>) {
  await tx.insert(userRoles).values(rows);
}
