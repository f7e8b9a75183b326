// Reads an in-domain result table for the platform's own serving (a published product's rows), in a locked-down
// DuckDB that can open that one file. Values come as JSON values (64-bit integers and decimals as strings).
import path from 'node:path';
import { quoteIdentifier, quoteLiteral } from '../ingest/sql.ts';
import type { CellValue } from '../sandbox/types.ts';
import { openTwinDuckDB } from '../twin/twin-duckdb.ts';

export async function readResultTable(parquetPath: string, columns: readonly string[]): Promise<CellValue[][]> {
  const file = path.resolve(parquetPath);
  const db = await openTwinDuckDB({ threads: 1 }, file, `${file}.never-written`);
  try {
    const select = columns.map((c) => `to_json(${quoteIdentifier(c)})`).join(', ');
    const reader = await db.connection.runAndReadAll(`SELECT ${select} FROM read_parquet(${quoteLiteral(file)})`);
    return reader.getRows().map((row) => row.map((v) => (v === null ? null : (JSON.parse(String(v)) as CellValue))));
  } finally {
    db.close();
  }
}
