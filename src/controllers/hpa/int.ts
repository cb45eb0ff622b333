// Exact int64-style arithmetic for the replica calculator. Upstream sums milli-values in int64 and
// divides with truncation (pkg/controller/podautoscaler/metrics/utilization.go); memory milli-values
// (bytes x 1000) summed over a few hundred pods and multiplied by 100 pass 2^53, where a JS number stops
// being exact. These helpers stay on plain numbers while results are safe and fall back to BigInt only
// when they are not, so the common (cpu) path costs nothing extra.

const SAFE = Number.MAX_SAFE_INTEGER;

/** A non-negative integer: a number while exact, a bigint beyond 2^53. */
export type Int = number | bigint;

/** Sum of non-negative integers, exact. */
export function sumInts(values: Iterable<number>): Int {
  let s = 0;
  let big: bigint | null = null;
  for (const v of values) {
    if (big !== null) big += BigInt(v);
    else if (s + v > SAFE) big = BigInt(s) + BigInt(v);
    else s += v;
  }
  return big ?? s;
}

/** floor(a * m / b) for non-negative integers and positive b (Go int64 arithmetic, no overflow). */
export function mulDivFloor(a: Int, m: number, b: Int): number {
  if (typeof a === 'number' && typeof b === 'number') {
    const p = a * m;
    if (p <= SAFE) return Math.floor(p / b);
  }
  return Number((BigInt(a) * BigInt(m)) / BigInt(b));
}

/** a / b with truncation, as Go divides int64s. */
export function divTrunc(a: Int, b: number): number {
  // For a < 2^53 the float quotient cannot round across an integer boundary (q * b = a < 2^53).
  if (typeof a === 'number') return Math.floor(a / b);
  return Number(a / BigInt(b));
}

/** a as a float64, as Go's float64(int64) conversion rounds it. */
export function toFloat(a: Int): number {
  return typeof a === 'number' ? a : Number(a);
}
