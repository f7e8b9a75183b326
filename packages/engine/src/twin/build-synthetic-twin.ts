// The synthetic twin of a version (issue 6 §2): rows that keep each column's marginal distribution and nothing
// else. Every column is drawn independently, so no row of the twin is a row of the source and joint patterns
// (who earns what where) are gone by construction:
//   - identifiers (direct identifiers and any field with a PII type) are fresh synthetic values from the core
//     generators, redrawn whenever the source's Bloom filter may hold them: no source identifier appears; their
//     share of NULLs is kept;
//   - every other column is sampled from the source's value frequencies: one GROUP BY per column, cumulative counts,
//     and an ASOF join of each row's uniform draw against them (inverse-transform sampling in DuckDB).
// Draws depend only on (seed, column, row): the same seed over the same version gives the same twin.
//
// Note: sampled values are real values of their column (an amount, a date); that one column's values are released
// to the grant holder's dev workspace is what "keeps the marginal distribution" means. Free-text columns holding
// personal information should carry a PII type (or be suppressed) rather than be sampled.
import { BIGINT, DuckDBScalarFunction, INTEGER, VARCHAR, type DuckDBConnection } from '@duckdb/node-api';
import { DomainError } from '@shuyun/core/errors/catalogue';
import { quoteIdentifier, quoteLiteral } from '../ingest/sql.ts';
import { BloomFilter } from './bloom.ts';
import { checkFieldsExist, sourceColumns, sourceRowCount } from './fields.ts';
import { discard, publish, TWIN_PARQUET_OPTIONS, twinPaths } from './output-file.ts';
import { createRowRng, drawIndex } from './row-rng.ts';
import { generateIdentifier, identifierMaker, ScriptTally, type IdentifierMaker } from './synthetic-identifiers.ts';
import { openTwinDuckDB, readSource } from './twin-duckdb.ts';
import type { SyntheticTwinOptions, TwinField, TwinResult } from './types.ts';

const DRAW_FUNCTION = 'twin_draw';
const SYNTH_FUNCTION = 'twin_synth';
const MAX_ROWS = 1_000_000_000;

interface GeneratedColumn {
  index: number;
  field: TwinField;
  bloom: BloomFilter;
  tally: ScriptTally;
  nulls: number;
  make?: IdentifierMaker;
}

function isGenerated(f: TwinField): boolean {
  return f.role === 'direct_identifier' || (f.piiType !== null && f.piiType !== undefined);
}

export async function buildSyntheticTwin(opts: SyntheticTwinOptions): Promise<TwinResult> {
  if (!Number.isSafeInteger(opts.seed) || opts.seed < 0) throw new DomainError('MASKING_RULE_INVALID', [{ path: '/seed', reason: 'not_a_non_negative_integer' }]);
  if (opts.rows !== undefined && !(Number.isSafeInteger(opts.rows) && opts.rows >= 0 && opts.rows <= MAX_ROWS)) {
    throw new DomainError('MASKING_RULE_INVALID', [{ path: '/rows', reason: 'out_of_range' }]);
  }
  const paths = twinPaths(opts.sourceParquet, opts.outParquet);
  const db = await openTwinDuckDB(opts, paths.source, paths.tmp);
  try {
    const columns = await sourceColumns(db.connection, paths.source);
    checkFieldsExist(opts.fields, columns);
    const total = await sourceRowCount(db.connection, paths.source);
    const rows = opts.rows ?? total;
    const generated: GeneratedColumn[] = opts.fields.flatMap((field, index) =>
      isGenerated(field) ? [{ index, field, bloom: new BloomFilter(total), tally: new ScriptTally(), nulls: 0 }] : [],
    );
    await scanIdentifiers(db.connection, paths.source, generated);
    for (const g of generated) {
      const make = identifierMaker(g.field.piiType, g.field.type, g.tally.script);
      if (make) g.make = make;
    }
    registerFunctions(db.connection, opts.seed, generated);

    const src = readSource(paths.source);
    const ctes: string[] = [`d AS (SELECT range AS i FROM range(${rows}))`];
    const joins: string[] = [];
    const select: string[] = [];
    const methods: { name: string; method: string }[] = [];
    opts.fields.forEach((f, c) => {
      const name = quoteIdentifier(f.name);
      const g = generated.find((x) => x.index === c);
      if (g) {
        const value = g.make ? `${SYNTH_FUNCTION}(${c}, d.i)` : 'NULL';
        const typed = f.type === 'string' ? value : `CAST(${value} AS ${columns.get(f.name)})`;
        select.push(`(CASE WHEN ${DRAW_FUNCTION}(${c}, d.i, ${total}) < ${g.nulls} THEN NULL ELSE ${typed} END) AS ${name}`);
        methods.push({ name: f.name, method: g.make ? `synthetic(${f.piiType ?? 'opaque'})` : 'suppress' });
      } else if (total === 0) {
        select.push(`CAST(NULL AS ${columns.get(f.name)}) AS ${name}`);
        methods.push({ name: f.name, method: 'suppress' });
      } else {
        const freq = `f${c}`;
        ctes.push(
          `${freq} AS (SELECT v, CAST(sum(n) OVER (ORDER BY v ASC NULLS LAST ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) - n AS BIGINT) AS lo` +
            ` FROM (SELECT ${name} AS v, count(*) AS n FROM ${src} GROUP BY ALL))`,
        );
        joins.push(`ASOF JOIN ${freq} ON ${DRAW_FUNCTION}(${c}, d.i, ${total}) >= ${freq}.lo`);
        select.push(`${freq}.v AS ${name}`);
        methods.push({ name: f.name, method: 'sampled' });
      }
    });
    const query = `WITH ${ctes.join(', ')} SELECT ${select.join(', ')} FROM d ${joins.join(' ')} ORDER BY d.i`;
    const reader = await db.connection.runAndReadAll(`COPY (${query}) TO ${quoteLiteral(paths.tmp)} (${TWIN_PARQUET_OPTIONS})`);
    const written = Number(reader.getRows()[0]?.[0] ?? 0);
    db.close();
    await publish(paths);
    return { outParquet: paths.out, rows: written, columns: methods };
  } catch (err) {
    db.close();
    await discard(paths);
    throw err;
  }
}

/** One streaming pass over the identifier columns: their Bloom filters, NULL counts and script. */
async function scanIdentifiers(connection: DuckDBConnection, source: string, generated: GeneratedColumn[]): Promise<void> {
  if (generated.length === 0) return;
  const list = generated.map((g) => `CAST(${quoteIdentifier(g.field.name)} AS VARCHAR)`).join(', ');
  const result = await connection.stream(`SELECT ${list} FROM ${readSource(source)}`);
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    generated.forEach((g, j) => {
      const vector = chunk.getColumnVector(j);
      const scriptSample = g.field.piiType === 'person_name' || g.field.piiType === 'address' || g.field.piiType === 'vehicle_plate';
      const n = chunk.rowCount;
      for (let i = 0; i < n; i++) {
        const v = vector.getItem(i);
        if (v === null) {
          g.nulls++;
          continue;
        }
        const s = String(v);
        g.bloom.add(s);
        if (scriptSample && g.tally.simplified + g.tally.traditional < 10_000) g.tally.add(s);
      }
    });
  }
}

function registerFunctions(connection: DuckDBConnection, seed: number, generated: GeneratedColumn[]): void {
  const drawRng = createRowRng();
  connection.registerScalarFunction(
    DuckDBScalarFunction.create({
      name: DRAW_FUNCTION,
      returnType: BIGINT,
      parameterTypes: [INTEGER, BIGINT, BIGINT],
      mainFunction: (_info, input, output) => {
        const col = input.getColumnVector(0);
        const row = input.getColumnVector(1);
        const tot = input.getColumnVector(2);
        const n = input.rowCount;
        for (let i = 0; i < n; i++) {
          const total = Number(tot.getItem(i));
          output.setItem(i, total <= 0 ? 0n : BigInt(drawIndex(drawRng, seed, Number(col.getItem(i)), Number(row.getItem(i)), total)));
        }
        output.flush();
      },
    }),
  );
  const makers = new Map(generated.map((g) => [g.index, g]));
  const rng = createRowRng();
  connection.registerScalarFunction(
    DuckDBScalarFunction.create({
      name: SYNTH_FUNCTION,
      returnType: VARCHAR,
      parameterTypes: [INTEGER, BIGINT],
      mainFunction: (_info, input, output) => {
        const col = input.getColumnVector(0);
        const row = input.getColumnVector(1);
        const n = input.rowCount;
        for (let i = 0; i < n; i++) {
          const c = Number(col.getItem(i));
          const g = makers.get(c);
          output.setItem(i, g?.make ? generateIdentifier(g.make, g.bloom, rng, seed, c, Number(row.getItem(i))) : null);
        }
        output.flush();
      },
    }),
  );
}
