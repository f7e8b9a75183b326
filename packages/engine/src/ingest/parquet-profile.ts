import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteIdentifier } from './sql.ts';
import type { DeclaredField, IngestedColumn } from './types.ts';

// What the stored Parquet file holds: rows and nulls per column come from its footer statistics (free: DuckDB
// writes them); distinct counts need one pass over the columns (HyperLogLog, approximate).

export interface ParquetProfile {
  rows: number;
  columns: IngestedColumn[];
}

export async function profileParquet(connection: DuckDBConnection, file: string, fields: readonly DeclaredField[], distinct: boolean): Promise<ParquetProfile> {
  // one read of the footer: every row group lists each column once, so any column's row-group sizes add up to the rows
  const footer = await connection.runAndReadAll(
    `SELECT column_id, sum(row_group_num_rows) AS rows, sum(stats_null_count) AS nulls, bool_and(stats_null_count IS NOT NULL) AS known
     FROM parquet_metadata($file) GROUP BY column_id ORDER BY column_id`,
    { file },
  );
  const nulls = new Map<number, { nulls: number; known: boolean }>();
  let rows = 0;
  for (const [id, n, nullCount, known] of footer.getRowsJS()) {
    rows = Number(n ?? 0);
    nulls.set(Number(id), { nulls: Number(nullCount ?? 0), known: known === true });
  }

  const needsCount = fields.map((_, i) => rows > 0 && !nulls.get(i)?.known);
  const exprs = fields.flatMap((f, i) => [
    ...(needsCount[i] ? [`count(*) - count(${quoteIdentifier(f.name)})`] : []),
    ...(distinct ? [`approx_count_distinct(${quoteIdentifier(f.name)})`] : []),
  ]);
  let scanned: unknown[] = [];
  if (exprs.length > 0 && rows > 0) {
    const r = await connection.runAndReadAll(`SELECT ${exprs.join(', ')} FROM read_parquet($file)`, { file });
    scanned = r.getRowsJS()[0] ?? [];
  }
  let k = 0;
  const columns = fields.map((f, i): IngestedColumn => {
    const nullCount = needsCount[i] ? Number(scanned[k++]) : rows === 0 ? 0 : nulls.get(i)!.nulls;
    const col: IngestedColumn = { name: f.name, type: f.type, nulls: nullCount };
    if (distinct) col.distinct = rows === 0 ? 0 : Number(scanned[k++]);
    return col;
  });
  return { rows, columns };
}

/** 1-based rows of a Parquet file where a column is null (the first few). */
export async function nullRows(connection: DuckDBConnection, file: string, column: string, limit: number): Promise<number[]> {
  const r = await connection.runAndReadAll(
    `SELECT file_row_number FROM read_parquet($file, file_row_number = true) WHERE ${quoteIdentifier(column)} IS NULL ORDER BY file_row_number LIMIT ${limit}`,
    { file },
  );
  return r.getRowsJS().map(([n]) => Number(n) + 1);
}
