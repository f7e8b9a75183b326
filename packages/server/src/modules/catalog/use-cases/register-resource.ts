import { DomainError, type FieldIssue, resourceGrade } from '@shuyun/core';
import { isValidRulePattern } from '@shuyun/engine';
import type { z } from 'zod';
import type { Deps } from '../../../deps.ts';
import { type Actor, tenantContext } from '../../../policy/actor.ts';
import { authorize } from '../../../policy/decide.ts';
import { appendToLedger } from '../../ledger/index.ts';
import type { registerResourceBody } from '../schemas.ts';
import * as store from '../store.ts';
import { resourceView } from '../views.ts';

export type RegisterResourceInput = z.output<typeof registerResourceBody>;

/**
 * A source department registers a data resource with its fields, classification and grading. The resource grade
 * is the highest of its fields' (就高從嚴). Not-open resources may be registered: they just never go further.
 */
export async function registerResource(deps: Pick<Deps, 'db' | 'clock'>, actor: Actor, input: RegisterResourceInput) {
  authorize(actor, 'resource.register', { orgId: actor.orgId });
  const problems = [...checkFields(input), ...(await checkRulePatterns(input))];
  if (problems.length > 0) throw new DomainError('RESOURCE_FIELDS_INVALID', problems);
  const now = deps.clock.now();
  return deps.db.tx(tenantContext(actor), async (tx) => {
    const { fields, ...meta } = input;
    const resource = await store.insertResource(tx, {
      ...meta,
      nameEn: meta.nameEn ?? null,
      descriptionEn: meta.descriptionEn ?? null,
      publishDate: meta.publishDate ?? null,
      subjectKey: meta.subjectKey ?? null,
      subjectKind: meta.subjectKind ?? null,
      orgId: actor.orgId,
      grade: resourceGrade(fields.map((f) => f.grade)),
      createdAt: now,
      updatedAt: now,
    });
    if (!resource) throw new DomainError('RESOURCE_CODE_TAKEN', [{ path: '/body/code', reason: 'taken' }]);
    const rows = fields.map((f, position) => ({ ...f, resourceId: resource.id, orgId: actor.orgId, position, piiConfirmed: f.piiType !== null }));
    await store.insertFields(tx, rows);
    await appendToLedger(tx, deps.clock, {
      actor: { userId: actor.userId, orgId: actor.orgId },
      action: 'resource.registered',
      entity: { type: 'data_resource', id: resource.id },
      payload: { code: resource.code, openness: resource.openness, grade: resource.grade, fields: fields.map((f) => ({ name: f.name, type: f.type, role: f.role, grade: f.grade })) },
      derivedFrom: [{ type: 'organization', id: actor.orgId }],
    });
    return resourceView(resource, await store.fieldsOf(tx, resource.id), undefined);
  });
}

function checkFields(input: RegisterResourceInput): FieldIssue[] {
  const problems: FieldIssue[] = [];
  const seen = new Set<string>();
  input.fields.forEach((f, i) => {
    if (seen.has(f.name.toLowerCase())) problems.push({ path: `/body/fields/${i}/name`, reason: 'duplicate' });
    seen.add(f.name.toLowerCase());
  });
  if (input.subjectKey && !seen.has(input.subjectKey.toLowerCase())) problems.push({ path: '/body/subjectKey', reason: 'not_a_field' });
  if (input.subjectKey && !input.subjectKind) problems.push({ path: '/body/subjectKind', reason: 'required_with_subject_key' });
  return problems;
}

/** Patterns are run by DuckDB (RE2) when versions are profiled: one it cannot run is refused now, at its field. */
async function checkRulePatterns(input: RegisterResourceInput): Promise<FieldIssue[]> {
  const issues = await Promise.all(
    input.fields.map(async (f, i): Promise<FieldIssue[]> =>
      f.rules.pattern === undefined || (await isValidRulePattern(f.rules.pattern))
        ? []
        : [{ path: `/body/fields/${i}/rules/pattern`, reason: 'invalid_pattern', message: 'not a regular expression DuckDB (RE2) can run' }],
    ),
  );
  return issues.flat();
}
