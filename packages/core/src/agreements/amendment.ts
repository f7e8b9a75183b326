// Amendments. A signed agreement is never edited: a change is a new, complete document of the same kind that cites
// the SM3 hash of the agreement it replaces, and it is in force only when every party has signed it again. The
// previous agreement stays as it was (its signatures still verify); the chain of `amends.previousHash` is the history.
import { DomainError } from '../errors/catalogue.ts';
import { buildAgreement } from './build.ts';
import { zhNumeral } from './clauses.ts';
import { agreementHash } from './hash.ts';
import type { AgreementDocument, AgreementInput, Localized } from './model.ts';

/**
 * Builds the amendment of `previous` from the full new terms. Refused (`AGREEMENT_AMENDMENT_INVALID`) when the kind
 * differs, a party of the previous agreement is dropped (ending a party's participation is a termination, not an
 * amendment), or nothing changes. Input problems raise what `buildAgreement` raises.
 */
export function buildAmendment(previous: AgreementDocument, input: AgreementInput, reason: Localized): AgreementDocument {
  if (input.kind !== previous.kind) {
    throw new DomainError('AGREEMENT_AMENDMENT_INVALID', [{ path: '/kind', reason: 'kind_changed', message: 'an amendment is of the same kind' }]);
  }
  const dropped = previous.parties.filter((p) => !input.parties.some((q) => q.organizationId === p.organizationId));
  if (dropped.length > 0) {
    throw new DomainError(
      'AGREEMENT_AMENDMENT_INVALID',
      dropped.map((p) => ({ path: '/parties', reason: 'party_dropped', message: `every party of the previous agreement stays a party (${p.designation.en})` })),
    );
  }
  if (!reason.zh.trim() || !reason.en.trim()) {
    throw new DomainError('AGREEMENT_AMENDMENT_INVALID', [{ path: '/reason', reason: 'required', message: 'an amendment states its reason' }]);
  }
  const next = buildAgreement(input);
  const changedClauses = changedClauseKeys(previous, next);
  if (changedClauses.length === 0 && JSON.stringify(previous.variables) === JSON.stringify(next.variables) && previous.number === next.number) {
    throw new DomainError('AGREEMENT_AMENDMENT_INVALID', [{ path: '', reason: 'no_change', message: 'an amendment changes something' }]);
  }
  const sequence = (previous.amends?.sequence ?? 0) + 1;
  return {
    ...next,
    title: {
      zh: `${next.title.zh}（第${sequence <= 99 ? zhNumeral(sequence) : sequence}次修訂）`,
      en: `${next.title.en} (Amendment No. ${sequence})`,
    },
    amends: {
      previousHash: agreementHash(previous),
      previousNumber: previous.number,
      sequence,
      reason: { zh: reason.zh.trim(), en: reason.en.trim() },
      changedClauses,
    },
  };
}

/** True when `amendment` cites exactly this `previous` document (same kind, its hash, the next sequence number). */
export function isAmendmentOf(amendment: AgreementDocument, previous: AgreementDocument): boolean {
  return (
    amendment.amends !== undefined &&
    amendment.kind === previous.kind &&
    amendment.amends.previousHash === agreementHash(previous) &&
    amendment.amends.sequence === (previous.amends?.sequence ?? 0) + 1
  );
}

/** Keys of the clauses added, removed or changed (compared by title and text, not by number). */
export function changedClauseKeys(previous: AgreementDocument, next: AgreementDocument): string[] {
  const text = (d: AgreementDocument) => new Map(d.clauses.map((c) => [c.key, JSON.stringify([c.title, c.paragraphs])]));
  const before = text(previous);
  const after = text(next);
  const keys = [...new Set([...before.keys(), ...after.keys()])];
  return keys.filter((k) => before.get(k) !== after.get(k));
}
