import type { DuckDBConnection } from '@duckdb/node-api';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, constants, createWriteStream, openSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { hashFile } from './file-hashes.ts';
import { runWithProgress } from './ingest-duckdb.ts';

// DuckDB writes the Parquet file into a named pipe and this side writes it to disk, hashing (SHA-256 and SM3) every
// byte on the way: the hashes cost no second read and run on the core DuckDB's single Parquet writer leaves idle.
// What is hashed is by construction what is stored. A pipe also proves DuckDB writes front to back (a seek on a
// pipe fails). Where no pipe can be made, DuckDB writes the file and it is hashed afterwards.

const mkfifo = promisify(execFile);

export interface StoredParquet {
  bytes: number;
  sha256: string;
  sm3: string;
}

async function makePipe(file: string): Promise<boolean> {
  try {
    await mkfifo('mkfifo', ['-m', '600', file]);
    return true;
  } catch {
    return false;
  }
}

/** Runs `COPY (<query>) TO … (FORMAT parquet)` with the Parquet bytes landing in `out`, hashed. */
export async function copyToParquet(
  connection: DuckDBConnection,
  query: string,
  values: Record<string, string>,
  out: string,
  workDir: string,
  onPercent?: (percent: number) => void,
): Promise<StoredParquet> {
  const pipePath = path.join(workDir, `parquet-${process.hrtime.bigint()}.pipe`);
  const copy = (to: string) => runWithProgress(connection, `COPY (${query}) TO $copyTarget (FORMAT parquet)`, { ...values, copyTarget: to }, onPercent);
  if (!(await makePipe(pipePath))) {
    await copy(out);
    return hashFile(out);
  }
  // Both ends are opened non-blocking, so no thread waits on the pipe; holding a write end ourselves keeps the
  // reader from seeing end-of-file before DuckDB has opened the pipe, and its closing ends the reader afterwards
  // (also when DuckDB fails before it ever opens the pipe).
  const readFd = openSync(pipePath, constants.O_RDONLY | constants.O_NONBLOCK);
  const holdFd = openSync(pipePath, constants.O_WRONLY | constants.O_NONBLOCK);
  const sha256 = createHash('sha256');
  const sm3 = createHash('sm3');
  let bytes = 0;
  const file = createWriteStream(out, { flags: 'wx' });
  let created = false;
  file.once('open', () => {
    created = true;
  });
  let readerError: unknown;
  let drain: net.Socket | undefined;
  const read = pipeline(
    new net.Socket({ fd: readFd, readable: true, writable: false }),
    async function* (chunks: AsyncIterable<Buffer>) {
      for await (const chunk of chunks) {
        sha256.update(chunk);
        sm3.update(chunk);
        bytes += chunk.length;
        yield chunk;
      }
    },
    file,
  ).catch((err: unknown) => {
    // Our side failed (disk full, the file exists): stop DuckDB, and keep a reader on the pipe so that DuckDB is
    // never left blocked opening or writing it.
    readerError = err;
    connection.interrupt();
    drain = new net.Socket({ fd: openSync(pipePath, constants.O_RDONLY | constants.O_NONBLOCK), readable: true, writable: false });
    drain.on('error', () => undefined).resume();
  });
  let failure: unknown;
  try {
    await copy(pipePath);
  } catch (err) {
    failure = err;
  } finally {
    closeSync(holdFd);
    await read;
    drain?.destroy();
    await rm(pipePath, { force: true });
  }
  // a failed write on our side breaks DuckDB's statement: the write error is the one that explains it
  if (readerError !== undefined || failure !== undefined) {
    if (created) await rm(out, { force: true });
    throw readerError ?? failure;
  }
  return { bytes, sha256: sha256.digest('hex'), sm3: sm3.digest('hex') };
}
