import { createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { DETECTION_BYTES, detectEncoding, detectFileEncoding, transcodeFile, Utf8Transcoder, type TextEncodingName } from './encoding.ts';
import { IngestError } from './ingest-error.ts';
import { pullPostgresTable } from './postgres-source.ts';
import type { IngestProgress, IngestSource, SourceEncoding, SourceFormat } from './types.ts';

// Every source becomes one local file DuckDB can read: text sources as UTF-8. A UTF-8 file on disk is read where
// it is (no copy); anything else is written into the ingest's work directory, decoded chunk by chunk on the way.

export interface LocalSource {
  /** What DuckDB reads. */
  file: string;
  format: SourceFormat;
  encoding: TextEncodingName | 'binary';
  /** Whether `file` lies outside the work directory (DuckDB must be allowed that one path). */
  external: boolean;
  /** The undecoded bytes, when `encoding` was a guess that a later byte could still prove wrong. */
  guessedFrom?: string;
  /** Whether a quoted empty CSV value is null (uploads) or an empty string (a PostgreSQL pull writes it so). */
  allowQuotedNulls: boolean;
}

type Progress = ((p: IngestProgress) => void) | undefined;

function unreadable(reason: string, cause?: unknown): IngestError {
  return new IngestError('SOURCE_UNREADABLE', [{ kind: 'unreadable', reason }], cause === undefined ? {} : { cause });
}

async function fileSource(source: Extract<IngestSource, { kind: 'file' }>, workDir: string, onProgress: Progress): Promise<LocalSource> {
  const file = path.resolve(source.path);
  let size: number;
  try {
    const s = await stat(file);
    if (!s.isFile()) throw new Error('not a regular file');
    size = s.size;
  } catch (err) {
    throw unreadable('the source file does not exist or is not a regular file', err);
  }
  if (source.format === 'parquet') return { file, format: 'parquet', encoding: 'binary', external: true, allowQuotedNulls: true };
  const declared: SourceEncoding = source.encoding ?? 'auto';
  const encoding = await detectFileEncoding(file, declared);
  if (encoding === 'utf-8') {
    return { file, format: source.format, encoding, external: true, allowQuotedNulls: true, ...(declared === 'auto' ? { guessedFrom: file } : {}) };
  }
  const decoded = path.join(workDir, `source.utf8.${source.format}`);
  await transcodeFile(file, decoded, encoding, (bytes) => onProgress?.({ phase: 'reading', bytes, totalBytes: size }));
  return { file: decoded, format: source.format, encoding, external: false, allowQuotedNulls: true };
}

function toBuffer(chunk: Uint8Array | string): Buffer {
  return typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

async function streamSource(source: Extract<IngestSource, { kind: 'stream' }>, workDir: string, onProgress: Progress): Promise<LocalSource> {
  const file = path.join(workDir, `upload.${source.format}`);
  const text = source.format !== 'parquet';
  const declared: SourceEncoding = source.encoding ?? 'auto';
  let encoding: TextEncodingName | 'binary' | undefined = text ? (declared === 'auto' ? undefined : declared) : 'binary';
  let transcoder: Utf8Transcoder | undefined;
  const choose = (e: TextEncodingName | 'binary') => {
    encoding = e;
    if (e !== 'binary' && e !== 'utf-8') transcoder = new Utf8Transcoder(e);
  };
  if (encoding !== undefined) choose(encoding);
  let bytes = 0;
  const report = () => onProgress?.({ phase: 'reading', bytes, ...(source.totalBytes !== undefined ? { totalBytes: source.totalBytes } : {}) });

  async function* decoded(): AsyncGenerator<Buffer> {
    // Until the encoding is known (auto), the first few megabytes are held back: the only buffering there is.
    const held: Buffer[] = [];
    let heldBytes = 0;
    for await (const chunk of source.stream as AsyncIterable<Uint8Array | string>) {
      const buf = toBuffer(chunk);
      bytes += buf.length;
      report();
      if (encoding === undefined) {
        held.push(buf);
        heldBytes += buf.length;
        if (heldBytes < DETECTION_BYTES) continue;
        const head = Buffer.concat(held);
        held.length = 0;
        choose(detectEncoding(head, false));
        yield transcoder ? transcoder.push(head) : head;
      } else yield transcoder ? transcoder.push(buf) : buf;
    }
    if (encoding === undefined) {
      const head = Buffer.concat(held);
      choose(detectEncoding(head, true));
      yield transcoder ? transcoder.push(head) : head;
    }
    if (transcoder) yield transcoder.end();
  }

  try {
    await pipeline(decoded(), createWriteStream(file));
  } catch (err) {
    if (err instanceof IngestError) throw err;
    throw unreadable('the upload could not be read to the end', err);
  }
  const e = encoding as TextEncodingName | 'binary';
  return { file, format: source.format, encoding: e, external: false, allowQuotedNulls: true, ...(declared === 'auto' && e === 'utf-8' ? { guessedFrom: file } : {}) };
}

export async function localSource(source: IngestSource, workDir: string, onProgress: Progress): Promise<LocalSource> {
  switch (source.kind) {
    case 'file':
      return fileSource(source, workDir, onProgress);
    case 'stream':
      return streamSource(source, workDir, onProgress);
    case 'postgres': {
      const file = path.join(workDir, 'postgres.csv');
      await pullPostgresTable(source.connectionString, source.table, file, (p) => onProgress?.({ phase: 'reading', bytes: p.bytes, rows: p.rows }));
      return { file, format: 'csv', encoding: 'utf-8', external: false, allowQuotedNulls: false };
    }
  }
}

/** After DuckDB found bytes that are not UTF-8 in a text guessed to be UTF-8: decode it as GB18030 instead. */
export async function redecodeAsGb18030(source: LocalSource, workDir: string, onProgress: Progress): Promise<LocalSource> {
  const from = source.guessedFrom!;
  const size = (await stat(from)).size;
  const file = path.join(workDir, `source.gb18030.${source.format}`);
  await transcodeFile(from, file, 'gb18030', (bytes) => onProgress?.({ phase: 'reading', bytes, totalBytes: size }));
  return { file, format: source.format, encoding: 'gb18030', external: false, allowQuotedNulls: source.allowQuotedNulls };
}
