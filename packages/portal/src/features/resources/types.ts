import type { FieldType, UpdateFrequency } from '@shuyun/core/catalog/classification';
import type { Grade, FieldRole, Openness, QualityColumn, ResourceVersion } from '../../api.ts';

// The enums of classification and grading and the PII types the detectors recognise, from core (import-free files).
export {
  fieldRoles as FIELD_ROLES,
  fieldTypes as FIELD_TYPES,
  grades as GRADES,
  opennessClasses as OPENNESS_CLASSES,
  resourceGrade,
  updateFrequencies as UPDATE_FREQUENCIES,
  type FieldType,
  type UpdateFrequency,
} from '@shuyun/core/catalog/classification';
export { PII_TYPES } from '@shuyun/core/pii/types';

/** One suggestion of the column scan: share of sampled non-empty values that validate as the type. */
export interface PiiSuggestion {
  type: string;
  confidence: number;
  matched: number;
  nonEmpty: number;
}

export interface ColumnSuggestions {
  column: string;
  suggestions: PiiSuggestion[];
}

export interface IngestedColumn {
  name: string;
  type: string;
  nulls: number;
  distinct?: number;
}

/** A version as POST/GET /resources/:id/versions return it, with what the portal's api.ts leaves out. */
export interface IngestedVersion extends Omit<ResourceVersion, 'quality'> {
  columns: IngestedColumn[] | null;
  quality: { rows?: number; columns?: QualityColumn[]; duplicateSubjectKeys?: number | null };
  piiSuggestions: ColumnSuggestions[] | null;
}

/** Body of POST /resources/:id/fields/:name/classification. */
export interface Classification {
  piiType: string | null;
  role?: FieldRole;
  grade?: Grade;
}

/** The formats the ingest route reads, by file name. */
export type UploadFormat = 'csv' | 'jsonl' | 'parquet';
export type UploadEncoding = 'auto' | 'utf-8' | 'gb18030' | 'gbk';

export type SubjectKind = 'person' | 'enterprise';
export const SUBJECT_KINDS: readonly SubjectKind[] = ['person', 'enterprise'];

/** The quality rules a field may declare at registration (the API also takes min / max). */
export interface QualityRules {
  notNull?: boolean;
  unique?: boolean;
  pattern?: string;
}

/** One field of POST /resources. */
export interface FieldDefinition {
  name: string;
  type: FieldType;
  description: string;
  nullable: boolean;
  piiType: string | null;
  role: FieldRole;
  grade: Grade;
  rules: QualityRules;
}

/** Body of POST /resources (registerResourceBody in the catalog module's schemas). */
export interface ResourceRegistration {
  code: string;
  nameZh: string;
  nameEn?: string;
  descriptionZh: string;
  descriptionEn?: string;
  category: string[];
  openness: Openness;
  updateFrequency: UpdateFrequency;
  format: string;
  publishDate?: string;
  subjectKey?: string;
  subjectKind?: SubjectKind;
  fields: FieldDefinition[];
}
