import type { DuckDBConnection, DuckDBPreparedStatement, DuckDBValue } from '@duckdb/node-api';
import { createHash } from 'node:crypto';
import { redactCompileMessage } from '../sandbox/errors.ts';
import { openHardenedDuckDB } from '../sandbox/hardened-duckdb.ts';
import { GovernedError } from './errors.ts';
import { printInJs } from './printer.ts';
import { instantiate, lexTemplate, templateOf, type Template } from './templates.ts';

// DuckDB's own parser, for analysis only: `json_serialize_sql` turns one SELECT into its AST (the tree DuckDB will
// bind), `json_deserialize_sql` turns a (rewritten) AST back into SQL. The instance holds no data and can reach
// nothing: in memory, external access off, no extension loading, configuration locked. Parsing binds nothing, so no
// name in the query is looked up here; the analyser resolves names itself against the grant.
//
// Cost: an analysis makes at most two calls to this instance, each a prepared statement (a bind and an execution, no
// SQL text of ours parsed again, the result read from the materialized chunk in one trip): `parseStatements` (one
// json_serialize_sql; none for a text of a known template, templates.ts), then `printStatement`. That one prints the rewritten tree in JS (printer.ts) and has DuckDB
// parse the text again (json_serialize_sql); only when a display name is not cached, or the JS text does not parse
// back to the tree, does DuckDB print (json_deserialize_sql), parse its own text again and print the display names,
// all in one SELECT. These are pure functions of their input for a given DuckDB build, so results are kept in small
// LRU caches (the parse by query text, the verified print by a digest of the tree's JSON, a display name by its
// expression's JSON): a cached parse is parsed afresh into a new tree on every use, so the analyser's edits to one
// tree never reach another analysis.

/** A node of DuckDB's serialized AST (plain JSON). */
export type AstNode = { [key: string]: unknown };

interface Parser {
  connection: DuckDBConnection;
  /** `json_serialize_sql($1)`: the AST of a text, or `{error: true, …}`. */
  serialize: DuckDBPreparedStatement;
  /** Printers by number of display-name documents (see `printSql`). */
  printers: Map<number, DuckDBPreparedStatement>;
}

/** Printers for up to this many display names are kept prepared; a query with more prepares one for the call. */
const KEPT_PRINTERS = 8;

let parser: Promise<Parser> | undefined;
let queue: Promise<unknown> = Promise.resolve();

function open(): Promise<Parser> {
  parser ??= (async () => {
    // No file at all: both allow-lists empty.
    const { connection } = await openHardenedDuckDB({ threads: 1, memoryLimit: '64MB' }, { allowedDirectories: [], allowedPaths: [] });
    const serialize = await connection.prepare('SELECT json_serialize_sql($1::VARCHAR)');
    return { connection, serialize, printers: new Map() };
  })();
  return parser;
}

/**
 * `$1` is the document of the statement, `$2…` those of the display names: the statement printed, its printed text
 * parsed again (json_serialize_sql never raises), and each display name printed (json_deserialize_sql raises on a
 * tree it cannot print). Separate parameters, not one JSON array: extracting the array's elements costs more than
 * the printing.
 */
function printSql(names: number): string {
  const extra = Array.from({ length: names }, (_, i) => `, json_deserialize_sql($${i + 2}::JSON)`).join('');
  return `SELECT t, json_serialize_sql(t)${extra} FROM (SELECT json_deserialize_sql($1::JSON) AS t)`;
}

/** Runs one parser call at a time on the shared connection (its prepared statements hold one binding each). */
function serial<T>(task: (p: Parser) => Promise<T>): Promise<T> {
  const next = queue.then(async () => task(await open()));
  queue = next.catch(() => undefined);
  return next;
}

/**
 * The first row of a prepared statement's result, read from the materialized result synchronously: one trip to
 * DuckDB's worker (and back to this thread) per call, not three (run, then a fetch per chunk until an empty one).
 */
async function firstRow(statement: DuckDBPreparedStatement): Promise<DuckDBValue[] | undefined> {
  const result = await statement.run();
  if (result.chunkCount === 0) return undefined;
  const chunk = result.getChunk(0);
  return chunk.rowCount === 0 ? undefined : chunk.getRows()[0];
}

/** A small least-recently-used map (a Map keeps insertion order: a hit is moved to the end). */
class Lru<V> {
  readonly #map = new Map<string, V>();
  constructor(private readonly size: number) {}
  get(key: string): V | undefined {
    const v = this.#map.get(key);
    if (v !== undefined) {
      this.#map.delete(key);
      this.#map.set(key, v);
    }
    return v;
  }
  set(key: string, value: V): void {
    this.#map.delete(key);
    this.#map.set(key, value);
    if (this.#map.size > this.size) this.#map.delete(this.#map.keys().next().value as string);
  }
}

/** Texts (and display-name documents) longer than this are not cached (they would crowd the caches). */
const CACHED_TEXT_MAX = 16 * 1024;
const parsed = new Lru<string>(256);
const printed = new Lru<string>(256);
const displayNames = new Lru<string>(1024);

/** Kept templates (templates.ts) by key; `null`: DuckDB's tree of that key's text is not a template, ask DuckDB. */
const templates = new Lru<Template | null>(256);

/**
 * The statements of `sql` as DuckDB parses them; refuses text that does not parse or is not made of SELECTs. A text
 * of a known template (templates.ts: only its integer and string literals differ from a text parsed before) gets that
 * tree with its own literals, without a call to DuckDB.
 */
export async function parseStatements(sql: string): Promise<AstNode[]> {
  if (typeof sql !== 'string' || sql.trim() === '' || sql.includes('\u0000')) {
    throw new GovernedError('GOVERNED_SQL_INVALID', 'empty');
  }
  const cached = sql.length <= CACHED_TEXT_MAX ? parsed.get(sql) : undefined;
  if (cached !== undefined) return statementsOf(cached);
  const lexed = sql.length <= CACHED_TEXT_MAX ? lexTemplate(sql) : undefined;
  const template = lexed ? templates.get(lexed.key) : undefined;
  if (lexed && template) return instantiate(template, lexed);
  const json = await serializeSql(sql);
  const statements = statementsOf(json); // throws on a parser error: no template of that
  if (lexed && template === undefined) templates.set(lexed.key, templateOf(json!, lexed) ?? null);
  return statements;
}

/** json_serialize_sql's raw JSON text for `sql` (cached by text). */
async function serializeSql(sql: string, cache = true): Promise<string | undefined> {
  const cacheable = cache && sql.length <= CACHED_TEXT_MAX;
  const hit = cacheable ? parsed.get(sql) : undefined;
  if (hit !== undefined) return hit;
  const text = await serial(async (p) => {
    p.serialize.bindVarchar(1, sql);
    return (await firstRow(p.serialize))?.[0];
  });
  if (typeof text !== 'string') return undefined;
  if (cacheable) parsed.set(sql, text);
  return text;
}

function statementsOf(text: string | undefined): AstNode[] {
  const out = typeof text === 'string' ? (JSON.parse(text) as { error?: boolean; error_type?: string; error_message?: string; statements?: AstNode[] }) : { error: true };
  if (out.error) {
    if (out.error_type === 'parser') {
      const message = redactCompileMessage(out.error_message ?? '');
      throw new GovernedError('GOVERNED_SQL_INVALID', 'parser', message ? { message } : {});
    }
    // json_serialize_sql serializes SELECT statements only: anything else (COPY, SET, PRAGMA, ATTACH…) lands here.
    throw new GovernedError('GOVERNED_SQL_INVALID', 'not_select');
  }
  return out.statements ?? [];
}

/**
 * The document json_deserialize_sql reads for one statement. DuckDB writes "no position" as 2^64-1, which JSON.parse
 * cannot hold: positions do not matter for printing, so such a position (or, with `positions: false`, every one,
 * which lets the same expression at another place of another query share a cache entry) is written as 0.
 */
function document(statement: AstNode, positions = true): string {
  return JSON.stringify({ error: false, statements: [statement] }, (key, value: unknown) =>
    key === 'query_location' && !(positions && typeof value === 'number' && Number.isSafeInteger(value)) ? 0 : value,
  );
}

export interface Printed {
  /** SQL text that DuckDB parses to exactly the printed tree (source positions aside). */
  text: string;
  /** The texts of the `extras` statements, in order. */
  extras: string[];
}

/**
 * Prints `statement` and the `extras` statements (display names), and checks that the printed statement parses
 * back to exactly that tree. When every display name is cached, the statement is printed in JS (printer.ts) and
 * DuckDB only parses it again (one light call); otherwise, or when the JS text does not parse back to the tree,
 * DuckDB prints everything and parses its text again in one call. Nothing is called when all of it is cached. A tree
 * DuckDB cannot print is refused (GOVERNED_CONSTRUCT_NOT_ALLOWED, not_printable) without DuckDB's message, one
 * whose printed text parses to another tree too (not_round_trippable).
 */
export async function printStatement(statement: AstNode, extras: readonly AstNode[] = []): Promise<Printed> {
  const doc = document(statement);
  const key = createHash('sha256').update(doc).digest('base64');
  const extraDocs = extras.map((e) => document(e, false));
  const names: Array<string | undefined> = extraDocs.map((d) => (d.length <= CACHED_TEXT_MAX ? displayNames.get(d) : undefined));
  const missing = extraDocs.filter((_, i) => names[i] === undefined);
  let text = printed.get(key);
  if (text === undefined && missing.length === 0) {
    const inJs = printInJs(statement);
    const again = inJs === undefined ? undefined : await serializeSql(inJs, false); // the verified text is cached below
    if (again !== undefined && parsesTo(again, statement)) text = inJs;
  }
  if (text === undefined || missing.length > 0) {
    const row = await serial(async (p) => {
      let printer = p.printers.get(missing.length);
      const kept = printer !== undefined || missing.length <= KEPT_PRINTERS;
      printer ??= await p.connection.prepare(printSql(missing.length));
      if (kept) p.printers.set(missing.length, printer);
      try {
        printer.bindVarchar(1, doc);
        missing.forEach((d, i) => printer.bindVarchar(i + 2, d));
        return await firstRow(printer);
      } catch {
        return undefined;
      } finally {
        if (!kept) printer.destroySync();
      }
    });
    if (!row || row.length !== missing.length + 2 || !row.every((v) => typeof v === 'string')) {
      throw new GovernedError('GOVERNED_CONSTRUCT_NOT_ALLOWED', 'not_printable');
    }
    const texts = row as string[];
    if (text === undefined) {
      if (!parsesTo(texts[1]!, statement)) throw new GovernedError('GOVERNED_CONSTRUCT_NOT_ALLOWED', 'not_round_trippable');
      text = texts[0]!;
    }
    let next = 2;
    names.forEach((n, i) => {
      if (n !== undefined) return;
      const name = texts[next++]!;
      names[i] = name;
      if (extraDocs[i]!.length <= CACHED_TEXT_MAX) displayNames.set(extraDocs[i]!, name);
    });
  }
  printed.set(key, text);
  return { text, extras: names as string[] };
}

/** Whether json_serialize_sql's output `again` is exactly `statement` (one statement, source positions aside). */
function parsesTo(again: string, statement: AstNode): boolean {
  let statements: AstNode[];
  try {
    statements = statementsOf(again);
  } catch {
    return false;
  }
  return statements.length === 1 && withoutLocations(statements[0]) === withoutLocations(statement);
}

/** The tree without source positions, for comparing what was analysed with what will run. */
export function withoutLocations(node: unknown): string {
  return JSON.stringify(node, (key, value: unknown) => (key === 'query_location' ? undefined : value));
}
