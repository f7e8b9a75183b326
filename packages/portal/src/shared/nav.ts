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
  exports: { path: '/exports', label: 'navExports' },
  products: { path: '/products', label: 'navProducts' },
  invoices: { path: '/invoices', label: 'navInvoices' },
  ledger: { path: '/ledger', label: 'navLedger' },
  dashboard: { path: '/dashboard', label: 'navDashboard' },
};

const BY_TYPE: Record<OrgType, string[]> = {
  partner: ['home', 'catalog', 'admission', 'apply', 'applications', 'agreements', 'grants', 'exports', 'products', 'invoices', 'ledger', 'inbox'],
  operator: ['home', 'catalog', 'reviews', 'admission', 'apply', 'applications', 'agreements', 'grants', 'exports', 'products', 'invoices', 'ledger', 'inbox'],
  authority: ['home', 'dashboard', 'catalog', 'reviews', 'applications', 'resources', 'admission', 'agreements', 'grants', 'exports', 'products', 'invoices', 'supervision', 'ledger', 'inbox'],
  source_department: ['home', 'catalog', 'resources', 'reviews', 'applications', 'agreements', 'grants', 'ledger', 'inbox'],
  expert: ['home', 'catalog', 'reviews', 'inbox'],
  regulator: ['home', 'dashboard', 'catalog', 'applications', 'resources', 'agreements', 'grants', 'exports', 'products', 'supervision', 'ledger', 'inbox'],
  consumer: ['home', 'catalog', 'products', 'invoices', 'inbox'],
};

/** Role-aware navigation: by the organization's type; apply only for those who may develop. */
export function navFor(me: Me): NavItem[] {
  const keys = BY_TYPE[me.organization.type] ?? ['home', 'catalog', 'inbox'];
  return keys.filter((k) => k !== 'apply' || me.roles.includes('admin') || me.roles.includes('developer')).map((k) => ALL[k]!);
}
