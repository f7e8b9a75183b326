// The shapes of the dev-workspace twins (issue 6 §2).
import type { FieldRole, FieldType } from '@shuyun/core/catalog/classification';
import type { MaskingRule } from '@shuyun/core/masking';
import type { PiiType } from '@shuyun/core/pii';

/** One column of a version, as the catalogue describes it; only the listed fields are carried into a twin. */
export interface TwinField {
  name: string;
  type: FieldType;
  /** The confirmed PII type, if any: it selects the default masking and the synthetic generator. */
  piiType?: PiiType | null;
  role: FieldRole;
  /** The grant's rule for this field; default `effectiveRule` (core/masking/defaults.ts). */
  rule?: MaskingRule | null;
}

export interface TwinLimits {
  memoryLimit?: string;
  threads?: number;
  /** A private spill directory (default: no spilling, as in the sandbox). */
  spillDirectory?: string;
}

export interface MaskedTwinOptions extends TwinLimits {
  /** The version's Parquet file: read only, never written. */
  sourceParquet: string;
  /** Where the twin goes: written beside it under a temporary name, then renamed into place. */
  outParquet: string;
  fields: readonly TwinField[];
  /** The grant's pseudonym key, for `hash` rules (at least 16 bytes). */
  hashKey?: Uint8Array;
}

export interface SyntheticTwinOptions extends TwinLimits {
  sourceParquet: string;
  outParquet: string;
  fields: readonly TwinField[];
  /** Rows to generate (default: as many as the source). */
  rows?: number;
  /** Same seed, same source: the same twin, byte for byte in content and order. */
  seed: number;
}

export interface TwinResult {
  outParquet: string;
  rows: number;
  /** The rule each field was masked with (masked twin), or how it was made (synthetic twin). */
  columns: { name: string; method: string }[];
}
