import { DuckDBInstance } from '@duckdb/node-api';
import { DomainError } from '@shuyun/core/errors/catalogue';
import { deterministicRandomSource, type RandomSource } from '@shuyun/core/dp';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openSession, type SandboxSession } from '../sandbox/session.ts';
import { buildDpSql, planDpQuery, probeColumnTypes, runDpQuery, type DpQueryRequest } from './dp-query.ts';
import { GovernedError } from './errors.ts';
import type { GovernedContext, GovernedDataset } from './types.ts';

// Differentially private aggregates on generated contributions: several rows per enterprise (uscc, the subject),
// one enterprise with a huge capital, one enterprise with rows in two industries, a row without a subject, and an
// industry whose name holds a quote.

const WHALE = '91440300MA5WHALE00';
const SPLIT = '91440300MA5SPLIT00';
/** Enterprises per industry, three rows (months) each, capital 100.25 per row. */
const INDUSTRIES = { manufacturing: 12, retail: 8, fintech: 3, "o'reilly": 6 } as const;
const UPPER = 1000;

let dir: string;
let session: SandboxSession;
let distinctSubjects = 0;

const field = (name: string, control: GovernedDataset['fields'][number]['control']) => ({ name, control });
const fields = [
  field('uscc', 'join_key_only'),
  field('industry', 'plaintext_after_group_by'),
  field('capital', 'plaintext_after_aggregate'),
  field('month', 'plaintext_after_compare'),
  field('district', 'plaintext'),
];
function context(overrides: Partial<GovernedContext> = {}): GovernedContext {
  return {
    datasets: {
      contributions: { resource: 'SZ-HRSS-CONTRIB', subjectKey: 'uscc', fields },
      without_whale: { resource: 'SZ-HRSS-CONTRIB', subjectKey: 'uscc', fields },
    },
    minSubjects: 5,
    maxRows: 1000,
    ...overrides,
  };
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'shuyun-dp-query-'));
  const withWhale = path.join(dir, 'contributions.parquet');
  const withoutWhale = path.join(dir, 'without-whale.parquet');
  const rows: Array<[string | null, string, number, string, string]> = [];
  let n = 0;
  for (const [industry, count] of Object.entries(INDUSTRIES)) {
    for (let i = 0; i < count; i++, n++) {
      const uscc = `91440300MA5E${String(n).padStart(6, '0')}`;
      for (const month of ['2024-01', '2024-02', '2024-03']) rows.push([uscc, industry, 100.25, month, n % 2 ? '福田' : '南山']);
    }
  }
  for (const month of ['2024-01', '2024-02', '2024-03']) rows.push([WHALE, 'manufacturing', 987_654_321.5, month, '福田']);
  rows.push([SPLIT, 'manufacturing', 40, '2024-01', '福田'], [SPLIT, 'retail', 60, '2024-02', '福田']);
  rows.push([null, 'retail', 555_555, '2024-01', '福田']);
  distinctSubjects = n + 2;
  const instance = await DuckDBInstance.create(':memory:');
  const c = await instance.connect();
  try {
    await c.run('CREATE TABLE t (uscc VARCHAR, industry VARCHAR, capital DECIMAL(14,2), month VARCHAR, district VARCHAR)');
    for (const r of rows) await c.run('INSERT INTO t VALUES ($1, $2, $3, $4, $5)', r);
    await c.run(`COPY t TO '${withWhale}' (FORMAT parquet)`);
    await c.run(`COPY (SELECT * FROM t WHERE uscc IS DISTINCT FROM '${WHALE}') TO '${withoutWhale}' (FORMAT parquet)`);
  } finally {
    c.closeSync();
    instance.closeSync();
  }
  session = await openSession({
    datasets: { contributions: { parquetPath: withWhale, openness: 'conditional' }, without_whale: { parquetPath: withoutWhale, openness: 'conditional' } },
  });
});
afterAll(async () => {
  session?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const byIndustry = (over: Partial<DpQueryRequest> = {}): DpQueryRequest => ({
  view: 'contributions',
  groupBy: ['industry'],
  measures: [{ kind: 'count' }, { kind: 'sum', column: 'capital', lower: 0, upper: UPPER, precision: 2 }],
  epsilon: '1',
  ...over,
});

/** The unnoised bounded aggregates (test only: runs the engine's SQL directly). */
async function exact(request: DpQueryRequest, ctx = context()): Promise<Map<string, Record<string, string | null>>> {
  const types = await probeColumnTypes(session, request.view);
  const { sql } = buildDpSql(request, ctx, types);
  const r = await session.run(sql);
  const out = new Map<string, Record<string, string | null>>();
  for (const row of r.rows) out.set(String(row[0]), Object.fromEntries(r.columns.map((c, i) => [c.name, row[i] === null ? null : String(row[i])])));
  return out;
}

const noDebit = async () => {};

describe('contribution bounding in SQL', () => {
  it('one enterprise with a huge capital moves its group sum by at most the upper bound', async () => {
    const withWhale = await exact(byIndustry());
    const without = await exact(byIndustry({ view: 'without_whale' }));
    const a = BigInt(withWhale.get('manufacturing')!.__s1!);
    const b = BigInt(without.get('manufacturing')!.__s1!);
    expect(a - b).toBe(BigInt(UPPER * 100)); // clamped to the upper bound, on the 10^-2 grid
    expect(Number(withWhale.get('manufacturing')!.__n) - Number(without.get('manufacturing')!.__n)).toBe(1);
  });

  it('an enterprise with rows in two industries is counted once, in one of them', async () => {
    const groups = await exact(byIndustry());
    const total = [...groups.values()].reduce((s, g) => s + Number(g.__n), 0);
    expect(total).toBe(distinctSubjects);
    const m = Number(groups.get('manufacturing')!.__n);
    const r = Number(groups.get('retail')!.__n);
    // 12 + whale in manufacturing, 8 in retail, and the split enterprise in exactly one of the two
    expect((m === 14 && r === 8) || (m === 13 && r === 9)).toBe(true);
    // rows without a subject are not counted (the 555,555 row of retail)
    const retailSum = BigInt(groups.get('retail')!.__s1!);
    expect(retailSum === 8n * 30075n || retailSum === 8n * 30075n + 6000n).toBe(true);
  });

  it('without group keys there is one row and no per-subject choice', async () => {
    const { sql } = buildDpSql(byIndustry({ groupBy: [] }), context(), await probeColumnTypes(session, 'contributions'));
    expect(sql).not.toContain('arg_min');
    const r = await runDpQuery(session, byIndustry({ groupBy: [] }), context(), { debit: noDebit, random: deterministicRandomSource(1) });
    expect(r.columns).toEqual(['count', 'sum_capital']);
    expect(r.rows).toHaveLength(1);
    expect(r.delta).toBe(0);
  });
});

describe('column controls (the governed analyser’s table)', () => {
  const refusal = async (request: DpQueryRequest) => {
    try {
      planDpQuery(request, context());
    } catch (e) {
      return e;
    }
    throw new Error('expected a refusal');
  };

  it('a column that may only be aggregated cannot be a group key', async () => {
    const e = await refusal(byIndustry({ groupBy: ['capital'] }));
    expect(e).toBeInstanceOf(GovernedError);
    expect((e as GovernedError).code).toBe('GOVERNED_COLUMN_CONTROL');
    expect((e as GovernedError).rule).toBe('group_key_not_permitted');
    expect((e as GovernedError).column).toBe('contributions.capital');
  });

  it('a group-by-only column cannot be summed, an aggregate-only column cannot be filtered, a join key cannot be grouped', async () => {
    expect(((await refusal(byIndustry({ measures: [{ kind: 'sum', column: 'industry', lower: 0, upper: 1 }] }))) as GovernedError).rule).toBe('aggregate_not_permitted');
    expect(((await refusal(byIndustry({ where: [{ column: 'capital', op: '>', value: 5 }] }))) as GovernedError).rule).toBe('compare_not_permitted');
    expect(((await refusal(byIndustry({ groupBy: ['uscc'] }))) as GovernedError).rule).toBe('group_key_not_permitted');
  });

  it('unknown views and columns are refused; names are matched case-insensitively as the grant spells them', async () => {
    expect(((await refusal(byIndustry({ view: 'secrets' }))) as GovernedError).code).toBe('GOVERNED_RELATION_NOT_ALLOWED');
    expect(((await refusal(byIndustry({ groupBy: ['secret_note'] }))) as GovernedError).code).toBe('GOVERNED_COLUMN_UNRESOLVED');
    const p = planDpQuery(byIndustry({ view: 'CONTRIBUTIONS', groupBy: ['Industry'] }), context());
    expect(p.groupBy).toEqual(['industry']);
    expect(p.touched.map((t) => [t.field, t.uses])).toEqual([
      ['industry', ['group_key']],
      ['capital', ['aggregate']],
    ]);
  });

  it('malformed requests are refused before anything runs', async () => {
    const code = async (r: unknown) => ((await refusal(r as DpQueryRequest)) as DomainError).code;
    expect(await code(byIndustry({ measures: [] }))).toBe('DP_QUERY_INVALID');
    expect(await code({ ...byIndustry(), sql: 'SELECT 1' })).toBe('DP_QUERY_INVALID');
    expect(await code(byIndustry({ where: [{ column: 'month', op: 'LIKE' as '=', value: 'x' }] }))).toBe('DP_QUERY_INVALID');
    expect(await code(byIndustry({ measures: [{ kind: 'count' }, { kind: 'count', name: 'n' }] }))).toBe('DP_QUERY_INVALID');
    expect(await code(byIndustry({ measures: [{ kind: 'sum', column: 'capital', lower: 10, upper: 5 }] }))).toBe('DP_SPEC_INVALID');
    expect(await code(byIndustry({ epsilon: '0.1234567' }))).toBe('DP_EPSILON_INVALID');
    expect(await code(byIndustry({ maxGroupsPerSubject: 2 as 1 }))).toBe('DP_QUERY_INVALID');
  });
});

describe('filter values are literals, never SQL', () => {
  it('a value with quotes and SQL matches nothing and breaks nothing', async () => {
    const evil = "x' OR '1'='1' --";
    const request = byIndustry({ where: [{ column: 'month', op: '=', value: evil }] });
    const { sql } = buildDpSql(request, context(), await probeColumnTypes(session, 'contributions'));
    expect(sql).toContain("TRY_CAST('x'' OR ''1''=''1'' --' AS VARCHAR)");
    const r = await runDpQuery(session, request, context(), { debit: noDebit, random: deterministicRandomSource(2) });
    expect(r.rows).toEqual([]);
    const stacked = byIndustry({ where: [{ column: 'month', op: 'in', value: ["2024-01'); SELECT * FROM contributions; --", '2024-02'] }] });
    const groups = await exact(stacked);
    // only 2024-02 matched: the 12 enterprises and the whale; the split enterprise's 2024-02 row is in retail
    expect(Number(groups.get('manufacturing')!.__n)).toBe(12 + 1);
    expect(Number(groups.get('retail')!.__n)).toBe(8 + 1);
  });

  it('a group key holding a quote is filtered and released as data', async () => {
    const r = await runDpQuery(session, byIndustry({ where: [{ column: 'month', op: '>=', value: '2024-02' }] }), context({ minSubjects: 1 }), {
      debit: noDebit,
      random: deterministicRandomSource(3),
    });
    expect(r.rows.map((row) => row[0])).toContain("o'reilly");
  });

  it('a value that does not convert to the column type is refused before the data is read or ε spent', async () => {
    const debit = vi.fn(noDebit);
    // a grant under which capital is plaintext (comparable and summable)
    const numeric: GovernedContext = {
      ...context(),
      datasets: { contributions: { resource: 'SZ-HRSS-CONTRIB', subjectKey: 'uscc', fields: [field('industry', 'plaintext_after_group_by'), field('capital', 'plaintext')] } },
    };
    const err = await runDpQuery(session, byIndustry({ where: [{ column: 'capital', op: '<', value: "1; DROP TABLE x" }] }), numeric, { debit }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).code).toBe('DP_QUERY_COLUMN_TYPE');
    expect(debit).not.toHaveBeenCalled();
    const ok = await runDpQuery(session, byIndustry({ where: [{ column: 'capital', op: '<', value: '1000' }] }), numeric, { debit, random: deterministicRandomSource(4) });
    expect(ok.columns).toEqual(['industry', 'count', 'sum_capital']);
    expect(debit).toHaveBeenCalledTimes(1);
  });

  it('a measured column must be numeric', async () => {
    const ctx: GovernedContext = {
      ...context(),
      datasets: { contributions: { resource: 'SZ-HRSS-CONTRIB', subjectKey: 'uscc', fields: [field('industry', 'plaintext_after_group_by'), field('month', 'plaintext_after_aggregate')] } },
    };
    const err = await runDpQuery(session, byIndustry({ measures: [{ kind: 'sum', column: 'month', lower: 0, upper: 1 }] }), ctx, { debit: noDebit }).catch((e: unknown) => e);
    expect((err as DomainError).code).toBe('DP_QUERY_COLUMN_TYPE');
  });
});

describe('the budget is debited once, after the SQL and before the noise', () => {
  it('debits the cost in micro-ε exactly once', async () => {
    const debit = vi.fn(noDebit);
    const r = await runDpQuery(session, byIndustry(), context(), { debit, random: deterministicRandomSource(5) });
    expect(debit).toHaveBeenCalledTimes(1);
    expect(debit).toHaveBeenCalledWith(1_000_000);
    expect(r.epsilonMicros).toBe(1_000_000);
    expect(r.epsilon).toBe('1');
  });

  it('splits ε over the measures (rounding down) and adds the subject count when the request has none', async () => {
    const debit = vi.fn(noDebit);
    const request = byIndustry({
      measures: [
        { kind: 'sum', column: 'capital', lower: 0, upper: UPPER, precision: 2 },
        { kind: 'avg', column: 'capital', lower: 0, upper: UPPER, precision: 2 },
      ],
      epsilon: '0.1',
    });
    const r = await runDpQuery(session, request, context({ minSubjects: 1 }), { debit, random: deterministicRandomSource(6) });
    expect(debit).toHaveBeenCalledWith(99_999); // 3 measures × 33,333 µε
    expect(r.implicitCount).toBe(true);
    expect(r.columns).toEqual(['industry', 'count', 'sum_capital', 'avg_capital']);
    for (const row of r.rows) expect(Number(row[3])).toBeGreaterThanOrEqual(0);
    for (const row of r.rows) expect(Number(row[3])).toBeLessThanOrEqual(UPPER);
  });

  it('when the debit refuses, nothing is returned and no noise is drawn', async () => {
    const exhausted = new DomainError('GRANT_BUDGET_EXHAUSTED', [{ path: '/epsilon', reason: 'exhausted' }]);
    const debit = vi.fn(async () => {
      throw exhausted;
    });
    const base = deterministicRandomSource(7);
    const random = vi.fn<RandomSource>((n) => base(n));
    const run = vi.spyOn(session, 'run');
    await expect(runDpQuery(session, byIndustry(), context(), { debit, random })).rejects.toBe(exhausted);
    expect(debit).toHaveBeenCalledTimes(1);
    expect(random).not.toHaveBeenCalled();
    expect(run).toHaveBeenCalled(); // the debit came after the query ran
    run.mockRestore();
  });

  it('a query that fails does not debit', async () => {
    const debit = vi.fn(noDebit);
    await expect(runDpQuery(session, byIndustry({ groupBy: ['nope'] }), context(), { debit })).rejects.toBeInstanceOf(GovernedError);
    expect(debit).not.toHaveBeenCalled();
  });
});

describe('what is released', () => {
  it('noisy values on the grid, different from the exact ones, and nothing else', async () => {
    const groups = await exact(byIndustry());
    const r = await runDpQuery(session, byIndustry(), context({ minSubjects: 1 }), { debit: noDebit, random: deterministicRandomSource(8) });
    expect(r.columns).toEqual(['industry', 'count', 'sum_capital']);
    expect(Object.keys(r).sort()).toEqual(['columns', 'delta', 'elapsedMs', 'epsilon', 'epsilonMicros', 'implicitCount', 'minSubjects', 'noise', 'rows', 'touched', 'truncated']);
    let differs = 0;
    for (const row of r.rows) {
      expect(row).toHaveLength(3);
      const [industry, count, sum] = row as [string, number, number];
      expect(Number.isInteger(count)).toBe(true);
      expect(Math.abs(sum * 100 - Math.round(sum * 100))).toBeLessThan(1e-6);
      const e = groups.get(industry)!;
      if (count !== Number(e.__n)) differs++;
      expect(Math.round(sum * 100)).not.toBe(Number(e.__s1));
      differs++;
    }
    expect(differs).toBeGreaterThan(0);
    // the exact bounded sums (in either unit) and the exact capital never appear
    const text = JSON.stringify(r);
    for (const e of groups.values()) {
      expect(text).not.toContain(e.__s1!);
      expect(text).not.toContain(String(Number(e.__s1) / 100));
    }
    // nor do the noise draws (noisy − exact, in grid units and in capital units) where they are distinctive
    for (const row of r.rows) {
      const draw = Math.round((row[2] as number) * 100) - Number(groups.get(row[0] as string)!.__s1);
      if (Math.abs(draw) >= 1000) {
        expect(text).not.toContain(String(draw));
        expect(text).not.toContain(String(draw / 100));
      }
    }
    expect(text).not.toContain('987654321');
    expect(text).not.toContain(WHALE);
    // the public noise parameters: discrete Laplace, scale Δ/ε
    expect(r.noise.count).toMatchObject({ mechanism: 'discrete_laplace', epsilon: '0.5', sensitivity: '1', scale: 2 });
    expect(r.noise.sum_capital).toMatchObject({ mechanism: 'discrete_laplace', epsilon: '0.5', sensitivity: '1000.00', scale: 2000 });
  });

  it('groups whose noisy subject count is below the minimum are dropped, and the δ of that threshold is reported', async () => {
    const debit = vi.fn(noDebit);
    const r = await runDpQuery(session, byIndustry(), context({ minSubjects: 10_000 }), { debit, random: deterministicRandomSource(9) });
    expect(r.rows).toEqual([]);
    expect(debit).toHaveBeenCalledTimes(1); // the query ran and was released (empty): ε is spent
    const r5 = await runDpQuery(session, byIndustry(), context(), { debit, random: deterministicRandomSource(9) });
    expect(r5.delta).toBeCloseTo(Math.exp(-0.5 * 4) / (1 + Math.exp(-0.5)), 12);
    for (const row of r5.rows) expect(row[1] as number).toBeGreaterThanOrEqual(5);
  });

  it('the same seed gives the same release; another seed another one', async () => {
    const a = await runDpQuery(session, byIndustry(), context({ minSubjects: 1 }), { debit: noDebit, random: deterministicRandomSource(10) });
    const b = await runDpQuery(session, byIndustry(), context({ minSubjects: 1 }), { debit: noDebit, random: deterministicRandomSource(10) });
    const c = await runDpQuery(session, byIndustry(), context({ minSubjects: 1 }), { debit: noDebit, random: deterministicRandomSource(11) });
    expect(a.rows).toEqual(b.rows);
    expect(a.rows).not.toEqual(c.rows);
  });

  it('each subject keeps the group of the smallest hash of (subject, keys), as a window over the subject would pick it', async () => {
    const request = byIndustry({ groupBy: ['industry', 'district'] });
    const { sql } = buildDpSql(request, context(), await probeColumnTypes(session, 'contributions'));
    const ours = await session.run(sql);
    const reference = await session.run(
      `WITH per AS (SELECT industry, district, uscc, sum(CAST(capital AS DOUBLE)) AS t FROM contributions WHERE uscc IS NOT NULL GROUP BY industry, district, uscc),
            one AS (SELECT * FROM per QUALIFY row_number() OVER (PARTITION BY uscc ORDER BY hash(uscc, industry, district), industry, district) = 1)
       SELECT industry, district, count(*) AS n FROM one GROUP BY industry, district ORDER BY industry, district`,
    );
    const counts = (rows: unknown[][]) => rows.map((r) => `${String(r[0])}|${String(r[1])}|${String(r[2])}`);
    expect(reference.rows.length).toBeGreaterThan(1);
    expect(counts(ours.rows)).toEqual(counts(reference.rows));
  });

  it('the hand-written equivalent keeps one group per subject too, and counts the same subjects per group', async () => {
    const { handWrittenSql, sql } = buildDpSql(byIndustry(), context(), await probeColumnTypes(session, 'contributions'));
    expect(handWrittenSql).toContain('QUALIFY row_number() OVER (PARTITION BY "uscc" ORDER BY hash("uscc", "industry")) = 1');
    expect(sql).toContain('arg_min_null("industry", "__h") AS "industry", arg_min_null("__b1", "__h") AS "__b1"');
    const hand = await session.run(handWrittenSql);
    expect(hand.columns.map((c) => c.name)).toEqual(['industry', 'count', 'sum_capital']);
    const ours = await session.run(sql);
    const counts = (rows: unknown[][]) => rows.map((r) => `${String(r[0])}|${String(r[1])}`).sort();
    expect(counts(hand.rows)).toEqual(counts(ours.rows));
  });
});
