import type { FeatureMessages } from '../../shared/feature-messages.ts';

// Messages of this feature, zh-CN first; terms follow the shared glossary.
const zh = {
  navInvoices: '發票與計量',
};

export const billingMessages: FeatureMessages<keyof typeof zh> = {
  zh,
  en: {
    navInvoices: 'Invoices',
  },
};
