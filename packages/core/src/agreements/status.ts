// Is an agreement in force? Only when every party has signed this very text, and only within its term (calendar
// dates in Beijing time, both days included). Expiry needs no action: past the last day it is simply expired.
import { endOfBeijingDay, startOfBeijingDay } from '../calendar/working-days.ts';
import type { AgreementDocument } from './model.ts';
import { agreementSignatureStatus, type AgreementSignature } from './signatures.ts';

export const agreementStates = ['awaiting_signatures', 'not_yet_in_force', 'in_force', 'expired'] as const;
export type AgreementState = (typeof agreementStates)[number];

/**
 * The state of the agreement at an instant. Suspension, termination and replacement by an amendment are decisions
 * recorded by the workflow and checked by it before this.
 */
export function agreementStateAt(document: AgreementDocument, signatures: readonly AgreementSignature[], at: Date): AgreementState {
  const t = at.getTime();
  if (Number.isNaN(t)) throw new RangeError('invalid Date');
  if (t > endOfBeijingDay(document.term.until).getTime()) return 'expired';
  const status = agreementSignatureStatus(document, signatures);
  if (!status.complete || Date.parse(status.completedAt as string) > t) return 'awaiting_signatures';
  if (t < startOfBeijingDay(document.term.from).getTime()) return 'not_yet_in_force';
  return 'in_force';
}
