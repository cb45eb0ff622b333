// The search behind `kubesim capacity`: the smallest size (a pool's node count, or an autoscaled pool's
// maxSize) in [min, max] for which a scenario's expectations hold in every seed. Pure: it proposes the
// sizes to evaluate in each round and narrows the interval from their verdicts; the caller runs them
// (in parallel) and feeds the verdicts back. The proposals depend only on the range, the probes per
// round and earlier verdicts, never on how many workers run them, so the answer and the table of
// evaluated sizes are the same with any --workers.
//
// It assumes that more nodes never break an expectation (monotone). Each round probes `probes` sizes
// spread evenly over the open interval (largest failing size, smallest passing size), the first round
// always including `max`; it stops when the two are adjacent. A failing size above a passing one
// breaks the assumption: the search stops and says so.

export interface SizeVerdict {
  readonly size: number;
  /** Every expectation held in every seed. */
  readonly passed: boolean;
}

export interface SearchState {
  readonly min: number;
  readonly max: number;
  readonly probes: number;
  /** Largest failing size so far (min - 1 before any: sizes below min are not asked about). */
  readonly failBelow: number;
  /** Smallest passing size so far (null: none yet). */
  readonly passAt: number | null;
  readonly rounds: number;
  /** A failing size above a passing one: the expectations are not monotone in the size. */
  readonly nonMonotone: { readonly failed: number; readonly passed: number } | null;
}

export type SearchOutcome =
  | { readonly kind: 'found'; readonly size: number }
  | { readonly kind: 'none'; readonly max: number }
  | { readonly kind: 'nonMonotone'; readonly failed: number; readonly passed: number };

export function startSearch(min: number, max: number, probes: number): SearchState {
  if (!Number.isInteger(min) || !Number.isInteger(max) || min > max)
    throw new RangeError(`expected integers min <= max, got ${min} and ${max}`);
  if (!Number.isInteger(probes) || probes < 1) throw new RangeError('expected at least one probe per round');
  return { min, max, probes, failBelow: min - 1, passAt: null, rounds: 0, nonMonotone: null };
}

/** The sizes to evaluate next, ascending; empty when the search is over. */
export function nextProbes(s: SearchState): number[] {
  if (outcome(s) !== null) return [];
  const lo = s.failBelow + 1;
  const hi = s.passAt === null ? s.max : s.passAt - 1;
  const n = hi - lo + 1;
  if (n <= s.probes) return range(lo, hi);
  const out = new Set<number>();
  // Evenly spaced inside [lo, hi]; the first round also asks about max, so "none fits" is known at once.
  const inner = s.passAt === null && s.rounds === 0 ? s.probes - 1 : s.probes;
  for (let i = 1; i <= inner; i++) out.add(lo - 1 + Math.round((i * n) / (inner + 1)));
  if (s.passAt === null && s.rounds === 0) out.add(hi);
  return [...out].filter((x) => x >= lo && x <= hi).sort((a, b) => a - b);
}

/** Folds one round's verdicts in. */
export function applyVerdicts(s: SearchState, verdicts: readonly SizeVerdict[]): SearchState {
  let passAt = s.passAt;
  for (const v of verdicts) if (v.passed && (passAt === null || v.size < passAt)) passAt = v.size;
  let failBelow = s.failBelow;
  let nonMonotone = s.nonMonotone;
  for (const v of verdicts) {
    if (v.passed) continue;
    if (passAt !== null && v.size > passAt) nonMonotone ??= { failed: v.size, passed: passAt };
    else if (v.size > failBelow) failBelow = v.size;
  }
  return { ...s, passAt, failBelow, nonMonotone, rounds: s.rounds + 1 };
}

/** The answer, or null while the search goes on. */
export function outcome(s: SearchState): SearchOutcome | null {
  if (s.nonMonotone !== null) return { kind: 'nonMonotone', ...s.nonMonotone };
  if (s.passAt !== null && s.passAt === s.failBelow + 1) return { kind: 'found', size: s.passAt };
  if (s.passAt === null && s.failBelow >= s.max) return { kind: 'none', max: s.max };
  return null;
}

function range(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let i = lo; i <= hi; i++) out.push(i);
  return out;
}
