import type { FeatureMessages } from '../../shared/feature-messages.ts';

// Messages of this feature, zh-CN first; terms follow the shared glossary.
const zh = {
  uploadFile: '上傳文件',
};

export const ingestionMessages: FeatureMessages<keyof typeof zh> = {
  zh,
  en: {
    uploadFile: 'Upload a file',
  },
};
