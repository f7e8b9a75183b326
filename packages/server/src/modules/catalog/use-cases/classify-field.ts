import { DomainError, resourceGrade } from '@shuyun/core';
import type { Deps } from '../../../deps.ts';
import { type Actor, tenantContext } from '../../../policy/actor.ts';
import { authorize } from '../../../policy/decide.ts';
import { appendToLedger } from '../../ledger/index.ts';
import * as store from '../store.ts';
import { resourceView } from '../views.ts';

/**
 * The department confirms or corrects a field's PII type (and may regrade it). Confirmed types drive masking and
 * column controls later; the resource grade follows its fields.
 */
export async function classifyField(deps: Pick<Deps, 'db' | 'clock'>, actor: Actor, resourceId: string, fieldName: string, input: { piiType: string | null; role?: store.FieldRow['role']; grade?: store.FieldRow['grade'] }) {
  return deps.db.tx(tenantContext(actor), async (tx) => {
    const resource = await store.findResource(tx, resourceId);
    if (!resource) throw new DomainError('NOT_FOUND');
    authorize(actor, 'resource.classify', { orgId: resource.orgId });
    const field = await store.updateField(tx, resourceId, fieldName, {
      piiType: input.piiType,
      piiConfirmed: true,
      ...(input.role ? { role: input.role } : {}),
      ...(input.grade ? { grade: input.grade } : {}),
    });
    if (!field) throw new DomainError('NOT_FOUND');
    const fields = await store.fieldsOf(tx, resourceId);
    const grade = resourceGrade(fields.map((f) => f.grade));
    if (grade !== resource.grade) await store.setResourceGrade(tx, resourceId, grade, deps.clock.now());
    await appendToLedger(tx, deps.clock, {
      actor: { userId: actor.userId, orgId: actor.orgId },
      action: 'resource.field_classified',
      entity: { type: 'data_resource', id: resourceId },
      payload: { field: fieldName, piiType: input.piiType, role: field.role, grade: field.grade, resourceGrade: grade },
    });
    return resourceView({ ...resource, grade }, fields, await store.entryOfResource(tx, resourceId));
  });
}
