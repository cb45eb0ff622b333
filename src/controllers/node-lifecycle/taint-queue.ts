// One zone's rate-limited NoExecute tainting queue: RateLimitedTimedQueue with its UniqueQueue and token
// bucket (pkg/controller/nodelifecycle/scheduler/rate_limited_queue.go), node-health-timing.md §3.4, §5.
//
// - A node name can be added once until it is Remove()d; a processed node stays in the set (so the
//   monitor pass cannot re-add it) until the controller removes it.
// - Entries are ordered by processAt, then by name (M8: ascending name order among equal times; the
//   monitor pass re-adds every waiting node with processAt = now, so in practice name order).
// - try() spends a token for every head it looks at, even if the action then fails or the node turned
//   Ready; an empty queue spends nothing, so an idle zone keeps its one token.
// - swapLimiter() replaces the bucket only when the float32 QPS differs; the new bucket starts full
//   unless the old one had no token at that moment, in which case one token is taken at once (drain).

import type { TimeUs } from '../../engine/time.js';
import { TokenBucket } from '../rate-limiter.js';

/** EvictionRateLimiterBurst */
export const EVICTION_RATE_LIMITER_BURST = 1;

/** Outcome of the action on one head: done (leave the queue, stay in the set) or retry at a later time. */
export type TryResult = true | { readonly retryAtUs: TimeUs };

export class ZoneTaintQueue {
  private readonly inSet = new Set<string>();
  private readonly waiting = new Map<string, TimeUs>();
  private order: string[] = [];
  private pos = 0;
  private dirty = false;
  private limiter: TokenBucket;

  constructor(qps: number, nowUs: TimeUs) {
    this.limiter = makeLimiter(qps, nowUs);
  }

  get waitingCount(): number {
    return this.waiting.size;
  }

  /** UniqueQueue.Add: false if the name is already in the set. */
  add(name: string, nowUs: TimeUs): boolean {
    if (this.inSet.has(name)) return false;
    this.inSet.add(name);
    this.waiting.set(name, nowUs);
    this.dirty = true;
    return true;
  }

  /** UniqueQueue.Remove: out of the queue and the set; returns whether it was in the set. */
  remove(name: string): boolean {
    if (!this.inSet.delete(name)) return false;
    this.waiting.delete(name);
    return true;
  }

  /** Earliest time a token is available (+Infinity for a never-accepting limiter). */
  nextTokenUs(): TimeUs {
    return this.limiter.availableAtUs();
  }

  /** RateLimitedTimedQueue.Try with the action `fn`. */
  try(nowUs: TimeUs, fn: (name: string) => TryResult): void {
    for (let head = this.head(); head !== undefined; head = this.head()) {
      if (!this.limiter.tryAccept(nowUs)) return;
      if ((this.waiting.get(head) as TimeUs) > nowUs) return;
      const r = fn(head);
      if (r === true) {
        this.waiting.delete(head);
        this.pos++;
      } else {
        this.waiting.set(head, r.retryAtUs);
        this.dirty = true;
      }
    }
  }

  /** SwapLimiter(newQPS). */
  swapLimiter(newQps: number, nowUs: TimeUs): void {
    if (Math.fround(this.limiter.qps) === Math.fround(newQps)) return;
    const next = makeLimiter(newQps, nowUs);
    if (newQps > 0 && !this.limiter.tryAccept(nowUs)) next.tryAccept(nowUs);
    this.limiter = next;
  }

  /** Names still waiting, in the order they would be tried (for tests and explanations). */
  waitingInOrder(): string[] {
    this.resort();
    return [...this.order];
  }

  private head(): string | undefined {
    if (this.waiting.size === 0) return undefined;
    if (this.dirty) this.resort();
    while (this.pos < this.order.length && !this.waiting.has(this.order[this.pos] as string)) this.pos++;
    return this.order[this.pos];
  }

  private resort(): void {
    const w = this.waiting;
    this.order = [...w.keys()].sort((a, b) => {
      const ta = w.get(a) as TimeUs;
      const tb = w.get(b) as TimeUs;
      return ta !== tb ? ta - tb : a < b ? -1 : a > b ? 1 : 0;
    });
    this.pos = 0;
    this.dirty = false;
  }
}

function makeLimiter(qps: number, nowUs: TimeUs): TokenBucket {
  // flowcontrol.NewFakeNeverRateLimiter for qps <= 0; a bucket created full otherwise.
  return new TokenBucket(Math.max(0, qps), EVICTION_RATE_LIMITER_BURST, nowUs);
}
