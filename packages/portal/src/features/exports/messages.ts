import type { FeatureMessages } from '../../shared/feature-messages.ts';

// Messages of this feature, zh-CN first; terms follow the shared glossary.
const zh = {
  navExports: '出域審核',
};

export const exportMessages: FeatureMessages<keyof typeof zh> = {
  zh,
  en: {
    navExports: 'Exports',
  },
};
