import type { FeatureMessages } from '../../shared/feature-messages.ts';

// Messages of this feature, zh-CN first; terms follow the shared glossary.
const zh = {
  navProducts: '數據產品',
};

export const productMessages: FeatureMessages<keyof typeof zh> = {
  zh,
  en: {
    navProducts: 'Products',
  },
};
