// The scheduling queue (pkg/scheduler/backend/queue: scheduling_queue.go, active_queue.go,
// backoff_queue.go; scheduler.md §6): activeQ ordered by the profile's QueueSort (PrioritySort) with a
// sequence tie-breaker, backoffQ ordered by backoff expiry, and unschedulablePods indexed by the plugins
// that rejected each pod so a cluster event touches only the pods it may help. Per-pod backoff doubles
// from podInitialBackoffSeconds to podMaxBackoffSeconds. Virtual time only; no timers here: the
// scheduler component calls flushBackoff / flushUnschedulable from its periodic ticks.

import FastPriorityQueue from 'fastpriorityqueue';
import type { Pod } from '../../model/types.js';
import type { ClusterEvent, QueuedPodView } from '../framework.js';

export type QueueLocation = 'active' | 'backoff' | 'unschedulable' | 'inflight' | 'gone';

export class QueuedPodInfo implements QueuedPodView {
  timestampUs: number;
  seq = 0;
  /** Failed attempts that count for backoff (unschedulable or error). */
  failures = 0;
  unschedulablePlugins: ReadonlySet<string> = new Set();
  where: QueueLocation = 'gone';
  /** In podErrorBackoffQ: it failed with an error (no rejecting plugin), so it waits out its backoff. */
  errorBackoff = false;

  constructor(
    readonly pod: Pod,
    nowUs: number,
  ) {
    this.timestampUs = nowUs;
  }
}

export interface QueueConfig {
  readonly initialBackoffUs: number;
  readonly maxBackoffUs: number;
  readonly maxInUnschedulableUs: number;
  /** SchedulerPopFromBackoffQ (v1.33+): pop from backoffQ when activeQ is empty. */
  readonly popFromBackoff: boolean;
  /** Plugins interested in each cluster event (EventsToRegister of the profiles' plugins). */
  readonly interested: ReadonlyMap<ClusterEvent, readonly string[]>;
}

/** Backoff after `failures` failed attempts: 0, then initial x 2^(n-1), capped at max. */
export function backoffDurationUs(failures: number, initialUs: number, maxUs: number): number {
  if (failures <= 0) return 0;
  let d = initialUs;
  for (let i = 1; i < failures && d < maxUs; i++) d *= 2;
  return Math.min(d, maxUs);
}

const ANY = '';

/** backoffQOrderingWindowDuration (backend/queue/backoff_queue.go): 1 s. */
export const BACKOFF_ORDERING_WINDOW_US = 1_000_000;

export class SchedulingQueue {
  private readonly infos = new Map<Pod, QueuedPodInfo>();
  private readonly activeQ: FastPriorityQueue<QueuedPodInfo>;
  private readonly backoffQ: FastPriorityQueue<QueuedPodInfo>;
  /**
   * podErrorBackoffQ (backoff_queue.go, 1.33+): pods that failed with an error and no rejecting plugin.
   * Never popped early when activeQ is empty (popFromBackoff applies to podBackoffQ only).
   */
  private readonly errorBackoffQ: FastPriorityQueue<QueuedPodInfo>;
  private errorBackoffCount = 0;
  /** unschedulablePods, indexed by rejecting plugin ("" for pods rejected without a plugin). */
  private readonly unschedulable = new Map<string, Set<QueuedPodInfo>>();
  private unschedulableCount = 0;
  private activeCount = 0;
  private backoffCount = 0;
  private seq = 0;

  constructor(
    private readonly cfg: QueueConfig,
    less: (a: QueuedPodView, b: QueuedPodView) => boolean,
  ) {
    this.activeQ = new FastPriorityQueue<QueuedPodInfo>(
      (a, b) => less(a, b) || (!less(b, a) && a.seq < b.seq),
    );
    // backoff_queue.go: podBackoffQ is ordered by backoff time; with SchedulerPopFromBackoffQ (v1.33+)
    // that time is truncated to the 1 s ordering window and pods of one window are ordered as activeQ
    // orders them (lessBackoffCompletedWithPriority).
    const byBackoff = (a: QueuedPodInfo, b: QueuedPodInfo) => {
      const ea = this.backoffKeyUs(a);
      const eb = this.backoffKeyUs(b);
      if (ea !== eb) return ea < eb;
      if (cfg.popFromBackoff && (less(a, b) || less(b, a))) return less(a, b);
      return a.seq < b.seq;
    };
    this.backoffQ = new FastPriorityQueue<QueuedPodInfo>(byBackoff);
    this.errorBackoffQ = new FastPriorityQueue<QueuedPodInfo>(byBackoff);
  }

  get activeSize(): number {
    return this.activeCount;
  }
  get backoffSize(): number {
    return this.backoffCount;
  }
  get unschedulableSize(): number {
    return this.unschedulableCount;
  }

  info(pod: Pod): QueuedPodInfo | undefined {
    return this.infos.get(pod);
  }

  backoffExpiryUs(info: QueuedPodInfo): number {
    return (
      info.timestampUs + backoffDurationUs(info.failures, this.cfg.initialBackoffUs, this.cfg.maxBackoffUs)
    );
  }

  /**
   * getBackoffTime (backoff_queue.go): the expiry, truncated to its 1 s window when popFromBackoff;
   * -Infinity for a pod never tried (no backoff at all).
   */
  private backoffKeyUs(info: QueuedPodInfo): number {
    if (info.failures <= 0) return Number.NEGATIVE_INFINITY;
    const e = this.backoffExpiryUs(info);
    return this.cfg.popFromBackoff ? windowStart(e) : e;
  }

  /**
   * isPodBackingoff: before v1.33 while the expiry is after now; from v1.33 (SchedulerPopFromBackoffQ)
   * while the expiry's window is not before now's window, so a pod leaves backoff at the first window
   * boundary after its expiry (backoff_queue.go, TestBackoffQueueOrdering).
   */
  isBackingOff(info: QueuedPodInfo, nowUs: number): boolean {
    if (info.failures <= 0) return false;
    if (this.cfg.popFromBackoff) return this.backoffKeyUs(info) >= windowStart(nowUs);
    return this.backoffExpiryUs(info) > nowUs;
  }

  /** A new pending pod enters activeQ. */
  add(pod: Pod, nowUs: number): void {
    if (this.infos.has(pod)) return;
    const info = new QueuedPodInfo(pod, nowUs);
    this.infos.set(pod, info);
    this.pushActive(info);
  }

  hasWork(): boolean {
    return this.activeCount > 0 || (this.cfg.popFromBackoff && this.backoffCount > this.errorBackoffCount);
  }

  /** Pops the next pod to schedule (activeQ head; backoffQ head when activeQ is empty, v1.33+). */
  pop(): QueuedPodInfo | null {
    while (this.activeQ.size > 0) {
      const info = this.activeQ.poll() as QueuedPodInfo;
      if (info.where !== 'active') continue;
      this.activeCount--;
      info.where = 'inflight';
      return info;
    }
    if (!this.cfg.popFromBackoff) return null;
    while (this.backoffQ.size > 0) {
      const info = this.backoffQ.poll() as QueuedPodInfo;
      if (info.where !== 'backoff') continue;
      this.backoffCount--;
      info.where = 'inflight';
      return info;
    }
    return null;
  }

  /**
   * AddUnschedulableIfNotPresent after a failed attempt: errors back off (in podErrorBackoffQ when no
   * plugin rejected the pod), the rest wait for events.
   */
  requeueFailed(info: QueuedPodInfo, nowUs: number, plugins: ReadonlySet<string>, error: boolean): void {
    if (info.where !== 'inflight') return;
    info.timestampUs = nowUs;
    info.failures++;
    info.unschedulablePlugins = plugins;
    if (error) this.pushBackoff(info, plugins.size === 0);
    else this.pushUnschedulable(info);
  }

  /**
   * A pod whose binding failed (handleBindingCycleError -> FailureHandler): back in the queue as the
   * in-flight pod it was, then requeued like a failed attempt.
   */
  requeueBindFailure(info: QueuedPodInfo, nowUs: number): void {
    if (this.infos.has(info.pod)) return;
    this.infos.set(info.pod, info);
    info.where = 'inflight';
    this.requeueFailed(info, nowUs, new Set(), true);
  }

  /** The pod left the queue for good (bound, deleted, or handled elsewhere). */
  remove(pod: Pod): void {
    const info = this.infos.get(pod);
    if (!info) return;
    this.detach(info);
    info.where = 'gone';
    this.infos.delete(pod);
  }

  /** Moves a pod straight to activeQ (e.g. its nomination was cleared by a preemption). */
  activate(pod: Pod): boolean {
    const info = this.infos.get(pod);
    if (!info || (info.where !== 'unschedulable' && info.where !== 'backoff')) return false;
    this.detach(info);
    this.pushActive(info);
    return true;
  }

  /** MoveAllToActiveOrBackoffQueue for one event; returns how many pods moved. */
  moveAllForEvent(event: ClusterEvent, nowUs: number): number {
    if (this.unschedulableCount === 0) return 0;
    const picked = new Set<QueuedPodInfo>();
    for (const name of [ANY, ...(this.cfg.interested.get(event) ?? [])]) {
      for (const info of this.unschedulable.get(name) ?? []) picked.add(info);
    }
    for (const info of picked) this.moveOut(info, nowUs);
    return picked.size;
  }

  /** flushBackoffQCompleted: pods whose backoff expired go to activeQ (from both backoff heaps). */
  flushBackoff(nowUs: number): number {
    return this.flushHeap(this.backoffQ, nowUs) + this.flushHeap(this.errorBackoffQ, nowUs);
  }

  private flushHeap(heap: FastPriorityQueue<QueuedPodInfo>, nowUs: number): number {
    let moved = 0;
    while (heap.size > 0) {
      const info = heap.peek() as QueuedPodInfo;
      if (info.where !== 'backoff') {
        heap.poll();
        continue;
      }
      if (this.isBackingOff(info, nowUs)) break;
      heap.poll();
      this.backoffCount--;
      if (info.errorBackoff) this.errorBackoffCount--;
      info.errorBackoff = false;
      this.pushActive(info);
      moved++;
    }
    return moved;
  }

  /** flushUnschedulablePodsLeftover: pods unschedulable for longer than the limit are retried. */
  flushUnschedulable(nowUs: number): number {
    const old: QueuedPodInfo[] = [];
    for (const set of this.unschedulable.values()) {
      for (const info of set) if (nowUs - info.timestampUs > this.cfg.maxInUnschedulableUs) old.push(info);
    }
    const unique = [...new Set(old)].sort((a, b) => a.seq - b.seq);
    for (const info of unique) this.moveOut(info, nowUs);
    return unique.length;
  }

  private moveOut(info: QueuedPodInfo, nowUs: number): void {
    if (info.where !== 'unschedulable') return;
    this.detach(info);
    if (this.isBackingOff(info, nowUs)) this.pushBackoff(info);
    else this.pushActive(info);
  }

  /** Takes a pod out of wherever it is; heap entries are removed at once so their keys may change later. */
  private detach(info: QueuedPodInfo): void {
    if (info.where === 'active') {
      this.activeCount--;
      this.activeQ.removeOne((x) => x === info);
    } else if (info.where === 'backoff') {
      this.backoffCount--;
      if (info.errorBackoff) {
        this.errorBackoffCount--;
        this.errorBackoffQ.removeOne((x) => x === info);
      } else {
        this.backoffQ.removeOne((x) => x === info);
      }
      info.errorBackoff = false;
    } else if (info.where === 'unschedulable') {
      this.unschedulableCount--;
      for (const key of keysOf(info)) this.unschedulable.get(key)?.delete(info);
    }
    info.where = 'gone';
  }

  private pushActive(info: QueuedPodInfo): void {
    info.where = 'active';
    info.seq = this.seq++;
    this.activeCount++;
    this.activeQ.add(info);
  }

  private pushBackoff(info: QueuedPodInfo, error = false): void {
    info.where = 'backoff';
    info.seq = this.seq++;
    this.backoffCount++;
    info.errorBackoff = error;
    if (error) {
      this.errorBackoffCount++;
      this.errorBackoffQ.add(info);
    } else {
      this.backoffQ.add(info);
    }
  }

  private pushUnschedulable(info: QueuedPodInfo): void {
    info.where = 'unschedulable';
    info.seq = this.seq++;
    this.unschedulableCount++;
    for (const key of keysOf(info)) {
      let set = this.unschedulable.get(key);
      if (!set) {
        set = new Set();
        this.unschedulable.set(key, set);
      }
      set.add(info);
    }
  }
}

function windowStart(us: number): number {
  return Math.floor(us / BACKOFF_ORDERING_WINDOW_US) * BACKOFF_ORDERING_WINDOW_US;
}

function keysOf(info: QueuedPodInfo): Iterable<string> {
  return info.unschedulablePlugins.size === 0 ? [ANY] : info.unschedulablePlugins;
}
