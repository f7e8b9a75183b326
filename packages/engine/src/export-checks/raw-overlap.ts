// raw_overlap: does a released row reproduce a raw row, or a released value a raw subject's key?
//
// 1. Rows. When the result has every identifying column of a raw version (by name), the result's rows are
//    semi-joined with the raw rows on all of them, compared as normalized text (columns.ts `normalized`; NULL equals
//    NULL, but a row whose identifying columns are all NULL is not a match). The join runs the other way first —
//    raw rows semi-joined with the (small) result, so DuckDB hashes the result and streams the raw version — and only
//    the raw rows that match are kept, to count the result rows that equal one.
// 2. Subject keys. Every text column of the result is compared with the raw version's subject key, the same way:
//    the result's distinct values are hashed, the raw keys streamed past them. Values shorter than
//    MIN_KEY_LENGTH characters are not compared: they are codes and labels (性別, 區劃碼 prefixes, years) that would
//    equal short keys by chance, and no identifier the platform keys subjects by is that short.
import type { DuckDBConnection } from '@duckdb/node-api';
import { readSource } from '../twin/twin-duckdb.ts';
import { findColumn, normalized, scanKind, type FileColumn } from './columns.ts';
import type { ExportFinding, ExportNote, RawDatasetRef } from './types.ts';

export const MIN_KEY_LENGTH = 6;

export interface RawOverlapOutcome {
  findings: ExportFinding[];
  notes: ExportNote[];
}

export async function checkRawOverlap(
  connection: DuckDBConnection,
  resultFile: string,
  resultColumns: readonly FileColumn[],
  rawFile: string,
  rawColumns: readonly FileColumn[],
  raw: RawDatasetRef,
  dataset: number,
): Promise<RawOverlapOutcome> {
  const rawColumn = (name: string) => rawColumns.find((c) => c.name === name) as FileColumn;
  const findings: ExportFinding[] = [];
  const notes: ExportNote[] = [];
  const label = raw.label === undefined ? {} : { label: raw.label };

  // 1. rows equal on every identifying column
  if (raw.identifyingColumns.length > 0) {
    const pairs = raw.identifyingColumns.map((name) => ({ raw: name, result: findColumn(resultColumns, name) }));
    const missing = pairs.filter((p) => p.result === undefined).map((p) => p.raw);
    if (missing.length > 0) {
      notes.push({ code: 'identifying_columns_absent', dataset, ...label, missing });
    } else {
      const keys = pairs.map((_, i) => `k${i}`);
      const resultKeys = pairs.map((p, i) => `${normalized(p.result!)} AS k${i}`).join(', ');
      const rawKeys = pairs.map((p, i) => `${normalized(rawColumn(p.raw))} AS k${i}`).join(', ');
      const on = (a: string, b: string) => keys.map((k) => `${a}.${k} IS NOT DISTINCT FROM ${b}.${k}`).join(' AND ');
      const reader = await connection.runAndReadAll(
        `WITH r AS (SELECT ${resultKeys} FROM ${readSource(resultFile)}),
              hits AS (SELECT DISTINCT w.* FROM (SELECT ${rawKeys} FROM ${readSource(rawFile)}) w SEMI JOIN r ON ${on('w', 'r')})
         SELECT count(*) FROM r SEMI JOIN hits h ON ${on('r', 'h')}
          WHERE NOT (${keys.map((k) => `r.${k} IS NULL`).join(' AND ')})`,
      );
      const count = Number(reader.getRows()[0]?.[0] ?? 0);
      if (count > 0) findings.push({ code: 'raw_row_match', dataset, ...label, columns: pairs.map((p) => p.result!.name), count, blocking: true });
    }
  }

  // 2. text values equal to a subject key
  const text = resultColumns.filter((c) => scanKind(c.type) === 'text');
  if (text.length === 0) {
    notes.push({ code: 'subject_key_not_compared', dataset, ...label, reason: 'no_text_columns' });
  } else {
    const values = text
      .map((c, i) => `SELECT ${i} AS col, ${normalized(c)} AS v FROM ${readSource(resultFile)}`)
      .join(' UNION ALL ');
    const reader = await connection.runAndReadAll(
      `WITH rv AS (SELECT col, v, count(*) AS n FROM (${values}) WHERE length(v) >= ${MIN_KEY_LENGTH} GROUP BY col, v),
            hits AS (SELECT DISTINCT k FROM (SELECT ${normalized(rawColumn(raw.subjectKey))} AS k FROM ${readSource(rawFile)})
                      WHERE k IN (SELECT v FROM rv))
       SELECT col, sum(n) FROM rv WHERE v IN (SELECT k FROM hits) GROUP BY col ORDER BY col`,
    );
    for (const [col, n] of reader.getRows()) {
      const count = Number(n ?? 0);
      if (count > 0) {
        findings.push({
          code: 'subject_key_match',
          dataset,
          ...label,
          column: (text[Number(col)] as FileColumn).name,
          count,
          blocking: raw.subjectKeyPublic !== true,
        });
      }
    }
  }
  return { findings, notes };
}
