import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { redactCompileMessage } from '../sandbox/errors.ts';
import { GovernedError } from './errors.ts';

// DuckDB's own parser, for analysis only: `json_serialize_sql` turns one SELECT into its AST (the tree DuckDB will
// bind), `json_deserialize_sql` turns a (rewritten) AST back into SQL. The instance holds no data and can reach
// nothing: in memory, external access off, no extension loading, configuration locked. Parsing binds nothing, so no
// name in the query is looked up here; the analyser resolves names itself against the grant.

/** A node of DuckDB's serialized AST (plain JSON). */
export type AstNode = { [key: string]: unknown };

let parser: Promise<{ connection: DuckDBConnection }> | undefined;
let queue: Promise<unknown> = Promise.resolve();

function open(): Promise<{ connection: DuckDBConnection }> {
  parser ??= (async () => {
    const instance = await DuckDBInstance.create(':memory:', {
      threads: '1',
      memory_limit: '64MB',
      temp_directory: '',
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
      allow_community_extensions: 'false',
      allow_unsigned_extensions: 'false',
      allow_persistent_secrets: 'false',
    });
    const connection = await instance.connect();
    await connection.run(`SET allowed_directories = []`);
    await connection.run(`SET enable_external_access = false`);
    await connection.run(`SET lock_configuration = true`);
    return { connection };
  })();
  return parser;
}

/** Runs one parser call at a time on the shared connection. */
function serial<T>(task: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
  const next = queue.then(async () => task((await open()).connection));
  queue = next.catch(() => undefined);
  return next;
}

/** The statements of `sql` as DuckDB parses them; refuses text that does not parse or is not made of SELECTs. */
export async function parseStatements(sql: string): Promise<AstNode[]> {
  if (typeof sql !== 'string' || sql.trim() === '' || sql.includes('\u0000')) {
    throw new GovernedError('GOVERNED_SQL_INVALID', 'empty');
  }
  const text = await serial(async (c) => {
    const reader = await c.runAndReadAll('SELECT json_serialize_sql($sql::VARCHAR)', { sql });
    return reader.getRowsJson()[0]?.[0];
  });
  const parsed = typeof text === 'string' ? (JSON.parse(text) as { error?: boolean; error_type?: string; error_message?: string; statements?: AstNode[] }) : { error: true };
  if (parsed.error) {
    if (parsed.error_type === 'parser') {
      const message = redactCompileMessage(parsed.error_message ?? '');
      throw new GovernedError('GOVERNED_SQL_INVALID', 'parser', message ? { message } : {});
    }
    // json_serialize_sql serializes SELECT statements only: anything else (COPY, SET, PRAGMA, ATTACH…) lands here.
    throw new GovernedError('GOVERNED_SQL_INVALID', 'not_select');
  }
  return parsed.statements ?? [];
}

/** SQL text of a statement AST (DuckDB's own printer, which its test suite checks re-parses to the same tree). */
export async function deparseStatement(statement: AstNode): Promise<string> {
  // DuckDB writes "no position" as 2^64-1, which JSON.parse cannot hold: positions do not matter for printing.
  const json = JSON.stringify({ error: false, statements: [statement] }, (key, value: unknown) =>
    key === 'query_location' && !(typeof value === 'number' && Number.isSafeInteger(value)) ? 0 : value,
  );
  const text = await serial(async (c) => {
    const reader = await c.runAndReadAll('SELECT json_deserialize_sql($json::JSON)', { json });
    return reader.getRowsJson()[0]?.[0];
  });
  if (typeof text !== 'string') throw new GovernedError('GOVERNED_CONSTRUCT_NOT_ALLOWED', 'not_printable');
  return text;
}

/** The tree without source positions, for comparing what was analysed with what will run. */
export function withoutLocations(node: unknown): string {
  return JSON.stringify(node, (key, value: unknown) => (key === 'query_location' ? undefined : value));
}
