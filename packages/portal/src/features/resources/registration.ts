import type { FieldRole, Grade, Me, Openness, Problem } from '../../api.ts';
import type { FieldType, QualityRules, ResourceRegistration, SubjectKind, UpdateFrequency } from './types.ts';

// The patterns of registerResourceBody (server, modules/catalog/schemas.ts): the form refuses what the API would.
export const RESOURCE_CODE = /^[A-Z][A-Z0-9_-]{2,63}$/;
export const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

export interface FieldRow {
  name?: string;
  type: FieldType;
  description?: string;
  nullable: boolean;
  piiType?: string | null;
  role: FieldRole;
  grade: Grade;
  rules?: QualityRules;
}

/** What the registration form holds; names mirror the body so that the API's JSON pointers name form fields. */
export interface RegistrationValues {
  code: string;
  nameZh: string;
  nameEn?: string;
  descriptionZh?: string;
  descriptionEn?: string;
  /** 類 / 項 / 目: the body's category is the filled prefix */
  category: [string?, string?, string?];
  openness: Openness;
  updateFrequency: UpdateFrequency;
  format?: string;
  /** antd's DatePicker value (a Dayjs) */
  publishDate?: { format(template: string): string } | null;
  subjectKey?: string | null;
  subjectKind?: SubjectKind | null;
  fields: FieldRow[];
}

/** Whether the user may register resources: what the API's `resource.register` allows (it refuses the others anyway). */
export function canRegister(me: Me): boolean {
  return me.organization.type === 'source_department' && (me.roles.includes('admin') || me.roles.includes('reviewer'));
}

export const NEW_FIELD: FieldRow = { type: 'string', nullable: true, piiType: null, role: 'other', grade: 'general_1', rules: {} };

/** The role a declared PII type usually has under GB/T 37964, to start from (the department may change it). */
export function roleOfPiiType(piiType: string): FieldRole {
  return piiType === 'address' ? 'quasi_identifier' : 'direct_identifier';
}

/** Whom a row is about, from the PII type of the subject key field, when it says. */
export function subjectKindOfPiiType(piiType: string | null | undefined): SubjectKind | undefined {
  if (piiType === 'uscc') return 'enterprise';
  if (piiType === 'resident_id' || piiType === 'person_name' || piiType === 'mobile') return 'person';
  return undefined;
}

const trimmed = (v: string | undefined | null): string => (v ?? '').trim();

export function toRegistration(v: RegistrationValues): ResourceRegistration {
  const category = [0, 1, 2].map((i) => trimmed(v.category?.[i]));
  const filled = category.findIndex((c) => c === '');
  const rules = (r: QualityRules | undefined): QualityRules => ({
    ...(r?.notNull ? { notNull: true } : {}),
    ...(r?.unique ? { unique: true } : {}),
    ...(trimmed(r?.pattern) ? { pattern: trimmed(r?.pattern) } : {}),
  });
  return {
    code: v.code.trim(),
    nameZh: v.nameZh.trim(),
    ...(trimmed(v.nameEn) ? { nameEn: trimmed(v.nameEn) } : {}),
    descriptionZh: trimmed(v.descriptionZh),
    ...(trimmed(v.descriptionEn) ? { descriptionEn: trimmed(v.descriptionEn) } : {}),
    category: filled < 0 ? category : category.slice(0, filled),
    openness: v.openness,
    updateFrequency: v.updateFrequency,
    format: trimmed(v.format) || 'table',
    ...(v.publishDate ? { publishDate: v.publishDate.format('YYYY-MM-DD') } : {}),
    ...(v.subjectKey ? { subjectKey: v.subjectKey, ...(v.subjectKind ? { subjectKind: v.subjectKind } : {}) } : {}),
    fields: v.fields.map((f) => ({
      name: trimmed(f.name),
      type: f.type,
      description: trimmed(f.description),
      nullable: f.nullable,
      piiType: f.piiType ?? null,
      role: f.role,
      grade: f.grade,
      rules: rules(f.rules),
    })),
  };
}

type NamePath = (string | number)[];

const TOP_LEVEL = new Set(['code', 'nameZh', 'nameEn', 'descriptionZh', 'descriptionEn', 'openness', 'updateFrequency', 'format', 'publishDate', 'subjectKey', 'subjectKind']);
const FIELD_LEVEL = new Set(['name', 'type', 'description', 'nullable', 'piiType', 'role', 'grade']);
const RULES = new Set(['notNull', 'unique', 'pattern']);

/** The form field a JSON pointer of the API's problem names (`/body/fields/2/name` → fields, 2, name); null when none does. */
export function formFieldOf(pointer: string): NamePath | null {
  const [where, key, ...rest] = pointer.split('/').slice(1).map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'));
  if (where !== 'body' || key === undefined) return null;
  if (TOP_LEVEL.has(key) && rest.length === 0) return [key];
  if (key === 'category') return ['category', Math.min(Number(rest[0] ?? 0) || 0, 2)];
  if (key !== 'fields' || rest[0] === undefined || !/^\d+$/.test(rest[0])) return null;
  const row = Number(rest[0]);
  const [prop, rule] = rest.slice(1);
  if (prop && FIELD_LEVEL.has(prop)) return ['fields', row, prop];
  if (prop === 'rules' && rule && RULES.has(rule)) return ['fields', row, 'rules', rule];
  if (prop === 'rules' || prop === undefined) return ['fields', row, 'name'];
  return null;
}

/** The reasons the API gives for a field, with a message of their own in the portal (the rest show the API's text). */
export const REASONS = ['duplicate', 'not_a_field', 'required_with_subject_key', 'invalid_pattern', 'invalid_format', 'invalid_value', 'invalid_type', 'too_small', 'too_big', 'unrecognized_key'] as const;

/**
 * The problem's errors as form field errors, keyed by the form's name path. A code already in use comes without a
 * pointer: its localized title belongs under the code.
 */
export function fieldErrorsOf(problem: Problem, message: (reason: string, fallback: string | undefined) => string): { name: NamePath; errors: string[] }[] {
  if (problem.code === 'RESOURCE_CODE_TAKEN') return [{ name: ['code'], errors: [problem.title] }];
  const byField = new Map<string, { name: NamePath; errors: string[] }>();
  for (const e of problem.errors ?? []) {
    const name = formFieldOf(e.path);
    if (!name) continue;
    const key = JSON.stringify(name);
    const entry = byField.get(key) ?? { name, errors: [] };
    entry.errors.push(message(e.reason, e.message));
    byField.set(key, entry);
  }
  return [...byField.values()];
}
