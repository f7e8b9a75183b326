// Agreement documents (issue 5 §4; Art. 12–14, 19): templates for the operator agreement, the tripartite service
// agreement and the platform service agreement; canonical bytes (RFC 8785) and the SM3 agreement hash; SM2 party
// signatures; amendments; the grant a service agreement yields. Uses node:crypto through the ledger helpers: import
// it from server and CLI code (`@shuyun/core/agreements`), not from the browser portal.
export * from './model.ts';
export { buildAgreement, checkParties, defaultUntil } from './build.ts';
export { enDate, feeText, zhDate, zhNumeral } from './clauses.ts';
export { AGREEMENT_HASH_PATTERN, agreementCanonicalBytes, agreementHash } from './hash.ts';
export {
  AGREEMENT_SIGNATURE_LABEL,
  agreementSignatureStatus,
  agreementSigningMessage,
  signAgreementHash,
  verifyAgreementSignature,
  type AgreementSignature,
  type AgreementSignatureStatus,
} from './signatures.ts';
export { agreementStateAt, agreementStates, type AgreementState } from './status.ts';
export { buildAmendment, changedClauseKeys, isAmendmentOf } from './amendment.ts';
export { grantPolicyFromAgreement, type ServiceAgreementVariables } from './grant.ts';
