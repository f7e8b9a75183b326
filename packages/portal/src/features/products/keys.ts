import { get, type Items } from '../../api.ts';
import type { Lang } from '../../i18n.ts';
import type { MyProductKey, ProductKey } from './types.ts';

// Product keys and their usage, as the API lists them: calls today (the Beijing quota day) and in total count what
// the usage records hold plus what the server has metered and not yet written, so a call shows at once.

/** A product's keys, newest first: for its provider and supervisors (anyone else gets 404). */
export async function loadProductKeys(lang: Lang, productId: string): Promise<ProductKey[]> {
  return (await get<Items<ProductKey>>(`/products/${encodeURIComponent(productId)}/keys`, lang)).items;
}

/** The caller's own keys as a consumer, across products, newest first, each with its product. */
export async function loadMyProductKeys(lang: Lang): Promise<MyProductKey[]> {
  return (await get<Items<MyProductKey>>('/product-keys', lang)).items;
}

/** How a key is shown: its non-secret prefix, marked as cut short (`spk_AbC123…`). */
export function keyLabel(k: Pick<ProductKey, 'keyPrefix'>): string {
  return `${k.keyPrefix}…`;
}

/** The key (of `keys`) a pasted key belongs to: the one whose prefix it starts with. */
export function keyOf<K extends Pick<ProductKey, 'keyPrefix'>>(keys: readonly K[], pasted: string): K | undefined {
  const raw = pasted.trim();
  return raw.length >= 10 ? keys.find((k) => raw.startsWith(k.keyPrefix)) : undefined;
}
