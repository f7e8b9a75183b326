// The shape of a benchmark and of what it reports. Benchmarks measure and print; they never fail the run on a
// timing (the verdict is printed only). A crash is the only failure.

export interface Target {
  /** `>=`: the value must be at least `value`; `<=`: at most. */
  op: '>=' | '<=';
  value: number;
}

export interface Metric {
  /** One line of the table, e.g. "ledgered commands/s". */
  name: string;
  value: number;
  unit: string;
  target?: Target;
  /** Decimal places to print (default: 0 for values ≥ 100, else 2 or 3). */
  digits?: number;
  /** A short remark printed after the verdict. */
  note?: string;
}

export interface BenchResult {
  metrics: Metric[];
  /** Free-form findings printed under the table (bottlenecks, breakdowns, what runs where). */
  notes: string[];
}

export interface BenchContext {
  /** Progress for the impatient reader (stderr; not part of the table). */
  progress(message: string): void;
}

export interface Benchmark {
  name: string;
  title: string;
  run(ctx: BenchContext): Promise<BenchResult>;
}

export type Verdict = 'PASS' | 'FAIL' | 'info';

export function verdictOf(metric: Metric): Verdict {
  if (!metric.target) return 'info';
  const { op, value } = metric.target;
  return (op === '>=' ? metric.value >= value : metric.value <= value) ? 'PASS' : 'FAIL';
}

export function formatNumber(value: number, digits?: number): string {
  const d = digits ?? (Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 1 ? 2 : 3);
  return value.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
}
