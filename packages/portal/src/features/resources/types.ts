import type { Grade, FieldRole, QualityColumn, ResourceVersion } from '../../api.ts';

/** The PII types the platform's detectors recognise (packages/core/src/pii/types.ts). */
export const PII_TYPES = ['resident_id', 'mobile', 'uscc', 'bank_card', 'person_name', 'address', 'email', 'landline', 'vehicle_plate'] as const;
export const FIELD_ROLES: FieldRole[] = ['direct_identifier', 'quasi_identifier', 'sensitive', 'other'];
export const GRADES: Grade[] = ['general_1', 'general_2', 'general_3', 'general_4', 'important', 'core'];

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
