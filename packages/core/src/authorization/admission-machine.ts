// A partner's admission to an operator's platform (平臺合作方准入與退出, Art. 17).
//
//   applied ─admit─▶ admitted ─suspend─▶ suspended ─resume─▶ admitted
//      └─refuse─▶ refused      admitted | suspended ─exit─▶ exited   (the partner leaves, or the operator ends it)
//
// Admission and exit are filed (備案) with the authority. Exit closes every access at once: the partner's grants
// obtained through this operator end.

export const admissionStates = ['applied', 'admitted', 'refused', 'suspended', 'exited'] as const;
export type AdmissionState = (typeof admissionStates)[number];

export const admissionEvents = ['admit', 'refuse', 'suspend', 'resume', 'exit'] as const;
export type AdmissionEvent = (typeof admissionEvents)[number];

const transitions: Record<AdmissionEvent, { from: readonly AdmissionState[]; to: AdmissionState }> = {
  admit: { from: ['applied'], to: 'admitted' },
  refuse: { from: ['applied'], to: 'refused' },
  suspend: { from: ['admitted'], to: 'suspended' },
  resume: { from: ['suspended'], to: 'admitted' },
  exit: { from: ['admitted', 'suspended'], to: 'exited' },
};

export function nextAdmissionState(from: AdmissionState, event: AdmissionEvent): { ok: true; to: AdmissionState } | { ok: false } {
  const t = transitions[event];
  return t.from.includes(from) ? { ok: true, to: t.to } : { ok: false };
}
