import { DomainError } from '@shuyun/core';
import { type AgreementDocument, agreementHash, signAgreementHash, verifyAgreementSignature } from '@shuyun/core/agreements';
import type { Deps } from '../../../deps.ts';
import { type Actor, tenantContext } from '../../../policy/actor.ts';
import { authorize } from '../../../policy/decide.ts';
import { endGrants, issueGrant } from '../../grants/index.ts';
import { appendToLedger } from '../../ledger/index.ts';
import { notify } from '../../notifications/index.ts';
import * as store from '../store.ts';
import { loadAgreementView } from './load-agreement.ts';
import { custodialPrivateKey, registerCustodialKey } from './signing-keys.ts';

/**
 * A party's signatory signs the agreement: SM2 over the canonical agreement hash, with the organization's key (a
 * signature it made itself, or made by the platform's custody). The stored document is hashed again first: a text
 * altered after drafting is refused, never signed. When the last party signs, the agreement is in force; a service
 * agreement then issues its grant, and an amendment replaces the agreement it amends (and its grant) in the same
 * transaction.
 */
export async function signAgreement(deps: Pick<Deps, 'db' | 'clock' | 'config'>, actor: Actor, id: string, input: { hash?: string | undefined; signature?: string | undefined }) {
  const now = deps.clock.now();
  return deps.db.tx(tenantContext(actor), async (tx) => {
    const agreement = await store.findAgreement(tx, id);
    if (!agreement) throw new DomainError('NOT_FOUND');
    authorize(actor, 'agreement.sign', { orgId: agreement.signerOrgIds.includes(actor.orgId) ? actor.orgId : agreement.signerOrgIds[0] }, { visibleToOthers: true });
    if (!agreement.signerOrgIds.includes(actor.orgId)) throw new DomainError('FORBIDDEN');
    if (agreement.state !== 'awaiting_signatures') throw new DomainError('STATE_CONFLICT');
    const document = agreement.document as AgreementDocument;
    const hash = agreementHash(document);
    if (hash !== agreement.hash || (input.hash !== undefined && input.hash !== hash)) throw new DomainError('AGREEMENT_HASH_MISMATCH');
    let signature = input.signature?.toLowerCase();
    let key = await store.activeKeyOf(tx, actor.orgId);
    if (!key && signature === undefined) {
      // an organization without a key of its own that asks the platform to sign gets a key in custody, once
      await registerCustodialKey(tx, deps, actor);
      key = await store.activeKeyOf(tx, actor.orgId);
    }
    if (!key) throw new DomainError('SIGNING_KEY_MISSING');
    if (signature === undefined) {
      if (!key.custodial) throw new DomainError('VALIDATION_FAILED', [{ path: '/signature', reason: 'required', message: 'your key is not in custody: send the signature' }]);
      const privateKey = custodialPrivateKey(deps.config.ledger.keysDir, actor.orgId, key.keyId);
      if (!privateKey) throw new DomainError('SIGNING_KEY_MISSING');
      signature = signAgreementHash(hash, privateKey);
    }
    if (!verifyAgreementSignature(hash, signature, key.publicKey)) throw new DomainError('AGREEMENT_SIGNATURE_INVALID');
    const inserted = await store.insertSignature(tx, { agreementId: id, orgId: actor.orgId, signedBy: actor.userId, keyId: key.keyId, signature, signedHash: hash, signedAt: now, parties: agreement.parties });
    if (!inserted) throw new DomainError('AGREEMENT_ALREADY_SIGNED');
    await appendToLedger(tx, deps.clock, {
      actor: { userId: actor.userId, orgId: actor.orgId },
      action: 'agreement.signed',
      entity: { type: 'agreement', id },
      orgs: agreement.parties,
      payload: { number: agreement.number, hash, keyId: key.keyId, signature },
    });
    const signed = await store.signaturesOf(tx, id);
    let current = agreement;
    if (agreement.signerOrgIds.every((o) => signed.some((s) => s.orgId === o))) {
      current = await store.updateAgreement(tx, id, { state: 'in_force', inForceAt: now });
      await appendToLedger(tx, deps.clock, {
        actor: { userId: actor.userId, orgId: actor.orgId },
        action: 'agreement.in_force',
        entity: { type: 'agreement', id },
        orgs: agreement.parties,
        payload: { number: agreement.number, hash, signatures: signed.length },
        derivedFrom: agreement.amendsId ? [{ type: 'agreement', id: agreement.amendsId }] : [],
      });
      if (agreement.amendsId) {
        await store.updateAgreement(tx, agreement.amendsId, { state: 'superseded', endedAt: now, endReason: `amended by ${agreement.number}` });
        await endGrants(tx, deps.clock, actor, { agreementId: agreement.amendsId }, 'terminated', `superseded by ${agreement.number}`);
      }
      if (agreement.kind === 'service_agreement' && agreement.applicationId) {
        await issueGrant(tx, deps.clock, actor, { id, applicationId: agreement.applicationId, document, parties: agreement.parties });
      }
      await notify(tx, deps.clock, { orgIds: agreement.parties, kind: 'agreement.in_force', subject: { type: 'agreement', id }, zh: `《${document.title.zh}》各方已簽署，協議生效`, en: `${document.title.en} is signed by every party and in force` });
    }
    return loadAgreementView(tx, current);
  });
}
