// The canonical agreement hash: SM3 (GB/T 32905) over the RFC 8785 canonical JSON bytes of the document. Key order,
// whitespace and number spelling of whoever stored or sent the document do not change it; any change of content does.
import { sm3 } from 'sm-crypto-v2';
import { canonicalBytes } from '../ledger/jcs.ts';
import type { AgreementDocument } from './model.ts';

/** RFC 8785 (JCS) bytes of the document; throws `CanonicalJsonError` on anything that is not plain JSON. */
export function agreementCanonicalBytes(document: AgreementDocument): Uint8Array {
  return canonicalBytes(document);
}

/** SM3 of the canonical bytes, 64 lower-case hex digits. */
export function agreementHash(document: AgreementDocument): string {
  return sm3(agreementCanonicalBytes(document));
}

export const AGREEMENT_HASH_PATTERN = /^[0-9a-f]{64}$/;
