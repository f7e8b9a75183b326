import type { DuckDBConnection } from '@duckdb/node-api';
import { compareColumns } from './column-check.ts';
import { readCsvHeader, type CsvHeader } from './csv-header.ts';
import { findLines, linesAtOffsets, type LineFinderTarget } from './csv-line-finder.ts';
import { describeType, integerTextIsBad, storedType } from './field-types.ts';
import { IngestError, isSystemError, redactedCause, type ProblemGroup } from './ingest-error.ts';
import { profileParquet, type ParquetProfile } from './parquet-profile.ts';
import { copyToParquet, type StoredParquet } from './parquet-sink.ts';
import { quoteIdentifier, quoteLiteral } from './sql.ts';
import type { DeclaredField, IngestProblem, IngestProblemKind } from './types.ts';

// CSV → Parquet in one DuckDB statement: read_csv with the declared types (no sniffing: the header gave the
// dialect), strict mode, rejected rows stored with their positions; COPY to Parquet. Integer columns are read as
// text and checked in the same statement, since DuckDB's cast would round "1.5" to 2.
// A refused version costs a second look only on the failure path: a counting pass, then the line finder.

/** Rejected rows kept per scan: enough to list examples, bounded whatever the file. */
const REJECTS_LIMIT = 10_000;
/** Read buffer per thread. DuckDB's default (32 MB) doubles the peak memory of a COPY for no speed gain. */
const BUFFER_SIZE = 8 << 20;
const CHECK_MARKER = 'shuyun-ingest-check';
/** Refused integer texts fetched to recognise their lines: more than the examples listed of one column. */
const BAD_TEXT_SAMPLE = 50;

export interface CsvInput {
  /** The UTF-8 file DuckDB reads. */
  file: string;
  /** Whether a quoted empty value ("") is null, as spreadsheets mean it; false where "" is an empty string. */
  allowQuotedNulls: boolean;
  /**
   * Integer syntax and required fields were already checked line by line (JSON lines); `lineOfRecord` maps a
   * record (1 = the first after the header) to the line reported.
   */
  prechecked?: { lineOfRecord: (record: number) => number };
}

interface Plan {
  input: CsvInput;
  header: CsvHeader;
  fileOrder: DeclaredField[];
  fields: readonly DeclaredField[];
}

function readType(plan: Plan, f: DeclaredField): string {
  return f.type === 'integer' && !plan.input.prechecked ? 'VARCHAR' : storedType(f);
}

/** `rejects`: the table rejected rows go to, or `skip` to pass over them unrecorded. */
function readCsvSql(plan: Plan, rejects: string): string {
  const columns = plan.fileOrder.map((f) => `${quoteLiteral(f.name)}: ${quoteLiteral(readType(plan, f))}`).join(', ');
  const onError =
    rejects === 'skip'
      ? 'ignore_errors = true'
      : `store_rejects = true, rejects_table = ${quoteLiteral(rejects)}, rejects_scan = ${quoteLiteral(`${rejects}_scans`)}, rejects_limit = ${REJECTS_LIMIT}`;
  return `read_csv($src, header = true, delim = ${quoteLiteral(plan.header.delimiter)}, quote = '"', escape = '"', skip = 0, comment = '',
    auto_detect = false, encoding = 'utf-8', columns = {${columns}}, strict_mode = true, null_padding = false,
    allow_quoted_nulls = ${plan.input.allowQuotedNulls}, ${onError}, buffer_size = ${BUFFER_SIZE})`;
}

function integerIsBad(column: string): string {
  const c = quoteIdentifier(column);
  return `(${c} IS NOT NULL AND ${integerTextIsBad(c)})`;
}

function selectExpr(plan: Plan, f: DeclaredField): string {
  const c = quoteIdentifier(f.name);
  if (f.type !== 'integer' || plan.input.prechecked) return c;
  // A plain CAST: a text it cannot read fails the statement with a "Conversion Error" (whose message quotes the
  // value: it is never passed on, the failure is diagnosed instead), and NULL stays NULL (contains(NULL) is NULL).
  return `CASE WHEN contains(${c}, '.') THEN error(${quoteLiteral(`${CHECK_MARKER}: integer`)}) ELSE CAST(${c} AS BIGINT) END AS ${c}`;
}

const REJECT_KINDS: Record<string, IngestProblemKind> = {
  CAST: 'type_mismatch',
  'MISSING COLUMNS': 'too_few_fields',
  'TOO MANY COLUMNS': 'too_many_fields',
  'UNQUOTED VALUE': 'bad_quoting',
  'LINE SIZE OVER MAXIMUM': 'line_too_long',
  'INVALID ENCODING': 'invalid_encoding',
  'INVALID UNICODE': 'invalid_encoding',
};

function rejectReason(plan: Plan, kind: IngestProblemKind, column: string | undefined): string {
  const n = plan.header.names.length;
  switch (kind) {
    case 'type_mismatch': {
      const f = plan.fields.find((x) => x.name === column);
      return f ? `not a valid ${describeType(f.type, f)}` : 'a value of the wrong type';
    }
    case 'too_few_fields':
      return `fewer fields than the ${n} of the header`;
    case 'too_many_fields':
      return `more fields than the ${n} of the header`;
    case 'bad_quoting':
      return 'a quoted value followed by other characters (or a quote that never closes)';
    case 'line_too_long':
      return 'a line longer than the reader accepts (2 MB)';
    case 'invalid_encoding':
      return 'bytes that are not valid UTF-8';
    default:
      return 'a row the CSV reader could not read';
  }
}

async function rejectedRows(connection: DuckDBConnection, plan: Plan, table: string): Promise<{ problems: IngestProblem[]; groups: ProblemGroup[] }> {
  const t = quoteIdentifier(table);
  const any = await connection.runAndReadAll(`SELECT count(*) FROM (SELECT 1 FROM ${t} LIMIT 1)`);
  if (Number(any.getRowsJS()[0]?.[0] ?? 0) === 0) return { problems: [], groups: [] };
  const listed = await connection.runAndReadAll(
    `SELECT line, min(line_byte_position) AS pos, error_type, CASE WHEN error_type = 'CAST' THEN column_name END AS col
     FROM ${t} GROUP BY line, error_type, col ORDER BY line LIMIT 1000`,
  );
  const counted = await connection.runAndReadAll(
    `SELECT error_type, CASE WHEN error_type = 'CAST' THEN column_name END AS col, count(DISTINCT line) FROM ${t} GROUP BY ALL`,
  );
  const rows = listed.getRowsJS().map(([line, pos, type, col]) => ({
    line: Number(line),
    pos: Number(pos),
    kind: REJECT_KINDS[String(type)] ?? ('unreadable' as const),
    column: col === null ? undefined : String(col),
  }));
  const prechecked = plan.input.prechecked;
  const physical = prechecked ? undefined : await linesAtOffsets(plan.input.file, rows.map((r) => r.pos));
  const problems = rows.map((r): IngestProblem => ({
    kind: r.kind,
    // DuckDB counts records, not line breaks inside quoted values: the byte offset gives the real line
    line: prechecked ? prechecked.lineOfRecord(r.line - 1) : physical!.get(r.pos)!,
    ...(r.column === undefined ? {} : { column: r.column }),
    reason: rejectReason(plan, r.kind, r.column),
  }));
  const groups = counted.getRowsJS().map(([type, col, n]): ProblemGroup => ({
    kind: REJECT_KINDS[String(type)] ?? 'unreadable',
    ...(col === null ? {} : { column: String(col) }),
    count: Number(n),
  }));
  return { problems, groups };
}

function refusal(problems: IngestProblem[], groups: ProblemGroup[]): IngestError {
  const code = problems.some((p) => p.kind === 'invalid_encoding') ? 'ENCODING' : 'MALFORMED_ROWS';
  return new IngestError(code, problems, { groups });
}

function requiredReason(f: DeclaredField): string {
  return `field "${f.name}" is required (not nullable) and has no value`;
}

function integerReason(): string {
  return 'not a valid integer (no decimal point; within 64 bits)';
}

async function planCsv(input: CsvInput, fields: readonly DeclaredField[]): Promise<Plan> {
  const header = await readCsvHeader(input.file, fields.map((f) => f.name));
  if (!header) {
    throw new IngestError(
      'FIELDS_MISMATCH',
      fields.map((f) => ({ kind: 'missing_column', column: f.name, reason: `declared field "${f.name}" is not in the source (no header line)` })),
    );
  }
  const declared = new Set(fields.map((f) => f.name));
  if (!header.names.some((n) => declared.has(n))) {
    // Most likely a file without a header line: its first line is data, so its "names" are not repeated back.
    throw new IngestError('FIELDS_MISMATCH', [
      ...fields.map((f): IngestProblem => ({ kind: 'missing_column', column: f.name, reason: `declared field "${f.name}" is not in the header line` })),
      {
        kind: 'unexpected_column',
        line: 1,
        reason: `none of the ${header.names.length} names on the first line is a declared field: a header line is required (the names are not shown, in case the line is data)`,
      },
    ]);
  }
  const mismatch = compareColumns(header.names, fields);
  if (mismatch.length > 0) throw new IngestError('FIELDS_MISMATCH', mismatch);
  const byName = new Map(fields.map((f) => [f.name, f]));
  return { input, header, fields, fileOrder: header.names.map((n) => byName.get(n)!) };
}

export interface ConvertOptions {
  /** Scratch directory (DuckDB may write there). */
  workDir: string;
  distinct: boolean;
  onPercent?: (percent: number) => void;
}

export interface Converted {
  profile: ParquetProfile;
  stored: StoredParquet;
}

export async function convertCsv(connection: DuckDBConnection, input: CsvInput, fields: readonly DeclaredField[], out: string, opts: ConvertOptions): Promise<Converted> {
  const plan = await planCsv(input, fields);
  const select = fields.map((f) => selectExpr(plan, f)).join(', ');
  let stored: StoredParquet;
  try {
    stored = await copyToParquet(connection, `SELECT ${select} FROM ${readCsvSql(plan, 'rejects')}`, { src: input.file }, out, opts.workDir, opts.onPercent);
  } catch (err) {
    if (isSystemError(err)) throw err;
    const message = err instanceof Error ? err.message : '';
    if (message.includes(CHECK_MARKER) || message.startsWith('Conversion Error')) throw await diagnose(connection, plan);
    // The reader itself gave up (e.g. line endings that change in the middle of the file): its message may quote
    // the file, so only the fact is passed on.
    throw new IngestError('MALFORMED_ROWS', [{ kind: 'unreadable', reason: 'the CSV reader could not parse the file (line endings that change midway, or a quote that never closes?)' }], {
      cause: redactedCause(err),
    });
  }

  const rejects = await rejectedRows(connection, plan, 'rejects');
  const profile = await profileParquet(connection, out, fields, opts.distinct);
  const requiredWithNulls = fields.flatMap((f, i) => (f.nullable === false && profile.columns[i]!.nulls > 0 ? [{ f, nulls: profile.columns[i]!.nulls }] : []));
  if (rejects.problems.length === 0 && requiredWithNulls.length === 0) return { profile, stored };

  const located = plan.input.prechecked
    ? []
    : await findLines(input.file, {
        delimiter: plan.header.delimiter,
        fieldCount: plan.header.names.length,
        allowQuotedNulls: input.allowQuotedNulls,
        targets: requiredWithNulls.map(({ f }) => ({ index: plan.fileOrder.indexOf(f), column: f.name, check: 'required', reason: requiredReason(f) })),
      });
  throw refusal(
    [...rejects.problems, ...located],
    [...rejects.groups, ...requiredWithNulls.map(({ f, nulls }): ProblemGroup => ({ kind: 'null_in_required_field', column: f.name, count: nulls }))],
  );
}

/** After a failed check: count every kind of problem in one pass, then find the lines of the first few. */
async function diagnose(connection: DuckDBConnection, plan: Plan): Promise<IngestError> {
  const integers = plan.fields.filter((f) => f.type === 'integer');
  const required = plan.fields.filter((f) => f.nullable === false);
  const counts = [...integers.map((f) => `count(*) FILTER (WHERE ${integerIsBad(f.name)})`), ...required.map((f) => `count(*) FILTER (WHERE ${quoteIdentifier(f.name)} IS NULL)`)];
  // every column is referenced: the reader casts (and so rejects) only the columns a query uses
  const touch = plan.fields.map((f) => `count(${quoteIdentifier(f.name)})`);
  const r = await connection.runAndReadAll(`SELECT ${[...counts, ...touch].join(', ')} FROM ${readCsvSql(plan, 'diagnosis')}`, { src: plan.input.file });
  const values = (r.getRowsJS()[0] ?? []).map(Number);
  const targets: LineFinderTarget[] = [];
  const groups: ProblemGroup[] = [];
  for (const [i, f] of integers.entries()) {
    if (!(values[i]! > 0)) continue;
    // The texts DuckDB refuses, in file order (enough to cover the examples listed): the line finder then
    // marks exactly those, so the lines it reports are the rows DuckDB counted. They never leave this function.
    const bad = await connection.runAndReadAll(
      `SELECT ${quoteIdentifier(f.name)} FROM ${readCsvSql(plan, 'skip')} WHERE ${integerIsBad(f.name)} LIMIT ${BAD_TEXT_SAMPLE}`,
      { src: plan.input.file },
    );
    const badTexts = new Set(bad.getRowsJS().map(([v]) => String(v)));
    targets.push({ index: plan.fileOrder.indexOf(f), column: f.name, check: 'integer', badTexts, reason: integerReason() });
    groups.push({ kind: 'type_mismatch', column: f.name, count: values[i]! });
  }
  required.forEach((f, i) => {
    const n = values[integers.length + i]!;
    if (n > 0) {
      targets.push({ index: plan.fileOrder.indexOf(f), column: f.name, check: 'required', reason: requiredReason(f) });
      groups.push({ kind: 'null_in_required_field', column: f.name, count: n });
    }
  });
  const rejects = await rejectedRows(connection, plan, 'diagnosis');
  const located = await findLines(plan.input.file, {
    delimiter: plan.header.delimiter,
    fieldCount: plan.header.names.length,
    allowQuotedNulls: plan.input.allowQuotedNulls,
    targets,
  });
  const merged = new Map<string, ProblemGroup>();
  for (const g of [...rejects.groups, ...groups]) {
    const key = `${g.kind}\u0000${g.column ?? ''}`;
    const before = merged.get(key);
    merged.set(key, before ? { ...before, count: before.count + g.count } : g);
  }
  return refusal([...rejects.problems, ...located], [...merged.values()]);
}
