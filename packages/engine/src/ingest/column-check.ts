import type { DeclaredField, IngestProblem } from './types.ts';

/**
 * Compares the columns a source has (by name, any order) with the declared fields: every declared field present
 * once, nothing else. Names are column names, not data, so they may be listed.
 */
export function compareColumns(names: readonly string[], fields: readonly DeclaredField[]): IngestProblem[] {
  const problems: IngestProblem[] = [];
  const declared = new Set(fields.map((f) => f.name));
  const seen = new Map<string, number>();
  names.forEach((name, i) => {
    const before = seen.get(name);
    if (before !== undefined) {
      problems.push({ kind: 'duplicate_column', column: name, reason: `column "${name}" appears twice (positions ${before + 1} and ${i + 1})` });
    } else seen.set(name, i);
  });
  const lower = new Map(names.map((n) => [n.toLowerCase(), n] as const));
  for (const f of fields) {
    if (seen.has(f.name)) continue;
    const near = lower.get(f.name.toLowerCase());
    const hint = near !== undefined && !declared.has(near) ? ` (the source has "${near}", which differs in letter case)` : '';
    problems.push({ kind: 'missing_column', column: f.name, reason: `declared field "${f.name}" is not in the source${hint}` });
  }
  names.forEach((name, i) => {
    if (declared.has(name) || seen.get(name) !== i) return;
    problems.push({
      kind: 'unexpected_column',
      column: name,
      reason: name === '' ? `column ${i + 1} has no name` : `column "${name}" (position ${i + 1}) is not a declared field`,
    });
  });
  return problems;
}
