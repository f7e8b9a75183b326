// Organizations are the tenants of the platform. Their type fixes what they may ever do (Art. 3, 5–7).
export const organizationTypes = [
  'authority', // 區公共數據主管部門（區政務服務數據管理局）
  'source_department', // 數源部門
  'operator', // 授權運營單位
  'partner', // 平臺合作方
  'regulator', // 監管部門
  'expert', // 專家 / 第三方機構
  'consumer', // 使用方
] as const;
export type OrganizationType = (typeof organizationTypes)[number];

// Roles a user may hold inside an organization.
export const roles = [
  'admin', // manages the organization's users and API keys
  'reviewer', // decides on applications, exports, products (in the authority, operators, departments)
  'developer', // works in workspaces: queries, jobs, products (partners, operators)
  'signatory', // signs agreements for the organization
  'viewer', // reads what the organization may see (regulators, auditors)
] as const;
export type Role = (typeof roles)[number];

export const organizationStatuses = ['active', 'suspended', 'terminated'] as const;
export type OrganizationStatus = (typeof organizationStatuses)[number];

export const organizationTypeNames: Record<OrganizationType, { zh: string; en: string }> = {
  authority: { zh: '數據主管部門', en: 'Data authority' },
  source_department: { zh: '數源部門', en: 'Source department' },
  operator: { zh: '授權運營單位', en: 'Authorized operator' },
  partner: { zh: '平臺合作方', en: 'Platform partner' },
  regulator: { zh: '監管部門', en: 'Regulator' },
  expert: { zh: '專家', en: 'Expert' },
  consumer: { zh: '使用方', en: 'Data consumer' },
};

/** Organizations whose supervision duties let them read across tenants (never write). */
export function isSupervisor(type: OrganizationType): boolean {
  return type === 'authority' || type === 'regulator';
}
