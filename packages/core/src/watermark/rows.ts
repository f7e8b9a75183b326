// Rows in, rows out: the scheme applied to a table held as text cells (CSV's view of any result), incrementally, so
// the engine can stream a file of any size through it. A row is an array of cells in `columns` order; NULL is null.
import { DomainError } from '../errors/catalogue.ts';
import { decodeWatermark, type DecodeOptions, VoteChannel, type WatermarkDetection } from './detect.ts';
import {
  deriveWatermarkKeys,
  markValue,
  MAX_DECIMALS,
  pairSmallerFirst,
  readPair,
  readValue,
  recipientCodeword,
  rowContext,
  rowOrderHash,
  significantDecimals,
  type WatermarkKeys,
} from './scheme.ts';

export type Cell = string | null;

/** A numeric column that carries the mark, with its declared precision (decimals kept in the published result). */
export interface CarrierColumn {
  name: string;
  decimals: number;
}

export interface WatermarkOptions {
  /** the export id (a UUID): the recipient the file is released to */
  recipientId: string;
  /** the platform's watermark secret (≥ 16 bytes) or the keys derived from it */
  key: Uint8Array | string | WatermarkKeys;
  /** carrier columns; none → the weaker row-order channel */
  numericColumns: readonly CarrierColumn[];
}

export function watermarkKeys(key: Uint8Array | string | WatermarkKeys): WatermarkKeys {
  return typeof key === 'object' && 'slot' in key ? key : deriveWatermarkKeys(key);
}

/** Positions of the carrier columns in `columns`; refuses unknown names and precisions outside 0…12. */
export function carrierPositions(columns: readonly string[], carriers: readonly CarrierColumn[]): Array<{ position: number; decimals: number }> {
  return carriers.map((c, i) => {
    const position = columns.indexOf(c.name);
    if (position < 0) throw new DomainError('WATERMARK_COLUMN_INVALID', [{ path: `/numericColumns/${i}/name`, reason: 'unknown_column' }]);
    if (!Number.isInteger(c.decimals) || c.decimals < 0 || c.decimals > MAX_DECIMALS) {
      throw new DomainError('WATERMARK_COLUMN_INVALID', [{ path: `/numericColumns/${i}/decimals`, reason: 'out_of_range' }]);
    }
    return { position, decimals: c.decimals };
  });
}

/** Marks rows one at a time (the numeric channel needs nothing but the row itself). */
export class RowMarker {
  readonly keys: WatermarkKeys;
  readonly codeword: Uint8Array;
  private readonly carriers: Array<{ position: number; decimals: number }>;

  constructor(columns: readonly string[], options: WatermarkOptions) {
    this.keys = watermarkKeys(options.key);
    this.codeword = recipientCodeword(options.recipientId, this.keys);
    this.carriers = carrierPositions(columns, options.numericColumns);
  }

  get numeric(): boolean {
    return this.carriers.length > 0;
  }

  markRow(row: readonly Cell[]): Cell[] {
    const context = rowContext(row);
    const out = row.slice();
    for (const { position, decimals } of this.carriers) {
      const v = out[position];
      if (v !== null && v !== undefined) out[position] = markValue(v, decimals, context, this.keys, this.codeword);
    }
    return out;
  }

  /** One cell, for callers that hold the row's context already (a SQL scalar function). */
  markCell(value: string, decimals: number, context: string): string {
    return markValue(value, decimals, context, this.keys, this.codeword);
  }

  /** Row-order channel: whether rows hashed `a`, `b` (adjacent, a pair) go smaller-hash first. */
  smallerFirst(a: string, b: string): boolean {
    return pairSmallerFirst(a, b, this.codeword);
  }
}

/** The whole table in memory: numeric channel when carriers are declared, else rows reordered pairwise. */
export function watermarkRows(columns: readonly string[], rows: readonly (readonly Cell[])[], options: WatermarkOptions): { rows: Cell[][]; channel: 'numeric' | 'row-order' } {
  const marker = new RowMarker(columns, options);
  if (marker.numeric) return { rows: rows.map((r) => marker.markRow(r)), channel: 'numeric' };
  const out: Cell[][] = [];
  for (let i = 0; i < rows.length; i += 2) {
    const a = rows[i]!.slice();
    const b = rows[i + 1]?.slice();
    if (!b) {
      out.push(a);
      continue;
    }
    const ha = rowOrderHash(a, marker.keys);
    const hb = rowOrderHash(b, marker.keys);
    const aFirst = ha === hb || (ha < hb) === marker.smallerFirst(ha, hb);
    out.push(...(aFirst ? [a, b] : [b, a]));
  }
  return { rows: out, channel: 'row-order' };
}

/** First pass of detection without declared carriers: each column's finest significant precision among plain decimals. */
export class PrecisionScan {
  private readonly decimals: number[];
  private readonly numbers: number[];
  private readonly texts: number[];
  constructor(readonly columns: readonly string[]) {
    this.decimals = columns.map(() => 0);
    this.numbers = columns.map(() => 0);
    this.texts = columns.map(() => 0);
  }

  addRow(row: readonly Cell[]): void {
    for (let j = 0; j < this.columns.length; j++) {
      const v = row[j];
      if (v === null || v === undefined || v.trim() === '') continue;
      const d = significantDecimals(v);
      if (d < 0) this.texts[j]!++;
      else {
        this.numbers[j]!++;
        if (d > this.decimals[j]!) this.decimals[j] = d;
      }
    }
  }

  /** Columns mostly of plain decimals with a precision a result could declare: the possible carriers. */
  candidates(): CarrierColumn[] {
    return this.columns.flatMap((name, j) =>
      this.numbers[j]! > 0 && this.numbers[j]! >= 9 * this.texts[j]! && this.decimals[j]! <= MAX_DECIMALS ? [{ name, decimals: this.decimals[j]! }] : [],
    );
  }
}

/** Second pass: reads every candidate carrier cell and every adjacent pair of rows, then decides. */
export class WatermarkReader {
  readonly keys: WatermarkKeys;
  private readonly carriers: Array<{ position: number; decimals: number; channel: VoteChannel; column: CarrierColumn }>;
  // Adjacent pairs starting at even and at odd rows: the one aligned with the embedding reads clean votes; a deleted
  // row moves the rest of the file to the other alignment.
  private readonly order = [new VoteChannel('row order (even pairs)'), new VoteChannel('row order (odd pairs)')];
  private previousHash: string | null = null;
  private rowNumber = 0;

  constructor(columns: readonly string[], key: Uint8Array | string | WatermarkKeys, carriers: readonly CarrierColumn[]) {
    this.keys = watermarkKeys(key);
    this.carriers = carrierPositions(columns, carriers).map((p, i) => ({ ...p, column: carriers[i]!, channel: new VoteChannel(carriers[i]!.name) }));
  }

  addRow(row: readonly Cell[]): void {
    if (this.carriers.length > 0) {
      const context = rowContext(row);
      for (const c of this.carriers) {
        const v = row[c.position];
        if (v === null || v === undefined) continue;
        const read = readValue(v, c.decimals, context, this.keys);
        if (read) c.channel.add(read.slot, read.bit);
      }
    }
    const hash = rowOrderHash(row, this.keys);
    if (this.previousHash !== null) {
      const read = readPair(this.previousHash, hash);
      if (read) this.order[(this.rowNumber - 1) & 1]!.add(read.slot, read.bit);
    }
    this.previousHash = hash;
    this.rowNumber++;
  }

  /** The numeric channel when any carrier column is marked, else the row order. */
  detect(options: DecodeOptions = {}): WatermarkDetection {
    const numeric = decodeWatermark(this.carriers, 'numeric', this.keys, options);
    if (numeric.columns.length > 0) return numeric;
    const order = decodeWatermark(this.order.map((channel) => ({ channel })), 'row-order', this.keys, options);
    return order.channel === 'row-order' && order.votes > 0 ? order : numeric;
  }
}

/** Detection over rows in memory (both passes). */
export function detectInRows(
  columns: readonly string[],
  rows: readonly (readonly Cell[])[],
  key: Uint8Array | string | WatermarkKeys,
  options: DecodeOptions & { numericColumns?: readonly CarrierColumn[] } = {},
): WatermarkDetection {
  let carriers = options.numericColumns;
  if (!carriers) {
    const scan = new PrecisionScan(columns);
    for (const r of rows) scan.addRow(r);
    carriers = scan.candidates();
  }
  const reader = new WatermarkReader(columns, key, carriers);
  for (const r of rows) reader.addRow(r);
  return reader.detect(options);
}
