// Detection: votes per codeword bit from every carrier cell read, tested for the presence of a mark, then matched
// against the candidate recipients (the platform knows every export it made) or decoded on their own.
import { bytesOf, CODEWORD_BITS, formatRecipient, ID_BITS, recipientCodeword, recipientTag, type Slot, type WatermarkKeys } from './scheme.ts';

/** Distinct slots kept per channel; beyond it the channel keeps a keyed sample (memory stays flat). */
export const DEFAULT_VOTE_CAP = 1 << 17;
const KEY_SPACE = 2 ** 48;
const CONFLICT = 2;

/**
 * Votes of one channel (a column, or the row order). Each distinct slot votes once: identical rows carry identical
 * bits and would otherwise look like agreement; a slot seen with both bits (a collision, or tampering) is dropped.
 * When more than `cap` distinct slots arrive, only those whose key falls under a halving threshold are kept — a
 * sample that depends on the keys alone, so the outcome does not depend on the row order.
 */
export class VoteChannel {
  private readonly votes = new Map<number, { index: number; bit: number }>();
  private threshold = KEY_SPACE;
  constructor(readonly name: string, private readonly cap = DEFAULT_VOTE_CAP) {}

  add(slot: Slot, bit: number): void {
    if (slot.key >= this.threshold) return;
    const seen = this.votes.get(slot.key);
    if (seen) {
      if (seen.bit !== bit) seen.bit = CONFLICT;
      return;
    }
    this.votes.set(slot.key, { index: slot.index, bit });
    while (this.votes.size > this.cap) {
      this.threshold /= 2;
      for (const k of this.votes.keys()) if (k >= this.threshold) this.votes.delete(k);
    }
  }

  get size(): number {
    return this.votes.size;
  }

  entries(threshold = KEY_SPACE): Array<[number, { index: number; bit: number }]> {
    return [...this.votes].filter(([k, v]) => k < threshold && v.bit !== CONFLICT);
  }

  get sampleThreshold(): number {
    return this.threshold;
  }
}

export interface ChannelStats {
  name: string;
  votes: number;
  /** comparisons of each vote with the first (smallest-key) vote on its bit, and how many agreed */
  comparisons: number;
  agreements: number;
  /** probability of at least this much agreement in an unmarked channel (one-sided binomial tail) */
  pValue: number;
}

/** Self-consistency of a channel: in a marked one, every vote on a bit agrees; in an unmarked one, half do. */
export function channelStats(channel: VoteChannel): ChannelStats {
  const first = new Map<number, { key: number; bit: number }>();
  const ones = new Uint32Array(CODEWORD_BITS);
  const totals = new Uint32Array(CODEWORD_BITS);
  const entries = channel.entries();
  for (const [key, v] of entries) {
    totals[v.index]!++;
    ones[v.index]! += v.bit;
    const f = first.get(v.index);
    if (!f || key < f.key) first.set(v.index, { key, bit: v.bit });
  }
  let comparisons = 0;
  let agreements = 0;
  for (const [index, f] of first) {
    comparisons += totals[index]! - 1;
    agreements += (f.bit ? ones[index]! : totals[index]! - ones[index]!) - 1;
  }
  return { name: channel.name, votes: entries.length, comparisons, agreements, pValue: binomialUpperTail(comparisons, agreements) };
}

export interface CandidateScore {
  recipientId: string;
  /** covered bits whose majority equals this recipient's codeword bit */
  agreeing: number;
  covered: number;
}

export interface WatermarkDetection {
  /** true when a recipient was identified */
  found: boolean;
  recipientId: string | null;
  /** 1 − the probability that a file not marked for this recipient would match this well (multiple-comparison corrected) */
  confidence: number;
  method: 'candidates' | 'decoded' | 'none';
  channel: 'numeric' | 'row-order' | 'none';
  /** the carrier columns used, with the precision they were read at */
  columns: Array<{ name: string; decimals: number }>;
  votes: number;
  /** codeword bits with a clear majority (of 160) */
  bitsCovered: number;
  /** share of votes agreeing with their bit's majority */
  agreement: number;
  /** the best candidates, best first (when candidates were given) */
  ranking?: CandidateScore[];
}

export interface DecodeOptions {
  candidates?: readonly string[];
  /** the largest corrected false-match probability still reported as found (default 1e-6) */
  maxFalseMatch?: number;
  /** channels must show self-consistency beyond this p-value to count as carrying a mark (default 1e-6) */
  presenceP?: number;
}

const NONE: Omit<WatermarkDetection, 'columns' | 'votes'> = { found: false, recipientId: null, confidence: 0, method: 'none', channel: 'none', bitsCovered: 0, agreement: 0 };

/**
 * Majority per bit over the marked channels, then: with candidates, the best-matching one if its match is too good
 * to be chance among that many candidates; without, the bits themselves, with up to 2^14 completions of the
 * undecided bits tried against the keyed 32-bit check.
 */
export function decodeWatermark(
  channels: ReadonlyArray<{ channel: VoteChannel; column?: { name: string; decimals: number } }>,
  kind: 'numeric' | 'row-order',
  keys: WatermarkKeys,
  options: DecodeOptions = {},
): WatermarkDetection {
  const maxFalse = options.maxFalseMatch ?? 1e-6;
  const presenceP = options.presenceP ?? 1e-6;
  const stats = channels.map((c) => ({ ...c, p: channelStats(c.channel).pValue })).filter((c) => c.p < presenceP);
  // Columns are independent carriers and pool their votes. The two alignments of the row-order channel are not:
  // the misaligned one reads pairs straddling two marked pairs, whose order is biased by their bits, so only the
  // more consistent alignment is read.
  const marked = kind === 'row-order' ? stats.sort((a, b) => a.p - b.p).slice(0, 1) : stats;
  const columns = marked.flatMap((c) => (c.column ? [c.column] : []));
  if (marked.length === 0) return { ...NONE, columns, votes: 0 };

  // One vote per distinct slot across the marked channels, over a common sample.
  const threshold = Math.min(...marked.map((c) => c.channel.sampleThreshold));
  const merged = new Map<number, { index: number; bit: number }>();
  for (const { channel } of marked) {
    for (const [key, v] of channel.entries(threshold)) {
      const seen = merged.get(key);
      if (!seen) merged.set(key, { ...v });
      else if (seen.bit !== v.bit) seen.bit = CONFLICT;
    }
  }
  const ones = new Uint32Array(CODEWORD_BITS);
  const totals = new Uint32Array(CODEWORD_BITS);
  let votes = 0;
  for (const v of merged.values()) {
    if (v.bit === CONFLICT) continue;
    votes++;
    totals[v.index]!++;
    ones[v.index]! += v.bit;
  }
  const majority = new Int8Array(CODEWORD_BITS).fill(-1);
  let covered = 0;
  let withMajority = 0;
  for (let i = 0; i < CODEWORD_BITS; i++) {
    const zeros = totals[i]! - ones[i]!;
    if (ones[i] === zeros) continue;
    majority[i] = ones[i]! > zeros ? 1 : 0;
    covered++;
    withMajority += Math.max(ones[i]!, zeros);
  }
  const base = { channel: kind, columns, votes, bitsCovered: covered, agreement: votes ? withMajority / votes : 0 };

  if (options.candidates && options.candidates.length > 0) {
    const scores: CandidateScore[] = [];
    for (const recipientId of options.candidates) {
      const word = recipientCodeword(recipientId, keys);
      let agreeing = 0;
      for (let i = 0; i < CODEWORD_BITS; i++) if (majority[i]! >= 0 && majority[i] === word[i]) agreeing++;
      scores.push({ recipientId: recipientId.toLowerCase(), agreeing, covered });
    }
    scores.sort((a, b) => b.agreeing - a.agreeing);
    const best = scores[0]!;
    const falseMatch = Math.min(1, binomialUpperTail(covered, best.agreeing) * options.candidates.length);
    const found = falseMatch <= maxFalse;
    return {
      ...base,
      found,
      recipientId: found ? best.recipientId : null,
      confidence: 1 - falseMatch,
      method: found ? 'candidates' : 'none',
      ranking: scores.slice(0, 5),
    };
  }

  // No candidates: read the bits; try the completions of the undecided ones against the check.
  const undecided: number[] = [];
  for (let i = 0; i < CODEWORD_BITS; i++) if (majority[i]! < 0) undecided.push(i);
  if (undecided.length > 14) return { ...base, found: false, recipientId: null, confidence: 0, method: 'none' };
  const hits: string[] = [];
  const bits = Uint8Array.from(majority, (b) => (b < 0 ? 0 : b));
  for (let mask = 0; mask < 1 << undecided.length; mask++) {
    undecided.forEach((pos, j) => (bits[pos] = (mask >> j) & 1));
    const word = bytesOf(bits);
    const id = word.subarray(0, ID_BITS / 8);
    if (recipientTag(id, keys).equals(word.subarray(ID_BITS / 8))) hits.push(formatRecipient(id));
  }
  if (hits.length !== 1) return { ...base, found: false, recipientId: null, confidence: 0, method: 'none' };
  const falseMatch = Math.min(1, 2 ** (undecided.length - 32) + Math.min(...marked.map((c) => c.p)));
  return { ...base, found: true, recipientId: hits[0]!, confidence: 1 - falseMatch, method: 'decoded' };
}

// ── statistics ──────────────────────────────────────────────────────────────────────────────────────────────

/** P(X ≥ k) for X ~ Binomial(n, 1/2), summed in log space (exact up to floating point). */
export function binomialUpperTail(n: number, k: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  const lnHalfN = -n * Math.LN2;
  let logC = lnChoose(n, k);
  let sum = 0;
  let maxLog = logC;
  // terms decrease for k ≥ n/2; sum relative to the first, stop once negligible
  const terms: number[] = [];
  for (let j = k; j <= n; j++) {
    terms.push(logC);
    if (j > n / 2 && logC - maxLog < -50) break;
    maxLog = Math.max(maxLog, logC);
    logC += Math.log(n - j) - Math.log(j + 1);
  }
  for (const t of terms) sum += Math.exp(t - maxLog);
  return Math.min(1, Math.exp(maxLog + Math.log(sum) + lnHalfN));
}

function lnChoose(n: number, k: number): number {
  return lnFactorial(n) - lnFactorial(k) - lnFactorial(n - k);
}

function lnFactorial(n: number): number {
  if (n < 2) return 0;
  if (n < 256) {
    let s = 0;
    for (let i = 2; i <= n; i++) s += Math.log(i);
    return s;
  }
  // Stirling with two correction terms: error < 1e-10 here
  return n * Math.log(n) - n + 0.5 * Math.log(2 * Math.PI * n) + 1 / (12 * n) - 1 / (360 * n ** 3);
}
