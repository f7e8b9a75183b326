import type { Deps } from '../../../deps.ts';
import type { Actor } from '../../../policy/actor.ts';
import { renderListingPdf } from '../documents/render-listing-pdf.ts';
import { listingPackage } from './read-products.ts';

/** The exchange listing package as a PDF: the same package, under the same rules (published products only), as listing.json. */
export async function listingPdf(deps: Pick<Deps, 'db'>, actor: Actor, id: string): Promise<Buffer> {
  return renderListingPdf(await listingPackage(deps, actor, id));
}
