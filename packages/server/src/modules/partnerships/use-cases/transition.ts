import { type AdmissionEvent, type AdmissionState, DomainError, nextAdmissionState } from '@shuyun/core';

export function nextState(from: AdmissionState, event: AdmissionEvent): AdmissionState {
  const result = nextAdmissionState(from, event);
  if (!result.ok) throw new DomainError('STATE_CONFLICT');
  return result.to;
}
