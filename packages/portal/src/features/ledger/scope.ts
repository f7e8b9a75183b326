import type { OrgType } from '../../api.ts';

/** The authority and regulators read the whole ledger; everyone else the entries about their own organization. */
export function isSupervisorOrg(type: OrgType): boolean {
  return type === 'authority' || type === 'regulator';
}
