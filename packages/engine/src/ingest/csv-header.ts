import { isUtf8 } from 'node:buffer';
import { readHead } from './encoding.ts';
import { IngestError } from './ingest-error.ts';

// The header decides the dialect: the delimiter is the candidate under which the header's names best match the
// declared fields. DuckDB's sniffer is not used: on a ragged or tiny file it guesses wrong, and the header is what
// the department wrote on purpose. Quotes are RFC 4180 double quotes.

export const DELIMITERS = [',', '\t', ';', '|'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

const HEADER_BYTES = 1 << 20;

/** Splits one CSV record (no line break outside quotes) on `delimiter`. */
export function splitRecord(record: string, delimiter: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < record.length; i++) {
    const ch = record[i]!;
    if (quoted) {
      if (ch === '"') {
        if (record[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  fields.push(field);
  return fields;
}

export interface CsvHeader {
  delimiter: Delimiter;
  /** As written, trimmed of surrounding blanks. */
  names: string[];
}

export function chooseHeader(record: string, declared: readonly string[]): CsvHeader {
  const wanted = new Set(declared);
  let best: { header: CsvHeader; score: number } | undefined;
  for (const delimiter of DELIMITERS) {
    const names = splitRecord(record, delimiter).map((n) => n.trim());
    const matches = names.filter((n) => wanted.has(n)).length;
    const score = matches * 2 + (names.length === declared.length ? 1 : 0);
    if (!best || score > best.score) best = { header: { delimiter, names }, score };
  }
  return best!.header;
}

/** Reads the header of a UTF-8 CSV file; undefined when the file has no complete first line within 1 MiB. */
export async function readCsvHeader(file: string, declared: readonly string[]): Promise<CsvHeader | undefined> {
  const { head, complete } = await readHead(file, HEADER_BYTES);
  // Only the first record is decoded: quotes and line feeds are ASCII, never part of a multi-byte sequence.
  const start = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  let end = -1;
  let quoted = false;
  for (let i = start; i < head.length; i++) {
    const b = head[i];
    if (b === 0x22) quoted = !quoted;
    else if (b === 0x0a && !quoted) {
      end = i;
      break;
    }
  }
  if (end === -1 && !(complete && head.length > start)) return undefined;
  const bytes = head.subarray(start, end === -1 ? head.length : end);
  const record = new TextDecoder('utf-8').decode(bytes).replace(/\r$/, '');
  if (record.trim() === '') return undefined;
  if (record.includes('\uFFFD') && !isUtf8(bytes)) {
    throw new IngestError('ENCODING', [{ kind: 'invalid_encoding', line: 1, reason: 'bytes that are not valid UTF-8' }]);
  }
  return chooseHeader(record, declared);
}
