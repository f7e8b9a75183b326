import type { QueryResult, RunOptions } from '../sandbox/types.ts';
import { GovernedError } from './errors.ts';
import type { GovernedAnalysis, GovernedResult } from './types.ts';

/** What `runGovernedQuery` needs of a session: `SandboxSession` (in-process) and `EngineSession` (child process) both fit. */
export interface GovernedSession {
  run(sql: string, opts?: RunOptions): Promise<QueryResult>;
}

/** Leading columns of the executed statement: `__part`, `__suppressed`, `__subjects` (rewrite.ts). */
const LEADING = 3;

/**
 * Runs an analysed query in a sandbox session and releases what the threshold allows: the summary row and the
 * internal columns are dropped; an aggregate query reports how many groups were withheld; a non-aggregate query
 * whose rows cover fewer than `minSubjects` subjects is refused as a whole (GOVERNED_TOO_FEW_SUBJECTS, without the
 * count). Engine errors come from the session already stripped of data values.
 */
export async function runGovernedQuery(session: GovernedSession, analysis: GovernedAnalysis, opts: { timeoutMs?: number } = {}): Promise<GovernedResult> {
  const result = await session.run(analysis.executedSql, { maxRows: analysis.maxRows + 1, ...(opts.timeoutMs === undefined ? {} : { timeoutMs: opts.timeoutMs }) });
  const [summary, ...rows] = result.rows;
  if (!summary || summary[0] !== 0) throw new Error('governed query: the summary row is missing');
  let suppressed = 0;
  if (analysis.aggregate) {
    suppressed = Number(summary[1] ?? 0);
  } else if (analysis.subjectCounts > 0) {
    const subjects = summary[2] === null ? 0 : Number(summary[2]);
    if (!(subjects >= analysis.minSubjects)) throw new GovernedError('GOVERNED_TOO_FEW_SUBJECTS', 'min_subjects');
  }
  const width = analysis.columns.length;
  const released = rows.slice(0, analysis.maxRows).map((r) => r.slice(LEADING, LEADING + width));
  const columns = result.columns.slice(LEADING, LEADING + width).map((c, i) => ({ name: analysis.columns[i] ?? c.name, type: c.type }));
  return { columns, rows: released, suppressed, truncated: rows.length > analysis.maxRows || result.truncated, elapsedMs: result.elapsedMs };
}
