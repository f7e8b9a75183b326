import { createHash } from 'node:crypto';
import { quoteIdentifier } from '../ingest/sql.ts';
import { Analyser, arr, obj, parseOneSelect, type AnalysedQuery } from './analyze.ts';
import { GovernedError } from './errors.ts';
import { parseStatements, printStatement, type AstNode } from './parser.ts';
import type { GovernedAnalysis, GovernedContext } from './types.ts';

// The statement that runs. The analysed query becomes the body of a CTE `__governed`, with three changes made on its
// tree (never on its text): released items are renamed `__c<i>`, ORDER BY expressions that are not released items
// become hidden columns `__o<j>`, and the subject keys of the views it reads are added — counted per group
// (`count(DISTINCT key) AS __s<k>`) in an aggregate query, carried per row (`key AS __k<k>`) otherwise. ORDER BY,
// LIMIT/OFFSET and DISTINCT move to the wrapper. An aggregate query also gets a copy of each GROUP BY expression that
// reads a field (`<expr> AS __g<j>`), the group's values that key the differencing control. The wrapper returns one
// summary row (`__part = 0`) and then the released rows (`__part = 1`); after the three leading columns come the
// per-view-instance subject counts `__s<k>` and the group values `__g<j>` (internal: never released), then the
// released items `__c<i>` and hidden ORDER BY columns `__o<j>`:
//
//   WITH __governed AS MATERIALIZED (<analysed query, rewritten>)
//   SELECT * FROM (
//     SELECT 0 AS __part, <withheld groups | subjects overall> …, <NULL | subjects overall per instance> AS __s0, …, NULL AS __c0, … FROM __governed
//     UNION ALL
//     (SELECT 1 AS __part, …, __s0, …, __g0, …, __c0, … FROM __governed WHERE __s0 >= k AND … ORDER BY … LIMIT …)
//   ) ORDER BY __part, …
//
// Why this is sound:
// - Aggregate query: each row of `__governed` is one group of the analysed query, and `__s<k>` is the number of
//   distinct subjects of view instance k among the rows that formed that group (after WHERE and JOIN, i.e. exactly
//   the rows its aggregates read: an aggregate cannot pick fewer, as FILTER and predicates in its input are refused
//   by the analyser). A group is released only if every view instance it reads contributes at least
//   minSubjects subjects; the others are only counted. A LEFT JOIN side that contributes nobody to a group fails the
//   test too (conservative). HAVING becomes a hidden column `__h` of every group and is applied after the threshold,
//   to released groups only: it cannot resurrect a withheld group, and whether a withheld group satisfies it never
//   shows in the count of withheld groups (`HAVING sum(capital) > x` moved past a 3-enterprise group's sum would
//   otherwise flip that count, a bit per query about the group). LIMIT runs after the threshold too, so it cannot
//   pick a group. Adding aggregates to the select list does not change the grouping.
// - Non-aggregate query: every released column was checked to come from `plaintext` fields only, so the values are
//   publishable; what remains is what the WHERE/JOIN predicates say about the rows, which is released only if the
//   rows before LIMIT cover at least minSubjects subjects of every view instance (else nothing is released).
// - The rewritten tree is printed by DuckDB and parsed again: the text that runs must parse to exactly the tree that
//   was analysed (source positions aside), or the query is refused. The wrapper's own text names only identifiers
//   generated here and integers.

export const PART = '__part';
export const SUPPRESSED = '__suppressed';
export const SUBJECTS = '__subjects';

interface Templates {
  columnRef: AstNode;
  countDistinct: AstNode;
  selectNode: AstNode;
}
let templates: Promise<Templates> | undefined;

function loadTemplates(): Promise<Templates> {
  templates ??= (async () => {
    const [s] = await parseStatements('SELECT "a"."b" AS "x", count(DISTINCT "a"."b") AS "y"');
    const node = obj(obj(s).node);
    const [columnRef, countDistinct] = arr(node.select_list).map(obj) as [AstNode, AstNode];
    return { columnRef, countDistinct, selectNode: { ...node, select_list: [] } };
  })();
  return templates;
}

/** Analyses a governed query against the grant and produces the statement that enforces it (see module comment). */
export async function analyzeGovernedQuery(sql: string, context: GovernedContext): Promise<GovernedAnalysis> {
  checkContext(context);
  const statement = await parseOneSelect(sql);
  const t = await loadTemplates();
  const columnRef = (names: string[], alias: string): AstNode => ({ ...structuredClone(t.columnRef), column_names: [...names], alias });
  const analyser = new Analyser(context, columnRef);
  const q = analyser.analyseTop(statement);
  const visited = analyser.visited;
  const shape = shapeOf(q.statement);

  // Display names: an alias, a field's name, or the expression as DuckDB prints it (printed with the statement below).
  const columns: Array<string | undefined> = q.items.map((item) => plainName(item.expr));
  const unnamed: AstNode[] = [];
  q.items.forEach((item, i) => {
    if (columns[i] === undefined) unnamed.push(displayStatement(item.expr, t.selectNode));
  });

  const node = q.node;
  const list: AstNode[] = [];
  q.items.forEach((item, i) => list.push(Object.assign(item.expr, { alias: `__c${i}` })));
  const order: Array<{ column: string; descending: boolean | undefined; nullsFirst: boolean | undefined }> = [];
  let hidden = 0;
  for (const o of q.order) {
    if ('item' in o.target) {
      order.push({ column: `__c${o.target.item}`, descending: o.descending, nullsFirst: o.nullsFirst });
    } else {
      const name = `__o${hidden++}`;
      list.push(Object.assign(o.target.hidden, { alias: name }));
      order.push({ column: name, descending: o.descending, nullsFirst: o.nullsFirst });
    }
  }
  q.subjects.forEach((subject, k) => {
    const added = q.aggregate
      ? { ...structuredClone(t.countDistinct), alias: `__s${k}`, children: [columnRef(subject.ref, '')] }
      : columnRef(subject.ref, `__k${k}`);
    markAll(added, visited);
    list.push(added);
  });
  // The group's own values (each a copy of a GROUP BY expression, already analysed as a group key): the differencing
  // control keys a released row by them (hashed, never shown).
  q.groupings.forEach((g, j) => {
    const added = { ...structuredClone(g.expr), alias: `__g${j}` };
    markAll(added, visited);
    list.push(added);
  });
  const having = node.having !== null && node.having !== undefined;
  if (having) {
    list.push(Object.assign(obj(node.having), { alias: '__h' }));
    node.having = null;
  }
  node.select_list = list;
  node.modifiers = [];
  sweep(node, visited);

  // One call to the parser: the rewritten tree printed (the text that runs parses to exactly this tree), and the display names.
  const printed = await printStatement(q.statement, unnamed);
  const inner = printed.text;
  let next = 0;
  const names = columns.map((c) => c ?? printed.extras[next++]!.replace(/^SELECT\s+/i, ''));

  const executedSql = wrap(inner, q, names.length, hidden, order, context, having);
  return {
    sql,
    executedSql,
    aggregate: q.aggregate,
    columns: names,
    minSubjects: context.minSubjects,
    maxRows: context.maxRows,
    subjectCounts: q.subjects.length,
    subjectResources: q.subjects.map((s) => s.resource),
    groupings: q.groupings.map((g) => g.signature),
    shape,
    touched: analyser.touched,
  };
}

function wrap(
  inner: string,
  q: Omit<AnalysedQuery, 'touched' | 'visited' | 'items'>,
  nColumns: number,
  nHidden: number,
  order: Array<{ column: string; descending: boolean | undefined; nullsFirst: boolean | undefined }>,
  context: GovernedContext,
  having: boolean,
): string {
  const id = quoteIdentifier;
  const k = context.minSubjects;
  const released = [...Array.from({ length: nColumns }, (_, i) => `__c${i}`), ...Array.from({ length: nHidden }, (_, j) => `__o${j}`)];
  const nulls = released.map((c) => `NULL AS ${id(c)}`).join(', ');
  const cols = released.map(id).join(', ');
  const orderSql = order
    .map((o) => `${id(o.column)}${o.descending === true ? ' DESC' : o.descending === false ? ' ASC' : ''}${o.nullsFirst === true ? ' NULLS FIRST' : o.nullsFirst === false ? ' NULLS LAST' : ''}`)
    .join(', ');
  const least = (terms: string[]) => (terms.length === 0 ? 'NULL' : terms.length === 1 ? terms[0]! : `least(${terms.join(', ')})`);
  const n = q.subjects.length;
  // The user's LIMIT applies to released rows; one row more than the cap tells the caller there were more.
  const cap = context.maxRows + 1;
  const limit = ` LIMIT ${q.limit === undefined ? cap : Math.min(q.limit, cap)}${q.offset ? ` OFFSET ${q.offset}` : ''}`;
  const tail = `${orderSql ? ` ORDER BY ${orderSql}` : ''}${limit}`;
  const m = q.groupings.length;
  // The internal columns after the leading three: per view instance its subjects, then the group's values.
  const internal = (subjects: (i: number) => string, groups: (j: number) => string) =>
    [...Array.from({ length: n }, (_, i) => `${subjects(i)} AS ${id(`__s${i}`)}`), ...Array.from({ length: m }, (_, j) => `${groups(j)} AS ${id(`__g${j}`)}`)]
      .map((c) => `, ${c}`)
      .join('');
  const head = (part: number, suppressed: string, subjects: string, rest: string) => `SELECT ${part} AS ${id(PART)}, ${suppressed} AS ${id(SUPPRESSED)}, ${subjects} AS ${id(SUBJECTS)}${rest}`;

  let summary: string;
  let kept: string;
  if (q.aggregate) {
    const ok = n === 0 ? 'true' : Array.from({ length: n }, (_, i) => `${id(`__s${i}`)} >= ${k}`).join(' AND ');
    summary = `${head(0, `count(*) FILTER (WHERE NOT (${ok}))`, 'NULL', internal(() => 'NULL', () => 'NULL'))}, ${nulls} FROM "__governed"`;
    const subjects = least(Array.from({ length: n }, (_, i) => id(`__s${i}`)));
    kept = `${head(1, 'NULL', subjects, internal((i) => id(`__s${i}`), (j) => id(`__g${j}`)))}, ${cols} FROM "__governed" WHERE ${ok}${having ? ` AND ${id('__h')} IS TRUE` : ''}${tail}`;
  } else {
    const subjects = least(Array.from({ length: n }, (_, i) => `count(DISTINCT ${id(`__k${i}`)})`));
    summary = `${head(0, 'NULL', subjects, internal((i) => `count(DISTINCT ${id(`__k${i}`)})`, () => 'NULL'))}, ${nulls} FROM "__governed"`;
    kept = `${q.distinct ? 'SELECT DISTINCT' : 'SELECT'}${head(1, 'NULL', 'NULL', internal(() => 'NULL', () => 'NULL')).slice('SELECT'.length)}, ${cols} FROM "__governed"${tail}`;
  }
  return `WITH "__governed" AS MATERIALIZED (${inner}) SELECT * FROM (${summary} UNION ALL (${kept})) ORDER BY ${id(PART)}${orderSql ? `, ${orderSql}` : ''}`;
}

/** The column name DuckDB would give the item when it is an alias or a field's name; undefined: an expression. */
function plainName(expr: AstNode): string | undefined {
  if (typeof expr.alias === 'string' && expr.alias !== '') return expr.alias;
  if (expr.class === 'COLUMN_REF') return String(arr(expr.column_names).at(-1));
  return undefined;
}

/** `SELECT <expr>`, whose printed text (less `SELECT `) is the name DuckDB gives an unnamed expression. */
function displayStatement(expr: AstNode, selectNode: AstNode): AstNode {
  return { node: { ...structuredClone(selectNode), select_list: [{ ...structuredClone(expr), alias: '' }] }, named_param_map: [] };
}

/** Every expression, table reference and query node of the tree that runs must have been analysed. */
function sweep(root: AstNode, visited: WeakSet<object>): void {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const n = stack.pop();
    if (Array.isArray(n)) stack.push(...n);
    else if (n !== null && typeof n === 'object') {
      const node = n as AstNode;
      if ((typeof node.class === 'string' || typeof node.type === 'string') && !visited.has(node)) {
        throw new GovernedError('GOVERNED_CONSTRUCT_NOT_ALLOWED', 'unanalysed_expression', { message: String(node.class ?? node.type).toLowerCase() });
      }
      stack.push(...Object.values(node));
    }
  }
}

function markAll(n: unknown, visited: WeakSet<object>): void {
  if (Array.isArray(n)) n.forEach((c) => markAll(c, visited));
  else if (n !== null && typeof n === 'object') {
    visited.add(n);
    Object.values(n).forEach((c) => markAll(c, visited));
  }
}

/**
 * The query's shape: a digest of its normalised tree (after `*` expansion, alias substitution and TRY_CAST) with every
 * constant's value blanked and source positions dropped. Queries that differ only in their constants (`founded > 1998`
 * and `founded > 1999`, another LIMIT) share a shape; it is recorded with what an answer released.
 */
function shapeOf(statement: AstNode): string {
  const text = JSON.stringify(statement, (key, value: unknown) => {
    if (key === 'query_location') return undefined;
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && (value as AstNode).class === 'CONSTANT') return { class: 'CONSTANT' };
    return value;
  });
  return createHash('sha256').update(text).digest('hex');
}

const VIEW_NAME = /^[\p{L}_][\p{L}\p{N}_]{0,62}$/u;

/** A context is the caller's (the server's) making: a malformed one is a programming error, not a refusal. */
function checkContext(context: GovernedContext): void {
  if (!(Number.isInteger(context.minSubjects) && context.minSubjects >= 1)) throw new TypeError('minSubjects must be a positive integer');
  if (!(Number.isInteger(context.maxRows) && context.maxRows >= 0 && context.maxRows < 1_000_000)) throw new TypeError('maxRows must be an integer from 0 to 999,999');
  const views = new Set<string>();
  for (const [view, ds] of Object.entries(context.datasets)) {
    if (!VIEW_NAME.test(view) || view.startsWith('__')) throw new TypeError(`view name is not a plain identifier: ${JSON.stringify(view)}`);
    if (views.has(view.toLowerCase())) throw new TypeError(`two views named ${JSON.stringify(view)} (names are case-insensitive)`);
    views.add(view.toLowerCase());
    if (!VIEW_NAME.test(ds.subjectKey)) throw new TypeError(`subject key of ${view} is not a plain identifier`);
    const fields = new Set<string>();
    for (const f of ds.fields) {
      if (!VIEW_NAME.test(f.name) || f.name.startsWith('__')) throw new TypeError(`field of ${view} is not a plain identifier: ${JSON.stringify(f.name)}`);
      if (fields.has(f.name.toLowerCase())) throw new TypeError(`two fields of ${view} named ${JSON.stringify(f.name)} (names are case-insensitive)`);
      fields.add(f.name.toLowerCase());
    }
  }
}
