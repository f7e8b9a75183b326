import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession, type SandboxSession } from '../sandbox/session.ts';
import { EngineError } from '../sandbox/errors.ts';
import { GovernedError } from './errors.ts';
import { analyzeGovernedQuery } from './rewrite.ts';
import { runGovernedQuery } from './run.ts';
import { withholdDifferences } from './differencing.ts';
import { FIRST_CAPITAL, FIRST_USCC, governedContext, governedFixture, type GovernedFixture } from './test-fixtures.ts';
import type { GovernedContext } from './types.ts';

// Scenarios of a partner's governed queries on the real registry and contributions, in a hardened session.

let fx: GovernedFixture;
let session: SandboxSession;
const context = governedContext();

beforeAll(async () => {
  fx = await governedFixture();
  session = await openSession({
    datasets: {
      enterprises: { parquetPath: fx.enterprisesParquet, openness: 'conditional' },
      contributions: { parquetPath: fx.contributionsParquet, openness: 'conditional' },
    },
  });
});
afterAll(async () => {
  session?.close();
  await fx?.remove();
});

async function run(sql: string, ctx: GovernedContext = context) {
  return runGovernedQuery(session, await analyzeGovernedQuery(sql, ctx));
}

/** The GovernedError (or EngineError) a query is refused with, analysing and, if it passes, running it. */
async function refusal(sql: string, ctx: GovernedContext = context): Promise<GovernedError | EngineError> {
  try {
    await run(sql, ctx);
  } catch (err) {
    if (err instanceof GovernedError || err instanceof EngineError) return err;
    throw err;
  }
  throw new Error(`expected a refusal, the query ran: ${sql}`);
}

/** Everything a refusal carries, as the API would serialize it. */
const shown = (e: GovernedError | EngineError) => JSON.stringify({ code: e.code, message: e.message, details: e.details, rule: (e as GovernedError).rule, column: (e as GovernedError).column });

/** No uscc, capital, note or literal of the data appears in what a refusal shows. */
function expectNoDataValues(e: GovernedError | EngineError): void {
  const text = shown(e);
  for (const uscc of fx.usccs) expect(text).not.toContain(uscc);
  expect(text).not.toContain(String(FIRST_CAPITAL));
  expect(text).not.toContain('note-of-');
  expect(text).not.toContain('SECRET');
}

describe('an aggregate by industry is released group by group, and small groups are withheld', () => {
  it('fintech has 3 enterprises, under the threshold of 5: its row is withheld and counted', async () => {
    const r = await run('SELECT industry, count(*) AS n, sum(capital) AS total FROM enterprises GROUP BY industry ORDER BY industry');
    expect(r.columns.map((c) => c.name)).toEqual(['industry', 'n', 'total']);
    expect(r.rows.map((row) => row.slice(0, 2))).toEqual([
      ['manufacturing', '8'],
      ['retail', '6'],
    ]);
    expect(r.suppressed).toBe(1);
    expect(r.truncated).toBe(false);
  });

  it('a lower threshold releases the small group too', async () => {
    const r = await run('SELECT industry, count(*) FROM enterprises GROUP BY 1 ORDER BY 1', governedContext({ minSubjects: 3 }));
    expect(r.rows).toEqual([
      ['fintech', '3'],
      ['manufacturing', '8'],
      ['retail', '6'],
    ]);
    expect(r.suppressed).toBe(0);
    expect(r.columns[1]!.name).toBe('count_star()');
  });

  it('a filter that leaves a group with too few subjects withholds it (the threshold counts after WHERE)', async () => {
    const r = await run('SELECT industry, avg(capital) AS mean FROM enterprises WHERE founded > 2000 GROUP BY industry ORDER BY mean DESC');
    // manufacturing 8 and retail 6 remain ≥ 5 after removing the two oldest (fintech); fintech drops to 1.
    expect(r.rows.map((row) => row[0])).toEqual(['retail', 'manufacturing']);
    expect(r.suppressed).toBe(1);
  });

  it('a global aggregate over everyone is released; HAVING and LIMIT run on released groups only', async () => {
    const all = await run('SELECT count(DISTINCT uscc) AS enterprises, sum(capital) AS total FROM enterprises');
    expect(all.rows[0]![0]).toBe('17');
    const limited = await run('SELECT industry, count(*) AS n FROM enterprises GROUP BY industry HAVING count(*) > 1 ORDER BY n LIMIT 1');
    expect(limited.rows).toEqual([['retail', '6']]);
    expect(limited.suppressed).toBe(1);
  });

  it('a CTE and a subquery that only project and filter are analysed through, and thresholds still apply', async () => {
    const r = await run(
      `WITH recent AS (SELECT industry, capital FROM enterprises WHERE founded >= 2010)
       SELECT industry, sum(capital) AS total FROM (SELECT industry, capital * 2 AS doubled, capital FROM recent) t GROUP BY industry ORDER BY industry`,
    );
    expect(r.rows.map((row) => row[0])).toEqual(['manufacturing', 'retail']);
    expect(r.suppressed).toBe(1);
  });
});

describe('a join on uscc between the registry and the contributions', () => {
  it('is allowed with an aggregate output, and counts subjects of both views per group', async () => {
    const r = await run(
      `SELECT e.industry, c.month, sum(c.insured) AS insured
       FROM enterprises e JOIN contributions c ON e.uscc = c.uscc
       GROUP BY e.industry, c.month ORDER BY e.industry, c.month`,
    );
    expect(r.rows.map((row) => `${row[0]} ${row[1]}`)).toEqual([
      'manufacturing 2024-01',
      'manufacturing 2024-02',
      'manufacturing 2024-03',
      'retail 2024-01',
      'retail 2024-02',
      'retail 2024-03',
    ]);
    expect(r.suppressed).toBe(3);
  });

  it('USING works the same way', async () => {
    const r = await run('SELECT industry, count(*) AS n FROM enterprises JOIN contributions USING (uscc) GROUP BY industry ORDER BY industry');
    expect(r.rows).toEqual([
      ['manufacturing', '24'],
      ['retail', '18'],
    ]);
  });

  it('a join without an equality key, or with the key compared to a value, is refused', async () => {
    const cross = await refusal('SELECT count(*) FROM enterprises, contributions');
    expect(cross.code).toBe('GOVERNED_CONSTRUCT_NOT_ALLOWED');
    const probe = await refusal(`SELECT count(*) FROM enterprises e JOIN contributions c ON e.uscc = c.uscc AND e.uscc = '${FIRST_USCC}'`);
    expect(probe.code).toBe('GOVERNED_COLUMN_CONTROL');
    expect((probe as GovernedError).rule).toBe('compare_not_permitted');
    expectNoDataValues(probe);
  });
});

describe('rows without aggregation', () => {
  it('are released when every output column is plaintext and the rows cover enough subjects', async () => {
    const r = await run('SELECT DISTINCT district FROM enterprises ORDER BY district');
    expect(r.rows).toEqual([['南山'], ['福田']]);
  });

  it('are refused as a whole when the filtered rows cover fewer subjects than the threshold', async () => {
    const e = await refusal('SELECT district FROM enterprises WHERE founded < 2000');
    expect(e.code).toBe('GOVERNED_TOO_FEW_SUBJECTS');
    expectNoDataValues(e);
  });

  it('are capped at maxRows, and say so', async () => {
    const r = await run('SELECT district FROM enterprises', governedContext({ maxRows: 4 }));
    expect(r.rows).toHaveLength(4);
    expect(r.truncated).toBe(true);
  });
});

describe('refusals name the rule and the column, never a value', () => {
  const cases: Array<[string, string, string, string?]> = [
    ['a join_key_only column in the output', 'SELECT uscc, count(*) FROM enterprises GROUP BY uscc', 'GOVERNED_COLUMN_CONTROL', 'group_key_not_permitted'],
    ['a join_key_only column revealed by a row query', 'SELECT uscc FROM enterprises', 'GOVERNED_COLUMN_CONTROL', 'reveal_not_permitted'],
    ['a join_key_only column as MIN', 'SELECT min(uscc) FROM enterprises', 'GOVERNED_COLUMN_CONTROL', 'min_max_not_permitted'],
    ['grouping by a plaintext_after_aggregate column', 'SELECT capital, count(*) FROM enterprises GROUP BY capital', 'GOVERNED_COLUMN_CONTROL', 'group_key_not_permitted'],
    ['an aggregate-only column compared in WHERE', `SELECT count(*) FROM enterprises WHERE capital = ${FIRST_CAPITAL}`, 'GOVERNED_COLUMN_CONTROL', 'compare_not_permitted'],
    ['a join key compared to a literal in WHERE', `SELECT count(*) FROM enterprises WHERE uscc = '${FIRST_USCC}'`, 'GOVERNED_COLUMN_CONTROL', 'compare_not_permitted'],
    ['a join key compared inside an aggregate', `SELECT count(CASE WHEN uscc = '${FIRST_USCC}' THEN 1 END) FROM enterprises`, 'GOVERNED_COLUMN_CONTROL', 'aggregate_not_permitted'],
    ['a join key in an aggregate FILTER', `SELECT sum(capital) FILTER (WHERE uscc = '${FIRST_USCC}') FROM enterprises`, 'GOVERNED_COLUMN_CONTROL', 'compare_not_permitted'],
    ['a column the grant does not list', 'SELECT count(secret_note) FROM enterprises', 'GOVERNED_COLUMN_UNRESOLVED', 'unknown_column'],
    ['read_parquet of a file', "SELECT * FROM read_parquet('/etc/passwd')", 'GOVERNED_RELATION_NOT_ALLOWED', 'table_function'],
    ['a file by replacement scan', "SELECT * FROM '/etc/passwd'", 'GOVERNED_RELATION_NOT_ALLOWED', 'relation_not_granted'],
    ['query() with a concatenated statement', "SELECT * FROM query('SELECT * FROM ' || 'enterprises')", 'GOVERNED_RELATION_NOT_ALLOWED', 'table_function'],
    ['query_table()', "SELECT * FROM query_table('enterprises')", 'GOVERNED_RELATION_NOT_ALLOWED', 'table_function'],
    ['getenv', "SELECT getenv('HOME')", 'GOVERNED_FUNCTION_NOT_ALLOWED', 'function'],
    ['current_setting', "SELECT current_setting('allowed_directories')", 'GOVERNED_FUNCTION_NOT_ALLOWED', 'function'],
    ['error()', "SELECT count(*) FROM enterprises WHERE founded > 2000 OR error('x') IS NULL", 'GOVERNED_FUNCTION_NOT_ALLOWED', 'function'],
    ['a catalog function', 'SELECT * FROM duckdb_settings()', 'GOVERNED_RELATION_NOT_ALLOWED', 'table_function'],
    ['a catalog function as a scalar', 'SELECT count(*) FROM enterprises WHERE founded > current_database()', 'GOVERNED_FUNCTION_NOT_ALLOWED', 'function'],
    ['a CTE smuggling a raw column out', 'WITH t AS (SELECT uscc AS code FROM enterprises) SELECT code FROM t', 'GOVERNED_COLUMN_CONTROL', 'reveal_not_permitted'],
    ['a CTE grouping by a disguised join key', 'WITH t AS (SELECT upper(uscc) AS code, capital FROM enterprises) SELECT code, sum(capital) FROM t GROUP BY code', 'GOVERNED_COLUMN_CONTROL', 'group_key_not_permitted'],
    ['a CTE that aggregates per subject', 'WITH t AS (SELECT industry, count(*) AS n FROM enterprises GROUP BY industry) SELECT max(n) FROM t', 'GOVERNED_CONSTRUCT_NOT_ALLOWED', 'derived_aggregate'],
    ['a subquery in SELECT returning a raw identifier', 'SELECT industry, (SELECT max(uscc) FROM enterprises) AS u FROM enterprises GROUP BY industry', 'GOVERNED_CONSTRUCT_NOT_ALLOWED', 'subquery_expression'],
    ['a subquery in WHERE', 'SELECT count(*) FROM enterprises WHERE uscc IN (SELECT uscc FROM contributions)', 'GOVERNED_CONSTRUCT_NOT_ALLOWED', 'subquery_expression'],
    ['SELECT * over non-plaintext columns', 'SELECT * FROM enterprises', 'GOVERNED_COLUMN_CONTROL', 'reveal_not_permitted'],
    ['multiple statements', 'SELECT count(*) FROM enterprises; SELECT count(*) FROM contributions', 'GOVERNED_SQL_INVALID', 'multiple_statements'],
    ['UNION of raw identifiers', 'SELECT uscc FROM enterprises UNION SELECT uscc FROM contributions', 'GOVERNED_CONSTRUCT_NOT_ALLOWED', 'set_operation'],
    ['a statement other than SELECT', "COPY enterprises TO '/tmp/out.csv'", 'GOVERNED_SQL_INVALID', 'not_select'],
    ['PRAGMA', 'PRAGMA database_list', 'GOVERNED_SQL_INVALID', 'not_select'],
    ['SET', "SET threads = 8", 'GOVERNED_SQL_INVALID', 'not_select'],
    ['a window function', 'SELECT district, row_number() OVER (ORDER BY capital) FROM enterprises', 'GOVERNED_CONSTRUCT_NOT_ALLOWED', 'window_function'],
    ['an alias that shadows a column', 'SELECT uscc AS industry, count(*) FROM enterprises GROUP BY industry', 'GOVERNED_CONSTRUCT_NOT_ALLOWED', 'alias_shadows_column'],
    ['a correlated (lateral) reference', 'SELECT count(*) FROM enterprises e, (SELECT e.uscc AS x) s', 'GOVERNED_CONSTRUCT_NOT_ALLOWED'],
    ['GROUP BY ALL', 'SELECT industry, count(*) FROM enterprises GROUP BY ALL', 'GOVERNED_CONSTRUCT_NOT_ALLOWED', 'group_by_all'],
    ['ROLLUP', 'SELECT industry, count(*) FROM enterprises GROUP BY ROLLUP (industry)', 'GOVERNED_CONSTRUCT_NOT_ALLOWED', 'grouping_sets'],
    ['a plaintext_after_group_by column revealed by MAX', 'SELECT max(industry) FROM enterprises', 'GOVERNED_COLUMN_CONTROL', 'min_max_not_permitted'],
    ['a non-grouped column next to an aggregate', 'SELECT district, count(*) FROM enterprises GROUP BY industry', 'GOVERNED_COLUMN_CONTROL', 'not_a_group_key'],
    ['ordering rows by a hidden aggregate-only column', 'SELECT district FROM enterprises ORDER BY capital DESC LIMIT 1', 'GOVERNED_COLUMN_CONTROL', 'reveal_not_permitted'],
    ['a struct-style reference', 'SELECT count(*) FROM enterprises WHERE enterprises.uscc.x = 1', 'GOVERNED_COLUMN_UNRESOLVED', 'unknown_column'],
    ['a prepared-statement parameter', 'SELECT count(*) FROM enterprises WHERE founded > $1', 'GOVERNED_CONSTRUCT_NOT_ALLOWED', 'parameter'],
    ['a self-join smuggling the key through an inequality', 'SELECT count(*) FROM enterprises a JOIN enterprises b ON a.uscc < b.uscc', 'GOVERNED_COLUMN_CONTROL', 'compare_not_permitted'],
  ];
  for (const [what, sql, code, rule] of cases) {
    it(`refuses ${what}`, async () => {
      const e = await refusal(sql);
      expect(e.code, sql).toBe(code);
      if (rule) expect((e as GovernedError).rule, sql).toBe(rule);
      expectNoDataValues(e);
    });
  }

  it('the refusal names the column, its control and the use', async () => {
    const e = (await refusal('SELECT uscc FROM enterprises')) as GovernedError;
    expect(e.column).toBe('enterprises.uscc');
    expect(e.control).toBe('join_key_only');
    expect(e.use).toBe('reveal');
    expect(e.details?.[0]?.message).toContain('enterprises.uscc');
  });

  it('a parse error does not echo the literals of the query', async () => {
    const e = await refusal(`SELECT count(*) FROM enterprises WHERE uscc = '${FIRST_USCC}' AND AND`);
    expect(e.code).toBe('GOVERNED_SQL_INVALID');
    expectNoDataValues(e);
  });

  it('a cast that would fail on some values yields NULL instead of a value-dependent error', async () => {
    const r = await run('SELECT district, sum(CAST(district AS INTEGER)) AS n FROM enterprises GROUP BY district ORDER BY district');
    expect(r.rows).toEqual([
      ['南山', null],
      ['福田', null],
    ]);
  });
});

describe('MIN and MAX release an exact value of a group: plaintext columns (and bare group keys) only', () => {
  const refused: Array<[string, string, string]> = [
    ['MAX of an aggregate-only column per group (the largest enterprise\'s capital)', 'SELECT industry, max(capital) AS top FROM enterprises GROUP BY industry', 'enterprises.capital'],
    ['MIN of an aggregate-only column over everyone', 'SELECT min(capital) FROM enterprises', 'enterprises.capital'],
    ['MAX of an expression over an aggregate-only column', 'SELECT industry, max(capital + 0) FROM enterprises GROUP BY industry', 'enterprises.capital'],
    ['MAX of an aggregate-only column inside a larger expression', 'SELECT industry, sum(capital) - max(capital) AS rest FROM enterprises GROUP BY industry', 'enterprises.capital'],
    ['MAX of an aggregate-only column in HAVING', 'SELECT industry, count(*) FROM enterprises GROUP BY industry HAVING max(capital) > 1000', 'enterprises.capital'],
    ['MAX of an aggregate-only column in ORDER BY', 'SELECT industry, count(*) AS n FROM enterprises GROUP BY industry ORDER BY max(capital) DESC', 'enterprises.capital'],
    ['MAX of an aggregate-only column through a CTE', 'WITH t AS (SELECT industry, capital * 2 AS doubled FROM enterprises) SELECT industry, max(doubled) FROM t GROUP BY industry', 'enterprises.capital'],
    ['MAX of an aggregate-only column of a joined view', "SELECT e.industry, max(c.insured) FROM enterprises e JOIN contributions c ON e.uscc = c.uscc GROUP BY e.industry", 'contributions.insured'],
    ['MAX of a group-by column that is not the whole key', 'SELECT substr(industry, 1, 3) AS p, max(industry) FROM enterprises GROUP BY p', 'enterprises.industry'],
  ];
  for (const [what, sql, column] of refused) {
    it(`refuses ${what}`, async () => {
      const e = (await refusal(sql)) as GovernedError;
      expect(e.code, sql).toBe('GOVERNED_COLUMN_CONTROL');
      expect(e.rule, sql).toBe('min_max_not_permitted');
      expect(e.column, sql).toBe(column);
      expect(e.use).toBe('min_max');
      expect(e.details?.[0]?.message).toContain('MIN/MAX');
      expectNoDataValues(e);
    });
  }

  it('SUM, AVG and COUNT still work on plaintext_after_aggregate columns', async () => {
    const r = await run('SELECT industry, sum(capital) AS total, avg(capital) AS mean, count(capital) AS n, count(*) AS rows FROM enterprises GROUP BY industry ORDER BY industry');
    expect(r.suppressed).toBe(1); // fintech: 3 enterprises
    expect(r.rows.map((row) => [row[0], Number(row[1]), Number(row[2]), Number(row[3]), Number(row[4])])).toEqual([
      ['manufacturing', 8_052_000, 1_006_500, 8, 8],
      ['retail', 6_081_000, 1_013_500, 6, 6],
    ]);
    const joined = await run("SELECT e.industry, sum(c.insured) AS insured_total FROM enterprises e JOIN contributions c ON e.uscc = c.uscc WHERE c.month = '2024-01' GROUP BY e.industry ORDER BY e.industry");
    expect(joined.rows.map((row) => row[0])).toEqual(['manufacturing', 'retail']);
  });

  it('MIN/MAX of a plaintext column is allowed, and so is MIN/MAX of a bare group key (the key itself)', async () => {
    const r = await run('SELECT industry, min(district) AS lo, max(district) AS hi, max(industry) AS k FROM enterprises GROUP BY industry ORDER BY industry');
    expect(r.rows).toEqual([
      ['manufacturing', '南山', '福田', 'manufacturing'],
      ['retail', '南山', '福田', 'retail'],
    ]);
    const a = await analyzeGovernedQuery('SELECT industry, max(industry), min(district) FROM enterprises GROUP BY industry', context);
    expect(a.touched.map((t) => `${t.view}.${t.field}:${t.uses.join('+')}`).sort()).toEqual(['enterprises.district:min_max', 'enterprises.industry:group_key']);
  });
});

describe('what runs is what was analysed', () => {
  it('the executed statement expands * to the granted fields and counts subjects per group', async () => {
    const a = await analyzeGovernedQuery('SELECT district, count(*) FROM enterprises GROUP BY district', context);
    expect(a.aggregate).toBe(true);
    expect(a.executedSql).toMatch(/count\(DISTINCT "?enterprises"?\."?uscc"?\) AS "?__s0"?/);
    expect(a.executedSql).toContain('"__s0" >= 5');
    expect(a.touched.map((t) => `${t.view}.${t.field}:${t.uses.join('+')}`).sort()).toEqual(['enterprises.district:group_key']);
    const star = await analyzeGovernedQuery('SELECT * FROM contributions c JOIN enterprises e USING (uscc)', {
      ...context,
      datasets: { contributions: { resource: 'X-A', subjectKey: 'uscc', fields: [{ name: 'uscc', control: 'plaintext' }, { name: 'month', control: 'plaintext' }] }, enterprises: { resource: 'X-B', subjectKey: 'uscc', fields: [{ name: 'uscc', control: 'plaintext' }, { name: 'district', control: 'plaintext' }] } },
    });
    expect(star.columns).toEqual(['uscc', 'month', 'district']);
    expect(star.executedSql).not.toContain('secret_note');
  });

  it('the released columns are named as DuckDB names them, printed in the same parser call as the statement', async () => {
    const sql = 'SELECT district, count(*), sum(capital), avg(capital) AS mean FROM enterprises GROUP BY district';
    const a = await analyzeGovernedQuery(sql, context);
    const raw = await session.run(sql);
    expect(a.columns).toEqual(raw.columns.map((c) => c.name));
    // more unnamed expressions than the parser keeps printers for (a printer prepared for the call)
    const many = `SELECT district, ${Array.from({ length: 11 }, (_, i) => `sum(capital + ${i})`).join(', ')} FROM enterprises GROUP BY district`;
    const b = await analyzeGovernedQuery(many, context);
    expect(b.columns).toEqual((await session.run(many)).columns.map((c) => c.name));
    expect(b.columns[11]).toBe('sum((capital + 10))');
  });

  it('analysing the same text again gives the same statement from a fresh tree (the parse and print caches)', async () => {
    const sql = 'SELECT district, count(*), sum(CAST(capital AS BIGINT)) FROM enterprises GROUP BY district';
    const a = await analyzeGovernedQuery(sql, context);
    const b = await analyzeGovernedQuery(sql, context);
    expect(b.executedSql).toBe(a.executedSql);
    expect(b.columns).toEqual(a.columns);
    expect(a.executedSql).toContain('TRY_CAST');
    // the same text under another grant is analysed anew: the cache holds DuckDB's parse, never a decision
    const e = await refusal(sql, governedContext({ datasets: { enterprises: { resource: 'X', subjectKey: 'uscc', fields: [{ name: 'uscc', control: 'join_key_only' }, { name: 'district', control: 'plaintext' }, { name: 'capital', control: 'plaintext_after_compare' }] } } }));
    expect((e as GovernedError).rule).toBe('aggregate_not_permitted');
  });

  it('a plaintext-only SELECT * runs and never reads a column the grant leaves out', async () => {
    const ctx = governedContext({ datasets: { enterprises: { resource: 'X-B', subjectKey: 'uscc', fields: [{ name: 'district', control: 'plaintext' }] } } });
    const r = await run('SELECT * FROM enterprises LIMIT 3', ctx);
    expect(r.columns.map((c) => c.name)).toEqual(['district']);
    expect(r.rows).toHaveLength(3);
  });
});

// ── differencing ─────────────────────────────────────────────────────────────────────────────────────────────────
// Two answers that each pass the threshold but whose subject sets differ by a few subjects: their difference is a
// statistic of those few. In the fixture, enterprises 0 and 1 (fintech; 0 in 福田, 1 in 南山) are the only ones founded
// in 1999; every other one was founded 2010–2014.

/** A grant's memory of released counts, kept in memory here as the server keeps it in a table (one per grant). */
class GrantMemory {
  readonly counts = new Map<string, number[]>();
  /** Every released row of every answer, with its facts (to check what an attacker holds in the end). */
  readonly released: Array<{ sql: string; row: unknown[]; keys: string[]; subjects: number[] }> = [];

  async ask(sql: string, ctx: GovernedContext = context) {
    const raw = await runGovernedQuery(session, await analyzeGovernedQuery(sql, ctx));
    const keys = [...new Set(raw.releases.facts.flatMap((f) => f.keys))];
    const earlier = new Map(keys.filter((k) => this.counts.has(k)).map((k) => [k, this.counts.get(k)!] as const));
    const { result, remember } = withholdDifferences(raw, earlier, ctx.minSubjects);
    for (const r of remember) this.counts.set(r.key, [...(this.counts.get(r.key) ?? []), r.subjects]);
    if (result.releases.unit === 'row') result.rows.forEach((row, i) => this.released.push({ sql, row, ...result.releases.facts[i]! }));
    return result;
  }

  async refusal(sql: string, ctx: GovernedContext = context): Promise<GovernedError> {
    try {
      await this.ask(sql, ctx);
    } catch (err) {
      if (err instanceof GovernedError) return err;
      throw err;
    }
    throw new Error(`expected a refusal, the query ran: ${sql}`);
  }
}

/** Every enterprise's capital, by its number in the fixture (enterprise 0 has FIRST_CAPITAL). */
const capitalOf = (i: number) => (i === 0 ? FIRST_CAPITAL : 1_000_000 + i * 1000);

describe('differencing: two answers whose subject sets differ by fewer than the threshold', () => {
  it('SUM over everyone, then the same with the constant moved past the two enterprises of 1999: the second is withheld', async () => {
    const m = new GrantMemory();
    const first = await m.ask('SELECT sum(capital) AS total FROM enterprises WHERE founded > 1998');
    expect(first.rows).toHaveLength(1);
    expect(first.withheld).toEqual({ minSubjects: 0, differencing: 0 });
    for (const sql of [
      'SELECT sum(capital) AS total FROM enterprises WHERE founded > 1999',
      'SELECT sum(capital) AS total FROM enterprises WHERE founded >= 2000',
      'SELECT sum(capital) AS total FROM enterprises WHERE founded BETWEEN 2000 AND 2100',
      'SELECT sum(capital) AS total FROM enterprises WHERE NOT (founded < 2000)',
      'SELECT sum(capital) AS total FROM enterprises WHERE founded <> 1999',
      'SELECT sum(capital) AS total FROM enterprises WHERE founded IN (2010, 2011, 2012, 2013, 2014)',
    ]) {
      const second = await m.ask(sql);
      expect({ sql, rows: second.rows, suppressed: second.suppressed, withheld: second.withheld }).toEqual({ sql, rows: [], suppressed: 1, withheld: { minSubjects: 0, differencing: 1 } });
    }
    // a filter that leaves out 11 enterprises (≥ 5) is a statistic of 11 when differenced: released
    const recent = await m.ask('SELECT sum(capital) AS total FROM enterprises WHERE founded >= 2013');
    expect(recent.rows).toHaveLength(1);
  });

  it('another measure, another alias, a CTE or a subquery does not make it another release: the key is the data, not the text', async () => {
    const m = new GrantMemory();
    expect((await m.ask('SELECT count(*) AS n FROM enterprises')).rows).toEqual([['17']]);
    for (const sql of [
      'SELECT sum(capital + 0) AS s FROM enterprises WHERE founded > 1999',
      'SELECT avg(capital) AS a, count(capital) AS c FROM enterprises WHERE founded BETWEEN 2000 AND 2014',
      'WITH t AS (SELECT capital, founded FROM enterprises WHERE founded >= 2000) SELECT sum(capital) FROM t',
      'SELECT sum(x) FROM (SELECT capital * 1 AS x FROM enterprises WHERE founded > 1999) s',
      "SELECT 'all' AS everyone, sum(capital) FROM enterprises WHERE founded > 1999 GROUP BY 'all'",
    ]) {
      const r = await m.ask(sql);
      expect({ sql, rows: r.rows, withheld: r.withheld }).toEqual({ sql, rows: [], withheld: { minSubjects: 0, differencing: 1 } });
    }
  });

  it('COUNT with nested predicates that remove exactly one enterprise (AND / OR / NOT, in WHERE or in a CTE) is withheld', async () => {
    const m = new GrantMemory();
    expect((await m.ask("SELECT count(*) AS n FROM enterprises WHERE founded > 1998 AND (district = '福田' OR district = '南山')")).rows).toEqual([['17']]);
    for (const sql of [
      "SELECT count(*) AS n FROM enterprises WHERE founded > 1998 AND NOT (founded = 1999 AND district = '福田')",
      "SELECT count(*) AS n FROM enterprises WHERE (founded > 1999 OR district = '南山') AND (founded < 2100)",
      "WITH t AS (SELECT district, founded FROM enterprises WHERE NOT (founded < 2000 AND district = '南山')) SELECT count(*) AS n FROM t",
      "SELECT count(DISTINCT uscc) AS n FROM enterprises WHERE CASE WHEN founded = 1999 THEN district = '南山' ELSE true END",
    ]) {
      const r = await m.ask(sql);
      expect({ sql, rows: r.rows, withheld: r.withheld }).toEqual({ sql, rows: [], withheld: { minSubjects: 0, differencing: 1 } });
    }
  });

  it('with GROUP BY: each group is compared with the same group of earlier answers (one enterprise per district would be singled out)', async () => {
    const m = new GrantMemory();
    const first = await m.ask('SELECT district, count(*) AS n, sum(capital) AS total FROM enterprises WHERE founded > 1998 GROUP BY district ORDER BY district');
    expect(first.rows.map((r) => [r[0], r[1]])).toEqual([['南山', '8'], ['福田', '9']]);
    for (const sql of [
      'SELECT district, count(*) AS n, sum(capital) AS total FROM enterprises WHERE founded >= 2000 GROUP BY district',
      'SELECT district, sum(capital) AS total FROM enterprises WHERE founded BETWEEN 2000 AND 2014 GROUP BY district',
      // the same grouping written otherwise: through a derived table, or as an expression with the same values
      'SELECT d, sum(capital) FROM (SELECT district AS d, capital, founded FROM enterprises) t WHERE founded > 1999 GROUP BY d',
      "SELECT district || '' AS d, sum(capital) FROM enterprises WHERE founded > 1999 GROUP BY district || ''",
      'SELECT CAST(district AS VARCHAR) AS d, count(*) FROM enterprises WHERE founded > 1999 GROUP BY CAST(district AS VARCHAR)',
    ]) {
      const r = await m.ask(sql);
      expect({ sql, rows: r.rows, withheld: r.withheld }).toEqual({ sql, rows: [], withheld: { minSubjects: 0, differencing: 2 } });
    }
  });

  it('GROUP BY industry: a group that loses one enterprise is withheld, one that falls under the threshold is suppressed, each counted under its rule', async () => {
    const m = new GrantMemory();
    const first = await m.ask('SELECT industry, count(*) AS n, avg(capital) AS mean FROM enterprises WHERE founded >= 2011 GROUP BY industry ORDER BY industry');
    expect(first.rows.map((r) => [r[0], r[1]])).toEqual([['manufacturing', '6'], ['retail', '5']]);
    expect(first.withheld).toEqual({ minSubjects: 1, differencing: 0 }); // fintech: 1 enterprise
    const second = await m.ask('SELECT industry, count(*) AS n, avg(capital) AS mean FROM enterprises WHERE founded >= 2012 GROUP BY industry ORDER BY industry');
    // manufacturing 6 → 5 (the enterprise founded in 2011 would be singled out); retail 5 → 3 and fintech 1: threshold
    expect(second.rows).toEqual([]);
    expect(second.withheld).toEqual({ minSubjects: 2, differencing: 1 });
    expect(second.suppressed).toBe(3);
    // the full table is 8 and 6: 8 − 6 = 2 and 6 − 5 = 1 would be small differences too
    const all = await m.ask('SELECT industry, sum(capital) AS total FROM enterprises GROUP BY industry ORDER BY industry');
    expect(all.rows).toEqual([]);
    expect(all.withheld).toEqual({ minSubjects: 1, differencing: 2 });
  });

  it('a join: each side is counted and compared on its own, also against single-view answers of the same grouping', async () => {
    const m = new GrantMemory();
    const months = await m.ask('SELECT month, count(DISTINCT uscc) AS n FROM contributions GROUP BY month ORDER BY month');
    expect(months.rows.map((r) => r[1])).toEqual(['17', '17', '17']);
    const joined = await m.ask(
      'SELECT c.month, sum(c.insured) AS insured FROM enterprises e JOIN contributions c ON e.uscc = c.uscc WHERE e.founded > 1999 GROUP BY c.month ORDER BY c.month',
    );
    expect(joined.rows).toEqual([]);
    expect(joined.withheld).toEqual({ minSubjects: 0, differencing: 3 });
    // the other way round: a join first, then a narrower join through USING with the predicate in a CTE
    const n = new GrantMemory();
    expect((await n.ask('SELECT e.district, sum(c.insured) AS insured FROM enterprises e JOIN contributions c ON e.uscc = c.uscc GROUP BY e.district')).rows).toHaveLength(2);
    const narrower = await n.ask('WITH e AS (SELECT uscc, district FROM enterprises WHERE founded >= 2000) SELECT district, sum(insured) FROM e JOIN contributions USING (uscc) GROUP BY district');
    expect(narrower.rows).toEqual([]);
    expect(narrower.withheld.differencing).toBe(2);
  });

  it('rows without aggregation are released as a whole, so a differencing answer is refused as a whole, by rule, without a value', async () => {
    const m = new GrantMemory();
    const first = await m.ask('SELECT district FROM enterprises WHERE founded > 1998');
    expect(first.rows).toHaveLength(17);
    const e = await m.refusal('SELECT district FROM enterprises WHERE founded > 1999');
    expect(e.code).toBe('GOVERNED_TOO_FEW_SUBJECTS');
    expect(e.rule).toBe('differencing');
    expectNoDataValues(e);
    // and it is compared with aggregates over the whole view (the same key): 15 against 17
    const count = await m.ask('SELECT count(*) FROM enterprises WHERE founded > 1999');
    expect(count.withheld.differencing).toBe(1);
  });

  it('a battery of attacks leaves no two released values of one group whose subjects differ by 1 to 4, and no difference equal to one capital', async () => {
    const m = new GrantMemory();
    const predicates = ['founded > 1998', 'founded > 1999', 'founded >= 2000', 'founded BETWEEN 1999 AND 2014', 'founded BETWEEN 2000 AND 2014', "NOT (founded = 1999 AND district = '福田')", "NOT (founded = 1999 AND district = '南山')", 'founded >= 2011', 'founded >= 2012', 'founded <> 2010', 'founded < 2014'];
    for (const p of predicates) {
      await m.ask(`SELECT sum(capital) AS total FROM enterprises WHERE ${p}`);
      await m.ask(`SELECT district, sum(capital) AS total FROM enterprises WHERE ${p} GROUP BY district`);
      await m.ask(`SELECT industry, sum(capital) AS total FROM enterprises WHERE ${p} GROUP BY industry`);
    }
    const totals = m.released.map((r) => ({ key: r.keys[0]!, subjects: r.subjects[0]!, total: Number(r.row.at(-1)) }));
    expect(totals.length).toBeGreaterThan(3);
    const singles = new Set(Array.from({ length: 17 }, (_, i) => capitalOf(i)));
    for (const a of totals) {
      for (const b of totals) {
        if (a.key !== b.key) continue;
        const d = Math.abs(a.subjects - b.subjects);
        expect(d === 0 || d >= 5, `${a.subjects} vs ${b.subjects}`).toBe(true);
        expect(singles.has(Math.abs(a.total - b.total))).toBe(false);
      }
    }
  });
});

describe('differencing inside one query: an aggregate narrowed below its group, or a HAVING probing a withheld group', () => {
  const narrowed: Array<[string, string, string]> = [
    ['a FILTER that keeps enterprise 0 alone', "SELECT sum(capital) FILTER (WHERE founded = 1999 AND district = '福田') AS x FROM enterprises", 'aggregate_filter'],
    ['a FILTER count of the two enterprises of 1999', 'SELECT count(*) FILTER (WHERE founded = 1999) AS x FROM enterprises', 'aggregate_filter'],
    ['two FILTERs to subtract', 'SELECT sum(capital) FILTER (WHERE founded > 1998) AS a, sum(capital) FILTER (WHERE founded > 1999) AS b FROM enterprises', 'aggregate_filter'],
    ['CASE on a plaintext column inside SUM', "SELECT sum(CASE WHEN district = '福田' THEN capital END) FROM enterprises", 'predicate_in_aggregate'],
    ['CASE inside COUNT', "SELECT industry, count(CASE WHEN district = '南山' THEN 1 END) FROM enterprises GROUP BY industry", 'predicate_in_aggregate'],
    ['a comparison cast to a number inside SUM', "SELECT sum(capital * CAST(district = '福田' AS INTEGER)) FROM enterprises", 'predicate_in_aggregate'],
    ['GREATEST inside SUM (a ramp that keeps the outlier)', 'SELECT sum(greatest(capital, 900000000)) FROM enterprises', 'predicate_in_aggregate'],
    ['NULLIF inside AVG', 'SELECT avg(nullif(capital, 0)) FROM enterprises', 'predicate_in_aggregate'],
    ['LIKE inside COUNT', "SELECT count(district LIKE '福%') FROM enterprises", 'predicate_in_aggregate'],
    ['a CASE computed in a CTE, summed outside', "WITH t AS (SELECT CASE WHEN district = '福田' THEN capital END AS x FROM enterprises) SELECT sum(x) FROM t", 'predicate_in_aggregate'],
    ['…through two derived tables', "WITH t AS (SELECT CASE WHEN district = '福田' THEN capital END AS x FROM enterprises), u AS (SELECT x * 2 AS y FROM t) SELECT count(y) FROM u", 'predicate_in_aggregate'],
  ];
  for (const [what, sql, rule] of narrowed) {
    it(`refuses ${what}`, async () => {
      const e = (await refusal(sql)) as GovernedError;
      expect(e.code, sql).toBe('GOVERNED_CONSTRUCT_NOT_ALLOWED');
      expect(e.rule, sql).toBe(rule);
      expectNoDataValues(e);
    });
  }

  it('a predicate stays usable where the threshold counts what it selects: WHERE, and GROUP BY (also through a CTE)', async () => {
    const r = await run("WITH t AS (SELECT district = '福田' AS futian, capital FROM enterprises) SELECT futian, count(*) AS n, sum(capital) AS total FROM t GROUP BY futian ORDER BY futian");
    expect(r.rows.map((row) => [row[0], row[1]])).toEqual([[false, '8'], [true, '9']]);
    const w = await run("SELECT sum(capital) AS total FROM enterprises WHERE founded = 1999 AND district = '福田'");
    expect(w.rows).toEqual([]);
    expect(w.suppressed).toBe(1);
  });

  it('HAVING is applied to released groups only: the number withheld says nothing about a small group\'s aggregate', async () => {
    // fintech (3 enterprises, withheld) has a capital sum of about 989.7 million; the other groups about 8 and 6 million
    const above = await run('SELECT industry, count(*) AS n FROM enterprises GROUP BY industry HAVING sum(capital) > 990000000');
    const below = await run('SELECT industry, count(*) AS n FROM enterprises GROUP BY industry HAVING sum(capital) > 980000000');
    expect([above.rows, below.rows]).toEqual([[], []]);
    expect([above.suppressed, below.suppressed]).toEqual([1, 1]);
    const released = await run('SELECT industry, count(*) AS n FROM enterprises GROUP BY industry HAVING sum(capital) > 7000000');
    expect(released.rows).toEqual([['manufacturing', '8']]);
    expect(released.suppressed).toBe(1);
  });
});

describe('differencing: legitimate repetition is not withheld', () => {
  it('the same query twice, the same counts with other measures, and other groupings are all released', async () => {
    const m = new GrantMemory();
    const sql = 'SELECT industry, count(*) AS n, sum(capital) AS total FROM enterprises GROUP BY industry ORDER BY industry';
    const a = await m.ask(sql);
    const b = await m.ask(sql);
    expect(b.rows).toEqual(a.rows);
    expect(b.withheld).toEqual({ minSubjects: 1, differencing: 0 });
    const c = await m.ask('SELECT industry, avg(capital) AS mean, count(DISTINCT uscc) AS firms FROM enterprises WHERE founded > 1900 GROUP BY industry');
    expect(c.rows).toHaveLength(2);
    expect(c.withheld.differencing).toBe(0);
    const d = await m.ask('SELECT district, count(*) FROM enterprises GROUP BY district');
    expect(d.rows).toHaveLength(2);
    expect((await m.ask('SELECT count(*) FROM enterprises')).rows).toEqual([['17']]);
    expect((await m.ask('SELECT count(*) FROM enterprises')).rows).toEqual([['17']]);
    // remembered once per (key, count), however often released
    expect([...m.counts.values()].every((counts) => new Set(counts).size === counts.length)).toBe(true);
  });

  it('queries that differ only in constants share a shape; another structure has another shape', async () => {
    const a = await analyzeGovernedQuery('SELECT sum(capital) FROM enterprises WHERE founded > 1998 LIMIT 10', context);
    const b = await analyzeGovernedQuery('SELECT sum(capital) FROM enterprises WHERE founded > 1999 LIMIT 20', context);
    const c = await analyzeGovernedQuery('SELECT sum(capital) FROM enterprises WHERE founded >= 1999', context);
    expect(a.shape).toMatch(/^[0-9a-f]{64}$/);
    expect(b.shape).toBe(a.shape);
    expect(c.shape).not.toBe(a.shape);
    // the executed statement carries the group values for the key, internal columns never released
    const g = await analyzeGovernedQuery('SELECT industry, count(*) FROM enterprises GROUP BY industry', context);
    expect(g.groupings).toEqual(['SZ-MS-ENTERPRISE.industry']);
    expect(g.executedSql).toMatch(/ AS "?__g0"?/);
    const r = await runGovernedQuery(session, g);
    expect(r.columns.map((col) => col.name)).toEqual(['industry', 'count_star()']);
    expect(r.releases.facts.map((f) => f.subjects)).toEqual(r.rows.map((row) => [Number(row[1])]));
  });
});
