import type { DuckDBConnection } from '@duckdb/node-api';
import { detectValue, type PiiSuggestion, type PiiType, scanColumn } from '@shuyun/core/pii';
import path from 'node:path';
import { quoteIdentifier, quoteLiteral } from '../ingest/sql.ts';
import { openHardenedDuckDB, type HardenedDuckDB } from '../sandbox/hardened-duckdb.ts';

// The quality profile of one ingested version, and the PII suggestions the department confirms or corrects.
// Reads only the version's own Parquet file, in a private in-memory DuckDB shut in as a session is (the file is its
// one allowed path); no data value leaves this function except through counts.

export interface ProfiledField {
  name: string;
  type: string;
  /** the department's confirmed type, if any; otherwise the scan's best suggestion is checked */
  piiType: string | null;
  rules: { notNull?: boolean; unique?: boolean; pattern?: string; min?: number; max?: number };
}

export interface ColumnQuality {
  name: string;
  nulls: number;
  nullRate: number;
  distinct: number;
  validity: { type: PiiType; valid: number; checked: number; rate: number } | null;
  rules: Array<{ rule: 'notNull' | 'unique' | 'pattern' | 'min' | 'max'; failing: number }>;
}

export interface VersionProfile {
  quality: { rows: number; columns: ColumnQuality[]; duplicateSubjectKeys: number | null };
  piiSuggestions: Array<{ column: string; suggestions: PiiSuggestion[] }>;
}

const SAMPLE = 2000;
/**
 * No spilling, so this bounds what a profile may take: count(DISTINCT) of a column holds every distinct value
 * (10 million distinct 30-byte strings fit in 1GB, not in 512MB).
 */
const PROFILE_MEMORY_LIMIT = '2GB';
const PROFILE_THREADS = 2;

/** The instance a version is profiled in: it can open that one Parquet file and nothing else, and it is locked. */
export function openProfileDuckDB(parquetPath: string): Promise<HardenedDuckDB> {
  return openHardenedDuckDB({ threads: PROFILE_THREADS, memoryLimit: PROFILE_MEMORY_LIMIT }, { allowedDirectories: [], allowedPaths: [parquetPath] });
}

export async function profileVersion(input: { parquetPath: string; fields: ProfiledField[]; subjectKey: string | null }): Promise<VersionProfile> {
  const file = path.resolve(input.parquetPath);
  const { connection: db, close } = await openProfileDuckDB(file);
  try {
    await db.run(`CREATE VIEW version AS SELECT * FROM read_parquet(${quoteLiteral(file)})`);
    const rows = Number(await scalar(db, 'SELECT count(*) FROM version'));
    const columns: ColumnQuality[] = [];
    const piiSuggestions: VersionProfile['piiSuggestions'] = [];
    for (const field of input.fields) {
      const c = quoteIdentifier(field.name);
      const [nulls, distinct] = (await firstRow(db, `SELECT count(*) - count(${c}), count(DISTINCT ${c}) FROM version`)).map(Number) as [number, number];
      const suggestions = field.type === 'string' || field.type === 'integer' ? scanColumn(await sample(db, c), { header: field.name }) : [];
      piiSuggestions.push({ column: field.name, suggestions });
      const checkedType = (field.piiType as PiiType | null) ?? suggestions[0]?.type ?? null;
      columns.push({
        name: field.name,
        nulls,
        nullRate: rows === 0 ? 0 : nulls / rows,
        distinct,
        validity: checkedType ? await validity(db, c, checkedType) : null,
        rules: await ruleFailures(db, c, field.rules, nulls),
      });
    }
    const duplicateSubjectKeys = input.subjectKey
      ? Number(await scalar(db, `SELECT count(*) FROM (SELECT ${quoteIdentifier(input.subjectKey)} FROM version WHERE ${quoteIdentifier(input.subjectKey)} IS NOT NULL GROUP BY 1 HAVING count(*) > 1)`))
      : null;
    return { quality: { rows, columns, duplicateSubjectKeys }, piiSuggestions };
  } finally {
    close();
  }
}

async function ruleFailures(db: DuckDBConnection, c: string, rules: ProfiledField['rules'], nulls: number): Promise<ColumnQuality['rules']> {
  const out: ColumnQuality['rules'] = [];
  if (rules.notNull) out.push({ rule: 'notNull', failing: nulls });
  if (rules.unique) out.push({ rule: 'unique', failing: Number(await scalar(db, `SELECT count(${c}) - count(DISTINCT ${c}) FROM version`)) });
  if (rules.pattern !== undefined) {
    const pattern = rules.pattern;
    const failing = await Promise.resolve()
      .then(() => scalar(db, `SELECT count(*) FROM version WHERE ${c} IS NOT NULL AND NOT regexp_full_match(CAST(${c} AS VARCHAR), ${quoteLiteral(pattern)})`))
      .catch(() => -1);
    out.push({ rule: 'pattern', failing: Number(failing) }); // -1: the declared pattern itself is invalid (or holds a NUL, which quoteLiteral refuses)
  }
  if (rules.min !== undefined) out.push({ rule: 'min', failing: Number(await scalar(db, `SELECT count(*) FROM version WHERE TRY_CAST(${c} AS DOUBLE) < ${Number(rules.min)}`)) });
  if (rules.max !== undefined) out.push({ rule: 'max', failing: Number(await scalar(db, `SELECT count(*) FROM version WHERE TRY_CAST(${c} AS DOUBLE) > ${Number(rules.max)}`)) });
  return out;
}

/** Share of non-null values that validate as the column's PII type, over every row (streamed in chunks). */
async function validity(db: DuckDBConnection, c: string, type: PiiType): Promise<ColumnQuality['validity']> {
  const result = await db.stream(`SELECT CAST(${c} AS VARCHAR) FROM version WHERE ${c} IS NOT NULL`);
  let valid = 0;
  let checked = 0;
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    const vector = chunk.getColumnVector(0);
    for (let i = 0; i < chunk.rowCount; i++) {
      checked++;
      if (detectValue(String(vector.getItem(i))).includes(type)) valid++;
    }
  }
  return { type, valid, checked, rate: checked === 0 ? 1 : valid / checked };
}

async function sample(db: DuckDBConnection, c: string): Promise<string[]> {
  const reader = await db.runAndReadAll(`SELECT CAST(${c} AS VARCHAR) FROM version WHERE ${c} IS NOT NULL USING SAMPLE reservoir(${SAMPLE} ROWS) REPEATABLE (7)`);
  return reader.getRows().map((r) => String(r[0]));
}

async function scalar(db: DuckDBConnection, sql: string): Promise<unknown> {
  return (await firstRow(db, sql))[0];
}

async function firstRow(db: DuckDBConnection, sql: string): Promise<unknown[]> {
  const reader = await db.runAndReadAll(sql);
  return reader.getRows()[0] ?? [];
}
