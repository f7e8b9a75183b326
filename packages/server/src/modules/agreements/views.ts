import { verifyAgreementSignature } from '@shuyun/core/agreements';
import type { AgreementRow, SignatureRow } from './store.ts';

export function agreementView(a: AgreementRow, signatures: SignatureRow[], keys: Map<string, string>) {
  return {
    id: a.id,
    number: a.number,
    kind: a.kind,
    state: a.state,
    applicationId: a.applicationId,
    admissionId: a.admissionId,
    amendsId: a.amendsId,
    hash: a.hash,
    document: a.document as Record<string, unknown>,
    signerOrgIds: a.signerOrgIds,
    validFrom: a.validFrom,
    validUntil: a.validUntil,
    createdAt: a.createdAt.toISOString(),
    inForceAt: a.inForceAt?.toISOString() ?? null,
    endedAt: a.endedAt?.toISOString() ?? null,
    endReason: a.endReason,
    signatures: signatures.map((s) => {
      const publicKey = keys.get(`${s.orgId}/${s.keyId}`) ?? null;
      return {
        orgId: s.orgId,
        keyId: s.keyId,
        publicKey,
        signature: s.signature,
        signedHash: s.signedHash,
        signedAt: s.signedAt.toISOString(),
        // anyone can repeat this check with the public key: SM2 over "shuyun-agreement-signature/v1\n<hash>\n"
        verified: publicKey !== null && s.signedHash === a.hash && verifyAgreementSignature(a.hash, s.signature, publicKey),
      };
    }),
    awaiting: a.signerOrgIds.filter((o) => !signatures.some((s) => s.orgId === o)),
  };
}
