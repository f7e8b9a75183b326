export type Lang = 'zh-CN' | 'en';

const messages = {
  'zh-CN': {
    title: '數運 · 福田區公共數據授權運營平臺',
    subtitle: '原始數據不出域，數據可用不可見',
    login: '統一身份認證登錄',
    logout: '退出登錄',
    loading: '加載中…',
    organization: '所屬組織',
    roles: '角色',
    welcome: '歡迎',
    apiDocs: '接口文檔',
    language: 'English',
  },
  en: {
    title: 'Shuyun · Futian Public Data Authorized Operation',
    subtitle: 'Raw data never leaves the domain; data is usable but not visible',
    login: 'Log in with unified identity',
    logout: 'Log out',
    loading: 'Loading…',
    organization: 'Organization',
    roles: 'Roles',
    welcome: 'Welcome',
    apiDocs: 'API docs',
    language: '中文',
  },
} as const;

export type MessageKey = keyof (typeof messages)['zh-CN'];
export function t(lang: Lang, key: MessageKey): string {
  return messages[lang][key];
}
