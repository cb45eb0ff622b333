// Token bucket on virtual time (client-go util/flowcontrol NewTokenBucketRateLimiter: `qps` tokens per
// second, at most `burst` stored, created full). Kept as the generic cell rate algorithm: one number,
// the theoretical arrival time, so a token is available exactly 1/qps after the previous one was taken
// once the bucket is empty (node-health-timing.md §9 M6), with no floating drift from refills.

import type { TimeUs } from '../engine/time.js';

export class TokenBucket {
  /** Time at which the bucket would be empty-and-refilled-by-one if no more tokens were taken. */
  private tatUs: number;
  private readonly intervalUs: number;

  constructor(
    readonly qps: number,
    readonly burst: number,
    nowUs: TimeUs = 0,
  ) {
    if (!(burst >= 1)) throw new Error(`token bucket burst must be >= 1, got ${burst}`);
    this.intervalUs = qps > 0 ? 1e6 / qps : Number.POSITIVE_INFINITY;
    this.tatUs = nowUs - (burst - 1) * (Number.isFinite(this.intervalUs) ? this.intervalUs : 0);
    if (!Number.isFinite(this.intervalUs)) this.tatUs = Number.POSITIVE_INFINITY;
  }

  /** Takes a token if one is available now (flowcontrol TryAccept). */
  tryAccept(nowUs: TimeUs): boolean {
    if (!this.canAccept(nowUs)) return false;
    this.tatUs = Math.max(this.tatUs, nowUs - (this.burst - 1) * this.intervalUs) + this.intervalUs;
    return true;
  }

  canAccept(nowUs: TimeUs): boolean {
    return nowUs >= this.tatUs;
  }

  /** Earliest time tryAccept can succeed (+Infinity when qps is 0); lets callers skip idle ticks. */
  availableAtUs(): TimeUs {
    return this.tatUs;
  }

  /** Whole tokens available now (0 .. burst). */
  tokens(nowUs: TimeUs): number {
    if (!Number.isFinite(this.intervalUs)) return 0;
    const t = Math.floor((nowUs - this.tatUs) / this.intervalUs) + 1;
    return Math.max(0, Math.min(this.burst, t));
  }

  /**
   * Takes a token, waiting if needed (flowcontrol Wait / Reserve): returns when the caller may proceed
   * (>= nowUs, rounded up to a whole microsecond). Infinity if qps is 0.
   */
  reserve(nowUs: TimeUs): TimeUs {
    if (!Number.isFinite(this.intervalUs)) return Number.POSITIVE_INFINITY;
    const at = Math.max(nowUs, this.tatUs);
    this.tatUs = Math.max(this.tatUs, nowUs - (this.burst - 1) * this.intervalUs) + this.intervalUs;
    return Math.ceil(at);
  }

  /** Empties the bucket: the next token comes 1/qps after `nowUs` (used when limiters are swapped). */
  drain(nowUs: TimeUs): void {
    this.tatUs = nowUs + this.intervalUs;
  }
}
