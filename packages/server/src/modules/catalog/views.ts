import type { EntryRow, FieldRow, ResourceRow } from './store.ts';

export function fieldView(f: FieldRow) {
  return {
    name: f.name,
    position: f.position,
    type: f.type,
    description: f.description,
    nullable: f.nullable,
    piiType: f.piiType,
    piiConfirmed: f.piiConfirmed,
    piiSuggestion: f.piiSuggestion ?? null,
    role: f.role,
    grade: f.grade,
    rules: f.rules,
  };
}

export function resourceView(r: ResourceRow, fields: FieldRow[], entry: EntryRow | undefined) {
  return {
    id: r.id,
    orgId: r.orgId,
    code: r.code,
    nameZh: r.nameZh,
    nameEn: r.nameEn,
    descriptionZh: r.descriptionZh,
    descriptionEn: r.descriptionEn,
    category: r.category,
    openness: r.openness,
    updateFrequency: r.updateFrequency,
    format: r.format,
    publishDate: r.publishDate,
    relatedCodes: r.relatedCodes,
    subjectKey: r.subjectKey,
    subjectKind: r.subjectKind,
    grade: r.grade,
    fields: fields.map(fieldView),
    catalogState: entry?.state ?? null,
  };
}

export function entryView(e: EntryRow) {
  return {
    id: e.id,
    resourceId: e.resourceId,
    orgId: e.orgId,
    state: e.state,
    reasons: e.reasons,
    submittedAt: e.submittedAt?.toISOString() ?? null,
    decidedAt: e.decidedAt?.toISOString() ?? null,
  };
}

export function editionView(edition: { number: number; publishedAt: Date; note: string }, items: Array<{ resourceId: string; resourceCode: string; snapshot: unknown }>) {
  return {
    number: edition.number,
    publishedAt: edition.publishedAt.toISOString(),
    note: edition.note,
    resources: items.map((i) => ({ resourceId: i.resourceId, code: i.resourceCode, snapshot: i.snapshot })),
  };
}
