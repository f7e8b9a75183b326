// pii_values: every value of every column that can hold an identifier, through core's per-value detectors.
//
// Nothing is sampled. DuckDB groups each column by value (`GROUP BY v` with a count), so each distinct value is
// validated once however often it repeats, and the groups are streamed to JavaScript chunk by chunk — memory holds
// one chunk of values and the per-type counts, never the column.
//
// What blocks:
// - a resident ID, mobile, bank card, e-mail, landline, vehicle plate or address (with a house number) in any column:
//   one value is enough, these validators have check characters or tight patterns;
// - person names only on column evidence: a single value cannot be told from a word (景田, 方正 and 万科 are
//   name-shaped), so a column blocks when at least half its values are name-shaped, or a fifth under a name-like
//   header (姓名, name, xm…). Fewer are reported as `weak_evidence`, with their count, for the reviewers: one raw
//   resident's name alone among words is therefore not blocked here (nor by raw_overlap, unless names are a raw
//   version's subject key or the row matches on all its identifying columns);
// - USCCs of enterprises are public registry data: reported with their count, blocking only if the caller does not
//   permit them (`permittedPii`, default: permitted).
import type { DuckDBConnection } from '@duckdb/node-api';
import { detectValue, headerHints, PII_TYPES, type PiiType } from '@shuyun/core/pii';
import { readSource } from '../twin/twin-duckdb.ts';
import { scanExpression, scanKind, type FileColumn } from './columns.ts';
import type { ExportCheck, ExportFinding, PermittedPii } from './types.ts';

export const DEFAULT_PERMITTED_PII: readonly PermittedPii[] = [{ type: 'uscc' }];

/** Name-shaped share of a column's values from which it is a name column (without / with a name-like header). */
const NAME_SHARE = 0.5;
const NAME_SHARE_HINTED = 0.2;

export interface ColumnPiiCounts {
  /** non-empty values scanned */
  scanned: number;
  matched: Map<PiiType, number>;
}

/** Counts per PII type over every value of one column, streamed from DuckDB. */
export async function scanColumnValues(connection: DuckDBConnection, file: string, column: FileColumn): Promise<ColumnPiiCounts> {
  const expression = scanExpression(column.name, scanKind(column.type));
  const sql = `SELECT v, count(*) AS n FROM (SELECT ${expression} AS v FROM ${readSource(file)}) WHERE v IS NOT NULL GROUP BY v`;
  const result = await connection.stream(sql);
  const counts: ColumnPiiCounts = { scanned: 0, matched: new Map() };
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    const values = chunk.getColumnValues(0);
    const ns = chunk.getColumnValues(1);
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      if (typeof value !== 'string' || value.trim() === '') continue;
      const n = Number(ns[i]);
      counts.scanned += n;
      for (const type of detectValue(value, { legacyResidentId: true })) counts.matched.set(type, (counts.matched.get(type) ?? 0) + n);
    }
  }
  return counts;
}

function permitted(list: readonly PermittedPii[], type: PiiType, column: string): boolean {
  return list.some((p) => p.type === type && (p.columns === undefined || p.columns.includes(column)));
}

export function piiFindings(column: string, counts: ColumnPiiCounts, permittedPii: readonly PermittedPii[]): ExportFinding[] {
  const findings: ExportFinding[] = [];
  for (const type of PII_TYPES) {
    const count = counts.matched.get(type) ?? 0;
    if (count === 0) continue;
    let basis: 'detected' | 'permitted' | 'weak_evidence' = 'detected';
    if (permitted(permittedPii, type, column)) basis = 'permitted';
    else if (type === 'person_name') {
      const share = count / counts.scanned;
      const hinted = headerHints(column).has('person_name');
      if (share < (hinted ? NAME_SHARE_HINTED : NAME_SHARE)) basis = 'weak_evidence';
    }
    findings.push({ code: 'pii_detected', column, piiType: type, count, scanned: counts.scanned, blocking: basis === 'detected', basis });
  }
  return findings;
}

export async function checkPiiValues(
  connection: DuckDBConnection,
  file: string,
  columns: readonly FileColumn[],
  permittedPii: readonly PermittedPii[],
): Promise<ExportCheck> {
  const findings: ExportFinding[] = [];
  const notText: string[] = [];
  for (const column of columns) {
    const kind = scanKind(column.type);
    if (kind === 'none') {
      notText.push(column.name);
      continue;
    }
    if (kind === 'binary') {
      findings.push({ code: 'column_not_scanned', column: column.name, type: column.type, blocking: true });
      continue;
    }
    findings.push(...piiFindings(column.name, await scanColumnValues(connection, file, column), permittedPii));
  }
  return {
    name: 'pii_values',
    passed: !findings.some((f) => f.blocking),
    skipped: false,
    findings,
    notes: notText.length ? [{ code: 'columns_not_text', columns: notText }] : [],
  };
}
