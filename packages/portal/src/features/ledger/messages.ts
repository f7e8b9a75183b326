import type { FeatureMessages } from '../../shared/feature-messages.ts';

// Messages of this feature, zh-CN first; terms follow the shared glossary.
const zh = {
  navLedger: '可信賬本',
};

export const ledgerMessages: FeatureMessages<keyof typeof zh> = {
  zh,
  en: {
    navLedger: 'Ledger',
  },
};
