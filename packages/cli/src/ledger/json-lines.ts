// JSON lines in and out as streams: memory stays flat however long the log is.
import { once } from 'node:events';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { finished } from 'node:stream/promises';

export class JsonLinesWriter {
  private readonly stream: WriteStream;
  private failure: Error | undefined;

  constructor(file: string, flags = 'w') {
    this.stream = createWriteStream(file, { flags });
    this.stream.on('error', (err) => (this.failure = err));
  }

  /** Waits for the disk when the buffer is full (backpressure), instead of queueing the whole export. */
  async write(value: unknown): Promise<void> {
    if (this.failure) throw this.failure;
    if (!this.stream.write(`${JSON.stringify(value)}\n`)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    this.stream.end();
    await finished(this.stream);
    if (this.failure) throw this.failure;
  }
}

/** Each line of the file with its 1-based number; blank lines are skipped. */
export async function* readJsonLines(file: string): AsyncGenerator<{ lineNumber: number; value: unknown }> {
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new Error(`line ${lineNumber} is not JSON`);
    }
    yield { lineNumber, value };
  }
}
