// Recipient watermarks on released files (issue 7 §1), CSV or Parquet. A file is streamed through one `COPY (SELECT …)`
// in a locked-down DuckDB (it can open exactly the input, the temporary output and a private spill directory); the
// carrier cells go through a JS scalar function that applies the keyed scheme of @shuyun/core/watermark, so memory
// stays flat whatever the size. Only the row-order fallback (no numeric column) sorts, and may spill.
// Detection streams the file twice (the carriers' precision, then the votes), in chunks.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { BOOLEAN, DuckDBScalarFunction, VARCHAR, type DuckDBConnection } from '@duckdb/node-api';
import { DomainError } from '@shuyun/core/errors/catalogue';
import {
  carrierPositions,
  type CarrierColumn,
  type Cell,
  type DecodeOptions,
  METADATA_KEY,
  openSeal,
  PrecisionScan,
  RowMarker,
  rowContext,
  rowOrderHash,
  sealRecipient,
  WATERMARK_VERSION,
  WatermarkReader,
  watermarkKeys,
  watermarkRows,
  type WatermarkDetection,
  type WatermarkKeys,
} from '@shuyun/core/watermark';
import { quoteIdentifier, quoteLiteral } from '../ingest/sql.ts';
import { TWIN_PARQUET_OPTIONS } from '../twin/output-file.ts';
import { openTwinDuckDB } from '../twin/twin-duckdb.ts';
import type { TwinLimits } from '../twin/types.ts';

export type WatermarkFormat = 'csv' | 'parquet';

export interface WatermarkFileOptions extends TwinLimits {
  /** the export id (UUID) the file is released under */
  recipientId: string;
  /** the platform's watermark secret (≥ 16 bytes) */
  key: Uint8Array | string;
  /** carrier columns and their declared decimals; empty → row-order channel (weaker, see core README) */
  numericColumns: readonly CarrierColumn[];
}

export interface WatermarkedFile {
  format: WatermarkFormat;
  channel: 'numeric' | 'row-order';
  rows: number;
  bytes: number;
  /** of the released file, for the ledger */
  sha256: string;
}

/** A table held in memory (a small result), as text cells. */
export interface TabularRows {
  columns: readonly string[];
  rows: Iterable<readonly Cell[]>;
}

export interface DetectOptions extends DecodeOptions, TwinLimits {
  key: Uint8Array | string;
  /** skip precision inference and read exactly these carriers */
  numericColumns?: readonly CarrierColumn[];
}

export interface FileDetection extends WatermarkDetection {
  format: WatermarkFormat;
  rows: number;
  /** the recipient named by the sealed Parquet trailer, when present and authentic (strippable: a hint, not proof) */
  sealedRecipientId: string | null;
}

const MARK_FN = 'shuyun_wm_mark';
const HASH_FN = 'shuyun_wm_rowhash';
const ORDER_FN = 'shuyun_wm_smaller_first';

/** Writes a watermarked CSV from a CSV or Parquet file, or from rows in memory. */
export async function watermarkCsv(input: string | TabularRows, outCsv: string, options: WatermarkFileOptions): Promise<WatermarkedFile> {
  if (typeof input !== 'string') return writeRowsCsv(input, outCsv, options);
  return watermarkFile(input, outCsv, 'csv', options);
}

/** Writes a watermarked Parquet file (column types kept; a sealed trailer in its key-value metadata). */
export async function watermarkParquet(inParquet: string, outParquet: string, options: WatermarkFileOptions): Promise<WatermarkedFile> {
  return watermarkFile(inParquet, outParquet, 'parquet', options);
}

export async function sniffFormat(file: string): Promise<WatermarkFormat> {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.parquet') return 'parquet';
  if (ext === '.csv') return 'csv';
  const handle = await open(file, 'r').catch(() => {
    throw new DomainError('WATERMARK_FILE_UNREADABLE', [{ path: '/file', reason: 'not_found' }]);
  });
  try {
    const head = Buffer.alloc(4);
    await handle.read(head, 0, 4, 0);
    return head.toString('latin1') === 'PAR1' ? 'parquet' : 'csv';
  } finally {
    await handle.close();
  }
}

function sourceOf(file: string, format: WatermarkFormat): string {
  return format === 'parquet' ? `read_parquet(${quoteLiteral(file)})` : `read_csv(${quoteLiteral(file)}, header = true, all_varchar = true)`;
}

async function describe(connection: DuckDBConnection, source: string): Promise<Array<{ name: string; type: string }>> {
  const reader = await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`);
  return reader.getRows().map((r) => ({ name: String(r[0]), type: String(r[1]) }));
}

/** A carrier must be able to hold its last declared digit in its stored type. */
function checkCarrierTypes(columns: Array<{ name: string; type: string }>, carriers: readonly CarrierColumn[]): void {
  carriers.forEach((c, i) => {
    const type = columns.find((col) => col.name === c.name)?.type.toUpperCase() ?? '';
    const decimal = /^DECIMAL\(\d+,\s*(\d+)\)$/.exec(type);
    const integer = /^(U?(TINY|SMALL|BIG|HUGE)?INT(EGER)?|UHUGEINT)$/.test(type);
    const textual = type === 'VARCHAR' || type === 'DOUBLE' || type === 'FLOAT' || type === 'REAL';
    if ((decimal && c.decimals > Number(decimal[1])) || (integer && c.decimals !== 0) || (!decimal && !integer && !textual)) {
      throw new DomainError('WATERMARK_COLUMN_INVALID', [{ path: `/numericColumns/${i}/decimals`, reason: `does_not_fit_${type.toLowerCase() || 'column'}` }]);
    }
  });
}

async function watermarkFile(input: string, out: string, format: WatermarkFormat, options: WatermarkFileOptions): Promise<WatermarkedFile> {
  const source = path.resolve(input);
  const target = path.resolve(out);
  if (source === target) throw new DomainError('WATERMARK_FILE_UNREADABLE', [{ path: '/out', reason: 'is_source' }]);
  const inFormat = await sniffFormat(source);
  await mkdir(path.dirname(target), { recursive: true });
  const stamp = randomBytes(6).toString('hex');
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${stamp}.partial`);
  const spill = await mkdtemp(path.join(path.dirname(target), `.${path.basename(target)}.${stamp}.spill-`));
  try {
    const db = await openTwinDuckDB({ threads: 1, memoryLimit: options.memoryLimit, spillDirectory: spill }, source, tmp);
    let rows: number;
    let channel: 'numeric' | 'row-order';
    try {
      const src = sourceOf(source, inFormat);
      const columns = await describe(db.connection, src).catch(() => {
        throw new DomainError('WATERMARK_FILE_UNREADABLE', [{ path: '/file', reason: 'unreadable' }]);
      });
      const names = columns.map((c) => c.name);
      const marker = new RowMarker(names, options);
      const carriers = carrierPositions(names, options.numericColumns);
      checkCarrierTypes(columns, options.numericColumns);
      registerFunctions(db.connection, marker);
      channel = marker.numeric ? 'numeric' : 'row-order';
      const cells = names.map((n) => `CAST(${quoteIdentifier(n)} AS VARCHAR)`).join(', ');
      const decimalsAt = new Map(carriers.map((c) => [c.position, c.decimals]));
      const select = columns
        .map((c, j) => {
          const q = quoteIdentifier(c.name);
          const d = decimalsAt.get(j);
          if (d === undefined) return q;
          const marked = `${MARK_FN}(${quoteLiteral(String(d))}, CAST(${q} AS VARCHAR), ${cells})`;
          return `${format === 'parquet' ? `CAST(${marked} AS ${c.type})` : marked} AS ${q}`;
        })
        .join(', ');
      let query: string;
      if (marker.numeric) {
        query = `SELECT ${select} FROM ${src}`;
      } else {
        // Pairs of consecutive rows, each put in the order that carries its bit.
        query = `WITH n AS (SELECT *, row_number() OVER () - 1 AS __wm_rn FROM ${src}),
          h AS (SELECT *, ${HASH_FN}(${cells}) AS __wm_h FROM n),
          p AS (SELECT *, ${ORDER_FN}(min(__wm_h) OVER w, max(__wm_h) OVER w) AS __wm_dir FROM h WINDOW w AS (PARTITION BY __wm_rn // 2))
          SELECT ${select} FROM p ORDER BY __wm_rn // 2, CASE WHEN __wm_dir THEN __wm_h END ASC, CASE WHEN NOT __wm_dir THEN __wm_h END DESC`;
      }
      const copyOptions =
        format === 'parquet'
          ? `${TWIN_PARQUET_OPTIONS}, KV_METADATA {${quoteLiteral(METADATA_KEY)}: ${quoteLiteral(trailer(options.recipientId, marker.keys, channel))}}`
          : 'FORMAT csv, HEADER true';
      const reader = await db.connection.runAndReadAll(`COPY (${query}) TO ${quoteLiteral(tmp)} (${copyOptions})`);
      rows = Number(reader.getRows()[0]?.[0] ?? 0);
    } finally {
      db.close();
    }
    await rename(tmp, target);
    return { format, channel, rows, bytes: (await stat(target)).size, sha256: await fileSha256(target) };
  } finally {
    await rm(tmp, { force: true });
    await rm(spill, { recursive: true, force: true });
  }
}

function trailer(recipientId: string, keys: WatermarkKeys, channel: string): string {
  return JSON.stringify({ v: WATERMARK_VERSION, channel, seal: sealRecipient(recipientId, keys, randomBytes(12)) });
}

function registerFunctions(connection: DuckDBConnection, marker: RowMarker): void {
  connection.registerScalarFunction(
    DuckDBScalarFunction.create({
      name: MARK_FN,
      returnType: VARCHAR,
      varArgsType: VARCHAR,
      specialHandling: true,
      mainFunction: (_info, input, output) => {
        const width = input.columnCount;
        const vectors = Array.from({ length: width }, (_, j) => input.getColumnVector(j));
        for (let i = 0; i < input.rowCount; i++) {
          const value = vectors[1]!.getItem(i) as string | null;
          if (value === null) {
            output.setItem(i, null);
            continue;
          }
          const row: Cell[] = [];
          for (let j = 2; j < width; j++) row.push(vectors[j]!.getItem(i) as string | null);
          output.setItem(i, marker.markCell(value, Number(vectors[0]!.getItem(i)), rowContext(row)));
        }
        output.flush();
      },
    }),
  );
  connection.registerScalarFunction(
    DuckDBScalarFunction.create({
      name: HASH_FN,
      returnType: VARCHAR,
      varArgsType: VARCHAR,
      specialHandling: true,
      mainFunction: (_info, input, output) => {
        const vectors = Array.from({ length: input.columnCount }, (_, j) => input.getColumnVector(j));
        for (let i = 0; i < input.rowCount; i++) output.setItem(i, rowOrderHash(vectors.map((v) => v.getItem(i) as string | null), marker.keys));
        output.flush();
      },
    }),
  );
  connection.registerScalarFunction(
    DuckDBScalarFunction.create({
      name: ORDER_FN,
      returnType: BOOLEAN,
      parameterTypes: [VARCHAR, VARCHAR],
      mainFunction: (_info, input, output) => {
        const lo = input.getColumnVector(0);
        const hi = input.getColumnVector(1);
        for (let i = 0; i < input.rowCount; i++) output.setItem(i, marker.smallerFirst(String(lo.getItem(i)), String(hi.getItem(i))));
        output.flush();
      },
    }),
  );
}

/** Rows in memory → a watermarked CSV (RFC 4180, UTF-8, `\n`; NULL as an empty field). */
async function writeRowsCsv(input: TabularRows, outCsv: string, options: WatermarkFileOptions): Promise<WatermarkedFile> {
  const target = path.resolve(outCsv);
  await mkdir(path.dirname(target), { recursive: true });
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.partial`);
  const marked = watermarkRows(input.columns, [...input.rows], options);
  try {
    const stream = createWriteStream(tmp);
    stream.write(`${input.columns.map(csvField).join(',')}\n`);
    for (const row of marked.rows) {
      if (!stream.write(`${row.map(csvField).join(',')}\n`)) await new Promise<void>((resolve) => stream.once('drain', () => resolve()));
    }
    stream.end();
    await finished(stream);
    await rename(tmp, target);
  } finally {
    await rm(tmp, { force: true });
  }
  return { format: 'csv', channel: marked.channel, rows: marked.rows.length, bytes: (await stat(target)).size, sha256: await fileSha256(target) };
}

function csvField(cell: Cell): string {
  if (cell === null) return '';
  return /[",\r\n]/.test(cell) || cell === '' ? `"${cell.replaceAll('"', '""')}"` : cell;
}

/** Who a released file was made for: its carriers' votes matched against the candidates (or decoded alone). */
export async function detectWatermark(file: string, options: DetectOptions): Promise<FileDetection> {
  const source = path.resolve(file);
  const format = await sniffFormat(source);
  const keys = watermarkKeys(options.key);
  const db = await openTwinDuckDB({ threads: 1, memoryLimit: options.memoryLimit }, source, source);
  try {
    const src = sourceOf(source, format);
    const columns = await describe(db.connection, src).catch(() => {
      throw new DomainError('WATERMARK_FILE_UNREADABLE', [{ path: '/file', reason: 'unreadable' }]);
    });
    const names = columns.map((c) => c.name);
    const select = `SELECT ${names.map((n) => `CAST(${quoteIdentifier(n)} AS VARCHAR)`).join(', ')} FROM ${src}`;
    let carriers = options.numericColumns;
    if (!carriers) {
      const scan = new PrecisionScan(names);
      await streamRows(db.connection, select, (row) => scan.addRow(row));
      carriers = scan.candidates();
    }
    const reader = new WatermarkReader(names, keys, carriers);
    const rows = await streamRows(db.connection, select, (row) => reader.addRow(row));
    const sealedRecipientId = format === 'parquet' ? await readSeal(db.connection, source, keys) : null;
    return { ...reader.detect(options), format, rows, sealedRecipientId };
  } finally {
    db.close();
  }
}

async function streamRows(connection: DuckDBConnection, sql: string, each: (row: Cell[]) => void): Promise<number> {
  const result = await connection.stream(sql);
  let rows = 0;
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    const vectors = Array.from({ length: chunk.columnCount }, (_, j) => chunk.getColumnVector(j));
    for (let i = 0; i < chunk.rowCount; i++) each(vectors.map((v) => v.getItem(i) as string | null));
    rows += chunk.rowCount;
  }
  return rows;
}

async function readSeal(connection: DuckDBConnection, file: string, keys: WatermarkKeys): Promise<string | null> {
  try {
    const reader = await connection.runAndReadAll(`SELECT decode(key), decode(value) FROM parquet_kv_metadata(${quoteLiteral(file)})`);
    for (const [k, v] of reader.getRows()) {
      if (String(k) !== METADATA_KEY) continue;
      const seal = (JSON.parse(String(v)) as { seal?: unknown }).seal;
      if (typeof seal === 'string') return openSeal(seal, keys);
    }
  } catch {
    // a missing or malformed trailer names no one
  }
  return null;
}

async function fileSha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
