import type { supervisionActions } from '../../db/schema.ts';
import type { HandoverRow } from './store.ts';

export function actionView(a: typeof supervisionActions.$inferSelect) {
  return { id: a.id, kind: a.kind, targetOrgId: a.targetOrgId, admissionId: a.admissionId, reasons: a.reasons, rectificationDue: a.rectificationDue, actedAt: a.actedAt.toISOString() };
}

export function handoverView(h: HandoverRow) {
  return { id: h.id, orgId: h.orgId, kind: h.kind, state: h.state, openedAt: h.openedAt.toISOString(), confirmedAt: h.confirmedAt?.toISOString() ?? null, note: h.note };
}
