import type { QueryResult, RunOptions } from '../sandbox/types.ts';
import { releaseFacts } from './differencing.ts';
import { GovernedError } from './errors.ts';
import type { GovernedAnalysis, GovernedResult, ReleaseFacts } from './types.ts';

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
 * count). Engine errors come from the session already stripped of data values. The answer carries, internally, what
 * each release is about (`releases`: keys and subject counts) for the differencing control (differencing.ts), which
 * the caller applies with the grant's memory before anything is shown.
 */
export async function runGovernedQuery(session: GovernedSession, analysis: GovernedAnalysis, opts: { timeoutMs?: number } = {}): Promise<GovernedResult> {
  const result = await session.run(analysis.executedSql, { maxRows: analysis.maxRows + 1, ...(opts.timeoutMs === undefined ? {} : { timeoutMs: opts.timeoutMs }) });
  const [summary, ...rows] = result.rows;
  if (!summary || summary[0] !== 0) throw new Error('governed query: the summary row is missing');
  const n = analysis.subjectCounts;
  const m = analysis.aggregate ? analysis.groupings.length : 0;
  const lead = LEADING + n + m;
  let suppressed = 0;
  if (analysis.aggregate) {
    suppressed = Number(summary[1] ?? 0);
  } else if (n > 0) {
    const subjects = summary[2] === null ? 0 : Number(summary[2]);
    if (!(subjects >= analysis.minSubjects)) throw new GovernedError('GOVERNED_TOO_FEW_SUBJECTS', 'min_subjects');
  }
  const width = analysis.columns.length;
  const kept = rows.slice(0, analysis.maxRows);
  const released = kept.map((r) => r.slice(lead, lead + width));
  const columns = result.columns.slice(lead, lead + width).map((c, i) => ({ name: analysis.columns[i] ?? c.name, type: c.type }));
  let facts: ReleaseFacts[];
  if (analysis.aggregate) {
    facts = kept.map((r) => releaseFacts(analysis.subjectResources, analysis.groupings, r.slice(LEADING, LEADING + n), r.slice(LEADING + n, lead)));
  } else {
    facts = n === 0 ? [] : [releaseFacts(analysis.subjectResources, [], summary.slice(LEADING, LEADING + n), [])];
  }
  return {
    columns,
    rows: released,
    suppressed,
    withheld: { minSubjects: suppressed, differencing: 0 },
    releases: { unit: analysis.aggregate ? 'row' : 'answer', facts },
    truncated: rows.length > analysis.maxRows || result.truncated,
    elapsedMs: result.elapsedMs,
  };
}
