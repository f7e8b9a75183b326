// The masked twin of a version (issue 6 §2): one streaming `COPY (SELECT <masked columns> FROM read_parquet(source))
// TO <twin>`, every rule compiled to a DuckDB expression (mask-sql.ts), so the rows pass through DuckDB's vectors in
// row groups and memory stays flat whatever the size of the version. Direct identifiers are masked per their rule,
// quasi-identifiers generalized, sensitive attributes kept as they are: the twin is for exploring shapes and
// writing SQL, and results on real data only ever come from governed queries.
//
// Sensitive numeric values could also be perturbed here (a `perturb` technique adding bounded noise, e.g.
// `x + (random() - 0.5) * w`, seeded); they are not, by default: the dev workspace shows them only to a grant
// holder, and what leaves the domain goes through governed SQL and export review, not through the twin.
import { DuckDBScalarFunction, VARCHAR, type DuckDBConnection } from '@duckdb/node-api';
import { DomainError } from '@shuyun/core/errors/catalogue';
import type { MaskingRule } from '@shuyun/core/masking';
import { createHmac } from 'node:crypto';
import { quoteIdentifier, quoteLiteral } from '../ingest/sql.ts';
import { checkFieldsExist, resolveRules, sourceColumns } from './fields.ts';
import { maskExpression, PSEUDONYM_FUNCTION } from './mask-sql.ts';
import { discard, publish, TWIN_PARQUET_OPTIONS, twinPaths } from './output-file.ts';
import { openTwinDuckDB, readSource } from './twin-duckdb.ts';
import type { MaskedTwinOptions, TwinResult } from './types.ts';

export async function buildMaskedTwin(opts: MaskedTwinOptions): Promise<TwinResult> {
  const rules = resolveRules(opts.fields);
  const hashed = rules.some((r) => r.technique === 'hash');
  if (hashed && (!opts.hashKey || opts.hashKey.length < 16)) {
    throw new DomainError('MASKING_RULE_INVALID', [{ path: '/hashKey', reason: 'hash_key_required' }]);
  }
  const paths = twinPaths(opts.sourceParquet, opts.outParquet);
  const db = await openTwinDuckDB(opts, paths.source, paths.tmp);
  try {
    const columns = await sourceColumns(db.connection, paths.source);
    checkFieldsExist(opts.fields, columns);
    if (hashed) registerPseudonym(db.connection, opts.hashKey as Uint8Array);
    const select = opts.fields
      .map((f, i) => `${maskExpression(quoteIdentifier(f.name), f.type, rules[i] as MaskingRule)} AS ${quoteIdentifier(f.name)}`)
      .join(', ');
    const sql = `COPY (SELECT ${select} FROM ${readSource(paths.source)}) TO ${quoteLiteral(paths.tmp)} (${TWIN_PARQUET_OPTIONS})`;
    const reader = await db.connection.runAndReadAll(sql);
    const rows = Number(reader.getRows()[0]?.[0] ?? 0);
    db.close();
    await publish(paths);
    return { outParquet: paths.out, rows, columns: opts.fields.map((f, i) => ({ name: f.name, method: describeRule(rules[i] as MaskingRule) })) };
  } catch (err) {
    db.close();
    await discard(paths);
    throw err;
  }
}

/** SM3-HMAC under the grant key, in OpenSSL (the same bytes as core/masking `pseudonym`, which the tests check).
 *  The key lives in this closure only: it never appears in SQL text, where a log or an error could show it. */
function registerPseudonym(connection: DuckDBConnection, key: Uint8Array): void {
  const keyBytes = Buffer.from(key);
  connection.registerScalarFunction(
    DuckDBScalarFunction.create({
      name: PSEUDONYM_FUNCTION,
      returnType: VARCHAR,
      parameterTypes: [VARCHAR],
      mainFunction: (_info, input, output) => {
        const values = input.getColumnVector(0);
        const n = input.rowCount;
        for (let i = 0; i < n; i++) {
          const v = values.getItem(i);
          output.setItem(i, v === null ? null : createHmac('sm3', keyBytes).update(String(v), 'utf8').digest('hex'));
        }
        output.flush();
      },
    }),
  );
}

function describeRule(rule: MaskingRule): string {
  switch (rule.technique) {
    case 'keep_ends':
      return `keep_ends(${rule.first},${rule.last})`;
    case 'email_local':
      return `email_local(${rule.keep})`;
    case 'generalize':
      return `generalize(${Object.values(rule.to).join(',')})`;
    default:
      return rule.technique;
  }
}
