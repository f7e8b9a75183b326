/** A feature's own messages: the same keys in both languages (features/<name>/messages.ts, merged by i18n.ts). */
export interface FeatureMessages<K extends string> {
  zh: Record<K, string>;
  en: Record<K, string>;
}
