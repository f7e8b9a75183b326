import { isUtf8 } from 'node:buffer';
import { createReadStream, createWriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { IngestError } from './ingest-error.ts';
import type { SourceEncoding } from './types.ts';

export type TextEncodingName = 'utf-8' | 'gb18030' | 'gbk' | 'utf-16le' | 'utf-16be';

/** How much of the start of a text is looked at to tell UTF-8 from GB18030. */
export const DETECTION_BYTES = 2 << 20;

/**
 * A byte-order mark decides; else UTF-8 when the first bytes decode as UTF-8 (a sequence cut at the end of the
 * sample is fine), else GB18030 (a superset of GBK and GB2312: what Chinese Excel and most government systems
 * write). A text that is ASCII at the start and GB18030 later is caught when DuckDB rejects its bytes as invalid
 * UTF-8: the ingest then decodes it as GB18030 and starts over.
 */
export function detectEncoding(head: Uint8Array, complete: boolean): TextEncodingName {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  return isUtf8Prefix(head, complete) ? 'utf-8' : 'gb18030';
}

/**
 * Whether `bytes` are UTF-8, or (not `complete`) the start of a UTF-8 text: a sequence cut by the end of the
 * sample is fine if its bytes so far are valid. Validated in C++ (node:buffer isUtf8), not decoded to a string.
 */
function isUtf8Prefix(bytes: Uint8Array, complete: boolean): boolean {
  if (complete || bytes.length === 0) return isUtf8(bytes);
  // the lead byte of the last sequence: at most 3 continuation bytes (10xxxxxx) back
  let lead = bytes.length - 1;
  while (lead >= 0 && bytes.length - lead <= 3 && (bytes[lead]! & 0xc0) === 0x80) lead--;
  if (lead < 0 || !isUtf8(bytes.subarray(0, lead))) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(lead), { stream: true });
    return true;
  } catch {
    return false;
  }
}

export async function readHead(path: string, bytes = DETECTION_BYTES): Promise<{ head: Uint8Array; complete: boolean }> {
  const handle = await open(path, 'r');
  try {
    const size = (await handle.stat()).size;
    const length = Math.min(size, bytes);
    const head = new Uint8Array(length);
    let read = 0;
    while (read < length) {
      const { bytesRead } = await handle.read(head, read, length - read, read);
      if (bytesRead === 0) break;
      read += bytesRead;
    }
    return { head: head.subarray(0, read), complete: read >= size };
  } finally {
    await handle.close();
  }
}

export async function detectFileEncoding(path: string, declared: SourceEncoding): Promise<TextEncodingName> {
  if (declared !== 'auto') return declared;
  const { head, complete } = await readHead(path);
  return detectEncoding(head, complete);
}

function countNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * Decodes chunk by chunk into UTF-8 (never the whole input in memory), dropping a byte-order mark. A byte sequence
 * that is not valid in the encoding refuses the input with its line number.
 */
export class Utf8Transcoder {
  private readonly decoder: InstanceType<typeof TextDecoder>;
  private lines = 0;

  constructor(readonly encoding: TextEncodingName) {
    this.decoder = new TextDecoder(encoding, { fatal: true });
  }

  push(chunk: Uint8Array): Buffer {
    return this.decode(chunk, true);
  }

  end(): Buffer {
    return this.decode(new Uint8Array(0), false);
  }

  private decode(chunk: Uint8Array, stream: boolean): Buffer {
    let text: string;
    try {
      text = this.decoder.decode(chunk, { stream });
    } catch {
      const partial = new TextDecoder(this.encoding).decode(chunk);
      const bad = partial.indexOf('\uFFFD');
      const line = this.lines + countNewlines(bad === -1 ? partial : partial.slice(0, bad)) + 1;
      throw new IngestError('ENCODING', [{ kind: 'invalid_encoding', line, reason: `bytes that are not valid ${this.encoding}` }]);
    }
    this.lines += countNewlines(text);
    return Buffer.from(text, 'utf8');
  }
}

export async function transcodeFile(from: string, to: string, encoding: TextEncodingName, onBytes?: (bytes: number) => void): Promise<void> {
  const transcoder = new Utf8Transcoder(encoding);
  let bytes = 0;
  await pipeline(
    createReadStream(from, { highWaterMark: 1 << 20 }),
    async function* (chunks: AsyncIterable<Buffer>) {
      for await (const chunk of chunks) {
        bytes += chunk.length;
        yield transcoder.push(chunk);
        onBytes?.(bytes);
      }
      yield transcoder.end();
    },
    createWriteStream(to),
  );
}
