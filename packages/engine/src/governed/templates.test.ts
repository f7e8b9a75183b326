import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withoutLocations } from './parser.ts';
import { instantiate, lexTemplate, templateOf } from './templates.ts';

// A text of a known template must get exactly the tree DuckDB gives it, but for source positions; a text the rules
// cannot vouch for must get no template. DuckDB is asked directly here (not through parser.ts and its caches).

let instance: DuckDBInstance;
let serialize: (sql: string) => Promise<string>;

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  serialize = async (sql) => {
    const reader = await connection.runAndReadAll('SELECT json_serialize_sql($1::VARCHAR)', [sql]);
    return String(reader.getRows()[0]![0]);
  };
});
afterAll(() => instance.closeSync());

const statementsOf = (json: string) => (JSON.parse(json) as { statements: unknown[] }).statements;

/** The tree `second` gets from `first`'s template, and the tree DuckDB gives `second` itself. */
async function both(first: string, second: string) {
  const a = lexTemplate(first);
  const b = lexTemplate(second);
  expect(a).toBeDefined();
  expect(b?.key).toBe(a!.key);
  const template = templateOf(await serialize(first), a!);
  expect(template).toBeDefined();
  return { ours: withoutLocations(instantiate(template!, b!)), duckdb: withoutLocations(statementsOf(await serialize(second))) };
}

describe('query templates', () => {
  it.each([
    ['SELECT industry, count(*) FROM e WHERE founded >= 2010 GROUP BY industry ORDER BY 2 DESC LIMIT 10', 'SELECT industry, count(*) FROM e WHERE founded >= 1999 GROUP BY industry ORDER BY 1 DESC LIMIT 3'],
    ["SELECT district FROM e WHERE district = '福田区' AND note <> 'it''s'", "SELECT district\n  FROM e   WHERE district = '南山区' AND note <> ''"],
    ['WITH r AS (SELECT uscc FROM e WHERE founded > 2015) SELECT count(*) FROM r -- recent', 'WITH r AS (SELECT uscc FROM e WHERE founded > 0) /* another */ SELECT count(*) FROM r'],
    ["SELECT a FROM e WHERE founded BETWEEN 1990 AND 2000 AND d IN ('x', 'y') AND CAST('2024-01-01' AS DATE) < t", "SELECT a FROM e WHERE founded BETWEEN 5 AND 2147483647 AND d IN ('z', 'w') AND CAST('2020-02-02' AS DATE) < t"],
  ])('%s and %s: the template gives the tree DuckDB gives', async (first, second) => {
    const { ours, duckdb } = await both(first, second);
    expect(ours).toBe(duckdb);
  });

  it('keeps literals it cannot vouch for in the key', () => {
    const key = (sql: string) => lexTemplate(sql)?.key;
    expect(key('SELECT 1.5')).not.toBe(key('SELECT 2.5'));
    expect(key('SELECT 1e3')).not.toBe(key('SELECT 2e3'));
    expect(key('SELECT 3000000000')).not.toBe(key('SELECT 3000000001'));
    expect(key("SELECT E'a'")).not.toBe(key("SELECT E'b'"));
    expect(key('SELECT 007')).not.toBe(key('SELECT 008'));
    expect(key('SELECT 0x1F')).not.toBe(key('SELECT 5x1F'));
    expect(key("SELECT 'a\\n'")).not.toBe(key("SELECT 'b\\n'"));
    // tokens glued or apart are different keys
    expect(key('SELECT a<=1')).not.toBe(key('SELECT a< =1'));
    expect(key('SELECT 1 a')).not.toBe(key('SELECT 1a'));
    expect(key('SELECT 5 AS x')).toBe(key('SELECT   6\tAS x'));
  });

  it('has no key for text it does not lex', () => {
    expect(lexTemplate('SELECT $$x$$')).toBeUndefined();
    expect(lexTemplate("SELECT 'open")).toBeUndefined();
    expect(lexTemplate('SELECT 1 /* a /* nested */ */')).toBeUndefined();
    expect(lexTemplate('SELECT `a`')).toBeUndefined();
  });

  it('makes no template where a literal did not become a constant of its own', async () => {
    for (const sql of ['SELECT -5', 'SELECT CAST(a AS DECIMAL(10, 2)) FROM t', 'SELECT a FROM t USING SAMPLE 10 ROWS']) {
      const lexed = lexTemplate(sql)!;
      expect(lexed.literals.length).toBeGreaterThan(0);
      expect(templateOf(await serialize(sql), lexed)).toBeUndefined();
    }
  });
});
