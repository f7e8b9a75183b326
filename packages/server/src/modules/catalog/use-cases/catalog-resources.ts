import type { FieldRole, Grade, OpennessClass } from '@shuyun/core';
import type { Tx } from '../../../db/database.ts';
import * as store from '../store.ts';

/** A resource as the published catalog describes it: what other modules may rely on when they apply or grant. */
export interface CatalogResource {
  id: string;
  code: string;
  orgId: string;
  nameZh: string;
  openness: OpennessClass;
  grade: Grade;
  subjectKey: string | null;
  fields: Array<{ name: string; type: string; role: FieldRole; grade: Grade; piiType: string | null }>;
}

/**
 * The resources among `ids` that the latest catalog edition publishes (readable by every tenant: editions are public).
 * A resource that is not in it, or is not open, is simply absent from the answer.
 */
export async function catalogResources(tx: Tx, ids: readonly string[]): Promise<Map<string, CatalogResource>> {
  const found = new Map<string, CatalogResource>();
  const edition = await store.latestEdition(tx);
  if (!edition) return found;
  for (const item of await store.editionItems(tx, edition.number)) {
    if (!ids.includes(item.resourceId)) continue;
    const s = item.snapshot as CatalogResource & { publisher: { id: string } };
    if (s.openness === 'not_open') continue; // never in a catalog; refused here as well, whatever a row says
    found.set(item.resourceId, {
      id: item.resourceId,
      code: item.resourceCode,
      orgId: s.orgId ?? s.publisher.id,
      nameZh: s.nameZh,
      openness: s.openness,
      grade: s.grade,
      subjectKey: s.subjectKey,
      fields: s.fields.map((f) => ({ name: f.name, type: f.type, role: f.role, grade: f.grade, piiType: f.piiType })),
    });
  }
  return found;
}
