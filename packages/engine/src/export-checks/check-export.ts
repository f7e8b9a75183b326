// The automated checks of an export request (出域審核, issue 7 §1), run before any human sees the request:
// pii_values, group_size, k_anonymity, raw_overlap, row_cap and size_cap over one in-domain result file, and budget
// (the grant's ε budget status, when the caller gives it). The report
// says what each check found in counts and column names; the reviewers decide with it, and an export with a blocking
// finding does not reach them.
//
// DuckDB: the checks run in locked-down in-memory instances opened by `openTwinDuckDB` — external access off, no
// extension installed or loaded, configuration locked before the first statement reads a file, and able to open
// exactly two files: the result and one raw version. `openTwinDuckDB` takes one file to read and one to write, and
// DuckDB's allow-list does not tell reading from writing, so the raw version goes in the second place; no statement
// here writes anything. One instance is opened per raw version (the first also runs the checks of the result alone),
// one at a time, each closed before the next opens; with no raw version, the result is the only file it can open.
import { DomainError, type FieldIssue } from '@shuyun/core/errors/catalogue';
import { PII_TYPES } from '@shuyun/core/pii';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { openTwinDuckDB, readSource, type TwinDuckDB } from '../twin/twin-duckdb.ts';
import type { TwinLimits } from '../twin/types.ts';
import { fileColumns, type FileColumn } from './columns.ts';
import { checkGroupSize, checkKAnonymity } from './groups.ts';
import { checkPiiValues, DEFAULT_PERMITTED_PII } from './pii-values.ts';
import { checkRawOverlap } from './raw-overlap.ts';
import type { ExportCheck, ExportCheckOptions, ExportCheckReport, ExportFinding, ExportNote, PrivacyBudgetStatus, RawDatasetRef, ResultColumnRole } from './types.ts';

const ROLES: readonly ResultColumnRole[] = ['quasi_identifier', 'subject_count', 'measure', 'other'];

function invalid(pathAt: string, reason: string): DomainError {
  return new DomainError('EXPORT_CHECK_INVALID', [{ path: pathAt, reason }]);
}

function validateOptions(opts: ExportCheckOptions): void {
  const issues: FieldIssue[] = [];
  const positive = (v: unknown, at: string) => {
    if (!(typeof v === 'number' && Number.isSafeInteger(v) && v >= 1)) issues.push({ path: at, reason: 'positive_integer_required' });
  };
  const cap = (v: unknown, at: string) => {
    if (!(v === null || (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0))) issues.push({ path: at, reason: 'cap_invalid' });
  };
  if (typeof opts.resultParquet !== 'string' || opts.resultParquet === '') issues.push({ path: '/resultParquet', reason: 'required' });
  positive(opts.minSubjects, '/minSubjects');
  positive(opts.k, '/k');
  cap(opts.maxRows, '/maxRows');
  cap(opts.maxBytes, '/maxBytes');
  if (opts.privacyBudget != null) {
    const micro = (v: unknown, at: string) => {
      if (!(typeof v === 'number' && Number.isSafeInteger(v) && v >= 0)) issues.push({ path: at, reason: 'micro_units_invalid' });
    };
    micro(opts.privacyBudget.totalMicro, '/privacyBudget/totalMicro');
    micro(opts.privacyBudget.spentMicro, '/privacyBudget/spentMicro');
  }
  const seen = new Set<string>();
  (opts.columns ?? []).forEach((c, i) => {
    if (!ROLES.includes(c.role)) issues.push({ path: `/columns/${i}/role`, reason: 'unknown_role' });
    if (seen.has(c.name)) issues.push({ path: `/columns/${i}/name`, reason: 'duplicate_column' });
    seen.add(c.name);
  });
  opts.rawDatasets.forEach((r, i) => {
    if (typeof r.parquetPath !== 'string' || r.parquetPath === '') issues.push({ path: `/rawDatasets/${i}/parquetPath`, reason: 'required' });
    if (typeof r.subjectKey !== 'string' || r.subjectKey === '') issues.push({ path: `/rawDatasets/${i}/subjectKey`, reason: 'required' });
  });
  (opts.permittedPii ?? []).forEach((p, i) => {
    if (!PII_TYPES.includes(p.type)) issues.push({ path: `/permittedPii/${i}/type`, reason: 'unknown_pii_type' });
  });
  if (issues.length) throw new DomainError('EXPORT_CHECK_INVALID', issues);
}

interface ResolvedRoles {
  quasiIdentifiers: FileColumn[];
  subjectCounts: FileColumn[];
}

function resolveRoles(opts: ExportCheckOptions, columns: readonly FileColumn[]): ResolvedRoles {
  const byName = (name: string, at: string): FileColumn => {
    const column = columns.find((c) => c.name === name);
    if (!column) throw invalid(at, 'not_in_result');
    return column;
  };
  const quasiIdentifiers: FileColumn[] = [];
  const subjectCounts: FileColumn[] = [];
  (opts.columns ?? []).forEach((c, i) => {
    const column = byName(c.name, `/columns/${i}/name`);
    if (c.role === 'quasi_identifier') quasiIdentifiers.push(column);
    if (c.role === 'subject_count') subjectCounts.push(column);
  });
  if (opts.subjectCountColumn !== undefined) {
    const column = byName(opts.subjectCountColumn, '/subjectCountColumn');
    if (quasiIdentifiers.includes(column)) throw invalid('/subjectCountColumn', 'declared_as_quasi_identifier');
    if (!subjectCounts.includes(column)) subjectCounts.push(column);
  }
  return { quasiIdentifiers, subjectCounts };
}

async function rawColumnsChecked(db: TwinDuckDB, file: string, raw: RawDatasetRef, i: number): Promise<FileColumn[]> {
  const columns = await fileColumns(db.connection, file, 'EXPORT_CHECK_RAW_UNREADABLE', `/rawDatasets/${i}/parquetPath`);
  if (!columns.some((c) => c.name === raw.subjectKey)) throw invalid(`/rawDatasets/${i}/subjectKey`, 'not_in_raw');
  raw.identifyingColumns.forEach((name, j) => {
    if (!columns.some((c) => c.name === name)) throw invalid(`/rawDatasets/${i}/identifyingColumns/${j}`, 'not_in_raw');
  });
  return columns;
}

function capCheck(name: 'row_cap' | 'size_cap', value: number, cap: number | null): ExportCheck {
  if (cap === null) return { name, passed: true, skipped: true, findings: [], notes: [{ code: 'no_cap' }] };
  const findings: ExportFinding[] = [];
  if (value > cap) {
    findings.push(name === 'row_cap' ? { code: 'rows_over_cap', rows: value, maxRows: cap, blocking: true } : { code: 'bytes_over_cap', bytes: value, maxBytes: cap, blocking: true });
  }
  return { name, passed: findings.length === 0, skipped: false, findings, notes: [] };
}

/**
 * The grant's ε budget status (issue 7 §1: "row and size caps from the grant, budget status"). The chosen rule: an
 * export of a grant whose ε budget is spent is blocked. The budget bounds what the grant may still reveal about the
 * data subjects; once it is spent, differentially private answers stop, and a released result would let the holder
 * keep learning about the same subjects through another door — so exports stop with them, until the grant is renewed
 * with a new budget. A grant with no ε budget (threshold-only) passes, not applicable; a grant with some budget left
 * passes, with what is left as a note for the reviewers. Only the grant's ε figures are reported, never a data value.
 */
function budgetCheck(budget: PrivacyBudgetStatus | null): ExportCheck {
  if (budget === null) return { name: 'budget', passed: true, skipped: true, findings: [], notes: [{ code: 'no_budget' }] };
  const epsilonTotal = budget.totalMicro / 1e6;
  const remainingMicro = budget.totalMicro - budget.spentMicro;
  if (remainingMicro <= 0) {
    return { name: 'budget', passed: false, skipped: false, findings: [{ code: 'budget_exhausted', epsilonTotal, epsilonSpent: budget.spentMicro / 1e6, blocking: true }], notes: [] };
  }
  return { name: 'budget', passed: true, skipped: false, findings: [], notes: [{ code: 'budget_remaining', epsilonTotal, epsilonRemaining: remainingMicro / 1e6 }] };
}

/** DuckDB's messages can quote values (a conversion error shows the text it could not convert): anything but our
 *  own refusals leaves as a code without details. */
async function guarded<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof DomainError) throw err;
    throw new DomainError('EXPORT_CHECK_FAILED');
  }
}

export async function checkExport(opts: ExportCheckOptions): Promise<ExportCheckReport> {
  validateOptions(opts);
  const limits: TwinLimits = {
    ...(opts.threads === undefined ? {} : { threads: opts.threads }),
    ...(opts.memoryLimit === undefined ? {} : { memoryLimit: opts.memoryLimit }),
    ...(opts.spillDirectory === undefined ? {} : { spillDirectory: opts.spillDirectory }),
  };
  const result = path.resolve(opts.resultParquet);
  const raws = opts.rawDatasets.map((r) => ({ ref: r, file: path.resolve(r.parquetPath) }));
  let bytes: number;
  try {
    const info = await stat(result);
    if (!info.isFile()) throw new Error('not a file');
    bytes = info.size;
  } catch {
    throw new DomainError('EXPORT_CHECK_RESULT_UNREADABLE', [{ path: '/resultParquet', reason: 'unreadable' }]);
  }

  return guarded(async () => {
    const overlapFindings: ExportFinding[] = [];
    const overlapNotes: ExportNote[] = [];
    let rows = 0;
    let resultChecks: ExportCheck[] = [];
    for (let i = 0; i < Math.max(1, raws.length); i++) {
      const raw = raws[i];
      const db = await openTwinDuckDB(limits, result, raw?.file ?? result);
      try {
        const columns = await fileColumns(db.connection, result, 'EXPORT_CHECK_RESULT_UNREADABLE', '/resultParquet');
        if (i === 0) {
          const roles = resolveRoles(opts, columns);
          const count = await db.connection.runAndReadAll(`SELECT count(*) FROM ${readSource(result)}`);
          rows = Number(count.getRows()[0]?.[0] ?? 0);
          resultChecks = [
            await checkPiiValues(db.connection, result, columns, opts.permittedPii ?? DEFAULT_PERMITTED_PII),
            await checkGroupSize(db.connection, result, roles.subjectCounts, opts.minSubjects),
            await checkKAnonymity(db.connection, result, roles.quasiIdentifiers, roles.subjectCounts, opts.k),
          ];
        }
        if (raw) {
          const rawColumns = await rawColumnsChecked(db, raw.file, raw.ref, i);
          const outcome = await checkRawOverlap(db.connection, result, columns, raw.file, rawColumns, raw.ref, i);
          overlapFindings.push(...outcome.findings);
          overlapNotes.push(...outcome.notes);
        }
      } finally {
        db.close();
      }
    }
    const rawOverlap: ExportCheck =
      raws.length === 0
        ? { name: 'raw_overlap', passed: true, skipped: true, findings: [], notes: [{ code: 'no_raw_datasets' }] }
        : { name: 'raw_overlap', passed: !overlapFindings.some((f) => f.blocking), skipped: false, findings: overlapFindings, notes: overlapNotes };
    if (rows === 0) resultChecks[0]?.notes.push({ code: 'empty_result' });
    const checks = [...resultChecks, rawOverlap, capCheck('row_cap', rows, opts.maxRows), capCheck('size_cap', bytes, opts.maxBytes)];
    if (opts.privacyBudget !== undefined) checks.push(budgetCheck(opts.privacyBudget));
    return { passed: checks.every((c) => c.passed), rows, bytes, checks };
  });
}

