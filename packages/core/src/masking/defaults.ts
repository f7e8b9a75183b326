// Which rule a field gets when its grant sets none: the defaults of issue 6 per PII type, then per role.
import type { FieldRole, FieldType } from '../catalog/classification.ts';
import type { PiiType } from '../pii/types.ts';
import type { MaskingRule } from './rule.ts';

/** Default masking per PII type (GB/T 37964 masking and generalization; the shapes people see on receipts). */
export const DEFAULT_MASKING_RULES: Readonly<Record<PiiType, MaskingRule>> = {
  resident_id: { technique: 'keep_ends', first: 6, last: 4 }, // 440304********1234: division and check part
  mobile: { technique: 'keep_ends', first: 3, last: 4 }, // 138****8000
  bank_card: { technique: 'keep_ends', first: 6, last: 4 }, // issuer (BIN) and last four
  person_name: { technique: 'keep_surname' }, // 張**, 歐陽**
  email: { technique: 'email_local', keep: 1 }, // z***@example.com
  // registration authority, organization type and division (91 440304): the kind and place of an organization,
  // not which one
  uscc: { technique: 'keep_ends', first: 8, last: 0 },
  landline: { technique: 'generalize', to: { kind: 'area_code' } }, // 0755-********
  address: { technique: 'generalize', to: { kind: 'address', level: 'street' } }, // 深圳市福田區園嶺街道
  vehicle_plate: { technique: 'keep_ends', first: 2, last: 0 }, // 粵B*****: province and issuing office
};

export interface MaskedFieldSpec {
  type: FieldType;
  role: FieldRole;
  piiType?: PiiType | null;
  rule?: MaskingRule | null;
}

/**
 * The rule a field is masked with: its own rule; else the default of its PII type (whatever its role: personal
 * information is masked even where the catalogue calls the field `other`); else, for a direct identifier, suppression
 * (an identifier of unknown shape cannot be masked safely); dates that are quasi-identifiers go to the month; anything
 * else is kept — sensitive attributes are what the dev workspace is for.
 */
export function effectiveRule(field: MaskedFieldSpec): MaskingRule {
  if (field.rule) return field.rule;
  if (field.piiType) return DEFAULT_MASKING_RULES[field.piiType];
  if (field.role === 'direct_identifier') return { technique: 'suppress' };
  if (field.role === 'quasi_identifier' && (field.type === 'date' || field.type === 'timestamp')) {
    return { technique: 'generalize', to: { kind: 'date', level: 'month' } };
  }
  return { technique: 'none' };
}

// Identifiers of a person: never shown as they are. Organization codes, landlines, addresses and plates may be left
// as they are on a field that is not a direct identifier (a company's USCC and switchboard number are public).
const PERSONAL_PII: ReadonlySet<PiiType> = new Set(['resident_id', 'mobile', 'bank_card', 'person_name', 'email']);

/** Why a rule cannot be applied to a field ('' when it can): a reason code, never a value. */
export function ruleProblem(field: MaskedFieldSpec, rule: MaskingRule = effectiveRule(field)): string {
  const t = field.type;
  const textual = t === 'string' || t === 'integer';
  switch (rule.technique) {
    case 'none':
      return field.role === 'direct_identifier' || (field.piiType && PERSONAL_PII.has(field.piiType)) ? 'identifier_unmasked' : '';
    case 'suppress':
      return '';
    case 'hash':
      return t === 'boolean' ? 'type_mismatch' : '';
    case 'keep_ends':
    case 'keep_surname':
    case 'email_local':
      return textual ? '' : 'type_mismatch';
    case 'generalize':
      switch (rule.to.kind) {
        case 'date':
          return t === 'date' || t === 'timestamp' || t === 'string' ? '' : 'type_mismatch';
        case 'age_band':
        case 'numeric_range':
          return t === 'integer' || t === 'decimal' || t === 'string' ? '' : 'type_mismatch';
        case 'code_prefix':
          return textual ? '' : 'type_mismatch';
        case 'address':
        case 'area_code':
          return t === 'string' ? '' : 'type_mismatch';
      }
  }
}
