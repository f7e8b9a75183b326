import type { Me, OrgType } from '../api.ts';
import type { MessageKey } from '../i18n.ts';

export interface NavItem {
  path: string;
  label: MessageKey;
}

const ALL: Record<string, NavItem> = {
  home: { path: '/', label: 'navHome' },
  catalog: { path: '/catalog', label: 'navCatalog' },
  resources: { path: '/resources', label: 'navResources' },
  admission: { path: '/admission', label: 'navAdmission' },
  applications: { path: '/applications', label: 'navApplications' },
  apply: { path: '/apply', label: 'navApply' },
  reviews: { path: '/reviews', label: 'navReviews' },
  agreements: { path: '/agreements', label: 'navAgreements' },
  grants: { path: '/grants', label: 'navGrants' },
  inbox: { path: '/inbox', label: 'navInbox' },
  supervision: { path: '/supervision', label: 'navSupervision' },
};

const BY_TYPE: Record<OrgType, string[]> = {
  partner: ['home', 'catalog', 'admission', 'apply', 'applications', 'agreements', 'grants', 'inbox'],
  operator: ['home', 'catalog', 'reviews', 'admission', 'apply', 'applications', 'agreements', 'grants', 'inbox'],
  authority: ['home', 'catalog', 'reviews', 'applications', 'resources', 'admission', 'agreements', 'grants', 'supervision', 'inbox'],
  source_department: ['home', 'catalog', 'resources', 'reviews', 'applications', 'agreements', 'grants', 'inbox'],
  expert: ['home', 'catalog', 'reviews', 'inbox'],
  regulator: ['home', 'catalog', 'applications', 'resources', 'agreements', 'grants', 'supervision', 'inbox'],
  consumer: ['home', 'catalog', 'inbox'],
};

/** Role-aware navigation: by the organization's type; apply only for those who may develop. */
export function navFor(me: Me): NavItem[] {
  const keys = BY_TYPE[me.organization.type] ?? ['home', 'catalog', 'inbox'];
  return keys.filter((k) => k !== 'apply' || me.roles.includes('admin') || me.roles.includes('developer')).map((k) => ALL[k]!);
}
