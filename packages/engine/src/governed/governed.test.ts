import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession, type SandboxSession } from '../sandbox/session.ts';
import { EngineError } from '../sandbox/errors.ts';
import { GovernedError } from './errors.ts';
import { analyzeGovernedQuery } from './rewrite.ts';
import { runGovernedQuery } from './run.ts';
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
    expect(a.executedSql).toContain('count(DISTINCT enterprises.uscc) AS __s0');
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
