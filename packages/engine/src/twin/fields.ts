// Checks the fields of a twin against the source version and the rules against the fields, before any row is read.
import type { DuckDBConnection } from '@duckdb/node-api';
import { DomainError } from '@shuyun/core/errors/catalogue';
import { effectiveRule, maskingRuleSchema, ruleProblem, type MaskingRule } from '@shuyun/core/masking';
import { readSource } from './twin-duckdb.ts';
import type { TwinField } from './types.ts';

/** Column name → DuckDB type of the source version; a file DuckDB cannot read is refused without its message
 *  (which can quote the file's bytes). */
export async function sourceColumns(connection: DuckDBConnection, source: string): Promise<Map<string, string>> {
  try {
    const reader = await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${readSource(source)}`);
    return new Map(reader.getRows().map((r) => [String(r[0]), String(r[1])]));
  } catch {
    throw new DomainError('TWIN_SOURCE_UNREADABLE', [{ path: '/sourceParquet', reason: 'unreadable' }]);
  }
}

export async function sourceRowCount(connection: DuckDBConnection, source: string): Promise<number> {
  const reader = await connection.runAndReadAll(`SELECT count(*) FROM ${readSource(source)}`);
  return Number(reader.getRows()[0]?.[0] ?? 0);
}

export function checkFieldsExist(fields: readonly TwinField[], columns: Map<string, string>): void {
  const seen = new Set<string>();
  fields.forEach((f, i) => {
    if (!columns.has(f.name)) throw new DomainError('TWIN_FIELD_MISSING', [{ path: `/fields/${i}/name`, reason: 'not_in_version' }]);
    if (seen.has(f.name)) throw new DomainError('MASKING_RULE_INVALID', [{ path: `/fields/${i}/name`, reason: 'duplicate_field' }]);
    seen.add(f.name);
  });
}

/** The rule each field is masked with, validated: a rule of the wrong shape or for the wrong type is refused, and
 *  so is a direct identifier (or a person's PII) left as it is. */
export function resolveRules(fields: readonly TwinField[]): MaskingRule[] {
  return fields.map((f, i) => {
    if (f.rule) {
      const parsed = maskingRuleSchema.safeParse(f.rule);
      if (!parsed.success) throw new DomainError('MASKING_RULE_INVALID', [{ path: `/fields/${i}/rule`, reason: 'invalid_rule' }]);
    }
    const rule = effectiveRule(f);
    const problem = ruleProblem(f, rule);
    if (problem === 'identifier_unmasked') throw new DomainError('MASKING_IDENTIFIER_UNMASKED', [{ path: `/fields/${i}/rule`, reason: problem }]);
    if (problem) throw new DomainError('MASKING_RULE_INVALID', [{ path: `/fields/${i}/rule`, reason: problem }]);
    return rule;
  });
}
