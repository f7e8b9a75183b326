import { DomainError } from '@shuyun/core';
import type { Deps } from '../../../deps.ts';
import type { ProductKind, ProductSource } from '../../../db/schema.ts';
import { type Actor, tenantContext } from '../../../policy/actor.ts';
import { authorize } from '../../../policy/decide.ts';
import { requireUsableGrant } from '../../grants/index.ts';
import { resultTableOf } from '../../jobs/index.ts';
import { appendToLedger } from '../../ledger/index.ts';
import { notify } from '../../notifications/index.ts';
import { findAuthority } from '../../organizations/index.ts';
import * as store from '../store.ts';
import { productView } from '../views.ts';

export interface ProductFiling {
  grantId: string;
  kind: ProductKind;
  nameZh: string;
  nameEn?: string | undefined;
  description: string;
  scenarios: string[];
  scope: string;
  mannerOfUse: string;
  pricing: { basis: string; price: string; per: string };
  source?: ProductSource | undefined;
  modelInspection?: Record<string, unknown> | undefined;
}

const served: readonly ProductKind[] = ['data_api', 'indicator'];

/**
 * The provider files a product (登記備案, Art. 21) under one of its grants: scenarios within the grant's purpose, scope,
 * manner of use and pricing basis (public-interest use is free, Art. 37). An API or indicator product names the
 * in-domain result table it serves (the output of an approved job under the same grant) and its lookup column.
 */
export async function fileProduct(deps: Pick<Deps, 'db' | 'clock'>, actor: Actor, input: ProductFiling) {
  const now = deps.clock.now();
  return deps.db.tx(tenantContext(actor), async (tx) => {
    authorize(actor, 'product.file', { orgId: actor.orgId });
    const policy = await requireUsableGrant(tx, actor, input.grantId, served.includes(input.kind) ? { mode: 'product_api' } : {}, now);
    const problems: Array<{ path: string; reason: string }> = [];
    input.scenarios.forEach((s, i) => {
      if (s !== policy.purpose.scenario && !s.startsWith(`${policy.purpose.scenario}.`)) problems.push({ path: `/scenarios/${i}`, reason: 'outside_grant_purpose' });
    });
    if (policy.purpose.usage === 'public_interest' && Number(input.pricing.price) !== 0) problems.push({ path: '/pricing/price', reason: 'public_interest_is_free' });
    if (served.includes(input.kind)) {
      const table = input.source ? await resultTableOf(tx, input.source.resultTableId) : undefined;
      if (!input.source || !table || table.grantId !== input.grantId) problems.push({ path: '/source/resultTableId', reason: 'not_a_result_of_this_grant' });
    }
    if (input.kind === 'model' && !input.modelInspection) problems.push({ path: '/modelInspection', reason: 'required_for_models' });
    if (problems.length > 0) throw new DomainError('PRODUCT_FILING_INVALID', problems);
    const authority = await findAuthority(tx);
    const product = await store.insertProduct(tx, {
      orgId: actor.orgId,
      grantId: input.grantId,
      kind: input.kind,
      nameZh: input.nameZh,
      nameEn: input.nameEn ?? null,
      description: input.description,
      scenarios: input.scenarios,
      scope: input.scope,
      mannerOfUse: input.mannerOfUse,
      usage: policy.purpose.usage,
      pricing: input.pricing,
      source: input.source ?? null,
      modelInspection: input.modelInspection ?? null,
      state: 'submitted',
      submittedAt: now,
      parties: [actor.orgId, authority.id],
    });
    await appendToLedger(tx, deps.clock, {
      actor: { userId: actor.userId, orgId: actor.orgId },
      action: 'product.filed',
      entity: { type: 'product', id: product.id },
      orgs: [authority.id],
      payload: { kind: input.kind, scenarios: input.scenarios, usage: policy.purpose.usage, pricing: input.pricing },
      derivedFrom: [{ type: 'grant', id: input.grantId }, ...(input.source ? [{ type: 'result_table', id: input.source.resultTableId }] : [])],
    });
    await notify(tx, deps.clock, { orgIds: [authority.id], kind: 'product.filed', subject: { type: 'product', id: product.id }, zh: `數據產品「${input.nameZh}」登記備案，待合規審核`, en: `Product "${input.nameEn ?? input.nameZh}" filed for compliance review` });
    return productView(product);
  });
}
