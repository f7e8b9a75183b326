// PII detection for Chinese identifiers (issue 4): per-value validators, `detectValue` for export review,
// `scanColumn` for ingestion, and deterministic synthetic generators for the demo district. Pure: no I/O and no
// node: imports, so the portal can use it in the browser.
export { isAddress } from './address.ts';
export { cardDigits, hasCardIssuerPrefix, isBankCard, luhnCheckDigit, passesLuhn } from './bank-card.ts';
export { detectValue, type DetectOptions } from './detect-value.ts';
export { isEmail } from './email.ts';
export { headerHints } from './header-hints.ts';
export { isLandline } from './landline.ts';
export { isMobile, MOBILE_SEGMENTS, mobileDigits } from './mobile.ts';
export { frequentGivenChars, hasCommonSurname, isPersonName, surnameOf } from './person-name.ts';
export { isLegacyResidentId, looksLikeResidentId, isResidentId, residentIdCheck, residentIdSex } from './resident-id.ts';
export { createRng, rngOver, type Rng } from './rng.ts';
export { scanColumn, type ColumnScanOptions, type PiiSuggestion } from './scan-column.ts';
export * from './synthetic/index.ts';
export { PII_TYPES, type PiiType } from './types.ts';
export { isUscc } from './uscc.ts';
export { isVehiclePlate } from './vehicle-plate.ts';
