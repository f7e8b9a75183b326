import { DomainError, type OrganizationType } from '@shuyun/core';
import type { Deps } from '../../../deps.ts';
import { type Actor, tenantContext } from '../../../policy/actor.ts';
import { findOrganizationById } from '../../organizations/index.ts';
import * as store from '../store.ts';
import type { ProductRow } from '../store.ts';
import { productView } from '../views.ts';

/** Products the caller filed or may review, and every published product (the product catalog). */
export async function listProducts(deps: Pick<Deps, 'db'>, actor: Actor) {
  return (await deps.db.tx(tenantContext(actor), (tx) => store.listProducts(tx))).map(productView);
}

export async function getProduct(deps: Pick<Deps, 'db'>, actor: Actor, id: string) {
  const row = await deps.db.tx(tenantContext(actor), (tx) => store.findProduct(tx, id));
  if (!row) throw new DomainError('NOT_FOUND');
  return productView(row);
}

/** The exchange listing package as JSON (`/products/:id/listing.json`); `/listing.pdf` lays out the same content. */
export interface ListingPackage {
  format: 'shuyun.listing/v1';
  主體信息: { provider: { name: string; nameEn: string | null; uscc: string | null; type: OrganizationType } };
  數據來源合法合規: { grantId: string; basis: string; usage: ProductRow['usage'] };
  產品和服務信息: { id: string; kind: ProductRow['kind']; name: string; nameEn: string | null; description: string; scope: string; mannerOfUse: string; pricing: ProductRow['pricing'] };
  應用場景: string[];
  安全風險評估: { checklist: unknown; reviewedAt: string | null; modelInspection: unknown };
}

/**
 * The exchange listing package (掛牌材料) of a published product: 主體信息, 數據來源合法合規, 產品和服務信息,
 * 應用場景, 安全風險評估 — what a data exchange asks for, from the filing, the grant and the review.
 */
export async function listingPackage(deps: Pick<Deps, 'db'>, actor: Actor, id: string): Promise<ListingPackage> {
  return deps.db.tx(tenantContext(actor), async (tx) => {
    const product = await store.findProduct(tx, id);
    if (!product || product.state !== 'approved') throw new DomainError('NOT_FOUND');
    const provider = (await findOrganizationById(tx, product.orgId))!;
    return {
      format: 'shuyun.listing/v1' as const,
      主體信息: { provider: { name: provider.nameZh, nameEn: provider.nameEn, uscc: provider.uscc, type: provider.type } },
      數據來源合法合規: { grantId: product.grantId, basis: '《福田區公共數據授權運營暫行管理辦法》第十八條、第十九條、第二十一條', usage: product.usage },
      產品和服務信息: { id: product.id, kind: product.kind, name: product.nameZh, nameEn: product.nameEn, description: product.description, scope: product.scope, mannerOfUse: product.mannerOfUse, pricing: product.pricing },
      應用場景: product.scenarios,
      安全風險評估: { checklist: product.checklist, reviewedAt: product.decidedAt?.toISOString() ?? null, modelInspection: product.modelInspection ?? null },
    };
  });
}
