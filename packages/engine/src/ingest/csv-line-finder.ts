import { createReadStream } from 'node:fs';
import { EXAMPLES_PER_GROUP } from './ingest-error.ts';
import type { IngestProblem } from './types.ts';

// DuckDB tells the line of a row its CSV reader rejects, but not of a row a later check refuses (an integer column
// holding "1.5", a required field left empty). This scanner finds those lines. It runs only after a version has
// already been refused, reads the file once as bytes with the same RFC 4180 rules as the reader, counts every
// line break (also those inside quoted values) and stops as soon as each refused column has its few examples.
// It judges nothing itself: a field is marked when it is empty (null) or is one of the texts DuckDB refused.

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;

export type LineFinderTarget = {
  /** Position of the column in the file. */
  index: number;
  column: string;
  reason: string;
} & ({ check: 'required' } | { check: 'integer'; /** The texts DuckDB refused in this column. */ badTexts: ReadonlySet<string> });

/** Physical line (1-based) of each byte offset: the number of line breaks before it, plus one. */
export async function linesAtOffsets(file: string, offsets: readonly number[]): Promise<Map<number, number>> {
  const sorted = [...new Set(offsets)].sort((a, b) => a - b);
  const lines = new Map<number, number>();
  if (sorted.length === 0) return lines;
  let next = 0;
  let base = 0;
  let breaks = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20, end: sorted[sorted.length - 1]! })) {
    const buf = chunk as Buffer;
    let from = 0;
    while (next < sorted.length && sorted[next]! < base + buf.length) {
      const upTo = sorted[next]! - base;
      for (let i = buf.indexOf(LF, from); i !== -1 && i < upTo; i = buf.indexOf(LF, i + 1)) {
        breaks++;
        from = i + 1;
      }
      from = Math.max(from, upTo);
      lines.set(sorted[next]!, breaks + 1);
      next++;
    }
    for (let i = buf.indexOf(LF, from); i !== -1; i = buf.indexOf(LF, i + 1)) breaks++;
    base += buf.length;
  }
  for (; next < sorted.length; next++) lines.set(sorted[next]!, breaks + 1);
  return lines;
}

export async function findLines(
  file: string,
  opts: { delimiter: string; fieldCount: number; allowQuotedNulls: boolean; targets: readonly LineFinderTarget[] },
): Promise<IngestProblem[]> {
  const delimiter = opts.delimiter.charCodeAt(0);
  const byIndex = new Map<number, LineFinderTarget[]>();
  for (const t of opts.targets) byIndex.set(t.index, [...(byIndex.get(t.index) ?? []), t]);
  const found = new Map<LineFinderTarget, number>(opts.targets.map((t) => [t, 0]));
  const problems: IngestProblem[] = [];
  const decoder = new TextDecoder('utf-8');

  let line = 1; // current physical line
  let recordLine = 1; // line where the current record starts
  let isHeader = true;
  let fieldIndex = 0;
  let fieldBytes: number[] = [];
  let fieldQuoted = false;
  let inQuotes = false;
  let afterQuote = false; // just read a closing quote (or the first of a doubled one)
  let recordEmpty = true;
  const values = new Map<number, { text: string; isNull: boolean }>();

  const endField = () => {
    if (byIndex.has(fieldIndex)) {
      if (!fieldQuoted && fieldBytes[fieldBytes.length - 1] === CR) fieldBytes.pop();
      const text = decoder.decode(Uint8Array.from(fieldBytes));
      values.set(fieldIndex, { text, isNull: text === '' && (!fieldQuoted || opts.allowQuotedNulls) });
    }
    fieldIndex++;
    fieldBytes = [];
    fieldQuoted = false;
    afterQuote = false;
  };
  const endRecord = (): boolean => {
    endField();
    const blank = recordEmpty;
    if (!isHeader && !blank && fieldIndex === opts.fieldCount) {
      for (const [index, targets] of byIndex) {
        const v = values.get(index);
        if (!v) continue;
        for (const t of targets) {
          const bad = t.check === 'required' ? v.isNull : !v.isNull && t.badTexts.has(v.text);
          const n = found.get(t)!;
          if (bad && n < EXAMPLES_PER_GROUP) {
            problems.push({ kind: t.check === 'required' ? 'null_in_required_field' : 'type_mismatch', line: recordLine, column: t.column, reason: t.reason });
            found.set(t, n + 1);
          }
        }
      }
    }
    if (!blank) isHeader = false;
    values.clear();
    fieldIndex = 0;
    recordEmpty = true;
    return [...found.values()].every((n) => n >= EXAMPLES_PER_GROUP);
  };

  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    const buf = chunk as Buffer;
    for (let i = 0; i < buf.length; i++) {
      const b = buf[i]!;
      if (inQuotes) {
        if (b === QUOTE) {
          inQuotes = false;
          afterQuote = true;
        } else {
          if (b === LF) line++;
          if (byIndex.has(fieldIndex)) fieldBytes.push(b);
        }
        continue;
      }
      if (b === QUOTE) {
        if (afterQuote) {
          // a doubled quote inside a quoted value
          if (byIndex.has(fieldIndex)) fieldBytes.push(b);
          inQuotes = true;
          afterQuote = false;
        } else {
          inQuotes = true;
          fieldQuoted = true;
        }
        recordEmpty = false;
      } else if (b === delimiter) {
        recordEmpty = false;
        endField();
      } else if (b === LF) {
        line++;
        if (endRecord()) return problems;
        recordLine = line;
      } else {
        if (b !== CR) recordEmpty = false;
        afterQuote = false;
        if (byIndex.has(fieldIndex)) fieldBytes.push(b);
      }
    }
  }
  if (!recordEmpty || fieldIndex > 0) endRecord();
  return problems;
}
