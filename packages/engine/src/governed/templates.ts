// Query templates: texts that differ only in their integer and string literals parse to the same tree but for those
// constants' values. A dashboard or an analyst re-running a query with another year or district sends exactly such
// texts, and parsing each through DuckDB costs a call to the parser instance. So the first text of a template is
// parsed by DuckDB, and the tree is kept with, for each literal, the constant nodes it became; a later text of the
// same template gets a copy of that tree with its own literal values put in. What runs is still checked by DuckDB
// (the rewritten tree is printed and parsed again, parser.ts), so this shortcut decides nothing about safety; it
// must only give the tree DuckDB would have given, which the rules below keep it to:
//
// - The key of a text is its tokens, in order, each with whether whitespace (or a comment) came before it: two texts
//   with one key differ only in the amount and kind of that whitespace and in the values of the literals the key
//   leaves open. Anything this lexer does not know (other quoting, `$`, a nested comment…) gives no key: DuckDB parses.
// - Only two kinds of literal are left open: an unsigned decimal integer below 2^31 (DuckDB types it INTEGER) and a
//   plain '…' string (VARCHAR; quotes doubled), each standing alone (not glued to a letter, digit, `.` or quote, so
//   `E'…'`, `0x1F`, `1e3`, `1.5` and adjacent strings stay part of the key). Other literals are part of the key.
// - A template is kept only when every open literal became constant nodes at its own position, of its kind's type,
//   holding exactly the value this lexer read from the text (so the lexer and DuckDB agree on that text). A literal
//   DuckDB folded into something else (`-5`, `DECIMAL(10, 2)`, `USING SAMPLE 10`) leaves no such node: no template.

/** A node of DuckDB's serialized AST (as parser.ts reads it). */
type AstNode = { [key: string]: unknown };

export interface Literal {
  kind: 'integer' | 'string';
  /** UTF-8 byte offset of the literal's first character in the text (DuckDB's `query_location`) */
  offset: number;
  value: number | string;
}

export interface Lexed {
  key: string;
  literals: Literal[];
}

/** A parsed text's tree, and where each open literal of its template sits in it. */
export interface Template {
  /** json_serialize_sql's text for the first text of the template */
  json: string;
  /** per open literal, the paths (property names and array indexes from the statements array) of its constant nodes */
  paths: Array<Array<Array<string | number>>>;
}

const INT_MAX = 2 ** 31 - 1;
const IDENT_START = /[\p{L}_]/u;
const IDENT_PART = /[\p{L}\p{N}_$]/u;
const SYMBOLS = '+-*/<>=~!@#%^&|?:;,()[]{}.';

/** Tokens of `sql` as a template key and its open literals; undefined when the text holds what this lexer does not know. */
export function lexTemplate(sql: string): Lexed | undefined {
  const parts: string[] = [];
  const literals: Literal[] = [];
  let i = 0;
  let spaced = true;
  const n = sql.length;
  const push = (token: string) => {
    parts.push(`${spaced ? ' ' : '\u0001'}${token}`);
    spaced = false;
  };
  while (i < n) {
    const c = sql[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f') {
      spaced = true;
      i++;
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? n : end + 1;
      spaced = true;
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      if (end === -1 || sql.slice(i + 2, end).includes('/*')) return undefined;
      i = end + 2;
      spaced = true;
    } else if (c === "'") {
      let j = i + 1;
      let value = '';
      for (;;) {
        const q = sql.indexOf("'", j);
        if (q === -1) return undefined;
        value += sql.slice(j, q);
        if (sql[q + 1] === "'") {
          value += "'";
          j = q + 2;
        } else {
          j = q + 1;
          break;
        }
      }
      const open = standsAlone(sql, i, j) && !value.includes('\\');
      if (open) {
        literals.push({ kind: 'string', offset: byteOffset(sql, i), value });
        push('?s');
      } else push(sql.slice(i, j));
      i = j;
    } else if (c === '"') {
      const end = quotedEnd(sql, i);
      if (end === undefined) return undefined;
      push(sql.slice(i, end));
      i = end;
    } else if (c >= '0' && c <= '9') {
      let j = i;
      while (j < n && sql[j]! >= '0' && sql[j]! <= '9') j++;
      const digits = sql.slice(i, j);
      const value = Number(digits);
      const open = standsAlone(sql, i, j) && (digits === '0' || !digits.startsWith('0')) && value <= INT_MAX;
      if (open) {
        literals.push({ kind: 'integer', offset: byteOffset(sql, i), value });
        push('?i');
      } else push(digits);
      i = j;
    } else if (IDENT_START.test(c)) {
      let j = i + 1;
      while (j < n && IDENT_PART.test(sql[j]!)) j++;
      push(sql.slice(i, j));
      i = j;
    } else if (SYMBOLS.includes(c)) {
      push(c); // one symbol a token: runs are told apart by the whitespace flags
      i++;
    } else {
      return undefined;
    }
  }
  return { key: parts.join(''), literals };
}

/** DuckDB's positions count UTF-8 bytes. */
function byteOffset(sql: string, index: number): number {
  return Buffer.byteLength(sql.slice(0, index), 'utf8');
}

/** A literal is open only when nothing that could change how it is read touches it. */
function standsAlone(sql: string, start: number, end: number): boolean {
  const before = start > 0 ? sql[start - 1]! : ' ';
  const after = end < sql.length ? sql[end]! : ' ';
  const glued = (ch: string) => IDENT_PART.test(ch) || ch === '.' || ch === "'" || ch === '"' || ch === '&';
  return !glued(before) && !glued(after);
}

function quotedEnd(sql: string, start: number): number | undefined {
  let j = start + 1;
  for (;;) {
    const q = sql.indexOf('"', j);
    if (q === -1) return undefined;
    if (sql[q + 1] === '"') j = q + 2;
    else return q + 1;
  }
}

/**
 * The template of a text DuckDB has just parsed (`json`, its json_serialize_sql output), or undefined when one of its
 * open literals did not become constant nodes of its own (see the module comment).
 */
export function templateOf(json: string, lexed: Lexed): Template | undefined {
  if (lexed.literals.length === 0) return { json, paths: [] };
  const out = JSON.parse(json) as { error?: boolean; statements?: unknown[] };
  if (out.error || !Array.isArray(out.statements)) return undefined;
  const byOffset = new Map<number, Array<{ node: AstNode; path: Array<string | number> }>>();
  const walk = (v: unknown, path: Array<string | number>) => {
    if (Array.isArray(v)) v.forEach((x, k) => walk(x, [...path, k]));
    else if (v !== null && typeof v === 'object') {
      const node = v as AstNode;
      if (node.class === 'CONSTANT' && typeof node.query_location === 'number') {
        const list = byOffset.get(node.query_location) ?? [];
        list.push({ node, path });
        byOffset.set(node.query_location, list);
      }
      for (const [k, x] of Object.entries(node)) walk(x, [...path, k]);
    }
  };
  walk(out.statements, []);
  const paths: Template['paths'] = [];
  for (const literal of lexed.literals) {
    const found = byOffset.get(literal.offset);
    if (!found) return undefined;
    for (const { node } of found) {
      const value = node.value as { type?: { id?: unknown; type_info?: unknown }; is_null?: unknown; value?: unknown } | undefined;
      const type = literal.kind === 'integer' ? 'INTEGER' : 'VARCHAR';
      if (!value || value.is_null !== false || value.type?.id !== type || value.type.type_info !== null || value.value !== literal.value) return undefined;
    }
    paths.push(found.map((f) => f.path));
  }
  return { json, paths };
}

/** A fresh tree for a text of `template`'s key: the template's tree with this text's literal values. */
export function instantiate(template: Template, lexed: Lexed): AstNode[] {
  const statements = (JSON.parse(template.json) as { statements: AstNode[] }).statements;
  template.paths.forEach((paths, i) => {
    for (const path of paths) {
      let node: unknown = statements;
      for (const step of path) node = (node as Record<string | number, unknown>)[step];
      ((node as AstNode).value as AstNode).value = lexed.literals[i]!.value;
    }
  });
  return statements;
}
