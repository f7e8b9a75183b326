// Masking rules (脫敏規則) per GB/T 37964-2019 (個人信息去標識化指南) and the masking techniques it names: masking
// (屏蔽: keep some characters, star the rest), generalization (泛化), keyed hashing (密碼技術: pseudonyms from an
// SM3-HMAC under a per-grant key), suppression (抑制) and, for fields that identify no one, none.
//
// A rule is plain data: it is stored with a grant's usage policy, validated by zod, applied to one value by
// `maskValue` (apply.ts) and compiled to a DuckDB expression by the engine's twin builder — both follow the same
// definitions, and the engine's tests hold them to the same output.
import { z } from 'zod';

/** How a quasi-identifier is coarsened. */
export type Generalization =
  /** A date or timestamp to the first day of its month or year (typed values stay typed; text becomes `YYYY-MM` / `YYYY`). */
  | { kind: 'date'; level: 'month' | 'year' }
  /** An age to a band `35-39`; ages from `top` on become `90+` (default top 90: few people are older, so they stand out). */
  | { kind: 'age_band'; width: 5 | 10; top?: number }
  /** A number to its range `[1000,2000)`, `width` a positive integer. */
  | { kind: 'numeric_range'; width: number }
  /** A code (administrative division, industry) truncated to its first `keep` characters, padded back with `pad`
   *  (default '0', so 440304 → 440300 stays a division code: the city); pad '' just truncates. */
  | { kind: 'code_prefix'; keep: number; pad?: string }
  /** An address down to its district (區/縣/旗) or street (街道/鎮/鄉); an address without a district is suppressed. */
  | { kind: 'address'; level: 'district' | 'street' }
  /** A landline down to its area code: the area code and its dress are kept, every later digit is starred. */
  | { kind: 'area_code' };

export type MaskingRule =
  /** Keep the first `first` and last `last` characters, star the others one for one. A value no longer than
   *  first + last is starred whole: keeping the ends would keep all of it. */
  | { technique: 'keep_ends'; first: number; last: number }
  /** Keep the surname (compound surnames too: 歐陽 司馬), star each character of the given name. */
  | { technique: 'keep_surname' }
  /** Keep the first `keep` characters of the local part (always at least one fewer than it has), then `***`, then
   *  `@` and the domain: the star count does not tell the length. */
  | { technique: 'email_local'; keep: number }
  | { technique: 'generalize'; to: Generalization }
  /** A pseudonym: the first `length` hex digits (default 32) of SM3-HMAC(grant key, value). Equal values get equal
   *  pseudonyms under one grant (joins still work), none under another grant's key. */
  | { technique: 'hash'; length?: number }
  /** The value is removed (NULL). */
  | { technique: 'suppress' }
  | { technique: 'none' };

export type MaskingTechnique = MaskingRule['technique'];

export const MASKING_TECHNIQUES = ['keep_ends', 'keep_surname', 'email_local', 'generalize', 'hash', 'suppress', 'none'] as const satisfies readonly MaskingTechnique[];

const count = z.number().int().min(0).max(64);

export const generalizationSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('date'), level: z.enum(['month', 'year']) }),
  z.strictObject({ kind: z.literal('age_band'), width: z.union([z.literal(5), z.literal(10)]), top: z.number().int().min(1).max(150).optional() }),
  z.strictObject({ kind: z.literal('numeric_range'), width: z.number().int().min(1).max(1e15) }),
  z.strictObject({ kind: z.literal('code_prefix'), keep: z.number().int().min(0).max(32), pad: z.string().max(1).optional() }),
  z.strictObject({ kind: z.literal('address'), level: z.enum(['district', 'street']) }),
  z.strictObject({ kind: z.literal('area_code') }),
]) satisfies z.ZodType<Generalization>;

export const maskingRuleSchema = z.discriminatedUnion('technique', [
  z.strictObject({ technique: z.literal('keep_ends'), first: count, last: count }),
  z.strictObject({ technique: z.literal('keep_surname') }),
  z.strictObject({ technique: z.literal('email_local'), keep: z.number().int().min(0).max(8) }),
  z.strictObject({ technique: z.literal('generalize'), to: generalizationSchema }),
  z.strictObject({ technique: z.literal('hash'), length: z.number().int().min(8).max(64).optional() }),
  z.strictObject({ technique: z.literal('suppress') }),
  z.strictObject({ technique: z.literal('none') }),
]) satisfies z.ZodType<MaskingRule>;

/** Default pseudonym length in hex digits (128 bits: no collision in any dataset this platform will hold). */
export const DEFAULT_HASH_LENGTH = 32;
/** Default age from which ages are top-coded (`90+`). */
export const DEFAULT_AGE_TOP = 90;
