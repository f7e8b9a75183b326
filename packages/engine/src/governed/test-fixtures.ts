// Test data for the governed-SQL scenarios: an enterprise registry and social-insurance contributions, as Parquet
// versions, with values distinctive enough to be searched for in error messages.
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { GovernedContext } from './types.ts';

/** Enterprises per industry: 3 in fintech (a small group), 8 in manufacturing, 6 in retail. */
export const INDUSTRIES = { fintech: 3, manufacturing: 8, retail: 6 } as const;
/** The distinctive uscc of the first enterprise (a value that must never appear in an error). */
export const FIRST_USCC = '91440300MA5SECRET0';
/** The distinctive capital of the first enterprise. */
export const FIRST_CAPITAL = 987654321;

export interface GovernedFixture {
  dir: string;
  enterprisesParquet: string;
  contributionsParquet: string;
  /** Every uscc in the registry. */
  usccs: string[];
  remove(): Promise<void>;
}

export async function governedFixture(): Promise<GovernedFixture> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'shuyun-governed-'));
  const enterprisesParquet = path.join(dir, 'enterprises.parquet');
  const contributionsParquet = path.join(dir, 'contributions.parquet');
  const rows: Array<{ uscc: string; industry: string; capital: number; district: string; founded: number }> = [];
  let i = 0;
  for (const [industry, n] of Object.entries(INDUSTRIES)) {
    for (let j = 0; j < n; j++, i++) {
      const uscc = i === 0 ? FIRST_USCC : `91440300MA5ENT${String(i).padStart(4, '0')}`;
      rows.push({ uscc, industry, capital: i === 0 ? FIRST_CAPITAL : 1_000_000 + i * 1000, district: i % 2 === 0 ? '福田' : '南山', founded: i < 2 ? 1999 : 2010 + (i % 5) });
    }
  }
  const instance = await DuckDBInstance.create(':memory:');
  const c = await instance.connect();
  try {
    await c.run(`CREATE TABLE ent (uscc VARCHAR, industry VARCHAR, capital BIGINT, district VARCHAR, founded INTEGER, secret_note VARCHAR)`);
    for (const r of rows) {
      await c.run(`INSERT INTO ent VALUES ($1, $2, $3, $4, $5, $6)`, [r.uscc, r.industry, r.capital, r.district, r.founded, `note-of-${r.uscc}`]);
    }
    await c.run(`COPY ent TO '${enterprisesParquet}' (FORMAT parquet)`);
    // Three months of contributions per enterprise; insured = 10 + enterprise number.
    await c.run(
      `COPY (SELECT e.uscc, m.month, 10 + row_number() OVER (PARTITION BY m.month ORDER BY e.uscc) AS insured
             FROM ent e CROSS JOIN (VALUES ('2024-01'), ('2024-02'), ('2024-03')) m(month)) TO '${contributionsParquet}' (FORMAT parquet)`,
    );
  } finally {
    c.closeSync();
    instance.closeSync();
  }
  return { dir, enterprisesParquet, contributionsParquet, usccs: rows.map((r) => r.uscc), remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * The grant's view of the two datasets: the registry's uscc is a join key only, industry a group-by key, capital an
 * aggregate input, district plaintext, founded comparable, the note not usable (and not even listed: `secret_note`
 * is in the file but not in the grant); contributions' uscc a join key, month plaintext, insured an aggregate input.
 */
export function governedContext(overrides: Partial<GovernedContext> = {}): GovernedContext {
  return {
    datasets: {
      enterprises: {
        resource: 'SZ-MS-ENTERPRISE',
        subjectKey: 'uscc',
        fields: [
          { name: 'uscc', control: 'join_key_only' },
          { name: 'industry', control: 'plaintext_after_group_by' },
          { name: 'capital', control: 'plaintext_after_aggregate' },
          { name: 'district', control: 'plaintext' },
          { name: 'founded', control: 'plaintext_after_compare' },
        ],
      },
      contributions: {
        resource: 'SZ-HRSS-CONTRIB',
        subjectKey: 'uscc',
        fields: [
          { name: 'uscc', control: 'join_key_only' },
          { name: 'month', control: 'plaintext' },
          { name: 'insured', control: 'plaintext_after_aggregate' },
        ],
      },
    },
    minSubjects: 5,
    maxRows: 1000,
    ...overrides,
  };
}
