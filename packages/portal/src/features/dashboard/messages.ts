import type { FeatureMessages } from '../../shared/feature-messages.ts';

// Messages of this feature, zh-CN first; terms follow the shared glossary.
const zh = {
  navDashboard: '監管看板',
};

export const dashboardMessages: FeatureMessages<keyof typeof zh> = {
  zh,
  en: {
    navDashboard: 'Dashboards',
  },
};
