import { describe, expect, it } from 'vitest';
import { parseStatements, withoutLocations } from './parser.ts';
import { printInJs } from './printer.ts';

// The JS printer is a shortcut, never the judge: what it prints must parse back to the same tree, and what it does
// not know it must decline (DuckDB then prints). These texts cover each construct it prints, and some it declines.

async function roundTrip(sql: string): Promise<{ printed: string | undefined; same: boolean }> {
  const [tree] = await parseStatements(sql);
  const printed = printInJs(tree!);
  if (printed === undefined) return { printed, same: false };
  const again = await parseStatements(printed);
  return { printed, same: again.length === 1 && withoutLocations(again[0]) === withoutLocations(tree) };
}

const PRINTED = [
  'SELECT industry, count(*) AS n, sum(capital) AS total, avg(capital) FROM enterprises WHERE founded >= 2010 GROUP BY industry ORDER BY total DESC LIMIT 10',
  'SELECT district, industry, count(*), sum(capital) FROM enterprises WHERE founded BETWEEN 1990 AND 2000 GROUP BY district, industry',
  'WITH recent AS (SELECT uscc, industry FROM enterprises WHERE founded > 2015) SELECT industry, count(DISTINCT uscc) FROM recent GROUP BY industry HAVING count(*) > 100',
  'WITH r(a, b) AS MATERIALIZED (SELECT 1, 2), s AS NOT MATERIALIZED (SELECT 3) SELECT a FROM r, s',
  'SELECT e.district, sum(f.capital) FROM enterprises e JOIN enterprises AS f ON e.uscc = f.uscc LEFT JOIN x USING (uscc) GROUP BY e.district ORDER BY 1',
  'SELECT a FROM t RIGHT JOIN u ON t.k = u.k FULL OUTER JOIN v ON v.k = u.k CROSS JOIN w',
  'SELECT s.a FROM (SELECT 1 AS a ORDER BY a NULLS FIRST LIMIT 3 OFFSET 1) s(a)',
  'SELECT DISTINCT a, CAST(b AS DECIMAL(10,2)), TRY_CAST(c AS VARCHAR), CAST(d AS DOUBLE), CAST(e AS DATE) FROM t',
  "SELECT 'it''s', '福田区', '', 0.50, 1.5, -2.25, -7, 12345678901, NULL FROM t",
  'SELECT a + b * c - d / e % f, a || b, -a, a // 2 FROM t',
  "SELECT a FROM t WHERE a LIKE 'x%' AND b NOT LIKE '%y' AND c ILIKE 'z' OR NOT d",
  'SELECT a FROM t WHERE x IN (1, 2) AND y NOT IN (3) AND z IS NULL AND w IS NOT NULL AND v IS DISTINCT FROM 1 AND u IS NOT DISTINCT FROM 2 AND q <> 4 AND r <= 5',
  'SELECT CASE WHEN a > 1 THEN 1 WHEN a < 0 THEN -1 ELSE 0 END, CASE WHEN b THEN 1 END, coalesce(a, b, 0) FROM t',
  'SELECT a FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.k = t.k) AND b = (SELECT max(v) FROM u)',
  'SELECT count(*) FILTER (WHERE a > 1), string_agg(b, \',\' ORDER BY b DESC) FROM t',
  'SELECT 1 UNION ALL SELECT 2 UNION SELECT 3 EXCEPT SELECT 4 INTERSECT SELECT 5',
  'SELECT "Mixed Case", "we""ird" FROM "Table"',
];

const DECLINED = [
  'SELECT a, sum(b) OVER (PARTITION BY a) FROM t',
  'SELECT a, count(*) FROM t GROUP BY ROLLUP (a)',
  'SELECT a FROM t QUALIFY a > 1',
  'SELECT a FROM t USING SAMPLE 10%',
  'SELECT a FROM main.t',
  'SELECT [1, 2][1]',
  'SELECT x -> x + 1',
  'SELECT a FROM t WHERE a > ANY (SELECT b FROM u)',
  'SELECT 1e3, TRUE',
  'SELECT * EXCLUDE (a) FROM t',
];

describe('the JS printer of analysed trees', () => {
  it.each(PRINTED)('prints %s so that it parses back to the same tree', async (sql) => {
    const { printed, same } = await roundTrip(sql);
    expect(printed).toBeTypeOf('string');
    expect(same).toBe(true);
  });

  it.each(DECLINED)('declines %s (DuckDB prints it instead)', async (sql) => {
    const [tree] = await parseStatements(sql);
    expect(printInJs(tree!)).toBeUndefined();
  });
});
