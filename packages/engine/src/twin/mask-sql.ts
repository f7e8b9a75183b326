// The DuckDB expressions of the masking rules: the column-wise twins of core/masking/apply.ts, one definition each
// (the tests run both over the same values). Characters are code points on both sides.
import type { FieldType } from '@shuyun/core/catalog/classification';
import {
  ADDRESS_DISTRICT_PATTERN,
  ADDRESS_STREET_PATTERN,
  COMPOUND_SURNAMES,
  DEFAULT_AGE_TOP,
  DEFAULT_HASH_LENGTH,
  EMAIL_LOCAL_MASK,
  LANDLINE_AREA_PATTERN,
  MASK_CHAR,
  type Generalization,
  type MaskingRule,
} from '@shuyun/core/masking';
import { quoteLiteral } from '../ingest/sql.ts';

/** The scalar function (registered per twin instance) that computes SM3-HMAC pseudonyms under the grant key. */
export const PSEUDONYM_FUNCTION = 'twin_pseudonym';

const STAR = quoteLiteral(MASK_CHAR);
const SURNAME_LIST = `(${COMPOUND_SURNAMES.map(quoteLiteral).join(', ')})`;

function int(n: number): string {
  if (!Number.isSafeInteger(n)) throw new RangeError(`not an integer: ${n}`);
  return String(n);
}

/** The expression that masks `column` (already a quoted identifier) of the given declared type by `rule`. */
export function maskExpression(column: string, type: FieldType, rule: MaskingRule): string {
  const t = type === 'string' ? column : `CAST(${column} AS VARCHAR)`;
  switch (rule.technique) {
    case 'none':
      return column;
    case 'suppress':
      // NULL of the column's own type
      return `(CASE WHEN false THEN ${column} END)`;
    case 'keep_ends': {
      const f = int(rule.first);
      const l = int(rule.last);
      const keep = int(rule.first + rule.last);
      return `(CASE WHEN length(${t}) > ${keep} THEN left(${t}, ${f}) || repeat(${STAR}, length(${t}) - ${keep}) || right(${t}, ${l}) ELSE repeat(${STAR}, length(${t})) END)`;
    }
    case 'keep_surname':
      return (
        `(CASE WHEN length(${t}) >= 3 AND left(${t}, 2) IN ${SURNAME_LIST} THEN left(${t}, 2) || repeat(${STAR}, length(${t}) - 2)` +
        ` WHEN length(${t}) >= 2 THEN left(${t}, 1) || repeat(${STAR}, length(${t}) - 1) ELSE repeat(${STAR}, length(${t})) END)`
      );
    case 'email_local': {
      const at = `strpos(${t}, '@')`;
      return `(CASE WHEN ${at} > 1 THEN left(${t}, least(${int(rule.keep)}, ${at} - 2)) || ${quoteLiteral(EMAIL_LOCAL_MASK)} || substr(${t}, ${at}) ELSE repeat(${STAR}, length(${t})) END)`;
    }
    case 'hash':
      return `left(${PSEUDONYM_FUNCTION}(${t}), ${int(rule.length ?? DEFAULT_HASH_LENGTH)})`;
    case 'generalize':
      return generalizeExpression(column, t, type, rule.to);
  }
}

function generalizeExpression(column: string, t: string, type: FieldType, to: Generalization): string {
  switch (to.kind) {
    case 'date': {
      if (type === 'date') return `CAST(date_trunc(${quoteLiteral(to.level)}, ${column}) AS DATE)`;
      if (type === 'timestamp') return `date_trunc(${quoteLiteral(to.level)}, ${column})`;
      const re = quoteLiteral('^(\\d{4})-?(\\d{2})');
      const year = `regexp_extract(${t}, ${re}, 1)`;
      const value = to.level === 'year' ? year : `${year} || '-' || regexp_extract(${t}, ${re}, 2)`;
      return `(CASE WHEN regexp_matches(${t}, ${re}) THEN ${value} END)`;
    }
    case 'age_band': {
      const n = number(column, type);
      const w = int(to.width);
      const top = int(to.top ?? DEFAULT_AGE_TOP);
      const lo = `CAST(floor(${n} / ${w}) * ${w} AS BIGINT)`;
      return (
        `(CASE WHEN ${n} IS NULL OR NOT isfinite(${n}) OR ${n} < 0 THEN NULL WHEN ${n} >= ${top} THEN ${quoteLiteral(`${top}+`)}` +
        ` ELSE CAST(${lo} AS VARCHAR) || '-' || CAST(least(${lo} + ${w} - 1, ${top} - 1) AS VARCHAR) END)`
      );
    }
    case 'numeric_range': {
      const n = number(column, type);
      const w = int(to.width);
      const lo = `CAST(floor(${n} / ${w}) * ${w} AS BIGINT)`;
      return `(CASE WHEN ${n} IS NULL OR NOT isfinite(${n}) THEN NULL ELSE '[' || CAST(${lo} AS VARCHAR) || ',' || CAST(${lo} + ${w} AS VARCHAR) || ')' END)`;
    }
    case 'code_prefix': {
      const k = int(to.keep);
      return `(CASE WHEN length(${t}) <= ${k} THEN ${t} ELSE left(${t}, ${k}) || repeat(${quoteLiteral(to.pad ?? '0')}, length(${t}) - ${k}) END)`;
    }
    case 'address': {
      const re = quoteLiteral(to.level === 'street' ? ADDRESS_STREET_PATTERN : ADDRESS_DISTRICT_PATTERN);
      return `nullif(regexp_extract(${t}, ${re}, 0), '')`;
    }
    case 'area_code': {
      const prefix = `regexp_extract(${t}, ${quoteLiteral(LANDLINE_AREA_PATTERN)}, 0)`;
      return `(${prefix} || regexp_replace(substr(${t}, length(${prefix}) + 1), '\\d', ${STAR}, 'g'))`;
    }
  }
}

function number(column: string, type: FieldType): string {
  return type === 'string' ? `TRY_CAST(${column} AS DOUBLE)` : `CAST(${column} AS DOUBLE)`;
}
