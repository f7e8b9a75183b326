import type { DuckDBConnection } from '@duckdb/node-api';
import { compareColumns } from './column-check.ts';
import { describeType, integerTextIsBad, storedType } from './field-types.ts';
import type { ConvertOptions, Converted } from './csv-convert.ts';
import { EXAMPLES_PER_GROUP, IngestError, isSystemError, redactedCause, type ProblemGroup } from './ingest-error.ts';
import { nullRows, profileParquet } from './parquet-profile.ts';
import { copyToParquet, type StoredParquet } from './parquet-sink.ts';
import { quoteIdentifier, quoteLiteral } from './sql.ts';
import type { DeclaredField, IngestProblem } from './types.ts';

// A Parquet version is rewritten with the declared names and types, so every stored version has the same shape
// whatever wrote the source. Columns whose stored type converts without loss are cast; the others (text, wider
// numbers) are checked value by value in the same statement, and on failure the rows are located by their position
// in the file (Parquet has rows, not lines).

const CHECK_MARKER = 'shuyun-ingest-check';
const SMALL_INTEGERS = new Set(['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'UTINYINT', 'USMALLINT', 'UINTEGER']);
const LARGE_INTEGERS = new Set(['UBIGINT', 'HUGEINT', 'UHUGEINT']);
const TIMESTAMPS = new Set(['TIMESTAMP', 'TIMESTAMP_S', 'TIMESTAMP_MS', 'TIMESTAMP_NS', 'TIMESTAMP WITH TIME ZONE', 'DATE']);

function isNumeric(t: string): boolean {
  return SMALL_INTEGERS.has(t) || LARGE_INTEGERS.has(t) || t === 'FLOAT' || t === 'DOUBLE' || t.startsWith('DECIMAL');
}

function isNested(t: string): boolean {
  return t.endsWith(']') || /^(STRUCT|MAP|UNION)\b/.test(t);
}

/** How a source column becomes the declared one: always by CAST; `bad` is the SQL test for a value that cannot. */
type Conversion = { bad?: string } | 'incompatible';

function conversion(f: DeclaredField, source: string, c: string): Conversion {
  const target = storedType(f);
  const tryCastFails = `TRY_CAST(${c} AS ${target}) IS NULL`;
  switch (f.type) {
    case 'string':
      return isNested(source) || source === 'BLOB' ? 'incompatible' : {};
    case 'integer':
      if (SMALL_INTEGERS.has(source)) return {};
      if (LARGE_INTEGERS.has(source)) return { bad: tryCastFails };
      if (source === 'FLOAT' || source === 'DOUBLE' || source.startsWith('DECIMAL')) return { bad: `(${c} <> trunc(${c}) OR ${tryCastFails})` };
      if (source === 'VARCHAR') return { bad: integerTextIsBad(c) };
      return 'incompatible';
    case 'decimal':
      return isNumeric(source) || source === 'VARCHAR' ? { bad: tryCastFails } : 'incompatible';
    case 'boolean':
      return source === 'BOOLEAN' ? {} : source === 'VARCHAR' ? { bad: tryCastFails } : 'incompatible';
    case 'date':
      return source === 'DATE' ? {} : source === 'VARCHAR' ? { bad: tryCastFails } : 'incompatible';
    case 'timestamp':
      return TIMESTAMPS.has(source) ? {} : source === 'VARCHAR' ? { bad: tryCastFails } : 'incompatible';
  }
}

export async function convertParquet(
  connection: DuckDBConnection,
  src: string,
  fields: readonly DeclaredField[],
  out: string,
  opts: ConvertOptions,
): Promise<Converted> {
  let names: string[];
  let types: string[];
  try {
    const shape = await connection.run('SELECT * FROM read_parquet($src) LIMIT 0', { src });
    names = shape.columnNames();
    types = shape.columnTypes().map((t) => t.toString());
  } catch (err) {
    throw new IngestError('SOURCE_UNREADABLE', [{ kind: 'unreadable', reason: 'not a readable Parquet file' }], { cause: redactedCause(err) });
  }
  const mismatch = compareColumns(names, fields);
  if (mismatch.length > 0) throw new IngestError('FIELDS_MISMATCH', mismatch);

  const sourceType = new Map(names.map((n, i) => [n, types[i]!]));
  const plans = fields.map((f) => ({ f, c: quoteIdentifier(f.name), source: sourceType.get(f.name)!, conv: conversion(f, sourceType.get(f.name)!, quoteIdentifier(f.name)) }));
  const incompatible = plans.filter((p) => p.conv === 'incompatible');
  if (incompatible.length > 0) {
    throw new IngestError(
      'FIELDS_MISMATCH',
      incompatible.map((p) => ({ kind: 'type_mismatch', column: p.f.name, reason: `stored as ${p.source} in the Parquet file, declared ${describeType(p.f.type, p.f)}` })),
    );
  }
  const checked = plans.filter((p): p is typeof p & { conv: { bad: string } } => p.conv !== 'incompatible' && p.conv.bad !== undefined);
  const select = plans
    .map((p) => {
      const cast = `CAST(${p.c} AS ${storedType(p.f)})`;
      const bad = p.conv !== 'incompatible' ? p.conv.bad : undefined;
      return `${bad ? `CASE WHEN ${p.c} IS NOT NULL AND ${bad} THEN error(${quoteLiteral(CHECK_MARKER)}) ELSE ${cast} END` : cast} AS ${p.c}`;
    })
    .join(', ');
  let stored: StoredParquet;
  try {
    stored = await copyToParquet(connection, `SELECT ${select} FROM read_parquet($src)`, { src }, out, opts.workDir, opts.onPercent);
  } catch (err) {
    if (isSystemError(err)) throw err;
    if (!(err instanceof Error && err.message.includes(CHECK_MARKER))) {
      throw new IngestError('SOURCE_UNREADABLE', [{ kind: 'unreadable', reason: 'the Parquet file could not be read to the end' }], { cause: redactedCause(err) });
    }
    const problems: IngestProblem[] = [];
    const groups: ProblemGroup[] = [];
    for (const p of checked) {
      const where = `${p.c} IS NOT NULL AND ${p.conv.bad}`;
      const r = await connection.runAndReadAll(`SELECT count(*) FROM read_parquet($src) WHERE ${where}`, { src });
      const count = Number(r.getRowsJS()[0]?.[0] ?? 0);
      if (count === 0) continue;
      groups.push({ kind: 'type_mismatch', column: p.f.name, count });
      const rows = await connection.runAndReadAll(
        `SELECT file_row_number FROM read_parquet($src, file_row_number = true) WHERE ${where} ORDER BY file_row_number LIMIT ${EXAMPLES_PER_GROUP}`,
        { src },
      );
      for (const [n] of rows.getRowsJS()) {
        problems.push({ kind: 'type_mismatch', row: Number(n) + 1, column: p.f.name, reason: `a ${p.source} value that is not a valid ${describeType(p.f.type, p.f)}` });
      }
    }
    throw new IngestError('MALFORMED_ROWS', problems, { groups });
  }

  const profile = await profileParquet(connection, out, fields, opts.distinct);
  const required = fields.flatMap((f, i) => (f.nullable === false && profile.columns[i]!.nulls > 0 ? [{ f, nulls: profile.columns[i]!.nulls }] : []));
  if (required.length === 0) return { profile, stored };
  const problems: IngestProblem[] = [];
  for (const { f } of required) {
    for (const row of await nullRows(connection, out, f.name, EXAMPLES_PER_GROUP)) {
      problems.push({ kind: 'null_in_required_field', row, column: f.name, reason: `field "${f.name}" is required (not nullable) and has no value` });
    }
  }
  throw new IngestError('MALFORMED_ROWS', problems, { groups: required.map(({ f, nulls }) => ({ kind: 'null_in_required_field', column: f.name, count: nulls })) });
}
