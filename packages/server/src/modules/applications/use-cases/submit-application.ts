import { type ApplicationScope, beijingDateOf, DomainError, firstStage } from '@shuyun/core';
import type { Deps } from '../../../deps.ts';
import type { Tx } from '../../../db/database.ts';
import { type Actor, tenantContext } from '../../../policy/actor.ts';
import { authorize } from '../../../policy/decide.ts';
import { catalogResources } from '../../catalog/index.ts';
import { appendToLedger } from '../../ledger/index.ts';
import { findAuthority, findOrganizationById } from '../../organizations/index.ts';
import { currentAdmissionOf } from '../../partnerships/index.ts';
import type { ApplicationScenario } from '../../../db/schema.ts';
import * as store from '../store.ts';
import { loadApplicationView, startStage } from './stages.ts';

export interface SubmitApplicationInput {
  title: string;
  operatorOrgId?: string | undefined;
  scenario: ApplicationScenario;
  resources: ApplicationScope['resources'];
  modes: ApplicationScope['modes'];
  termMonths: number;
}

/**
 * A partner (through the operator that admitted it) or an operator applies for catalog resources (Art. 18): a subset
 * of their fields, a scenario, the computation modes and a term. The first stage starts at once with its deadline.
 */
export async function submitApplication(deps: Pick<Deps, 'db' | 'clock'>, actor: Actor, input: SubmitApplicationInput) {
  authorize(actor, 'application.submit', { orgId: actor.orgId });
  const now = deps.clock.now();
  return deps.db.tx(tenantContext(actor), async (tx) => {
    const applicantKind = actor.orgType === 'partner' ? 'partner' : 'operator';
    let operatorOrgId: string | null = null;
    if (applicantKind === 'partner') {
      if (!input.operatorOrgId) throw new DomainError('VALIDATION_FAILED', [{ path: '/operatorOrgId', reason: 'required', message: "a partner applies through its operator" }]);
      const operator = await findOrganizationById(tx, input.operatorOrgId);
      if (!operator || operator.type !== 'operator') throw new DomainError('NOT_FOUND');
      const admission = await currentAdmissionOf(tx, actor.orgId, operator.id);
      if (admission?.state !== 'admitted') throw new DomainError('ADMISSION_REQUIRED');
      operatorOrgId = operator.id;
    }
    const scope = { resources: input.resources, modes: [...new Set(input.modes)] };
    const sourceOrgIds = await checkScope(tx, scope);
    const authority = await findAuthority(tx);
    const application = await store.insertApplication(tx, {
      number: await store.nextApplicationNumber(tx, Number(beijingDateOf(now).slice(0, 4))),
      applicantOrgId: actor.orgId,
      applicantKind,
      operatorOrgId,
      state: firstStage(applicantKind),
      title: input.title,
      scenario: input.scenario,
      requested: scope,
      granted: scope,
      termMonths: input.termMonths,
      sourceOrgIds,
      submittedAt: now,
      updatedAt: now,
      parties: [...new Set([actor.orgId, ...(operatorOrgId ? [operatorOrgId] : []), authority.id, ...sourceOrgIds])],
    });
    await startStage(tx, deps.clock, application, application.state as 'operator_review' | 'authority_evaluation');
    await appendToLedger(tx, deps.clock, {
      actor: { userId: actor.userId, orgId: actor.orgId },
      action: 'application.submitted',
      entity: { type: 'application', id: application.id },
      orgs: application.parties,
      payload: { number: application.number, scenario: input.scenario.purpose, usage: input.scenario.kind, modes: scope.modes, resources: scope.resources.map((r) => r.resourceId) },
      derivedFrom: scope.resources.map((r) => ({ type: 'data_resource', id: r.resourceId })),
    });
    return loadApplicationView(tx, application, now);
  });
}

/**
 * Every resource must be in the published operation catalog (a not-open resource never is) and every field one of
 * its fields. Returns the source departments whose confirmation the application needs.
 */
export async function checkScope(tx: Tx, scope: ApplicationScope): Promise<string[]> {
  const ids = scope.resources.map((r) => r.resourceId);
  if (new Set(ids).size !== ids.length) throw new DomainError('VALIDATION_FAILED', [{ path: '/resources', reason: 'duplicate', message: 'each resource once' }]);
  const published = await catalogResources(tx, ids);
  const unknown: Array<{ path: string; reason: string }> = [];
  scope.resources.forEach((r, i) => {
    const resource = published.get(r.resourceId);
    if (!resource) throw new DomainError('APPLICATION_RESOURCE_NOT_IN_CATALOG', [{ path: `/resources/${i}/resourceId`, reason: 'not_in_catalog' }]);
    const names = new Set(resource.fields.map((f) => f.name));
    r.fields.forEach((f, j) => {
      if (!names.has(f)) unknown.push({ path: `/resources/${i}/fields/${j}`, reason: 'unknown_field' });
    });
  });
  if (unknown.length > 0) throw new DomainError('APPLICATION_FIELDS_UNKNOWN', unknown);
  return [...new Set([...published.values()].map((r) => r.orgId))];
}
