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

/** The first record of a UTF-8 text: up to the first line break outside quotes, without a byte-order mark. */
export function firstRecord(text: string): string | undefined {
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let quoted = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (ch === '\n' && !quoted) return text.slice(start, i).replace(/\r$/, '');
  }
  return undefined;
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
  const text = new TextDecoder('utf-8').decode(head, { stream: !complete });
  const record = firstRecord(text) ?? (complete && text.length > 0 ? text.replace(/^\uFEFF/, '').replace(/\r$/, '') : undefined);
  if (record === undefined || record.trim() === '') return undefined;
  if (record.includes('\uFFFD') && !isUtf8(head)) {
    throw new IngestError('ENCODING', [{ kind: 'invalid_encoding', line: 1, reason: 'bytes that are not valid UTF-8' }]);
  }
  return chooseHeader(record, declared);
}

/** Whether the bytes of the header record are valid UTF-8 (a U+FFFD may also be written on purpose). */
function isUtf8(head: Uint8Array): boolean {
  const end = Buffer.from(head).indexOf(0x0a);
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, end === -1 ? head.length : end));
    return true;
  } catch {
    return false;
  }
}
