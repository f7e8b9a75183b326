// The result's and the raw versions' columns, read from the Parquet schema before any row, and what each column's
// type means for the checks.
import type { DuckDBConnection } from '@duckdb/node-api';
import { DomainError, type ErrorCode } from '@shuyun/core/errors/catalogue';
import { quoteIdentifier } from '../ingest/sql.ts';
import { readSource } from '../twin/twin-duckdb.ts';

export interface FileColumn {
  name: string;
  /** DuckDB type, upper case (`VARCHAR`, `DECIMAL(18,2)`, `VARCHAR[]`, `STRUCT(…)`…) */
  type: string;
}

/** Column names and types of a Parquet file; a file DuckDB cannot read is refused without DuckDB's message (which
 *  can quote the file's bytes). */
export async function fileColumns(connection: DuckDBConnection, file: string, code: ErrorCode, at: string): Promise<FileColumn[]> {
  try {
    const reader = await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${readSource(file)}`);
    return reader.getRows().map((r) => ({ name: String(r[0]), type: String(r[1]).toUpperCase() }));
  } catch {
    throw new DomainError(code, [{ path: at, reason: 'unreadable' }]);
  }
}

/**
 * How the PII scan reads a column:
 * - `text`: every value (VARCHAR, ENUM, JSON);
 * - `number`: integral values of 10^10 ≤ |v| < 10^20 as digits — a mobile, an ID number without X or a card number
 *   stored as a number (smaller numbers cannot be any identifier the detectors know; landlines lose their leading 0);
 * - `nested`: lists, structs, maps and unions cast to text and split into tokens at the punctuation DuckDB writes
 *   (`[ ] { } ( ) , : = '` and `"`), each token scanned;
 * - `binary`: BLOB and BIT — cannot be scanned, so a blocking finding;
 * - `none`: types that cannot hold an identifier the detectors know (dates, times, booleans, UUIDs, integers of
 *   32 bits or fewer, decimals with 10 or fewer integer digits).
 */
export type ScanKind = 'text' | 'number' | 'nested' | 'binary' | 'none';

const WIDE_NUMBERS = new Set(['BIGINT', 'UBIGINT', 'HUGEINT', 'UHUGEINT', 'FLOAT', 'DOUBLE', 'VARINT', 'BIGNUM']);

export function scanKind(type: string): ScanKind {
  const t = type.toUpperCase();
  if (t === 'VARCHAR' || t === 'JSON' || t.startsWith('ENUM(')) return 'text';
  if (t.endsWith(']') || t.startsWith('STRUCT(') || t.startsWith('MAP(') || t.startsWith('UNION(')) return 'nested';
  if (WIDE_NUMBERS.has(t)) return 'number';
  const decimal = /^DECIMAL\((\d+),\s*(\d+)\)$/.exec(t);
  if (decimal) return Number(decimal[1]) - Number(decimal[2]) > 10 ? 'number' : 'none';
  if (t === 'BLOB' || t === 'BIT' || t === 'BITSTRING') return 'binary';
  return 'none';
}

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|VARINT|BIGNUM|DECIMAL\(\d+,\s*\d+\))$/;

export function isNumericType(type: string): boolean {
  return NUMERIC.test(type.toUpperCase());
}

/** The SQL text of a column's values for the PII scan, one value per output row (NULLs left for the caller to drop). */
export function scanExpression(column: string, kind: ScanKind): string {
  const c = quoteIdentifier(column);
  switch (kind) {
    case 'text':
      return `CAST(${c} AS VARCHAR)`;
    case 'number':
      return `CASE WHEN abs(${c}) >= 1e10 AND abs(${c}) < 1e20 AND ${c} = trunc(${c}) THEN CAST(CAST(${c} AS HUGEINT) AS VARCHAR) END`;
    case 'nested':
      return `unnest(regexp_split_to_array(CAST(${c} AS VARCHAR), '[\\[\\]{}(),:=''"]'))`;
    default:
      throw new Error(`scanExpression: ${kind} columns are not scanned`);
  }
}

/**
 * A column's values as compared between the result and a raw version: text is stripped of spaces around it and
 * upper-cased (a resident ID's check character x/X, stray spaces); other types are cast to text, which has no case
 * and no spaces (a date or a number stored as text on one side and natively on the other still compares equal).
 * The space test is a LIKE before the trim: on a raw version of millions of rows `trim` on every value costs more
 * than the join itself.
 */
export function normalized(column: FileColumn): string {
  const c = quoteIdentifier(column.name);
  if (scanKind(column.type) !== 'text') return `CAST(${c} AS VARCHAR)`;
  const s = `CAST(${c} AS VARCHAR)`;
  return `upper(CASE WHEN ${s} LIKE ' %' OR ${s} LIKE '% ' THEN trim(${s}) ELSE ${s} END)`;
}

/** A name of `wanted` in `columns`: the same name, or failing that the only one equal ignoring case. */
export function findColumn(columns: readonly FileColumn[], wanted: string): FileColumn | undefined {
  const exact = columns.find((c) => c.name === wanted);
  if (exact) return exact;
  const folded = columns.filter((c) => c.name.toLowerCase() === wanted.toLowerCase());
  return folded.length === 1 ? folded[0] : undefined;
}
