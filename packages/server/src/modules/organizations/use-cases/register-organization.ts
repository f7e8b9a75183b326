import type { OrganizationType } from '@shuyun/core';
import type { Tx } from '../../../db/database.ts';
import * as store from '../store.ts';

/** Registers a tenant inside the caller's transaction. Returns undefined when the code is taken. */
export async function registerOrganization(tx: Tx, input: { code: string; nameZh: string; nameEn?: string; type: OrganizationType; uscc?: string }) {
  return store.insertOrganization(tx, { code: input.code, nameZh: input.nameZh, nameEn: input.nameEn ?? null, type: input.type, uscc: input.uscc ?? null });
}

export async function findOrganizationByCode(tx: Tx, code: string) {
  return store.findOrganizationByCode(tx, code);
}

export async function findOrganizationById(tx: Tx, id: string) {
  return store.findOrganization(tx, id);
}

/** The district's data authority (區公共數據主管部門): exactly one per platform. */
export async function findAuthority(tx: Tx) {
  const [authority] = await store.listOrganizations(tx, { type: 'authority' });
  if (!authority) throw new Error('the platform has no data authority');
  return authority;
}

/** Supervision changes an organization's status (the authority only; row-level security holds it to that). */
export async function setOrganizationStatus(tx: Tx, id: string, status: 'active' | 'suspended' | 'terminated', at: Date) {
  return store.updateOrganizationStatus(tx, id, { status, ...(status === 'terminated' ? { terminatedAt: at } : {}) });
}
