import { DomainError, type FieldIssue } from '@shuyun/core';
import { isDeepStrictEqual } from 'node:util';
import type { z } from 'zod';
import type { Deps } from '../../../deps.ts';
import { type Actor, tenantContext } from '../../../policy/actor.ts';
import { authorize } from '../../../policy/decide.ts';
import { appendToLedger } from '../../ledger/index.ts';
import type { updateResourceBody } from '../schemas.ts';
import * as store from '../store.ts';
import { resourceView } from '../views.ts';

export type UpdateResourceInput = z.output<typeof updateResourceBody>;

/**
 * The department corrects a resource's descriptive metadata (a typo in its name, a better field description)
 * without registering it again under a new code. Only what differs is written and recorded; sending the current
 * values again changes nothing and records nothing.
 *
 * A published resource changes here, not in the catalog: each edition keeps the snapshot taken when it was
 * published (catalog_edition_items is append-only), so the correction appears from the next edition on.
 */
export async function updateResource(deps: Pick<Deps, 'db' | 'clock'>, actor: Actor, resourceId: string, input: UpdateResourceInput) {
  const { fields: fieldChanges = {}, ...meta } = input;
  const metaKeys = (Object.keys(meta) as Array<keyof typeof meta>).filter((k) => meta[k] !== undefined);
  if (metaKeys.length === 0 && Object.keys(fieldChanges).length === 0) throw new DomainError('RESOURCE_NOTHING_TO_UPDATE');
  return deps.db.tx(tenantContext(actor), async (tx) => {
    const resource = await store.findResource(tx, resourceId);
    if (!resource) throw new DomainError('NOT_FOUND');
    authorize(actor, 'resource.update', { orgId: resource.orgId });
    let fields = await store.fieldsOf(tx, resourceId);
    const unknown = Object.keys(fieldChanges).filter((name) => !fields.some((f) => f.name === name));
    if (unknown.length > 0) throw new DomainError('RESOURCE_FIELDS_INVALID', unknown.map((name): FieldIssue => ({ path: `/body/fields/${name}`, reason: 'not_a_field' })));

    const changed = metaKeys.filter((k) => !isDeepStrictEqual(meta[k], resource[k]));
    const changedFields = fields.filter((f) => fieldChanges[f.name] !== undefined && fieldChanges[f.name]!.description !== f.description);
    if (changed.length === 0 && changedFields.length === 0) return resourceView(resource, fields, await store.entryOfResource(tx, resourceId));

    const now = deps.clock.now();
    const updated = await store.updateResource(tx, resourceId, { ...Object.fromEntries(changed.map((k) => [k, meta[k]])), updatedAt: now });
    for (const f of changedFields) await store.updateField(tx, resourceId, f.name, { description: fieldChanges[f.name]!.description });
    if (changedFields.length > 0) fields = await store.fieldsOf(tx, resourceId);
    await appendToLedger(tx, deps.clock, {
      actor: { userId: actor.userId, orgId: actor.orgId },
      action: 'resource.updated',
      entity: { type: 'data_resource', id: resourceId },
      // names of what changed, not the texts: the resource itself says what they are now
      payload: { code: resource.code, changed: [...changed, ...changedFields.map((f) => `fields.${f.name}.description`)] },
      derivedFrom: [{ type: 'data_resource', id: resourceId }],
    });
    return resourceView(updated, fields, await store.entryOfResource(tx, resourceId));
  });
}
