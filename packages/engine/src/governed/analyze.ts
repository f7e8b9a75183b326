import type { ColumnControl } from '@shuyun/core/policy/usage-policy';
import { AGGREGATES, CONJUNCTIONS, OPERATORS, PERMITTED, SCALAR_FUNCTIONS, SELECTING_FUNCTIONS } from './allow-list.ts';
import { GovernedError } from './errors.ts';
import { parseStatements, type AstNode } from './parser.ts';
import type { ColumnUse, GovernedContext, TouchedField } from './types.ts';

// The analyser: walks DuckDB's own parse tree of the query, resolves every column reference to a (view, field) of
// the grant exactly as DuckDB's binder would (or refuses when it cannot be sure), and checks each use of each column
// against its control. It also normalises the tree so that what runs is what was checked:
//   - `*` is expanded to the granted fields (never to whatever else the Parquet file holds);
//   - references to select-list aliases and positional GROUP BY are replaced by the expressions they name;
//   - every CAST becomes TRY_CAST (a failing cast would otherwise be a data-dependent error, i.e. a 1-bit oracle);
//   - every derived table (FROM subquery, CTE) gets hidden columns carrying the subject keys of the views it reads,
//     so that the outer query can count distinct subjects per output row (rewrite.ts).
// Soundness rests on three things: (1) the tree is DuckDB's, not a re-implementation of its grammar; (2) every name
// is resolved against a scope built here, and anything DuckDB could bind differently (ambiguous names, aliases that
// shadow columns, struct access, correlated or lateral references, relation aliases equal to column names) is
// refused rather than guessed; (3) a final sweep refuses any expression, table reference or query node of the
// executed tree that the walk did not analyse, so a field of the AST this code does not know cannot carry anything.

/** A field of a granted view that a value comes from. */
export interface Origin {
  view: string;
  resource: string;
  field: string;
  control: ColumnControl;
}

/**
 * A column visible in a scope. `direct`: the column is a field itself, not an expression over fields. `selecting`: a
 * derived table's column computed with a predicate or a conditional (`CASE WHEN founded = 1999 THEN capital END`),
 * which may not be an aggregate's input (see `#selecting`).
 */
export interface Binding {
  name: string;
  origins: Origin[];
  direct: boolean;
  selecting?: boolean;
  relation: Relation;
}

export interface Relation {
  alias: string;
  /** Visible columns in order (for `*`); `null` names are unnamed expressions of a derived table. */
  columns: Array<{ name: string | null; binding: Binding }>;
  /** The subject key of each view instance this relation reads: its reference from outside, and the view's resource. */
  subjects: SubjectRef[];
}

/** One view instance's subject key as a relation exposes it: a reference (column_names), and the resource it reads. */
export interface SubjectRef {
  ref: string[];
  resource: string;
}

interface Scope {
  relations: Relation[];
  /** USING columns, visible unqualified as one column. */
  using: Map<string, Binding>;
}

/** A derived table's (or CTE's) analysis, computed once per definition and instantiated per reference. */
interface Derived {
  columns: Array<{ name: string | null; origins: Origin[]; direct: boolean; selecting: boolean }>;
  /** The hidden subject-key columns appended to its select list, and the resource each one's subjects come from. */
  hidden: Array<{ name: string; resource: string }>;
}

interface Env {
  ctes: Map<string, Derived>;
}

interface ExprCtx {
  scope: Scope;
  /** The use of a column met outside any aggregate; `deferred` collects origins (derived select lists). */
  use: ColumnUse | 'deferred';
  aggregatesAllowed: boolean;
  /** In an aggregate query: the bindings that are group keys; other bare references are refused. */
  grouped?: Set<Binding>;
  /**
   * In an aggregate query: the bindings that are a whole GROUP BY expression by themselves (`GROUP BY industry`, not
   * `GROUP BY substr(industry, 1, 2)`). Such a column has one value per group, so its MIN/MAX is the group's key.
   */
  bareKeys?: Set<Binding>;
  collect?: Origin[];
  /** Inside the input of SUM/AVG/COUNT: a predicate or conditional here would narrow the aggregate (refused). */
  inAggregate?: boolean;
  /** In a derived select list: set when the expression selects (a predicate or conditional, here or upstream). */
  selects?: { found: boolean };
}

/** What the analysis of the top-level SELECT hands to the rewrite. */
export interface AnalysedQuery {
  statement: AstNode;
  node: AstNode;
  aggregate: boolean;
  distinct: boolean;
  /** The released expressions (after normalisation), with their display names. */
  items: Array<{ expr: AstNode; name: string }>;
  /** ORDER BY: a released item by index, or a hidden expression. */
  order: Array<{ target: { item: number } | { hidden: AstNode }; descending: boolean | undefined; nullsFirst: boolean | undefined }>;
  limit: number | undefined;
  offset: number | undefined;
  /** The subject key of each view instance of the top-level FROM. */
  subjects: SubjectRef[];
  /**
   * The GROUP BY expressions that depend on a field (constant ones group nothing), each with its signature: the
   * sorted `resource.field` list of the fields it reads (the differencing control's notion of "the same grouping").
   */
  groupings: Array<{ expr: AstNode; signature: string }>;
  touched: TouchedField[];
  /** Every node the walk analysed (the rewrite's nodes are added to it), for the final sweep. */
  visited: WeakSet<object>;
}

const IDENT = /^[\p{L}_][\p{L}\p{N}_]{0,62}$/u;

export class Analyser {
  readonly visited = new WeakSet<object>();
  readonly #datasets = new Map<string, { view: string; resource: string; subjectKey: string; fields: Array<{ name: string; control: ColumnControl }> }>();
  readonly #touched = new Map<string, TouchedField>();
  #hiddenCounter = 0;

  constructor(
    context: GovernedContext,
    /** Builds a column reference node with an alias (from the parser's template). */
    private readonly columnRef: (names: string[], alias: string) => AstNode,
  ) {
    for (const [view, ds] of Object.entries(context.datasets)) {
      const fields = ds.fields.map((f) => ({ name: f.name, control: f.control }));
      this.#datasets.set(view.toLowerCase(), { view, resource: ds.resource, subjectKey: ds.subjectKey, fields });
    }
  }

  get touched(): TouchedField[] {
    return [...this.#touched.values()];
  }

  // ── statements and query nodes ────────────────────────────────────────────────────────────────────────────

  analyseTop(statement: AstNode): Omit<AnalysedQuery, 'touched' | 'visited' | 'items'> & { items: Array<{ expr: AstNode; alias: string }> } {
    const node = obj(statement.node);
    this.visited.add(statement);
    const env: Env = { ctes: new Map() };
    const scope = this.#enterSelect(node, env);
    const mods = this.#modifiers(node);
    const { items, shadowing } = this.#normaliseSelectList(node, scope);
    this.#where(node, scope);
    const aliases = aliasMap(node);
    const aggregate = this.#isAggregate(node, mods.order.map((o) => o.expression));

    let grouped: Set<Binding> | undefined;
    let bareKeys: Set<Binding> | undefined;
    const groupings: AnalysedQuery['groupings'] = [];
    if (aggregate) {
      grouped = new Set();
      bareKeys = new Set();
      const groups = arr(node.group_expressions).map(obj);
      for (const g of groups) {
        const keys = new Set<Binding>();
        this.#expr(g, { scope, use: 'group_key', aggregatesAllowed: false }, keys);
        for (const b of keys) grouped.add(b);
        const fields = [...new Set([...keys].flatMap((b) => b.origins.map((o) => `${o.resource}.${o.field}`)))].sort();
        if (fields.length > 0) groupings.push({ expr: g, signature: fields.join(',') });
        const bare = g.class === 'COLUMN_REF' ? this.#resolve(arr(g.column_names).map(String), scope, true) : undefined;
        if (bare) bareKeys.add(bare);
      }
      if (mods.distinct) this.#refuse('GOVERNED_CONSTRUCT_NOT_ALLOWED', 'distinct_with_aggregate');
    }
    const released: ExprCtx = aggregate
      ? { scope, use: 'group_key', aggregatesAllowed: true, grouped, bareKeys }
      : { scope, use: 'reveal', aggregatesAllowed: false };
    for (const item of items) this.#expr(item.expr, released);
    if (node.having !== null && node.having !== undefined) this.#expr(obj(node.having), released);

    const order: AnalysedQuery['order'] = [];
    for (const o of mods.order) {
      let target = this.#orderTarget(o.expression, items, aliases, shadowing);
      if ('hidden' in target) {
        target = { hidden: this.#substitute(target.hidden, aliases, scope, shadowing) };
        if (mods.distinct) this.#refuse('GOVERNED_CONSTRUCT_NOT_ALLOWED', 'distinct_order_by_hidden');
        this.#expr(target.hidden, released);
      }
      order.push({ target, descending: o.descending, nullsFirst: o.nullsFirst });
    }
    return { statement, node, aggregate, distinct: mods.distinct, items, order, limit: mods.limit, offset: mods.offset, subjects: scope.relations.flatMap((r) => r.subjects), groupings };
  }

  /** Shape, CTEs and FROM of a SELECT node (top-level or derived). */
  #enterSelect(node: AstNode, outer: Env): Scope {
    this.visited.add(node);
    if (node.type !== 'SELECT_NODE') {
      this.#refuse('GOVERNED_CONSTRUCT_NOT_ALLOWED', node.type === 'SET_OPERATION_NODE' ? 'set_operation' : node.type === 'RECURSIVE_CTE_NODE' ? 'recursive_cte' : 'query_node');
    }
    if (node.sample !== null && node.sample !== undefined) this.#refuse('GOVERNED_CONSTRUCT_NOT_ALLOWED', 'sample');
    if (node.qualify !== null && node.qualify !== undefined) this.#refuse('GOVERNED_CONSTRUCT_NOT_ALLOWED', 'qualify');
    if (node.aggregate_handling !== 'STANDARD_HANDLING') this.#refuse('GOVERNED_CONSTRUCT_NOT_ALLOWED', 'group_by_all');
    const groups = arr(node.group_expressions);
    const sets = arr(node.group_sets);
    const oneSet = sets.length === 1 && arr(sets[0]).length === groups.length && arr(sets[0]).every((v, i) => v === i);
    if (!(groups.length === 0 ? sets.length === 0 : oneSet)) this.#refuse('GOVERNED_CONSTRUCT_NOT_ALLOWED', 'grouping_sets');

    const env: Env = { ctes: new Map(outer.ctes) };
    const cteMap = obj(node.cte_map ?? { map: [] });
    this.visited.add(cteMap);
    for (const entry of arr(cteMap.map).map(obj)) {
      this.visited.add(entry);
      const name = String(entry.key);
      const value = obj(entry.value);
      this.visited.add(value);
      this.#checkName(name, 'cte_name');
      if (this.#datasets.has(name.toLowerCase()) || env.ctes.has(name.toLowerCase())) this.#refuse('GOVERNED_CONSTRUCT_NOT_ALLOWED', 'cte_shadows_relation', name);
      if (arr(value.aliases).length > 0) this.#refuse('GOVERNED_CONSTRUCT_NOT_ALLOWED', 'cte_column_aliases');
      const query = obj(value.query);
      this.visited.add(query);
      env.ctes.set(name.toLowerCase(), this.#derived(obj(query.node), env));
    }

    const scope = this.#from(obj(node.from_table), env);
    this.#checkScope(scope);
    return scope;
  }

  /** WHERE (after alias substitution): only the predicate's outcome is used. */
  #where(node: AstNode, scope: Scope): void {
    if (node.where_clause !== null && node.where_clause !== undefined) {
      this.#expr(obj(node.where_clause), { scope, use: 'compare', aggregatesAllowed: false });
    }
  }

  /** A FROM subquery or CTE body: projections, joins and filters only; its columns are checked where they are used. */
  #derived(node: AstNode, outer: Env): Derived {
    const scope = this.#enterSelect(node, outer);
    if (arr(node.modifiers).length > 0) this.#refuse('GOVERNED_CONSTRUCT_NOT_ALLOWED', 'derived_modifier');
    if (arr(node.group_expressions).length > 0 || (node.having !== null && node.having !== undefined)) {
      this.#refuse('GOVERNED_CONSTRUCT_NOT_ALLOWED', 'derived_aggregate');
    }
    const { items } = this.#normaliseSelectList(node, scope);
    this.#where(node, scope);
    const columns: Derived['columns'] = [];
    const names = new Map<string, number>();
    for (const item of items) {
      const collect: Origin[] = [];
      const selects = { found: false };
      // Aggregates are refused here: a derived table's rows would be groups that the threshold never sees.
      this.#expr(item.expr, { scope, use: 'deferred', aggregatesAllowed: false, collect, selects });
      const ref = item.expr.class === 'COLUMN_REF' ? arr(item.expr.column_names).map(String) : undefined;
      const name = item.alias !== '' ? item.alias : ref ? ref.at(-1)! : null;
      const direct = ref !== undefined && this.#resolve(ref, scope, true)?.direct === true;
      columns.push({ name, origins: dedupe(collect), direct, selecting: selects.found });
      if (name !== null) names.set(name.toLowerCase(), (names.get(name.toLowerCase()) ?? 0) + 1);
    }
    // Two columns of the same name cannot be told apart from outside: neither can be referenced.
    for (const c of columns) if (c.name !== null && (names.get(c.name.toLowerCase()) ?? 0) > 1) c.name = null;
    const hidden: Derived['hidden'] = [];
    const list = arr(node.select_list);
    for (const subject of scope.relations.flatMap((r) => r.subjects)) {
      const name = `__sk${this.#hiddenCounter++}`;
      const col = this.columnRef(subject.ref, name);
      this.visited.add(col);
      list.push(col);
      hidden.push({ name, resource: subject.resource });
    }
    return { columns, hidden };
  }

  // ── FROM ──────────────────────────────────────────────────────────────────────────────────────────────────

  #from(ref: AstNode, env: Env): Scope {
    this.visited.add(ref);
    switch (ref.type) {
      case 'EMPTY':
        return { relations: [], using: new Map() };
      case 'BASE_TABLE':
        return { relations: [this.#baseTable(ref, env)], using: new Map() };
      case 'SUBQUERY': {
        if (ref.sample !== null && ref.sample !== undefined) this.#refuse('GOVERNED_CONSTRUCT_NOT_ALLOWED', 'sample');
        const alias = String(ref.alias ?? '');
        if (alias === '') this.#refuse('GOVERNED_CONSTRUCT_NOT_ALLOWED', 'subquery_without_alias');
        this.#checkName(alias, 'relation_alias');
        const sub = obj(ref.subquery);
        this.visited.add(sub);
        const derived = this.#derived(obj(sub.node), env);
        const renames = arr(ref.column_name_alias).map(String);
        if (renames.length > derived.columns.length) this.#refuse('GOVERNED_CONSTRUCT_NOT_ALLOWED', 'column_aliases');
        renames.forEach((n) => this.#checkName(n, 'column_alias'));
        const columns = derived.columns.map((c, i) => ({ ...c, name: renames[i] ?? c.name }));
        return { relations: [this.#instantiate(alias, { columns, hidden: derived.hidden })], using: new Map() };
      }
      case 'JOIN':
        return this.#join(ref, env);
      case 'TABLE_FUNCTION':
        return this.#refuse('GOVERNED_RELATION_NOT_ALLOWED', 'table_function', functionNameOf(ref.function));
      default:
        return this.#refuse('GOVERNED_RELATION_NOT_ALLOWED', String(ref.type ?? 'table_ref').toLowerCase());
    }
  }

  #baseTable(ref: AstNode, env: Env): Relation {
    if (ref.schema_name !== '' || ref.catalog_name !== '') this.#refuse('GOVERNED_RELATION_NOT_ALLOWED', 'qualified_relation');
    if (ref.at_clause !== null && ref.at_clause !== undefined) this.#refuse('GOVERNED_CONSTRUCT_NOT_ALLOWED', 'at_clause');
    if (ref.sample !== null && ref.sample !== undefined) this.#refuse('GOVERNED_CONSTRUCT_NOT_ALLOWED', 'sample');
    if (arr(ref.column_name_alias).length > 0) this.#refuse('GOVERNED_CONSTRUCT_NOT_ALLOWED', 'column_aliases');
    const name = String(ref.table_name);
    const alias = String(ref.alias ?? '') || name;
    this.#checkName(alias, 'relation_alias');
    const cte = env.ctes.get(name.toLowerCase());
    if (cte) return this.#instantiate(alias, cte);
    const ds = this.#datasets.get(name.toLowerCase());
    // A replacement scan (`FROM '/path/file.csv'`) arrives here as a table name: refused, and its text not echoed.
    if (!ds) return this.#refuse('GOVERNED_RELATION_NOT_ALLOWED', 'relation_not_granted', IDENT.test(name) ? name : undefined);
    const relation: Relation = { alias, columns: [], subjects: [{ ref: [alias, ds.subjectKey], resource: ds.resource }] };
    for (const f of ds.fields) {
      const origin: Origin = { view: ds.view, resource: ds.resource, field: f.name, control: f.control };
      relation.columns.push({ name: f.name, binding: { name: f.name, origins: [origin], direct: true, relation } });
    }
    return relation;
  }

  #instantiate(alias: string, derived: Derived): Relation {
    const relation: Relation = { alias, columns: [], subjects: derived.hidden.map((h) => ({ ref: [alias, h.name], resource: h.resource })) };
    for (const c of derived.columns) relation.columns.push({ name: c.name, binding: { name: c.name ?? '', origins: c.origins, direct: c.direct, selecting: c.selecting, relation } });
    return relation;
  }

  #join(ref: AstNode, env: Env): Scope {
    if (ref.ref_type !== 'REGULAR') this.#refuse('GOVERNED_CONSTRUCT_NOT_ALLOWED', `join_${String(ref.ref_type).toLowerCase()}`);
    if (ref.join_type !== 'INNER' && ref.join_type !== 'LEFT') this.#refuse('GOVERNED_CONSTRUCT_NOT_ALLOWED', `join_${String(ref.join_type).toLowerCase()}`);
    const left = this.#from(obj(ref.left), env);
    const right = this.#from(obj(ref.right), env);
    const scope: Scope = { relations: [...left.relations, ...right.relations], using: new Map([...left.using, ...right.using]) };
    this.#checkScope(scope);
    let keys = 0;
    for (const name of arr(ref.using_columns).map(String)) {
      const l = this.#resolve([name], left, true);
      const r = this.#resolve([name], right, true);
      if (!l || !r) return this.#refuse('GOVERNED_COLUMN_UNRESOLVED', 'using_column', name);
      this.#joinKey(l);
      this.#joinKey(r);
      scope.using.set(name.toLowerCase(), { name, origins: dedupe([...l.origins, ...r.origins]), direct: true, relation: l.relation });
      keys++;
    }
    if (ref.condition !== null && ref.condition !== undefined) {
      const leftRelations = new Set(left.relations);
      const rightRelations = new Set(right.relations);
      for (const conjunct of conjuncts(obj(ref.condition), this.visited)) {
        const key = this.#equalityKey(conjunct, scope, leftRelations, rightRelations);
        if (key) keys++;
        else this.#expr(conjunct, { scope, use: 'compare', aggregatesAllowed: false });
      }
    }
    // Only equality joins: a join without a key (a product, or only inequalities) is not a "simple join on equality".
    if (keys === 0) this.#refuse('GOVERNED_CONSTRUCT_NOT_ALLOWED', 'join_without_equality_key');
    return scope;
  }

  /** `a.k = b.k` between the two sides, both bare fields: the keys are used as join keys; true if it was one. */
  #equalityKey(conjunct: AstNode, scope: Scope, left: Set<Relation>, right: Set<Relation>): boolean {
    if (conjunct.class !== 'COMPARISON' || conjunct.type !== 'COMPARE_EQUAL') return false;
    const a = obj(conjunct.left);
    const b = obj(conjunct.right);
    if (a.class !== 'COLUMN_REF' || b.class !== 'COLUMN_REF') return false;
    const ba = this.#resolve(arr(a.column_names).map(String), scope, false);
    const bb = this.#resolve(arr(b.column_names).map(String), scope, false);
    if (!ba || !bb || !ba.direct || !bb.direct) return false;
    const crosses = (left.has(ba.relation) && right.has(bb.relation)) || (right.has(ba.relation) && left.has(bb.relation));
    if (!crosses) return false;
    for (const n of [conjunct, a, b]) this.visited.add(n);
    this.#joinKey(ba);
    this.#joinKey(bb);
    return true;
  }

  #joinKey(binding: Binding): void {
    // A key that is an expression over fields is compared, not joined on as is: checked as a comparison.
    this.#check(binding, binding.direct ? 'join_key' : 'compare');
  }

  #checkScope(scope: Scope): void {
    const aliases = new Set<string>();
    const columnNames = new Set(scope.relations.flatMap((r) => r.columns.map((c) => c.name?.toLowerCase())).filter((n) => n !== undefined));
    for (const r of scope.relations) {
      const a = r.alias.toLowerCase();
      if (aliases.has(a)) this.#refuse('GOVERNED_CONSTRUCT_NOT_ALLOWED', 'duplicate_relation_alias', r.alias);
      // `x.y` would be a struct field of column x if x were a column: refused rather than guessed.
      if (columnNames.has(a)) this.#refuse('GOVERNED_CONSTRUCT_NOT_ALLOWED', 'relation_alias_is_column_name', r.alias);
      aliases.add(a);
    }
  }

  // ── select lists, aliases, ORDER BY / LIMIT ────────────────────────────────────────────────────────────────

  /** Expands `*`, replaces alias and positional references by their expressions, turns CAST into TRY_CAST. */
  #normaliseSelectList(node: AstNode, scope: Scope): { items: Array<{ expr: AstNode; alias: string }>; shadowing: Set<string> } {
    const expanded: AstNode[] = [];
    for (const item of arr(node.select_list).map(obj)) {
      if (item.class === 'STAR') expanded.push(...this.#expandStar(item, scope));
      else expanded.push(item);
    }
    const scopeNames = new Set(scope.relations.flatMap((r) => r.columns.map((c) => c.name?.toLowerCase())).filter((n) => n !== undefined));
    for (const u of scope.using.keys()) scopeNames.add(u);
    // An alias equal to a column name (`sum(x) AS x`) is fine as long as the bare name is never used elsewhere in the
    // query: there DuckDB could bind it to either (its precedence differs by clause), so such a use is refused.
    const shadowing = new Set<string>();
    for (const item of expanded) {
      const a = String(item.alias ?? '').toLowerCase();
      if (a !== '' && scopeNames.has(a)) shadowing.add(a);
    }
    const seen = new Map<string, AstNode>();
    for (const [i, item] of expanded.entries()) {
      const alias = String(item.alias ?? '');
      if (alias !== '') {
        this.#checkName(alias, 'column_alias');
        if (seen.has(alias.toLowerCase())) this.#refuse('GOVERNED_CONSTRUCT_NOT_ALLOWED', 'duplicate_alias', alias);
      }
      // Lateral aliases: an item may name an earlier item's alias (its own alias, if it shadows, is not a use).
      const others = new Set([...shadowing].filter((a) => a !== alias.toLowerCase()));
      expanded[i] = this.#substitute(item, seen, scope, others);
      expanded[i]!.alias = alias;
      if (alias !== '') seen.set(alias.toLowerCase(), expanded[i]!);
    }
    node.select_list = expanded;
    if (node.where_clause) node.where_clause = this.#substitute(obj(node.where_clause), seen, scope, shadowing);
    if (node.having) node.having = this.#substitute(obj(node.having), seen, scope, shadowing);
    node.group_expressions = arr(node.group_expressions).map((g) => this.#substitute(obj(g), seen, scope, shadowing, expanded));
    return { items: expanded.map((expr) => ({ expr, alias: String(expr.alias ?? '') })), shadowing };
  }

  #expandStar(star: AstNode, scope: Scope): AstNode[] {
    if (star.columns === true || star.expr || arr(star.exclude_list).length || arr(star.replace_list).length || arr(star.rename_list).length || arr(star.qualified_exclude_list).length) {
      this.#refuse('GOVERNED_CONSTRUCT_NOT_ALLOWED', 'star_modifier');
    }
    if (star.unpacked === true) this.#refuse('GOVERNED_CONSTRUCT_NOT_ALLOWED', 'star_modifier');
    const relationName = String(star.relation_name ?? '');
    const relations = relationName === '' ? scope.relations : scope.relations.filter((r) => r.alias.toLowerCase() === relationName.toLowerCase());
    if (relations.length === 0) this.#refuse('GOVERNED_COLUMN_UNRESOLVED', 'star_relation', relationName);
    const out: AstNode[] = [];
    const usingSeen = new Set<string>();
    for (const r of relations) {
      for (const c of r.columns) {
        if (c.name === null) this.#refuse('GOVERNED_CONSTRUCT_NOT_ALLOWED', 'star_over_unnamed_column');
        const lower = c.name.toLowerCase();
        // A USING column appears once in `*` (DuckDB's rule), as the merged column.
        if (relationName === '' && scope.using.has(lower)) {
          if (usingSeen.has(lower)) continue;
          usingSeen.add(lower);
          out.push(this.columnRef([c.name], ''));
          continue;
        }
        out.push(this.columnRef([r.alias, c.name], ''));
      }
    }
    return out;
  }

  /**
   * A copy of `expr` where a bare name that is not a column in scope but an alias of the select list is replaced by
   * the aliased expression (and, for GROUP BY, a top-level integer constant by the item at that position).
   */
  #substitute(expr: AstNode, aliases: Map<string, AstNode>, scope: Scope, shadowing: Set<string>, items?: AstNode[]): AstNode {
    if (items && expr.class === 'CONSTANT' && typeof obj(expr.value).value === 'number' && Number.isInteger(obj(expr.value).value)) {
      const position = obj(expr.value).value as number;
      const target = items[position - 1];
      if (!target) return this.#refuse('GOVERNED_CONSTRUCT_NOT_ALLOWED', 'group_by_position');
      return { ...structuredClone(target), alias: '' };
    }
    const walk = (n: unknown): unknown => {
      if (Array.isArray(n)) return n.map(walk);
      if (n === null || typeof n !== 'object') return n;
      const node = n as AstNode;
      if (node.class === 'COLUMN_REF') {
        const names = arr(node.column_names).map(String);
        if (names.length === 1 && shadowing.has(names[0]!.toLowerCase())) this.#refuse('GOVERNED_CONSTRUCT_NOT_ALLOWED', 'alias_shadows_column', names[0]);
        if (names.length === 1 && !this.#resolve(names, scope, true)) {
          const target = aliases.get(names[0]!.toLowerCase());
          if (target) return { ...structuredClone(target), alias: '' };
        }
        return node;
      }
      // Subqueries have scopes of their own: left as they are (and refused by the walk).
      if (node.class === 'SUBQUERY') return node;
      const out: AstNode = {};
      for (const [k, v] of Object.entries(node)) out[k] = walk(v);
      return out;
    };
    return walk(expr) as AstNode;
  }

  #modifiers(node: AstNode): {
    distinct: boolean;
    order: Array<{ expression: AstNode; descending: boolean | undefined; nullsFirst: boolean | undefined }>;
    limit: number | undefined;
    offset: number | undefined;
  } {
    const out = { distinct: false, order: [] as Array<{ expression: AstNode; descending: boolean | undefined; nullsFirst: boolean | undefined }>, limit: undefined as number | undefined, offset: undefined as number | undefined };
    for (const m of arr(node.modifiers).map(obj)) {
      this.visited.add(m);
      if (m.type === 'DISTINCT_MODIFIER') {
        if (arr(m.distinct_on_targets).length > 0) this.#refuse('GOVERNED_CONSTRUCT_NOT_ALLOWED', 'distinct_on');
        out.distinct = true;
      } else if (m.type === 'ORDER_MODIFIER') {
        for (const o of arr(m.orders).map(obj)) {
          this.visited.add(o);
          const expression = obj(o.expression);
          if (expression.class === 'STAR') this.#refuse('GOVERNED_CONSTRUCT_NOT_ALLOWED', 'order_by_all');
          out.order.push({
            expression,
            descending: o.type === 'DESCENDING' ? true : o.type === 'ASCENDING' ? false : undefined,
            nullsFirst: o.null_order === 'NULLS_FIRST' ? true : o.null_order === 'NULLS_LAST' ? false : undefined,
          });
        }
      } else if (m.type === 'LIMIT_MODIFIER') {
        out.limit = m.limit === null || m.limit === undefined ? undefined : this.#count(obj(m.limit));
        out.offset = m.offset === null || m.offset === undefined ? undefined : this.#count(obj(m.offset));
      } else {
        this.#refuse('GOVERNED_CONSTRUCT_NOT_ALLOWED', String(m.type ?? 'modifier').toLowerCase());
      }
    }
    return out;
  }

  #count(expr: AstNode): number {
    const value = expr.class === 'CONSTANT' ? obj(expr.value) : undefined;
    const n = value && value.is_null === false ? value.value : undefined;
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) return this.#refuse('GOVERNED_CONSTRUCT_NOT_ALLOWED', 'limit_not_a_count');
    this.visited.add(expr);
    return n;
  }

  #orderTarget(expression: AstNode, items: Array<{ expr: AstNode; alias: string }>, aliases: Map<string, AstNode>, shadowing: Set<string>): { item: number } | { hidden: AstNode } {
    const value = expression.class === 'CONSTANT' ? obj(expression.value) : undefined;
    if (value && typeof value.value === 'number' && Number.isInteger(value.value)) {
      const i = (value.value as number) - 1;
      if (!items[i]) this.#refuse('GOVERNED_CONSTRUCT_NOT_ALLOWED', 'order_by_position');
      return { item: i };
    }
    if (expression.class === 'COLUMN_REF') {
      const names = arr(expression.column_names).map(String);
      if (names.length === 1 && shadowing.has(names[0]!.toLowerCase())) this.#refuse('GOVERNED_CONSTRUCT_NOT_ALLOWED', 'alias_shadows_column', names[0]);
      if (names.length === 1 && aliases.has(names[0]!.toLowerCase())) {
        return { item: items.findIndex((it) => it.alias.toLowerCase() === names[0]!.toLowerCase()) };
      }
    }
    const same = items.findIndex((it) => sameExpression(it.expr, expression));
    if (same >= 0) return { item: same };
    return { hidden: expression };
  }

  #isAggregate(node: AstNode, orderExprs: AstNode[]): boolean {
    if (arr(node.group_expressions).length > 0 || (node.having !== null && node.having !== undefined)) return true;
    return [...arr(node.select_list), ...orderExprs].some((e) => containsAggregate(e));
  }

  // ── expressions ──────────────────────────────────────────────────────────────────────────────────────────

  #expr(e: AstNode, ctx: ExprCtx, groupKeys?: Set<Binding>): void {
    this.visited.add(e);
    switch (e.class) {
      case 'CONSTANT': {
        // JSON numbers beyond 2^53 lose digits in JavaScript: what runs would differ from what was written.
        const v = obj(e.value).value;
        if (typeof v === 'number' && !Number.isSafeInteger(v) && Number.isInteger(v)) this.#refuse('GOVERNED_CONSTRUCT_NOT_ALLOWED', 'constant_out_of_range');
        return;
      }
      case 'COLUMN_REF':
        return this.#column(e, ctx, groupKeys);
      case 'COMPARISON':
        this.#expr(obj(e.left), ctx, groupKeys);
        this.#expr(obj(e.right), ctx, groupKeys);
        return this.#selecting(ctx);
      case 'CONJUNCTION':
        if (!CONJUNCTIONS.has(String(e.type))) this.#refuse('GOVERNED_FUNCTION_NOT_ALLOWED', 'operator', String(e.type));
        arr(e.children).forEach((c) => this.#expr(obj(c), ctx, groupKeys));
        return this.#selecting(ctx);
      case 'OPERATOR':
        if (!OPERATORS.has(String(e.type))) this.#refuse('GOVERNED_FUNCTION_NOT_ALLOWED', 'operator', String(e.type));
        arr(e.children).forEach((c) => this.#expr(obj(c), ctx, groupKeys));
        return this.#selecting(ctx);
      case 'BETWEEN':
        for (const k of ['input', 'lower', 'upper']) this.#expr(obj(e[k]), ctx, groupKeys);
        return this.#selecting(ctx);
      case 'CASE':
        for (const check of arr(e.case_checks).map(obj)) {
          this.visited.add(check);
          this.#expr(obj(check.when_expr), ctx, groupKeys);
          this.#expr(obj(check.then_expr), ctx, groupKeys);
        }
        this.#expr(obj(e.else_expr), ctx, groupKeys);
        return this.#selecting(ctx);
      case 'CAST':
        // A failing CAST raises an error only for some values: TRY_CAST yields NULL instead, for every row alike.
        e.try_cast = true;
        return this.#expr(obj(e.child), ctx, groupKeys);
      case 'FUNCTION':
        return this.#function(e, ctx, groupKeys);
      case 'SUBQUERY':
        return this.#refuse('GOVERNED_CONSTRUCT_NOT_ALLOWED', 'subquery_expression');
      case 'WINDOW':
        return this.#refuse('GOVERNED_CONSTRUCT_NOT_ALLOWED', 'window_function');
      case 'STAR':
        return this.#refuse('GOVERNED_CONSTRUCT_NOT_ALLOWED', 'star_in_expression');
      case 'PARAMETER':
        return this.#refuse('GOVERNED_CONSTRUCT_NOT_ALLOWED', 'parameter');
      default:
        return this.#refuse('GOVERNED_CONSTRUCT_NOT_ALLOWED', String(e.class ?? 'expression').toLowerCase());
    }
  }

  #function(e: AstNode, ctx: ExprCtx, groupKeys?: Set<Binding>): void {
    const name = String(e.function_name ?? '').toLowerCase();
    if ((e.schema !== '' && e.schema !== 'main') || (e.catalog !== '' && e.catalog !== undefined)) {
      this.#refuse('GOVERNED_FUNCTION_NOT_ALLOWED', 'qualified_function', safeName(name));
    }
    if (e.export_state === true || arr(obj(e.order_bys ?? {}).orders).length > 0) this.#refuse('GOVERNED_CONSTRUCT_NOT_ALLOWED', 'aggregate_modifier');
    if (e.order_bys) this.visited.add(obj(e.order_bys));
    const aggregate = AGGREGATES.get(name);
    if (aggregate) {
      if (!ctx.aggregatesAllowed) this.#refuse('GOVERNED_CONSTRUCT_NOT_ALLOWED', 'aggregate_not_allowed_here', name);
      if (e.distinct === true && !aggregate.distinct) this.#refuse('GOVERNED_CONSTRUCT_NOT_ALLOWED', 'distinct_aggregate', name);
      // MIN and MAX release one exact value of the group (an outlier: the largest capital, the earliest date), which
      // no threshold on the group's size protects: their inputs are checked as `min_max` (plaintext only), except a
      // column that is a bare GROUP BY key, whose MIN/MAX is the group's own key (checked as a group key).
      const extreme = name === 'min' || name === 'max';
      // SUM, AVG and COUNT inputs may not select (`#selecting`); MIN/MAX inputs are plaintext only anyway.
      const inner: ExprCtx = extreme
        ? { scope: ctx.scope, use: 'min_max', aggregatesAllowed: false, ...(ctx.bareKeys ? { bareKeys: ctx.bareKeys } : {}) }
        : { scope: ctx.scope, use: 'aggregate', aggregatesAllowed: false, inAggregate: true };
      const children = arr(e.children).map(obj);
      if (name === 'count' && children.length === 1 && children[0]!.class === 'COLUMN_REF') {
        this.#expr(children[0]!, { ...inner, use: 'count' });
      } else {
        for (const c of children) this.#expr(c, inner);
      }
      if (e.filter !== null && e.filter !== undefined) {
        this.#expr(obj(e.filter), { scope: ctx.scope, use: 'compare', aggregatesAllowed: false });
        // `sum(capital) FILTER (WHERE founded = 1999 AND district = '福田')` is one enterprise's capital in a group of
        // 17: a FILTER narrows the aggregate to rows the threshold never counts. The predicate belongs in WHERE.
        this.#refuse('GOVERNED_CONSTRUCT_NOT_ALLOWED', 'aggregate_filter', name);
      }
      return;
    }
    if (!SCALAR_FUNCTIONS.has(name)) this.#refuse('GOVERNED_FUNCTION_NOT_ALLOWED', 'function', safeName(name));
    if (e.distinct === true || (e.filter !== null && e.filter !== undefined)) this.#refuse('GOVERNED_CONSTRUCT_NOT_ALLOWED', 'aggregate_modifier');
    for (const c of arr(e.children)) this.#expr(obj(c), ctx, groupKeys);
    if (SELECTING_FUNCTIONS.has(name)) this.#selecting(ctx);
  }

  /**
   * A predicate or conditional (comparison, AND/OR/NOT, BETWEEN, IN, IS NULL, CASE, LIKE and the string tests,
   * COALESCE/NULLIF, GREATEST/LEAST, SIGN) was met. Inside the input of SUM/AVG/COUNT it would pick the rows that feed
   * the aggregate — `sum(CASE WHEN name = '某公司' THEN capital END)` is one subject's value in a group the threshold
   * counts whole — so it is refused there, directly or through a derived table's column; in a derived select list it
   * marks the column as selecting. Checked after the operands, so that a column control refusal comes first.
   */
  #selecting(ctx: ExprCtx): void {
    if (ctx.inAggregate) this.#refuse('GOVERNED_CONSTRUCT_NOT_ALLOWED', 'predicate_in_aggregate');
    if (ctx.selects) ctx.selects.found = true;
  }

  #column(e: AstNode, ctx: ExprCtx, groupKeys?: Set<Binding>): void {
    const names = arr(e.column_names).map(String);
    const binding = this.#resolve(names, ctx.scope, false);
    if (!binding) {
      // Aliases were substituted before the walk: a name left unresolved is unknown here (or correlated, or lateral).
      return this.#refuse('GOVERNED_COLUMN_UNRESOLVED', 'unknown_column', names.every((n) => IDENT.test(n)) ? names.join('.') : undefined);
    }
    if (ctx.use === 'deferred') {
      ctx.collect?.push(...binding.origins);
      if (binding.selecting) this.#selecting(ctx);
      return;
    }
    if (groupKeys) groupKeys.add(binding);
    if (ctx.grouped && !ctx.grouped.has(binding)) {
      const o = binding.origins[0];
      return this.#refuse('GOVERNED_COLUMN_CONTROL', 'not_a_group_key', o ? `${o.view}.${o.field}` : binding.name);
    }
    // MIN/MAX of a bare GROUP BY key is that key: it releases what the group's key releases, no more.
    if (ctx.use === 'min_max' && ctx.bareKeys?.has(binding)) return this.#check(binding, 'group_key');
    // COUNT(x) releases only how many values there are, and only for a bare field (an expression is an aggregate input).
    this.#check(binding, ctx.use === 'count' && !binding.direct ? 'aggregate' : ctx.use);
    if (binding.selecting) this.#selecting(ctx);
  }

  /** Resolves a reference as DuckDB's binder would, or refuses when it could bind otherwise. */
  #resolve(names: string[], scope: Scope, quiet: boolean): Binding | undefined {
    if (names.length === 1) {
      const lower = names[0]!.toLowerCase();
      const merged = scope.using.get(lower);
      if (merged) return merged;
      const found = scope.relations.flatMap((r) => r.columns.filter((c) => c.name?.toLowerCase() === lower).map((c) => c.binding));
      if (found.length > 1) return quiet ? undefined : this.#refuse('GOVERNED_COLUMN_UNRESOLVED', 'ambiguous_column', safeName(names[0]!));
      return found[0];
    }
    if (names.length === 2) {
      const relation = scope.relations.find((r) => r.alias.toLowerCase() === names[0]!.toLowerCase());
      const found = relation?.columns.filter((c) => c.name?.toLowerCase() === names[1]!.toLowerCase()) ?? [];
      return found.length === 1 ? found[0]!.binding : undefined;
    }
    // catalog.schema.table.column or struct field access: not something a granted view has.
    return undefined;
  }

  #check(binding: Binding, use: ColumnUse): void {
    for (const o of binding.origins) {
      const key = `${o.view}\u0000${o.field}`;
      const t = this.#touched.get(key) ?? { view: o.view, resource: o.resource, field: o.field, control: o.control, uses: [] };
      if (!t.uses.includes(use)) t.uses.push(use);
      this.#touched.set(key, t);
      if (!PERMITTED[use].has(o.control)) {
        throw new GovernedError('GOVERNED_COLUMN_CONTROL', `${use}_not_permitted`, { column: `${o.view}.${o.field}`, control: o.control, use });
      }
    }
  }

  #checkName(name: string, what: string): void {
    if (name.startsWith('__')) this.#refuse('GOVERNED_CONSTRUCT_NOT_ALLOWED', `reserved_${what}`, safeName(name));
  }

  #refuse(code: ConstructorParameters<typeof GovernedError>[0], rule: string, name?: string): never {
    throw new GovernedError(code, rule, name === undefined ? {} : { message: safeName(name) });
  }
}

// ── helpers ────────────────────────────────────────────────────────────────────────────────────────────────

/** The one statement of `sql`, parsed; refuses empty text, parse errors, non-SELECTs and several statements. */
export async function parseOneSelect(sql: string): Promise<AstNode> {
  const statements = await parseStatements(sql);
  if (statements.length !== 1) throw new GovernedError('GOVERNED_SQL_INVALID', statements.length === 0 ? 'empty' : 'multiple_statements');
  const statement = statements[0]!;
  if (arr(statement.named_param_map).length > 0) throw new GovernedError('GOVERNED_CONSTRUCT_NOT_ALLOWED', 'parameter');
  return statement;
}

export function obj(v: unknown): AstNode {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new GovernedError('GOVERNED_CONSTRUCT_NOT_ALLOWED', 'unexpected_tree');
  return v as AstNode;
}

export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function aliasMap(node: AstNode): Map<string, AstNode> {
  const m = new Map<string, AstNode>();
  for (const item of arr(node.select_list).map(obj)) if (item.alias) m.set(String(item.alias).toLowerCase(), item);
  return m;
}

function conjuncts(e: AstNode, visited: WeakSet<object>): AstNode[] {
  if (e.class === 'CONJUNCTION' && e.type === 'CONJUNCTION_AND') {
    visited.add(e);
    return arr(e.children).flatMap((c) => conjuncts(obj(c), visited));
  }
  return [e];
}

function containsAggregate(e: unknown): boolean {
  if (Array.isArray(e)) return e.some(containsAggregate);
  if (e === null || typeof e !== 'object') return false;
  const node = e as AstNode;
  if (node.class === 'SUBQUERY') return false;
  if (node.class === 'FUNCTION' && AGGREGATES.has(String(node.function_name).toLowerCase())) return true;
  return Object.values(node).some(containsAggregate);
}

function sameExpression(a: AstNode, b: AstNode): boolean {
  const strip = (n: AstNode) => JSON.stringify(n, (k, v: unknown) => (k === 'query_location' || k === 'alias' ? undefined : v));
  return strip(a) === strip(b);
}

function dedupe(origins: Origin[]): Origin[] {
  const seen = new Map<string, Origin>();
  for (const o of origins) seen.set(`${o.view}\u0000${o.field}`, o);
  return [...seen.values()];
}

function functionNameOf(fn: unknown): string | undefined {
  return fn !== null && typeof fn === 'object' && typeof (fn as AstNode).function_name === 'string' ? safeName(String((fn as AstNode).function_name)) : undefined;
}

/** A name from the query, shown only if it looks like an identifier (never a literal, a path or free text). */
function safeName(name: string): string | undefined {
  return IDENT.test(name) || /^[-+*/%|~!<>=]{1,4}$/.test(name) ? name : undefined;
}
