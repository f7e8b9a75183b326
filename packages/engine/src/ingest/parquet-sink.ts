import type { DuckDBConnection } from '@duckdb/node-api';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, constants, fsync, openSync, writeSync } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { hashFile } from './file-hashes.ts';
import { runWithProgress } from './ingest-duckdb.ts';

// DuckDB writes the Parquet file into a named pipe and this side writes it to disk, hashing (SHA-256 and SM3) every
// byte on the way: the hashes cost no second read and run on the core DuckDB's single Parquet writer leaves idle.
// What is hashed is by construction what is stored. A pipe also proves DuckDB writes front to back (a seek on a
// pipe fails). Where no pipe can be made, DuckDB writes the file and it is hashed afterwards.

const mkfifo = promisify(execFile);

/**
 * How the Parquet file is written. Every stored byte is hashed twice (SM3 runs at ~110 MB/s in OpenSSL, SHA-256
 * at ~190 MB/s without SHA extensions), so a smaller file is a faster ingest: the version 2 encodings (delta for
 * integers, decimals, dates and timestamps; delta lengths for strings) and zstd at level 1 make the file ~40%
 * smaller than DuckDB's default (version 1, snappy) for about the same CPU in DuckDB, and every current Parquet
 * reader (DuckDB, Arrow, Spark, Polars) reads them. A column keeps dictionary encoding while a row group has at
 * most 4,096 distinct values (codes, districts, statuses: where it pays); beyond that DuckDB's default (a fifth of
 * the row group) has it hash every value of names, identifiers and dates into a dictionary it mostly gives up on:
 * ~15% of the COPY's CPU, for a file only ~6% smaller once zstd has compressed the plain values.
 */
export const PARQUET_OPTIONS = 'FORMAT parquet, PARQUET_VERSION V2, COMPRESSION zstd, COMPRESSION_LEVEL 1, DICTIONARY_SIZE_LIMIT 4096';

export interface StoredParquet {
  bytes: number;
  sha256: string;
  sm3: string;
  /** Settles once the file is on stable storage (fsync runs while the caller goes on with its checks). */
  synced: Promise<void>;
}

async function makePipe(file: string): Promise<boolean> {
  try {
    await mkfifo('mkfifo', ['-m', '600', file]);
    return true;
  } catch {
    return false;
  }
}

/** Runs `COPY (<query>) TO … (FORMAT parquet, …)` with the Parquet bytes landing in `out`, hashed. */
export async function copyToParquet(
  connection: DuckDBConnection,
  query: string,
  values: Record<string, string>,
  out: string,
  workDir: string,
  onPercent?: (percent: number) => void,
): Promise<StoredParquet> {
  const pipePath = path.join(workDir, `parquet-${process.hrtime.bigint()}.pipe`);
  const copy = (to: string) => runWithProgress(connection, `COPY (${query}) TO $copyTarget (${PARQUET_OPTIONS})`, { ...values, copyTarget: to }, onPercent);
  if (!(await makePipe(pipePath))) {
    await copy(out);
    const hashes = await hashFile(out);
    const synced = fsyncFile(out);
    synced.catch(() => undefined); // awaited by the caller before the file is published
    return { ...hashes, synced };
  }
  // Both ends are opened non-blocking, so no thread waits on the pipe; holding a write end ourselves keeps the
  // reader from seeing end-of-file before DuckDB has opened the pipe, and its closing ends the reader afterwards
  // (also when DuckDB fails before it ever opens the pipe). The reader reuses one buffer and writes it out at once:
  // no allocation per chunk, so the bytes passing through never pile up waiting for the garbage collector.
  let outFd: number;
  try {
    outFd = openSync(out, 'wx');
  } catch (err) {
    await rm(pipePath, { force: true });
    throw err;
  }
  const readFd = openSync(pipePath, constants.O_RDONLY | constants.O_NONBLOCK);
  const holdFd = openSync(pipePath, constants.O_WRONLY | constants.O_NONBLOCK);
  const sha256 = createHash('sha256');
  const sm3 = createHash('sm3');
  let bytes = 0;
  let writeError: unknown;
  const onChunk = (n: number, buffer: Buffer) => {
    if (writeError !== undefined) return; // after a failed write: drain until DuckDB stops, so it never blocks
    const chunk = buffer.subarray(0, n);
    try {
      for (let done = 0; done < n; ) done += writeSync(outFd, chunk, done, n - done);
    } catch (err) {
      writeError = err;
      connection.interrupt();
      return;
    }
    sha256.update(chunk);
    sm3.update(chunk);
    bytes += n;
  };
  const drained = new Promise<void>((resolve, reject) => {
    // `onread` (one reused buffer) is a documented Socket option that @types/node 20 does not declare
    const options: net.SocketConstructorOpts & { onread: { buffer: Buffer; callback: (n: number, b: Buffer) => void } } = {
      fd: readFd,
      readable: true,
      writable: false,
      onread: { buffer: Buffer.allocUnsafe(1 << 16), callback: onChunk },
    };
    const socket = new net.Socket(options);
    socket.once('end', resolve).once('close', () => resolve()).once('error', reject);
  });
  let failure: unknown;
  try {
    await copy(pipePath);
  } catch (err) {
    failure = err;
  } finally {
    closeSync(holdFd);
    await drained.catch((err: unknown) => {
      writeError ??= err;
    });
    await rm(pipePath, { force: true });
  }
  // a failed write on our side breaks DuckDB's statement: the write error is the one that explains it
  if (writeError !== undefined || failure !== undefined) {
    closeSync(outFd);
    await rm(out, { force: true });
    throw writeError ?? failure;
  }
  const synced = fsyncAndClose(outFd);
  synced.catch(() => undefined); // awaited by the caller before the file is published
  return { bytes, sha256: sha256.digest('hex'), sm3: sm3.digest('hex'), synced };
}

async function fsyncAndClose(fd: number): Promise<void> {
  try {
    await promisify(fsync)(fd);
  } finally {
    closeSync(fd);
  }
}

async function fsyncFile(file: string): Promise<void> {
  const handle = await open(file, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
