import type { OrganizationRow } from '../store.ts';

export function toOrganizationView(row: OrganizationRow) {
  return { id: row.id, code: row.code, nameZh: row.nameZh, nameEn: row.nameEn, type: row.type, uscc: row.uscc, status: row.status };
}
