// Masking for the dev workspace (issue 6 §2): rules per GB/T 37964, their defaults per PII type, and the
// application to one value. Pure: no I/O and no node: imports, so the portal can preview a rule in the browser.
export {
  ageBand,
  codePrefix,
  COMPOUND_SURNAMES,
  EMAIL_LOCAL_MASK,
  generalizeDate,
  keepEnds,
  keepSurname,
  MASK_CHAR,
  maskEmail,
  maskValue,
  numericRange,
  pseudonym,
  surnameLength,
  type MaskableValue,
  type MaskingContext,
} from './apply.ts';
export { DEFAULT_MASKING_RULES, effectiveRule, ruleProblem, type MaskedFieldSpec } from './defaults.ts';
export { ADDRESS_DISTRICT_PATTERN, ADDRESS_STREET_PATTERN, LANDLINE_AREA_PATTERN } from './patterns.ts';
export {
  DEFAULT_AGE_TOP,
  DEFAULT_HASH_LENGTH,
  generalizationSchema,
  MASKING_TECHNIQUES,
  maskingRuleSchema,
  type Generalization,
  type MaskingRule,
  type MaskingTechnique,
} from './rule.ts';
