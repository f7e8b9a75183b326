import { DomainError } from '@shuyun/core';
import type { AgreementDocument, AgreementSignature } from '@shuyun/core/agreements';
import type { Deps } from '../../../deps.ts';
import { type Actor, tenantContext } from '../../../policy/actor.ts';
import { renderAgreementHtml } from '../documents/render-html.ts';
import { renderAgreementPdf } from '../documents/render-pdf.ts';
import * as store from '../store.ts';

/** The agreement as a printable HTML page or a PDF, with the signatures received so far (each verified). */
export async function renderAgreement(deps: Pick<Deps, 'db'>, actor: Actor, id: string, format: 'html' | 'pdf'): Promise<string | Buffer> {
  const { document, signatures } = await deps.db.tx(tenantContext(actor), async (tx) => {
    const agreement = await store.findAgreement(tx, id);
    if (!agreement) throw new DomainError('NOT_FOUND');
    const keys = new Map((await store.keysOf(tx, agreement.signerOrgIds)).map((k) => [`${k.orgId}/${k.keyId}`, k.publicKey]));
    const signatures: AgreementSignature[] = (await store.signaturesOf(tx, id)).map((s) => ({
      organizationId: s.orgId,
      publicKey: keys.get(`${s.orgId}/${s.keyId}`) ?? '',
      signature: s.signature,
      signedAt: s.signedAt.toISOString(),
    }));
    return { document: agreement.document as AgreementDocument, signatures };
  });
  return format === 'html' ? renderAgreementHtml(document, { signatures }) : renderAgreementPdf(document, { signatures });
}
