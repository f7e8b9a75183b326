// Column-level PII suggestions for ingestion: the department sees, per column, the types whose validators accept
// most of the column's values, with a confidence, and confirms or corrects them.
//
// Confidence is the share of non-empty sampled values that validate, with three adjustments:
// - a 15-digit first-generation ID counts 0.7 of a match (no check character, so weaker evidence);
// - names: single values cannot be told from words (高新, 文化), so without a header hint a name column must also
//   look like a population of people: mostly distinct values, mostly among the 100 most frequent surnames (they
//   cover ~85% of people), given names mostly of frequent name characters. Words that merely start with a surname
//   character (林木, 周長, 高興) fall short on the last two; categorical columns on the first;
// - a header hint (身份證號, mobile, xm…) adds 0.1 and lowers the bar by 0.3, but never creates a suggestion from
//   values that do not validate.
// Thresholds are per type: check-character types need half of the values (chance matches are rare), pattern types
// 0.6, names and addresses 0.8.
import { detectValue } from './detect-value.ts';
import { headerHints } from './header-hints.ts';
import { frequentGivenChars, hasCommonSurname } from './person-name.ts';
import { createRng } from './rng.ts';
import { PII_TYPES, type PiiType } from './types.ts';

export interface ColumnScanOptions {
  /** At most this many non-empty values are examined, drawn evenly from the whole column (default 2000). */
  sample?: number;
  /** The column's header: a hint that raises confidence (姓名, sfzh, mobile…). */
  header?: string;
}

export interface PiiSuggestion {
  type: PiiType;
  confidence: number;
  /** Sampled non-empty values that validate as this type. */
  matched: number;
  /** Sampled non-empty values. */
  nonEmpty: number;
}

const DEFAULT_SAMPLE = 2000;
const LEGACY_ID_WEIGHT = 0.7;
const HEADER_BONUS = 0.1;
const HEADER_RELIEF = 0.3;
const THRESHOLD: Record<PiiType, number> = {
  resident_id: 0.5,
  uscc: 0.5,
  bank_card: 0.5,
  mobile: 0.6,
  landline: 0.6,
  email: 0.6,
  vehicle_plate: 0.6,
  person_name: 0.8,
  address: 0.8,
};
/** Below this many name matches the distinctness and surname-mix tests say nothing. */
const NAME_EVIDENCE_MIN = 20;
const NAME_DISTINCT_FULL = 0.5;
const NAME_COMMON_SURNAME_FULL = 0.6;
const NAME_FREQUENT_CHARS_FULL = 0.65;

// Placeholders departments put in empty cells: they are missing values, not failed matches.
const PLACEHOLDERS = new Set(['', '-', '--', '—', '/', '\\', '无', '無', '暂无', '暫無', 'null', 'NULL', 'N/A', 'n/a', 'NA', 'none']);

/** A seeded reservoir sample of the non-empty values: even coverage of a sorted or clustered column, and the
 *  same answer on every run. */
function sampleValues(values: Iterable<string | null>, size: number): string[] {
  const rng = createRng(0x5eed);
  const kept: string[] = [];
  let seen = 0;
  for (const raw of values) {
    if (raw === null || raw === undefined) continue;
    const value = raw.trim();
    if (PLACEHOLDERS.has(value)) continue;
    seen++;
    if (kept.length < size) kept.push(value);
    else {
      const j = rng.int(seen);
      if (j < size) kept[j] = value;
    }
  }
  return kept;
}

function nameEvidence(names: readonly string[]): number {
  if (names.length < NAME_EVIDENCE_MIN) return 1;
  const distinct = new Set(names).size / names.length;
  const common = names.filter(hasCommonSurname).length / names.length;
  let frequent = 0;
  let total = 0;
  for (const name of names) {
    const chars = frequentGivenChars(name);
    frequent += chars.frequent;
    total += chars.total;
  }
  return (
    Math.min(1, distinct / NAME_DISTINCT_FULL) *
    Math.min(1, common / NAME_COMMON_SURNAME_FULL) *
    Math.min(1, frequent / total / NAME_FREQUENT_CHARS_FULL)
  );
}

export function scanColumn(values: Iterable<string | null>, opts: ColumnScanOptions = {}): PiiSuggestion[] {
  const sample = sampleValues(values, Math.max(1, opts.sample ?? DEFAULT_SAMPLE));
  const nonEmpty = sample.length;
  if (nonEmpty === 0) return [];
  const matched = new Map<PiiType, number>();
  const weighted = new Map<PiiType, number>();
  const names: string[] = [];
  for (const value of sample) {
    for (const type of detectValue(value, { legacyResidentId: true })) {
      matched.set(type, (matched.get(type) ?? 0) + 1);
      const weight = type === 'resident_id' && value.length === 15 ? LEGACY_ID_WEIGHT : 1;
      weighted.set(type, (weighted.get(type) ?? 0) + weight);
      if (type === 'person_name') names.push(value);
    }
  }
  const hints = headerHints(opts.header);
  const suggestions: PiiSuggestion[] = [];
  for (const type of PII_TYPES) {
    const count = matched.get(type) ?? 0;
    if (count === 0) continue;
    const hinted = hints.has(type);
    let confidence = (weighted.get(type) ?? 0) / nonEmpty;
    if (type === 'person_name' && !hinted) confidence *= nameEvidence(names);
    if (hinted) confidence = Math.min(1, confidence + HEADER_BONUS);
    const threshold = THRESHOLD[type] - (hinted ? HEADER_RELIEF : 0);
    if (confidence < threshold) continue;
    suggestions.push({ type, confidence: Math.round(confidence * 1000) / 1000, matched: count, nonEmpty });
  }
  return suggestions.sort((a, b) => b.confidence - a.confidence);
}
