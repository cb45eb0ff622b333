// The scheduling queue (pkg/scheduler/backend/queue: scheduling_queue.go, active_queue.go,
// backoff_queue.go; scheduler.md §6): activeQ ordered by the profile's QueueSort (PrioritySort) with a
// sequence tie-breaker, backoffQ ordered by backoff expiry, and unschedulablePods indexed by the plugins
// that rejected each pod so a cluster event touches only the pods it may help. Per-pod backoff doubles
// from podInitialBackoffSeconds to podMaxBackoffSeconds. Virtual time only; no timers here: the
// scheduler component calls flushBackoff / flushUnschedulable from its periodic ticks.
//
// A cluster event moves an unschedulable pod when isPodWorthRequeuing says so: a pod no plugin
// rejected always moves; otherwise one of its rejecting plugins must have registered a matching event
// whose QueueingHintFn returns Queue (always, without SchedulerQueueingHints). Within one event the
// answer is computed once per pod "shape" (same spec object, namespace, controller and labels), since
// every hint reads only those of the pending pod and no event the scheduler raises is about the pending
// pod itself; pods of one shape are grouped under each rejecting plugin so an event costs one hint call
// per group, not per pod.

import FastPriorityQueue from 'fastpriorityqueue';
import type { Pod, PodSpec } from '../../model/types.js';
import { type ClusterEvent, type PodObject, QueueingHint } from '../cluster-events.js';
import type { QueuedPodView } from '../framework.js';
import type { NamespaceLabels } from '../helpers/labels.js';
import { affinityInfo, termMatches } from '../plugins/inter-pod-affinity/terms.js';
import { type AnyHintFn, matchingHints, type QueueingHintMap } from './hint-map.js';

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
  /** Its shape while unschedulable (interned by the queue). */
  shape: ShapeToken | null = null;
  /** The last event that picked it (dedupes a pod found under several rejecting plugins). */
  visit = -1;

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
  /** Each profile's queueing hint map (hint-map.ts), by schedulerName. */
  readonly hints: ReadonlyMap<string, QueueingHintMap>;
  /** Namespace labels, for the required affinity terms of the pre-hints cross-topology pre-filter. */
  readonly namespaceLabels?: NamespaceLabels;
}

/** PreEnqueueCheck: the caller's filter of the pods an event may move (preCheckForNode). */
export type PreEnqueueCheck = (pod: Pod) => boolean;

/** Pods of one shape give the same answer to every hint and preCheck of one event (see above). */
export class ShapeToken {
  /** The event the memo below belongs to. */
  epoch = -1;
  readonly hint = new Map<string, boolean>();
  pre = false;
  preEpoch = -1;
  constructor(
    /** A pod of this shape (the first seen). */
    readonly pod: Pod,
  ) {}
}

/** The hint functions matching one incoming event, per profile and plugin. */
interface EventHints {
  readonly byProfile: Map<string, Map<string, AnyHintFn[]>>;
  /** Plugins with a matching registration in some profile. */
  readonly plugins: ReadonlySet<string>;
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
  /** unschedulablePods in the order they arrived (ascending seq). */
  private readonly unschedulableAll = new Set<QueuedPodInfo>();
  /** ... indexed by rejecting plugin ("" for pods rejected without a plugin), then by shape. */
  private readonly unschedulable = new Map<string, Map<ShapeToken, Set<QueuedPodInfo>>>();
  /** ... those with required pod affinity terms (PodInfo.RequiredAffinityTerms), by shape. */
  private readonly withAffinity = new Map<ShapeToken, Set<QueuedPodInfo>>();
  private readonly shapes = new Map<PodSpec, Map<string, ShapeToken>>();
  private readonly eventHints = new Map<string, EventHints>();
  private epoch = 0;
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
    return this.unschedulableAll.size;
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
   * AddUnschedulableIfNotPresent after a failed attempt: errors, and failures no plugin rejected
   * (determineSchedulingHintForInFlightPod: no rejector plugins -> queueAfterBackoff), back off (in
   * podErrorBackoffQ when no plugin rejected the pod); the rest wait for events.
   */
  requeueFailed(info: QueuedPodInfo, nowUs: number, plugins: ReadonlySet<string>, error: boolean): void {
    if (info.where !== 'inflight') return;
    info.timestampUs = nowUs;
    info.failures++;
    info.unschedulablePlugins = plugins;
    if (error || plugins.size === 0) this.pushBackoff(info, plugins.size === 0);
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

  /**
   * MoveAllToActiveOrBackoffQueue: every unschedulable pod passing `preCheck` that the event is worth
   * requeuing for moves to backoffQ (still backing off) or activeQ, in the order the pods became
   * unschedulable. Returns how many moved.
   */
  moveAllForEvent(
    event: ClusterEvent,
    oldObj: unknown,
    newObj: unknown,
    nowUs: number,
    preCheck?: PreEnqueueCheck,
  ): number {
    if (this.unschedulableAll.size === 0) return 0;
    const hints = this.hintsFor(event);
    if (hints.plugins.size === 0) return 0; // isEventOfInterest
    const epoch = ++this.epoch;
    const picked: QueuedPodInfo[] = [];
    for (const [plugin, groups] of this.unschedulable) {
      if (plugin !== ANY && !hints.plugins.has(plugin)) continue;
      for (const [shape, infos] of groups) {
        if (preCheck !== undefined && !this.preCheckOf(shape, epoch, preCheck)) continue;
        if (plugin !== ANY && !this.hintOf(shape, plugin, hints, epoch, oldObj, newObj)) continue;
        for (const info of infos) {
          if (info.visit === epoch) continue;
          info.visit = epoch;
          picked.push(info);
        }
      }
    }
    return this.moveOutAll(picked, nowUs);
  }

  /**
   * AssignedPodAdded / AssignedPodUpdated without queueing hints: only pods rejected by
   * PodTopologySpread in the pod's namespace, or with a required affinity term the pod matches
   * (getUnschedulablePodsWithCrossTopologyTerm), and then those the event is worth requeuing for.
   */
  movePodsWithCrossTopologyTerm(event: ClusterEvent, pod: PodObject, nowUs: number): number {
    if (this.unschedulableAll.size === 0) return 0;
    const hints = this.hintsFor(event);
    if (hints.plugins.size === 0) return 0;
    const epoch = ++this.epoch;
    const ns = pod.pod.namespace;
    const candidates: QueuedPodInfo[] = [];
    const take = (infos: Iterable<QueuedPodInfo>) => {
      for (const info of infos) {
        if (info.visit === epoch) continue;
        info.visit = epoch;
        candidates.push(info);
      }
    };
    for (const [shape, infos] of this.unschedulable.get(PTS) ?? [])
      if (shape.pod.namespace === ns) take(infos);
    const nsLabels = this.cfg.namespaceLabels ?? NO_NS_LABELS;
    for (const [shape, infos] of this.withAffinity) {
      const terms = affinityInfo(shape.pod).requiredAffinity;
      if (terms.some((t) => termMatches(t, pod.pod, nsLabels))) take(infos);
    }
    const worth = candidates.filter((info) => this.worthRequeuing(info, hints, epoch, null, pod));
    return this.moveOutAll(worth, nowUs);
  }

  /** isPodWorthRequeuing for one pod (no preCheck). */
  private worthRequeuing(
    info: QueuedPodInfo,
    hints: EventHints,
    epoch: number,
    oldObj: unknown,
    newObj: unknown,
  ): boolean {
    if (info.unschedulablePlugins.size === 0) return true;
    const shape = info.shape as ShapeToken;
    for (const p of info.unschedulablePlugins) {
      if (hints.plugins.has(p) && this.hintOf(shape, p, hints, epoch, oldObj, newObj)) return true;
    }
    return false;
  }

  private moveOutAll(picked: QueuedPodInfo[], nowUs: number): number {
    picked.sort((a, b) => a.seq - b.seq);
    for (const info of picked) this.moveOut(info, nowUs);
    return picked.length;
  }

  private hintsFor(event: ClusterEvent): EventHints {
    const key = `${event.resource}|${event.action}`;
    let h = this.eventHints.get(key);
    if (h === undefined) {
      const byProfile = new Map<string, Map<string, AnyHintFn[]>>();
      const plugins = new Set<string>();
      for (const [profile, map] of this.cfg.hints) {
        const m = matchingHints(map, event);
        byProfile.set(profile, m);
        for (const p of m.keys()) plugins.add(p);
      }
      h = { byProfile, plugins };
      this.eventHints.set(key, h);
    }
    return h;
  }

  /** Whether any of `plugin`'s hints for this event says Queue for pods of this shape (memoised). */
  private hintOf(
    shape: ShapeToken,
    plugin: string,
    hints: EventHints,
    epoch: number,
    oldObj: unknown,
    newObj: unknown,
  ): boolean {
    if (shape.epoch !== epoch) {
      shape.epoch = epoch;
      shape.hint.clear();
    }
    let r = shape.hint.get(plugin);
    if (r === undefined) {
      // A profile without a hint map for the pod's scheduler cannot happen; upstream queues then.
      const fns = hints.byProfile.get(shape.pod.spec.schedulerName)?.get(plugin);
      r = fns === undefined ? false : fns.some((fn) => fn(shape.pod, oldObj, newObj) === QueueingHint.Queue);
      shape.hint.set(plugin, r);
    }
    return r;
  }

  private preCheckOf(shape: ShapeToken, epoch: number, preCheck: PreEnqueueCheck): boolean {
    if (shape.preEpoch !== epoch) {
      shape.preEpoch = epoch;
      shape.pre = preCheck(shape.pod);
    }
    return shape.pre;
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

  /**
   * flushUnschedulablePodsLeftover: pods unschedulable for longer than the limit are retried (the
   * wildcard UnschedulableTimeout event, worth requeuing for every pod).
   */
  flushUnschedulable(nowUs: number): number {
    const old: QueuedPodInfo[] = [];
    for (const info of this.unschedulableAll)
      if (nowUs - info.timestampUs > this.cfg.maxInUnschedulableUs) old.push(info);
    return this.moveOutAll(old, nowUs);
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
      this.unschedulableAll.delete(info);
      const shape = info.shape as ShapeToken;
      for (const key of keysOf(info)) dropFrom(this.unschedulable.get(key), shape, info);
      dropFrom(this.withAffinity, shape, info);
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
    this.unschedulableAll.add(info);
    info.shape ??= this.shapeOf(info.pod);
    for (const key of keysOf(info)) {
      let groups = this.unschedulable.get(key);
      if (!groups) {
        groups = new Map();
        this.unschedulable.set(key, groups);
      }
      addTo(groups, info.shape, info);
    }
    if (affinityInfo(info.pod).requiredAffinity.length > 0) addTo(this.withAffinity, info.shape, info);
  }

  /** The pod's interned shape: spec object, namespace, controller owner and labels. */
  private shapeOf(pod: Pod): ShapeToken {
    let bySpec = this.shapes.get(pod.spec);
    if (bySpec === undefined) {
      bySpec = new Map();
      this.shapes.set(pod.spec, bySpec);
    }
    const key = `${pod.namespace}\u0000${pod.owner?.uid ?? ''}\u0000${labelsKey(pod.labels)}`;
    let t = bySpec.get(key);
    if (t === undefined) {
      t = new ShapeToken(pod);
      bySpec.set(key, t);
    }
    return t;
  }
}

const PTS = 'PodTopologySpread';
const NO_NS_LABELS: NamespaceLabels = () => ({});

/** A label set as a string, keys sorted (pod shapes: here and failure-memo.ts). */
export function labelsKey(labels: Readonly<Record<string, string>>): string {
  const keys = Object.keys(labels).sort();
  let out = '';
  for (const k of keys) out += `${k}=${labels[k]}\u0001`;
  return out;
}

function addTo<K>(m: Map<K, Set<QueuedPodInfo>>, k: K, info: QueuedPodInfo): void {
  let set = m.get(k);
  if (set === undefined) {
    set = new Set();
    m.set(k, set);
  }
  set.add(info);
}

function dropFrom<K>(m: Map<K, Set<QueuedPodInfo>> | undefined, k: K, info: QueuedPodInfo): void {
  const set = m?.get(k);
  if (set === undefined || !set.delete(info)) return;
  if (set.size === 0) m?.delete(k);
}

function windowStart(us: number): number {
  return Math.floor(us / BACKOFF_ORDERING_WINDOW_US) * BACKOFF_ORDERING_WINDOW_US;
}

function keysOf(info: QueuedPodInfo): Iterable<string> {
  return info.unschedulablePlugins.size === 0 ? [ANY] : info.unschedulablePlugins;
}
