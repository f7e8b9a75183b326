import { type CatalogEdition, type CatalogSnapshot, get } from '../api.ts';
import type { Lang } from '../i18n.ts';

let cached: Promise<CatalogEdition | null> | null = null;

/** The latest published catalog edition (null when none is published yet), read once per session. */
export function loadCatalog(lang: Lang, fresh = false): Promise<CatalogEdition | null> {
  if (!cached || fresh) {
    cached = get<CatalogEdition>('/catalog', lang).catch((err: unknown) => {
      cached = null;
      if (err instanceof Error && 'problem' in err && (err as { problem: { status: number } }).problem.status === 404) return null;
      throw err;
    });
  }
  return cached;
}

export function forgetCatalog(): void {
  cached = null;
}

export function resourceName(lang: Lang, r: Pick<CatalogSnapshot, 'nameZh' | 'nameEn'> | undefined, fallback = ''): string {
  if (!r) return fallback;
  return lang === 'en' ? (r.nameEn ?? r.nameZh) : r.nameZh;
}

export function snapshotById(edition: CatalogEdition | null | undefined): Map<string, CatalogSnapshot> {
  return new Map((edition?.resources ?? []).map((r) => [r.resourceId, { ...r.snapshot, id: r.resourceId, code: r.code }]));
}
