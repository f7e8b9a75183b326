import type { DuckDBConnection } from '@duckdb/node-api';
import { once } from 'node:events';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { convertCsv, type ConvertOptions, type Converted } from './csv-convert.ts';
import { isIntegerText } from './field-types.ts';
import { EXAMPLES_PER_GROUP, IngestError, type ProblemGroup } from './ingest-error.ts';
import type { DeclaredField, IngestProblem, IngestProblemKind } from './types.ts';

// JSON lines go through the CSV path, so that one reader decides what a valid date, decimal or boolean is for
// every format: each line is parsed here (structure, unknown keys, integers, required fields, with its line
// number) and written as one CSV record; DuckDB then reads that CSV with the declared types, and a record it
// rejects is mapped back to its JSON line.

const LF = 0x0a;

function csvQuote(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}

/** Which JSON line each CSV record came from: lines that are not records (blank) shift the numbering. */
class RecordLines {
  private readonly firstRecord: number[] = [];
  private readonly shift: number[] = [];

  note(record: number, line: number): void {
    const s = line - record;
    if (this.shift.length === 0 || s !== this.shift[this.shift.length - 1]) {
      this.firstRecord.push(record);
      this.shift.push(s);
    }
  }

  lineOf(record: number): number {
    if (this.shift.length === 0) return record;
    let lo = 0;
    let hi = this.firstRecord.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.firstRecord[mid]! <= record) lo = mid;
      else hi = mid - 1;
    }
    return record + this.shift[lo]!;
  }
}

class ProblemLog {
  readonly problems: IngestProblem[] = [];
  private readonly counts = new Map<string, ProblemGroup>();

  add(kind: IngestProblemKind, line: number, reason: string, column?: string): void {
    const key = `${kind}\u0000${column ?? ''}`;
    const g = this.counts.get(key) ?? { kind, ...(column === undefined ? {} : { column }), count: 0 };
    g.count++;
    this.counts.set(key, g);
    if (g.count <= EXAMPLES_PER_GROUP) this.problems.push({ kind, line, ...(column === undefined ? {} : { column }), reason });
  }

  get groups(): ProblemGroup[] {
    return [...this.counts.values()];
  }
}

/** The CSV text of one value, or a problem. Only integers and structure are judged here; DuckDB casts the rest. */
function csvValue(f: DeclaredField, v: unknown): { text: string } | { problem: string } {
  if (v === null || v === undefined) return { text: '' };
  if (typeof v === 'object') return { problem: `an object or array where a ${f.type} is declared` };
  if (f.type === 'integer') {
    if (typeof v === 'number') {
      if (!Number.isInteger(v)) return { problem: 'not a valid integer (a fraction)' };
      if (!Number.isSafeInteger(v)) return { problem: 'an integer beyond ±2^53 written as a JSON number loses digits: write it as a string' };
      return { text: String(v) };
    }
    if (typeof v === 'string' && isIntegerText(v)) return { text: v.trim() };
    return { problem: 'not a valid integer' };
  }
  return { text: csvQuote(String(v)) };
}

async function write(out: WriteStream, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

/** Lines of a UTF-8 file as bytes (a line may span chunks), with their 1-based numbers. */
async function* byteLines(file: string): AsyncGenerator<{ line: number; bytes: Buffer }> {
  let pending: Buffer[] = [];
  let line = 1;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    const buf = chunk as Buffer;
    let from = 0;
    for (let i = buf.indexOf(LF); i !== -1; i = buf.indexOf(LF, i + 1)) {
      pending.push(buf.subarray(from, i));
      yield { line: line++, bytes: pending.length === 1 ? pending[0]! : Buffer.concat(pending) };
      pending = [];
      from = i + 1;
    }
    if (from < buf.length) pending.push(Buffer.from(buf.subarray(from)));
  }
  if (pending.length > 0) yield { line, bytes: Buffer.concat(pending) };
}

async function jsonlToCsv(file: string, csvFile: string, fields: readonly DeclaredField[]): Promise<RecordLines> {
  const declared = new Map(fields.map((f) => [f.name, f]));
  const seenKeys = new Set<string>();
  const log = new ProblemLog();
  const lines = new RecordLines();
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const out = createWriteStream(csvFile);
  const closed = once(out, 'close');
  let batch = `${fields.map((f) => csvQuote(f.name)).join(',')}\n`;
  let record = 0;
  let records = 0;
  try {
    for await (const { line, bytes } of byteLines(file)) {
      let text: string;
      try {
        text = decoder.decode(bytes);
      } catch {
        log.add('invalid_encoding', line, 'bytes that are not valid UTF-8');
        continue;
      }
      if (line === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      if (text.trim() === '') continue;
      records++;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        log.add('invalid_json', line, 'not valid JSON');
        continue;
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        log.add('not_an_object', line, 'each line must be one JSON object');
        continue;
      }
      const obj = value as Record<string, unknown>;
      for (const key of Object.keys(obj)) {
        if (declared.has(key)) seenKeys.add(key);
        else log.add('unexpected_column', line, `key "${key}" is not a declared field`, key);
      }
      const cells: string[] = [];
      let ok = true;
      for (const f of fields) {
        const v = obj[f.name];
        const cell = csvValue(f, v);
        if ('problem' in cell) {
          log.add('type_mismatch', line, cell.problem, f.name);
          ok = false;
        } else if (cell.text === '' && f.nullable === false) {
          log.add('null_in_required_field', line, `field "${f.name}" is required (not nullable) and has no value`, f.name);
          ok = false;
        } else cells.push(cell.text);
      }
      if (!ok || log.problems.length > 0) continue; // refused already: keep counting, stop writing
      record++;
      lines.note(record, line);
      batch += `${cells.join(',')}\n`;
      if (batch.length >= 1 << 20) {
        await write(out, batch);
        batch = '';
      }
    }
    await write(out, batch);
  } finally {
    out.end();
    await closed;
  }
  const problems = [...log.problems];
  const groups = log.groups;
  if (records > 0) {
    for (const f of fields) {
      if (seenKeys.has(f.name)) continue;
      problems.push({ kind: 'missing_column', column: f.name, reason: `declared field "${f.name}" is not a key of any line` });
      groups.push({ kind: 'missing_column', column: f.name, count: 1 });
    }
  }
  if (problems.length > 0) {
    const code = problems.some((p) => p.kind === 'invalid_encoding')
      ? 'ENCODING'
      : problems.some((p) => p.kind === 'unexpected_column' || p.kind === 'missing_column')
        ? 'FIELDS_MISMATCH'
        : 'MALFORMED_ROWS';
    throw new IngestError(code, problems, { groups });
  }
  return lines;
}

export async function convertJsonl(
  connection: DuckDBConnection,
  file: string,
  csvFile: string,
  fields: readonly DeclaredField[],
  out: string,
  opts: ConvertOptions,
): Promise<Converted> {
  const lines = await jsonlToCsv(file, csvFile, fields);
  return convertCsv(connection, { file: csvFile, allowQuotedNulls: false, prechecked: { lineOfRecord: (r) => lines.lineOf(r) } }, fields, out, opts);
}
