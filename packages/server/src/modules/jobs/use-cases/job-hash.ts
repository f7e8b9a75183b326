import { createHash } from 'node:crypto';
import { canonicalBytes } from '@shuyun/core/ledger';
import type { JobStatement } from '../../../db/schema.ts';

/** SM3 of the RFC 8785 canonical statements: what the reviewers approve is exactly what may run. */
export function jobHash(statements: readonly JobStatement[]): string {
  return createHash('sm3').update(canonicalBytes(statements.map((s) => ({ output: s.output, sql: s.sql })))).digest('hex');
}
