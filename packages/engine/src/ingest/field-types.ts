import type { DeclaredField, FieldType } from './types.ts';

// How each declared type is stored and checked. Decimals are DECIMAL(18, s): DuckDB parses wider decimals
// (HUGEINT-backed, precision > 18) about 200× slower, and 12 integer digits cover the amounts of public data.

export const DEFAULT_DECIMAL_SCALE = 6;
const MAX_DECIMAL_SCALE = 12;

export function decimalScale(field: DeclaredField): number {
  const scale = field.scale ?? DEFAULT_DECIMAL_SCALE;
  if (!Number.isInteger(scale) || scale < 0 || scale > MAX_DECIMAL_SCALE) {
    throw new RangeError(`field "${field.name}": decimal scale must be an integer from 0 to ${MAX_DECIMAL_SCALE}`);
  }
  return scale;
}

/** The DuckDB type a declared field is stored as in the Parquet file. */
export function storedType(field: DeclaredField): string {
  switch (field.type) {
    case 'string':
      return 'VARCHAR';
    case 'integer':
      return 'BIGINT';
    case 'decimal':
      return `DECIMAL(18,${decimalScale(field)})`;
    case 'boolean':
      return 'BOOLEAN';
    case 'date':
      return 'DATE';
    case 'timestamp':
      return 'TIMESTAMP';
  }
}

/**
 * Whether a text in an integer column is an integer. DuckDB's own BIGINT cast also reads "1.5" (rounding it to 2):
 * a decimal point is refused here, since a fraction in an integer column is a mismatch, not a value to round.
 * This is the SQL test (one `contains` per value: a regular expression would cost a sixth of the whole ingest);
 * DuckDB's cast decides the rest (blanks, sign, range; also "1e3" = 1000 and "0x1F" = 31, which are integers).
 */
export function integerTextIsBad(columnSql: string): string {
  return `(contains(${columnSql}, '.') OR TRY_CAST(${columnSql} AS BIGINT) IS NULL)`;
}

/** The stricter test for integers given as JSON strings (no DuckDB at hand): blanks, an optional sign, digits. */
const INTEGER_TEXT = /^[ \t]*[+-]?[0-9]+[ \t]*$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

export function isIntegerText(text: string): boolean {
  if (!INTEGER_TEXT.test(text)) return false;
  const digits = text.trim();
  if (digits.replace(/^[+-]?0*/, '').length < 19) return true;
  const value = BigInt(digits);
  return value >= INT64_MIN && value <= INT64_MAX;
}

export function describeType(type: FieldType, field?: DeclaredField): string {
  return type === 'decimal' && field ? `decimal (scale ${decimalScale(field)})` : type;
}

export function validateFields(fields: readonly DeclaredField[]): void {
  if (fields.length === 0) throw new RangeError('no declared fields');
  const seen = new Set<string>();
  for (const f of fields) {
    if (typeof f.name !== 'string' || f.name.trim() === '' || f.name.length > 256 || /[\u0000-\u001f]/.test(f.name)) {
      throw new RangeError('a declared field name is empty, too long or contains control characters');
    }
    if (seen.has(f.name)) throw new RangeError(`field "${f.name}" is declared twice`);
    seen.add(f.name);
    if (!['string', 'integer', 'decimal', 'boolean', 'date', 'timestamp'].includes(f.type)) {
      throw new RangeError(`field "${f.name}": unknown type`);
    }
    if (f.type === 'decimal') decimalScale(f);
  }
}
