// ε as an exact decimal: at most 6 decimal places, held as an integer number of micro-ε (1 ε = 1 000 000 µε).
//
// Budgets are added and compared in integers only, so spending 0.1 ten times reaches exactly 1 (floating-point
// accumulation would give 0.9999999999999999 and either refuse the tenth query or, with a tolerance, allow a little
// more than the grant). The grant's ledger should store `micros` (an integer column) and debit it atomically, e.g.
// `UPDATE grants SET epsilon_spent_micros = epsilon_spent_micros + $cost
//   WHERE id = $id AND epsilon_spent_micros + $cost <= epsilon_total_micros RETURNING …`,
// before the noisy result is returned; `planDebit` is the same decision as a pure function.
import { DomainError, type ErrorCode } from '../errors/catalogue.ts';
import type { PrivacyBudget } from '../policy/usage-policy.ts';
import { type Rational, rational } from './rational.ts';

export const EPSILON_DECIMALS = 6;
export const MICROS_PER_EPSILON = 1_000_000;
/** The largest ε a grant may carry (the same bound as the usage policy's `privacyBudget`). */
export const MAX_EPSILON_MICROS = 100 * MICROS_PER_EPSILON;

/** An exact ε. Holds BigInts (`rational`): serialize `text` or `micros`, not the object. */
export interface Epsilon {
  /** integer micro-ε */
  readonly micros: number;
  /** micros / 10⁶ in lowest terms, for the samplers */
  readonly rational: Rational;
  /** the one decimal spelling: no exponent, no trailing zeros (`0.1`, `1`, `2.5`) */
  readonly text: string;
}

/** What the budget helpers accept: an `Epsilon`, or a decimal written as a string or a number with ≤ 6 places. */
export type EpsilonInput = Epsilon | string | number;

const DECIMAL = /^(0|[1-9]\d{0,8})(?:\.(\d{1,6}))?$/;

function invalid(reason: string, path = '/epsilon'): DomainError {
  return new DomainError('DP_EPSILON_INVALID', [{ path, reason }]);
}

/** An ε from integer micro-units (≥ 0). */
export function epsilonFromMicros(micros: number): Epsilon {
  if (!Number.isSafeInteger(micros) || micros < 0) throw invalid('not_a_non_negative_integer_of_micros');
  return { micros, rational: rational(BigInt(micros), BigInt(MICROS_PER_EPSILON)), text: formatMicros(micros) };
}

/** `1500000` → `"1.5"`. */
export function formatMicros(micros: number): string {
  const whole = Math.floor(micros / MICROS_PER_EPSILON);
  const frac = String(micros % MICROS_PER_EPSILON).padStart(EPSILON_DECIMALS, '0').replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : String(whole);
}

function isEpsilon(x: unknown): x is Epsilon {
  return typeof x === 'object' && x !== null && 'micros' in x && 'rational' in x && 'text' in x;
}

/**
 * Parses ε: a decimal with at most 6 places (`"0.1"`, `0.25`, `"1"`), no sign, no exponent, positive and at most 100
 * (the policy's bound). A number is read through its shortest decimal spelling, so `0.1` is exactly one tenth and
 * `0.1 + 0.2` (0.30000000000000004) is refused for having more than 6 places.
 * With `{ allowZero: true }` 0 is accepted (an amount already spent); with `{ max: false }` there is no upper bound
 * (a sum of costs). Throws `DomainError('DP_EPSILON_INVALID')`.
 */
export function parseEpsilon(input: EpsilonInput, options: { allowZero?: boolean; max?: false } = {}): Epsilon {
  let micros: number;
  if (isEpsilon(input)) {
    micros = epsilonFromMicros(input.micros).micros;
  } else {
    let text: string;
    if (typeof input === 'number') {
      if (!Number.isFinite(input)) throw invalid('not_finite');
      if (input < 0 || Object.is(input, -0)) throw invalid('not_positive');
      text = String(input);
      if (/e/i.test(text)) throw invalid(input < 1 ? 'more_than_6_decimals' : 'too_large');
    } else if (typeof input === 'string') {
      text = input.trim();
    } else {
      throw invalid('not_a_decimal');
    }
    if (/^-/.test(text)) throw invalid('not_positive');
    const dot = text.indexOf('.');
    if (dot >= 0 && /^\d+$/.test(text.slice(dot + 1)) && text.length - dot - 1 > EPSILON_DECIMALS) {
      throw invalid('more_than_6_decimals');
    }
    const m = DECIMAL.exec(text);
    if (!m) throw invalid('not_a_decimal');
    micros = Number(m[1]) * MICROS_PER_EPSILON + Number((m[2] ?? '').padEnd(EPSILON_DECIMALS, '0'));
  }
  if (micros === 0 && !options.allowZero) throw invalid('not_positive');
  if (options.max !== false && micros > MAX_EPSILON_MICROS) throw invalid('too_large');
  return epsilonFromMicros(micros);
}

/** Micro-ε of an input (see `parseEpsilon`), 0 allowed, no upper bound. */
function microsOf(x: EpsilonInput): number {
  return parseEpsilon(x, { allowZero: true, max: false }).micros;
}

/** Exact sum of ε amounts. */
export function addEpsilon(...amounts: EpsilonInput[]): Epsilon {
  let total = 0;
  for (const a of amounts) total += microsOf(a);
  return epsilonFromMicros(total);
}

/** ε × an integer factor (sequential composition of `factor` equal releases). */
export function multiplyEpsilon(eps: EpsilonInput, factor: number): Epsilon {
  if (!Number.isSafeInteger(factor) || factor < 0) throw new RangeError('multiplyEpsilon: factor must be a non-negative integer');
  return epsilonFromMicros(microsOf(eps) * factor);
}

/** What is left of `total` after `spent` (never negative). */
export function remainingEpsilon(total: EpsilonInput, spent: EpsilonInput): Epsilon {
  return epsilonFromMicros(Math.max(0, microsOf(total) - microsOf(spent)));
}

/**
 * May a release costing `cost` be made when `spent` of `total` is already used? Exact: spent + cost ≤ total in
 * integer micro-ε. `cost` must be positive.
 */
export function canSpend(total: EpsilonInput, spent: EpsilonInput, cost: EpsilonInput): boolean {
  const c = parseEpsilon(cost, { max: false }).micros;
  return microsOf(spent) + c <= microsOf(total);
}

export type BudgetDecision =
  | { allowed: true; cost: Epsilon; spentAfter: Epsilon; remainingAfter: Epsilon }
  | { allowed: false; reason: 'no_budget' | 'per_query_limit' | 'exhausted'; code: ErrorCode };

/**
 * The budget decision for one release under a grant's `privacyBudget` (`undefined`: the grant allows no
 * differentially private release). Pure: the caller makes it atomic (see the module comment) and debits before the
 * result leaves. A refusal never says how much is left beyond the code (the remaining budget is not secret to the
 * grantee, but the decision does not need it).
 */
export function planDebit(budget: PrivacyBudget | undefined, spent: EpsilonInput, cost: EpsilonInput): BudgetDecision {
  const c = parseEpsilon(cost, { max: false });
  if (!budget) return { allowed: false, reason: 'no_budget', code: 'GRANT_BUDGET_EXHAUSTED' };
  const total = parseEpsilon(budget.epsilonTotal);
  if (budget.epsilonPerQuery !== undefined && c.micros > parseEpsilon(budget.epsilonPerQuery).micros) {
    return { allowed: false, reason: 'per_query_limit', code: 'GRANT_BUDGET_EXHAUSTED' };
  }
  const s = microsOf(spent);
  if (s + c.micros > total.micros) return { allowed: false, reason: 'exhausted', code: 'GRANT_BUDGET_EXHAUSTED' };
  return {
    allowed: true,
    cost: c,
    spentAfter: epsilonFromMicros(s + c.micros),
    remainingAfter: epsilonFromMicros(total.micros - s - c.micros),
  };
}

/** `planDebit`, throwing `DomainError(GRANT_BUDGET_EXHAUSTED)` on refusal; returns the new amount spent. */
export function debitOrThrow(budget: PrivacyBudget | undefined, spent: EpsilonInput, cost: EpsilonInput): Epsilon {
  const d = planDebit(budget, spent, cost);
  if (!d.allowed) throw new DomainError(d.code, [{ path: '/epsilon', reason: d.reason }]);
  return d.spentAfter;
}
