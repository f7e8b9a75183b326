// A SQL printer in JS for the common part of the trees the analyser lets through: plain SELECTs with CTEs, joins,
// subqueries, GROUP BY, ORDER BY/LIMIT, set operations, and the usual expressions (columns, constants, functions,
// aggregates with DISTINCT, comparisons, AND/OR/NOT, IN, BETWEEN, IS NULL, CASE, CAST).
//
// It exists for speed only: printing through DuckDB (json_deserialize_sql) costs a second, heavier call to the parser
// instance on every new text. Soundness does not rest on it: whatever it prints is parsed again by DuckDB and must
// give exactly the analysed tree, or the caller falls back to DuckDB's own printer (see parser.ts `printStatement`).
// So it may print more parentheses than DuckDB would, and anything it does not know it refuses (`undefined`) rather
// than guesses.

/** A node of DuckDB's serialized AST (as parser.ts reads it). */
type AstNode = { [key: string]: unknown };

class Unprintable extends Error {}

const fail = (): never => {
  throw new Unprintable();
};

/** The statement as SQL text, or undefined when it holds something this printer does not print. */
export function printInJs(statement: AstNode): string | undefined {
  try {
    if (!isEmptyList(statement.named_param_map)) fail();
    return query(node(statement.node));
  } catch (err) {
    if (err instanceof Unprintable) return undefined;
    throw err;
  }
}

const node = (v: unknown): AstNode => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as AstNode) : fail());
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : fail());
const text = (v: unknown): string => (typeof v === 'string' ? v : fail());
const isEmptyList = (v: unknown) => Array.isArray(v) && v.length === 0;
const absent = (v: unknown) => v === null || v === undefined;

const ident = (name: unknown) => `"${text(name).replaceAll('"', '""')}"`;
const literal = (s: string) => `'${s.replaceAll("'", "''")}'`;

// ── query nodes ─────────────────────────────────────────────────────────────────────────────────────────────

function query(n: AstNode): string {
  const ctes = withClause(node(n.cte_map));
  let body: string;
  if (n.type === 'SELECT_NODE') body = select(n);
  else if (n.type === 'SET_OPERATION_NODE') body = setOperation(n);
  else return fail();
  return `${ctes}${body}${modifiers(list(n.modifiers))}`;
}

function withClause(cteMap: AstNode): string {
  const entries = list(cteMap.map);
  if (entries.length === 0) return '';
  const parts = entries.map((e) => {
    const entry = node(e);
    const cte = node(entry.value);
    if (!isEmptyList(cte.key_targets ?? [])) fail();
    const aliases = list(cte.aliases);
    const materialized = cte.materialized === 'CTE_MATERIALIZE_DEFAULT' ? '' : cte.materialized === 'CTE_MATERIALIZE_ALWAYS' ? 'MATERIALIZED ' : cte.materialized === 'CTE_MATERIALIZE_NEVER' ? 'NOT MATERIALIZED ' : fail();
    const sub = node(cte.query);
    if (!isEmptyList(sub.named_param_map)) fail();
    return `${ident(entry.key)}${aliases.length ? `(${aliases.map(ident).join(', ')})` : ''} AS ${materialized}(${query(node(sub.node))})`;
  });
  return `WITH ${parts.join(', ')} `;
}

function select(n: AstNode): string {
  if (!absent(n.sample) || !absent(n.qualify) || n.aggregate_handling !== 'STANDARD_HANDLING') fail();
  const modifiersList = list(n.modifiers);
  const distinct = modifiersList.some((m) => node(m).type === 'DISTINCT_MODIFIER' && isEmptyList(node(m).distinct_on_targets));
  let sql = `SELECT ${distinct ? 'DISTINCT ' : ''}${list(n.select_list).map((e) => aliased(node(e))).join(', ')}`;
  const from = node(n.from_table);
  if (from.type !== 'EMPTY') sql += ` FROM ${tableRef(from)}`;
  else if (from.alias !== '' || !absent(from.sample)) fail();
  if (!absent(n.where_clause)) sql += ` WHERE ${expr(node(n.where_clause))}`;
  const groups = list(n.group_expressions);
  const sets = list(n.group_sets);
  if (groups.length > 0) {
    // plain GROUP BY a, b: one grouping set of every expression in order (ROLLUP, CUBE, GROUPING SETS are not printed here)
    const only = sets.length === 1 ? list(sets[0]) : fail();
    if (only.length !== groups.length || only.some((v, i) => v !== i)) fail();
    sql += ` GROUP BY ${groups.map((g) => expr(node(g))).join(', ')}`;
  } else if (sets.length !== 0) fail();
  if (!absent(n.having)) sql += ` HAVING ${expr(node(n.having))}`;
  return sql;
}

function setOperation(n: AstNode): string {
  const op = n.setop_type === 'UNION' ? 'UNION' : n.setop_type === 'EXCEPT' ? 'EXCEPT' : n.setop_type === 'INTERSECT' ? 'INTERSECT' : fail();
  const all = n.setop_all === true ? ' ALL' : n.setop_all === false ? '' : fail();
  const children = 'left' in n ? [n.left, n.right] : list(n.children);
  if (children.length !== 2) fail();
  return children.map((c) => `(${query(node(c))})`).join(` ${op}${all} `);
}

/** ORDER BY, LIMIT/OFFSET (DISTINCT is printed with the SELECT). */
function modifiers(mods: unknown[]): string {
  let sql = '';
  for (const m of mods.map(node)) {
    if (m.type === 'DISTINCT_MODIFIER') {
      if (!isEmptyList(m.distinct_on_targets)) fail();
    } else if (m.type === 'ORDER_MODIFIER') {
      sql += ` ORDER BY ${list(m.orders).map((o) => orderTerm(node(o))).join(', ')}`;
    } else if (m.type === 'LIMIT_MODIFIER') {
      if (!absent(m.limit)) sql += ` LIMIT ${expr(node(m.limit))}`;
      if (!absent(m.offset)) sql += ` OFFSET ${expr(node(m.offset))}`;
    } else fail();
  }
  return sql;
}

function orderTerm(o: AstNode): string {
  const direction = o.type === 'ORDER_DEFAULT' ? '' : o.type === 'ASCENDING' ? ' ASC' : o.type === 'DESCENDING' ? ' DESC' : fail();
  const nulls = o.null_order === 'ORDER_DEFAULT' ? '' : o.null_order === 'NULLS FIRST' ? ' NULLS FIRST' : o.null_order === 'NULLS LAST' ? ' NULLS LAST' : fail();
  return `${expr(node(o.expression))}${direction}${nulls}`;
}

// ── table references ────────────────────────────────────────────────────────────────────────────────────────

function tableRef(t: AstNode): string {
  if (!absent(t.sample)) fail();
  if (t.type === 'BASE_TABLE') {
    if (!absent(t.at_clause) || t.catalog_name !== '' || t.schema_name !== '') fail();
    return `${ident(t.table_name)}${tableAlias(t)}`;
  }
  if (t.type === 'SUBQUERY') {
    const sub = node(t.subquery);
    if (!isEmptyList(sub.named_param_map)) fail();
    return `(${query(node(sub.node))})${tableAlias(t)}`;
  }
  if (t.type === 'JOIN') {
    if (t.alias !== '' || t.delim_flipped !== false || !isEmptyList(t.duplicate_eliminated_columns)) fail();
    const left = tableRef(node(t.left));
    const right = tableRef(node(t.right));
    if (t.ref_type === 'CROSS') return `(${left} CROSS JOIN ${right})`;
    if (t.ref_type !== 'REGULAR') fail();
    const kind = t.join_type === 'INNER' ? 'JOIN' : t.join_type === 'LEFT' ? 'LEFT JOIN' : t.join_type === 'RIGHT' ? 'RIGHT JOIN' : t.join_type === 'FULL' ? 'FULL JOIN' : fail();
    const using = list(t.using_columns);
    if (using.length > 0) {
      if (!absent(t.condition)) fail();
      return `(${left} ${kind} ${right} USING (${using.map(ident).join(', ')}))`;
    }
    return `(${left} ${kind} ${right} ON ${expr(node(t.condition))})`;
  }
  return fail();
}

function tableAlias(t: AstNode): string {
  const columns = list(t.column_name_alias);
  const alias = text(t.alias);
  if (alias === '') return columns.length ? fail() : '';
  return ` AS ${ident(alias)}${columns.length ? `(${columns.map(ident).join(', ')})` : ''}`;
}

// ── expressions ─────────────────────────────────────────────────────────────────────────────────────────────

/** A select-list item: the expression and its alias. */
function aliased(e: AstNode): string {
  const alias = text(e.alias);
  return alias === '' ? expr(e, true) : `${expr(e, true)} AS ${ident(alias)}`;
}

const COMPARISONS: Record<string, string> = {
  COMPARE_EQUAL: '=',
  COMPARE_NOTEQUAL: '!=',
  COMPARE_LESSTHAN: '<',
  COMPARE_GREATERTHAN: '>',
  COMPARE_LESSTHANOREQUALTO: '<=',
  COMPARE_GREATERTHANOREQUALTO: '>=',
  COMPARE_DISTINCT_FROM: 'IS DISTINCT FROM',
  COMPARE_NOT_DISTINCT_FROM: 'IS NOT DISTINCT FROM',
};

/** Infix operators that are functions in the tree (`is_operator`), printed between their two operands. */
const INFIX = new Set(['+', '-', '*', '/', '//', '%', '||', '~~', '!~~', '~~*', '!~~*', '^', '**', '&', '|', '<<', '>>']);
const FUNCTION_NAME = /^[a-z_][a-z0-9_]*$/;

/** An expression; its alias must be empty unless it heads a select-list item (`top`). */
function expr(e: AstNode, top = false): string {
  if (!top && e.alias !== '') fail();
  switch (e.class) {
    case 'COLUMN_REF':
      return list(e.column_names).map(ident).join('.');
    case 'CONSTANT':
      return constant(node(e.value));
    case 'COMPARISON':
      return `(${expr(node(e.left))} ${COMPARISONS[text(e.type)] ?? fail()} ${expr(node(e.right))})`;
    case 'CONJUNCTION': {
      const op = e.type === 'CONJUNCTION_AND' ? ' AND ' : e.type === 'CONJUNCTION_OR' ? ' OR ' : fail();
      const children = list(e.children);
      if (children.length < 2) fail();
      return `(${children.map((c) => expr(node(c))).join(op)})`;
    }
    case 'BETWEEN':
      return `(${expr(node(e.input))} BETWEEN ${expr(node(e.lower))} AND ${expr(node(e.upper))})`;
    case 'CAST':
      return `${e.try_cast === true ? 'TRY_CAST' : e.try_cast === false ? 'CAST' : fail()}(${expr(node(e.child))} AS ${typeName(node(e.cast_type))})`;
    case 'CASE': {
      const checks = list(e.case_checks).map((c) => `WHEN ${expr(node(node(c).when_expr))} THEN ${expr(node(node(c).then_expr))}`);
      if (checks.length === 0) fail();
      return `CASE ${checks.join(' ')} ELSE ${expr(node(e.else_expr))} END`;
    }
    case 'OPERATOR':
      return operator(e);
    case 'FUNCTION':
      return call(e);
    case 'SUBQUERY': {
      const sub = node(e.subquery);
      if (!isEmptyList(sub.named_param_map) || !absent(e.child)) fail();
      const inner = `(${query(node(sub.node))})`;
      if (e.subquery_type === 'SCALAR') return inner;
      if (e.subquery_type === 'EXISTS') return `(EXISTS ${inner})`;
      return fail();
    }
    default:
      return fail();
  }
}

function operator(e: AstNode): string {
  const children = list(e.children).map((c) => expr(node(c)));
  switch (e.type) {
    case 'OPERATOR_NOT':
      return children.length === 1 ? `(NOT ${children[0]})` : fail();
    case 'OPERATOR_IS_NULL':
      return children.length === 1 ? `(${children[0]} IS NULL)` : fail();
    case 'OPERATOR_IS_NOT_NULL':
      return children.length === 1 ? `(${children[0]} IS NOT NULL)` : fail();
    case 'COMPARE_IN':
    case 'COMPARE_NOT_IN':
      if (children.length < 2) fail();
      return `(${children[0]} ${e.type === 'COMPARE_IN' ? 'IN' : 'NOT IN'} (${children.slice(1).join(', ')}))`;
    case 'OPERATOR_COALESCE':
      return children.length >= 1 ? `COALESCE(${children.join(', ')})` : fail();
    default:
      return fail();
  }
}

function call(e: AstNode): string {
  if (e.schema !== '' || e.catalog !== '' || e.export_state !== false) fail();
  const name = text(e.function_name);
  const children = list(e.children).map((c) => expr(node(c)));
  if (e.is_operator === true) {
    if (e.distinct !== false || !absent(e.filter) || !isEmptyList(node(e.order_bys).orders) || !INFIX.has(name)) fail();
    if (children.length === 2) return `(${children[0]} ${name} ${children[1]})`;
    if (children.length === 1 && (name === '-' || name === '+')) return `(${name}${children[0]})`;
    return fail();
  }
  if (!FUNCTION_NAME.test(name) || e.is_operator !== false) fail();
  const orders = list(node(e.order_bys).orders);
  const order = orders.length ? ` ORDER BY ${orders.map((o) => orderTerm(node(o))).join(', ')}` : '';
  const distinct = e.distinct === true ? 'DISTINCT ' : e.distinct === false ? '' : fail();
  if (name === 'count_star') {
    if (children.length !== 0 || distinct || order) fail();
  }
  const filter = absent(e.filter) ? '' : ` FILTER (WHERE ${expr(node(e.filter))})`;
  return `${name}(${distinct}${children.join(', ')}${order})${filter}`;
}

/** Types without parameters, and DECIMAL(width, scale). */
const SIMPLE_TYPES = new Set(['BOOLEAN', 'TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT', 'UTINYINT', 'USMALLINT', 'UINTEGER', 'UBIGINT', 'FLOAT', 'DOUBLE', 'VARCHAR', 'DATE', 'TIME', 'TIMESTAMP', 'TIMESTAMP WITH TIME ZONE', 'INTERVAL', 'BLOB']);

function typeName(t: AstNode): string {
  const id = text(t.id);
  if (id === 'DECIMAL') {
    const info = node(t.type_info);
    if (info.type !== 'DECIMAL_TYPE_INFO' || info.alias !== '' || !absent(info.extension_info)) fail();
    return `DECIMAL(${decimalPart(info.width)}, ${decimalPart(info.scale)})`;
  }
  if (!absent(t.type_info) || !SIMPLE_TYPES.has(id)) fail();
  return id;
}

const decimalPart = (v: unknown): number => (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 38 ? v : fail());

/** A constant as the literal DuckDB parses back to the same value and type (else: not printed here). */
function constant(v: AstNode): string {
  const type = node(v.type);
  const id = text(type.id);
  if (v.is_null === true) return id === 'NULL' ? 'NULL' : fail();
  if (v.is_null !== false) fail();
  const value = v.value;
  const integer = (n: unknown): number => (typeof n === 'number' && Number.isSafeInteger(n) ? n : fail());
  switch (id) {
    case 'INTEGER':
    case 'BIGINT': {
      if (!absent(type.type_info)) fail();
      const n = integer(value);
      return n < 0 ? `(${n})` : String(n);
    }
    case 'VARCHAR':
      if (!absent(type.type_info)) fail();
      return literal(text(value));
    case 'DECIMAL': {
      const info = node(type.type_info);
      const scale = decimalPart(info.scale);
      const n = integer(value);
      if (scale === 0) fail();
      const digits = String(Math.abs(n)).padStart(scale + 1, '0');
      const printed = `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
      return n < 0 ? `(-${printed})` : printed;
    }
    default:
      return fail();
  }
}
