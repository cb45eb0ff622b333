// Integer arithmetic with Go's semantics (int64 division truncates toward zero) and the shared
// DefaultNormalizeScore (pkg/scheduler/framework/plugins/helper/normalize_score.go).

import { MaxNodeScore } from '../framework.js';

/** Go int64 division: truncates toward zero. */
export function idiv(a: number, b: number): number {
  return Math.trunc(a / b);
}

/** a*b/c truncated, exact even when a*b passes 2^53 (large memory quantities). */
export function mulDiv(a: number, b: number, c: number): number {
  const p = a * b;
  if (Number.isSafeInteger(p)) return Math.trunc(p / c);
  return Number((BigInt(a) * BigInt(b)) / BigInt(c));
}

/** DefaultNormalizeScore(MaxNodeScore, reverse, scores) over scores[0..n). */
export function defaultNormalize(scores: Float64Array, n: number, reverse: boolean): void {
  let max = 0;
  for (let i = 0; i < n; i++) if ((scores[i] as number) > max) max = scores[i] as number;
  if (max === 0) {
    if (reverse) for (let i = 0; i < n; i++) scores[i] = MaxNodeScore;
    return;
  }
  for (let i = 0; i < n; i++) {
    let s = mulDiv(MaxNodeScore, scores[i] as number, max);
    if (reverse) s = MaxNodeScore - s;
    scores[i] = s;
  }
}
