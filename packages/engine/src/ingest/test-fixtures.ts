// Test data for the ingest scenarios: temporary data directories, a tiny GBK encoder, reading Parquet back.
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { DeclaredField } from './types.ts';

export async function tempDataDir(): Promise<{ dir: string; datasetsDir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'shuyun-ingest-'));
  return { dir, datasetsDir: path.join(dir, 'datasets'), remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Every file under a directory, relative to it (to show that a refused version left nothing behind). */
export async function filesUnder(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name))).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

// GBK codes of the characters the scenarios use (GB 2312 area; checked against TextDecoder('gbk') in a test).
export const GBK: Record<string, [number, number]> = {
  中: [0xd6, 0xd0], 文: [0xce, 0xc4], 张: [0xd5, 0xc5], 三: [0xc8, 0xfd], 李: [0xc0, 0xee], 四: [0xcb, 0xc4],
  王: [0xcd, 0xf5], 五: [0xce, 0xe5], 福: [0xb8, 0xa3], 田: [0xcc, 0xef], 区: [0xc7, 0xf8], 街: [0xbd, 0xd6],
  道: [0xb5, 0xc0], 姓: [0xd0, 0xd5], 名: [0xc3, 0xfb],
};

export function encodeGbk(text: string): Buffer {
  const bytes: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) bytes.push(code);
    else {
      const pair = GBK[ch];
      if (!pair) throw new Error(`no GBK code for ${ch} in the test table`);
      bytes.push(...pair);
    }
  }
  return Buffer.from(bytes);
}

export async function readParquet(file: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll('SELECT * FROM read_parquet($file)', { file });
    return reader.getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

export async function parquetTypes(file: string): Promise<Record<string, string>> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const r = await connection.run('SELECT * FROM read_parquet($file) LIMIT 0', { file });
    const types = r.columnTypes().map((t) => t.toString());
    return Object.fromEntries(r.columnNames().map((n, i) => [n, types[i]!]));
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** Writes a Parquet file from a SQL query (for Parquet sources). */
export async function writeParquet(file: string, query: string): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run(`COPY (${query}) TO $file (FORMAT parquet)`, { file });
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

export const enterpriseFields: DeclaredField[] = [
  { name: 'id', type: 'integer', nullable: false },
  { name: 'name', type: 'string', nullable: false },
  { name: 'capital', type: 'decimal' },
  { name: 'registered', type: 'date' },
  { name: 'active', type: 'boolean' },
  { name: 'updated_at', type: 'timestamp' },
];
