// group_size and k_anonymity: both in SQL over the result file, only counts come back.
//
// group_size: every row's subject count (each declared subject-count column) is at least minSubjects. A NULL count is
// a group of unknown size and fails; so does 0 (a released empty cell says that nobody has the attribute).
//
// k_anonymity: the result's rows grouped by the declared quasi-identifiers; each class must hold at least k subjects.
// A row-level result counts rows. An aggregate result (one with a subject-count column) counts the subjects its rows
// stand for — the least of its subject-count columns per row — since its one row per group is not a class of one.
import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteIdentifier } from '../ingest/sql.ts';
import { readSource } from '../twin/twin-duckdb.ts';
import { isNumericType, type FileColumn } from './columns.ts';
import type { ExportCheck, ExportFinding } from './types.ts';

async function firstRow(connection: DuckDBConnection, sql: string): Promise<unknown[]> {
  const reader = await connection.runAndReadAll(sql);
  return reader.getRows()[0] ?? [];
}

export async function checkGroupSize(
  connection: DuckDBConnection,
  file: string,
  countColumns: readonly FileColumn[],
  minSubjects: number,
): Promise<ExportCheck> {
  if (countColumns.length === 0) {
    return { name: 'group_size', passed: true, skipped: true, findings: [], notes: [{ code: 'no_subject_count_column' }] };
  }
  const findings: ExportFinding[] = [];
  for (const column of countColumns) {
    if (!isNumericType(column.type)) {
      findings.push({ code: 'subject_count_not_numeric', column: column.name, type: column.type, blocking: true });
      continue;
    }
    const c = quoteIdentifier(column.name);
    const [below] = await firstRow(connection, `SELECT count(*) FILTER (WHERE ${c} IS NULL OR ${c} < ${minSubjects}) FROM ${readSource(file)}`);
    const count = Number(below ?? 0);
    if (count > 0) findings.push({ code: 'group_below_threshold', column: column.name, count, minSubjects, blocking: true });
  }
  return { name: 'group_size', passed: findings.length === 0, skipped: false, findings, notes: [] };
}

export async function checkKAnonymity(
  connection: DuckDBConnection,
  file: string,
  quasiIdentifiers: readonly FileColumn[],
  countColumns: readonly FileColumn[],
  k: number,
): Promise<ExportCheck> {
  if (quasiIdentifiers.length === 0) {
    return { name: 'k_anonymity', passed: true, skipped: true, findings: [], notes: [{ code: 'no_quasi_identifiers' }] };
  }
  const numericCounts = countColumns.filter((c) => isNumericType(c.type));
  const weight = numericCounts.length ? `LEAST(${numericCounts.map((c) => `coalesce(${quoteIdentifier(c.name)}, 0)`).join(', ')})` : '1';
  const keys = quasiIdentifiers.map((c) => quoteIdentifier(c.name)).join(', ');
  const [small, rows, smallest] = await firstRow(
    connection,
    `SELECT count(*) FILTER (WHERE size < ${k}), coalesce(sum(n) FILTER (WHERE size < ${k}), 0), min(size)
       FROM (SELECT sum(${weight}) AS size, count(*) AS n FROM ${readSource(file)} GROUP BY ${keys})`,
  );
  const findings: ExportFinding[] = [];
  const count = Number(small ?? 0);
  if (count > 0) {
    findings.push({
      code: 'class_below_k',
      columns: quasiIdentifiers.map((c) => c.name),
      count,
      rows: Number(rows ?? 0),
      smallestClass: Number(smallest ?? 0),
      k,
      blocking: true,
    });
  }
  return { name: 'k_anonymity', passed: findings.length === 0, skipped: false, findings, notes: [] };
}
