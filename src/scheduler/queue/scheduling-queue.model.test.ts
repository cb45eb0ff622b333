// The scheduling queue against a naive model of upstream's PriorityQueue (pkg/scheduler/backend/queue:
// scheduling_queue.go, active_queue.go, backoff_queue.go; docs/scheduler.md §6), written the slow and
// obvious way: every pod carries where it is, and each operation scans all pods. Random sequences of
// add, pop + requeue (unschedulable by a set of plugins, error, bound, bind failure), cluster events with
// and without preCheck, activate, remove, the backoff and unschedulable flushes and time steps must
// leave both in the same state, for both SchedulerPopFromBackoffQ settings. The model states the rules:
// - activeQ: PrioritySort (higher priority, then earlier timestamp), then arrival order (seq);
// - podBackoffQ / podErrorBackoffQ: backoff expiry (1 s window start with popFromBackoff, pods of one
//   window in activeQ order), then seq; expiry = timestamp + initial * 2^(failures - 1), capped;
// - a failure with no rejecting plugin, or an error, backs off (podErrorBackoffQ when no plugin
//   rejected it), else the pod is unschedulable and waits for an event;
// - an event moves, in the order the pods became unschedulable, each pod one of whose rejecting plugins
//   registered a matching event in the pod's profile with a hint that says Queue for it (isPodWorthRequeuing,
//   any hint of the plugin), and that passes preCheck; a moved pod still backing off goes to podBackoffQ;
// - flushUnschedulablePodsLeftover: pods unschedulable for longer than the limit move the same way;
// - pop takes activeQ's head, or podBackoffQ's head when activeQ is empty and popFromBackoff is on,
//   never podErrorBackoffQ's.
// Pods share spec objects and differ in namespace, labels and controller, and the hints read those, so
// the queue's per-shape memo of hint answers is checked too.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Pod } from '../../model/types.js';
import {
  ActionType,
  AssignedPodDelete,
  type ClusterEvent,
  clusterEvent,
  NodeAdd,
  QueueingHint,
} from '../cluster-events.js';
import { less } from '../plugins/priority-sort/index.js';
import type { AnyHintFn, HintEntry } from './hint-map.js';
import { type QueuedPodInfo, SchedulingQueue } from './scheduling-queue.js';

const S = 1_000_000;
const INITIAL = 1 * S;
const MAX = 10 * S;
const MAX_UNSCHEDULABLE = 60 * S;
const PLUGINS = ['A', 'B', 'C'] as const;
const NodeLabel = clusterEvent('Node', ActionType.UpdateNodeLabel, 'NodeLabelChange');
const EVENTS: readonly ClusterEvent[] = [NodeAdd, AssignedPodDelete, NodeLabel];

const Q = QueueingHint.Queue;
const SKIP = QueueingHint.QueueSkip;
const hint =
  (f: (p: Pod) => boolean): AnyHintFn =>
  (p) =>
    f(p) ? Q : SKIP;
const e = (event: ClusterEvent, plugin: string, fn: AnyHintFn): HintEntry => ({ event, plugin, fn });
const HINTS = new Map<string, readonly HintEntry[]>([
  [
    'default-scheduler',
    [
      e(
        NodeAdd,
        'A',
        hint((p) => p.labels.app === 'x'),
      ),
      e(AssignedPodDelete, 'A', () => SKIP),
      // A second hint of the same plugin: any Queue wins.
      e(
        AssignedPodDelete,
        'A',
        hint((p) => p.namespace === 'ns1'),
      ),
      e(
        NodeAdd,
        'B',
        hint((p) => p.owner?.uid === 'u1'),
      ),
      e(AssignedPodDelete, 'C', () => Q),
    ],
  ],
  [
    'other-scheduler',
    [
      e(NodeAdd, 'A', () => SKIP),
      e(
        AssignedPodDelete,
        'B',
        hint((p) => p.labels.app !== 'x'),
      ),
    ],
  ],
]);

/** Hint answer as upstream computes it: any hint of `plugin` for `event` in the pod's profile says Queue. */
function pluginSaysQueue(pod: Pod, plugin: string, event: ClusterEvent): boolean {
  const entries = HINTS.get(pod.spec.schedulerName) ?? [];
  return entries.some(
    (h) =>
      h.plugin === plugin &&
      h.event.resource === event.resource &&
      (h.event.action & event.action) !== 0 &&
      h.fn(pod, null, null) === Q,
  );
}
/** isEventOfInterest: some profile registered a plugin for the event. */
function interesting(plugin: string, event: ClusterEvent): boolean {
  for (const entries of HINTS.values())
    if (
      entries.some(
        (h) =>
          h.plugin === plugin && h.event.resource === event.resource && (h.event.action & event.action) !== 0,
      )
    )
      return true;
  return false;
}

// 16 pods over 4 shared spec objects (priority x profile).
const specs = new Map<string, object>();
const specOf = (priority: number, schedulerName: string) => {
  const k = `${priority}/${schedulerName}`;
  let s = specs.get(k);
  if (s === undefined) {
    s = { priority, schedulerName };
    specs.set(k, s);
  }
  return s;
};
const PODS: Pod[] = Array.from({ length: 16 }, (_, i) => {
  const namespace = i % 3 === 0 ? 'ns1' : 'ns0';
  return {
    key: `${namespace}/p${i}`,
    name: `p${i}`,
    namespace,
    labels: i % 2 === 0 ? { app: 'x', tier: String(i % 4) } : { app: 'y' },
    owner: i % 5 === 0 ? null : { uid: i % 5 < 3 ? 'u1' : 'u2', kind: 'ReplicaSet', name: 'rs' },
    spec: specOf(i % 4 < 2 ? 0 : 5, i % 7 === 3 ? 'other-scheduler' : 'default-scheduler'),
  } as unknown as Pod;
});

type Where = 'active' | 'backoff' | 'unschedulable' | 'inflight' | 'gone';
interface ModelPod {
  where: Where;
  ts: number;
  failures: number;
  plugins: ReadonlySet<string>;
  errorBackoff: boolean;
  seq: number;
}

const windowStart = (us: number) => Math.floor(us / S) * S;

class Model {
  readonly pods: ModelPod[] = PODS.map(() => ({
    where: 'gone',
    ts: 0,
    failures: 0,
    plugins: new Set(),
    errorBackoff: false,
    seq: 0,
  }));
  private seq = 0;
  constructor(readonly popFromBackoff: boolean) {}

  private view(i: number) {
    const m = this.pods[i] as ModelPod;
    return { pod: PODS[i] as Pod, timestampUs: m.ts, seq: m.seq };
  }
  private activeCmp = (a: number, b: number) => {
    if (less(this.view(a), this.view(b))) return -1;
    if (less(this.view(b), this.view(a))) return 1;
    return (this.pods[a] as ModelPod).seq - (this.pods[b] as ModelPod).seq;
  };
  expiry(i: number): number {
    const m = this.pods[i] as ModelPod;
    return m.ts + Math.min(INITIAL * 2 ** (m.failures - 1), MAX);
  }
  private key(i: number): number {
    const m = this.pods[i] as ModelPod;
    if (m.failures <= 0) return Number.NEGATIVE_INFINITY;
    return this.popFromBackoff ? windowStart(this.expiry(i)) : this.expiry(i);
  }
  private backoffCmp = (a: number, b: number) => {
    const d = this.key(a) - this.key(b);
    if (d !== 0) return d;
    if (this.popFromBackoff) {
      if (less(this.view(a), this.view(b))) return -1;
      if (less(this.view(b), this.view(a))) return 1;
    }
    return (this.pods[a] as ModelPod).seq - (this.pods[b] as ModelPod).seq;
  };
  backingOff(i: number, now: number): boolean {
    const m = this.pods[i] as ModelPod;
    if (m.failures <= 0) return false;
    return this.popFromBackoff ? this.key(i) >= windowStart(now) : this.expiry(i) > now;
  }
  private all(where: Where): number[] {
    return this.pods.flatMap((m, i) => (m.where === where ? [i] : []));
  }
  private put(i: number, where: Where, errorBackoff = false): void {
    const m = this.pods[i] as ModelPod;
    m.where = where;
    m.errorBackoff = errorBackoff;
    m.seq = this.seq++;
  }

  add(i: number, now: number): void {
    const m = this.pods[i] as ModelPod;
    if (m.where !== 'gone') return;
    Object.assign(m, { ts: now, failures: 0, plugins: new Set() });
    this.put(i, 'active');
  }
  pop(): number | null {
    const active = this.all('active').sort(this.activeCmp);
    const from =
      active.length > 0
        ? active
        : this.popFromBackoff
          ? this.all('backoff')
              .filter((i) => !(this.pods[i] as ModelPod).errorBackoff)
              .sort(this.backoffCmp)
          : [];
    const i = from[0];
    if (i === undefined) return null;
    (this.pods[i] as ModelPod).where = 'inflight';
    return i;
  }
  requeueFailed(i: number, now: number, plugins: ReadonlySet<string>, error: boolean): void {
    const m = this.pods[i] as ModelPod;
    if (m.where !== 'inflight') return;
    m.ts = now;
    m.failures++;
    m.plugins = plugins;
    if (error || plugins.size === 0) this.put(i, 'backoff', plugins.size === 0);
    else this.put(i, 'unschedulable');
  }
  remove(i: number): void {
    (this.pods[i] as ModelPod).where = 'gone';
  }
  /** A bound pod whose binding failed comes back in flight and backs off as an error. */
  bindFailure(i: number, now: number): void {
    const m = this.pods[i] as ModelPod;
    if (m.where !== 'gone') return;
    m.where = 'inflight';
    this.requeueFailed(i, now, new Set(), true);
  }
  activate(i: number): boolean {
    const m = this.pods[i] as ModelPod;
    if (m.where !== 'unschedulable' && m.where !== 'backoff') return false;
    this.put(i, 'active');
    return true;
  }
  private moveOut(list: number[], now: number): number {
    list.sort((a, b) => (this.pods[a] as ModelPod).seq - (this.pods[b] as ModelPod).seq);
    for (const i of list) this.put(i, this.backingOff(i, now) ? 'backoff' : 'active');
    return list.length;
  }
  event(event: ClusterEvent, now: number, preCheck: ((p: Pod) => boolean) | undefined): number {
    const picked = this.all('unschedulable').filter((i) => {
      const pod = PODS[i] as Pod;
      if (preCheck !== undefined && !preCheck(pod)) return false;
      for (const p of (this.pods[i] as ModelPod).plugins)
        if (interesting(p, event) && pluginSaysQueue(pod, p, event)) return true;
      return false;
    });
    return this.moveOut(picked, now);
  }
  flushBackoff(now: number): number {
    let moved = 0;
    for (const error of [false, true]) {
      const heap = this.all('backoff')
        .filter((i) => (this.pods[i] as ModelPod).errorBackoff === error)
        .sort(this.backoffCmp);
      for (const i of heap) {
        if (this.backingOff(i, now)) break;
        this.put(i, 'active');
        moved++;
      }
    }
    return moved;
  }
  flushUnschedulable(now: number): number {
    const old = this.all('unschedulable').filter(
      (i) => now - (this.pods[i] as ModelPod).ts > MAX_UNSCHEDULABLE,
    );
    return this.moveOut(old, now);
  }
  snapshot(now: number): string {
    const pods = this.pods.map((m, i) => {
      if (m.where === 'gone') return 'gone';
      const backoff = m.failures > 0 ? `${this.expiry(i)}/${this.backingOff(i, now)}` : '-';
      const error = m.where === 'backoff' && m.errorBackoff;
      return `${m.where} f${m.failures} t${m.ts} e${error} ${backoff}`;
    });
    const count = (w: Where) => this.pods.filter((m) => m.where === w).length;
    return `${pods.join('\n')}\n${count('active')} ${count('backoff')} ${count('unschedulable')} ${this.hasWork()}`;
  }
  hasWork(): boolean {
    return (
      this.all('active').length > 0 ||
      (this.popFromBackoff && this.all('backoff').some((i) => !(this.pods[i] as ModelPod).errorBackoff))
    );
  }
}

type Op =
  | { op: 'add'; pod: number }
  | { op: 'pop'; outcome: 'unschedulable' | 'error' | 'noPlugin' | 'bound' | 'keep'; plugins: number }
  | { op: 'bindFailure'; pod: number }
  | { op: 'requeueInflight'; plugins: number }
  | { op: 'event'; event: number; preCheck: boolean }
  | { op: 'activate'; pod: number }
  | { op: 'remove'; pod: number }
  | { op: 'flushBackoff' }
  | { op: 'flushUnschedulable' }
  | { op: 'time'; dtUs: number };

const pod = fc.nat(PODS.length - 1);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('add' as const), pod }) },
  {
    weight: 6,
    arbitrary: fc.record({
      op: fc.constant('pop' as const),
      outcome: fc.constantFrom('unschedulable', 'unschedulable', 'error', 'noPlugin', 'bound', 'keep'),
      plugins: fc.integer({ min: 1, max: 7 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('bindFailure' as const), pod }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('requeueInflight' as const),
      plugins: fc.integer({ min: 0, max: 7 }),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('event' as const),
      event: fc.nat(EVENTS.length - 1),
      preCheck: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('activate' as const), pod }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('remove' as const), pod }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('flushBackoff' as const) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('flushUnschedulable' as const) }) },
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('time' as const),
      dtUs: fc.oneof(fc.integer({ min: 1, max: 4 * S }), fc.constantFrom(S, 500_000, 70 * S)),
    }),
  },
);

const pluginSet = (bits: number) => new Set(PLUGINS.filter((_, k) => (bits >> k) & 1));
/** preCheckForNode-like filter that reads only the spec (shared by a shape). */
const preCheck = (p: Pod) => p.spec.priority !== 5;

function replay(ops: readonly Op[], popFromBackoff: boolean): void {
  const q = new SchedulingQueue(
    {
      initialBackoffUs: INITIAL,
      maxBackoffUs: MAX,
      maxInUnschedulableUs: MAX_UNSCHEDULABLE,
      popFromBackoff,
      hints: HINTS,
    },
    less,
  );
  const m = new Model(popFromBackoff);
  const infos = new Map<number, QueuedPodInfo>();
  /** Pods popped and bound: only those can come back by a binding failure. */
  const bound = new Map<number, QueuedPodInfo>();
  const inflight: number[] = [];
  let now = 0;
  for (const o of ops) {
    switch (o.op) {
      case 'add':
        bound.delete(o.pod);
        q.add(PODS[o.pod] as Pod, now);
        m.add(o.pod, now);
        break;
      case 'pop': {
        const got = q.pop();
        const want = m.pop();
        expect(got === null ? null : PODS.indexOf(got.pod)).toBe(want);
        if (got === null || want === null) break;
        infos.set(want, got);
        if (o.outcome === 'keep') inflight.push(want);
        else if (o.outcome === 'bound') {
          bound.set(want, got);
          q.remove(got.pod);
          m.remove(want);
        } else {
          const plugins = o.outcome === 'noPlugin' ? new Set<string>() : pluginSet(o.plugins);
          q.requeueFailed(got, now, plugins, o.outcome === 'error');
          m.requeueFailed(want, now, plugins, o.outcome === 'error');
        }
        break;
      }
      case 'requeueInflight': {
        const i = inflight.shift();
        if (i === undefined) break;
        q.requeueFailed(infos.get(i) as QueuedPodInfo, now, pluginSet(o.plugins), false);
        m.requeueFailed(i, now, pluginSet(o.plugins), false);
        break;
      }
      case 'bindFailure': {
        const info = bound.get(o.pod);
        if (info === undefined) break;
        bound.delete(o.pod);
        q.requeueBindFailure(info, now);
        m.bindFailure(o.pod, now);
        break;
      }
      case 'event': {
        const event = EVENTS[o.event] as ClusterEvent;
        const check = o.preCheck ? preCheck : undefined;
        expect(q.moveAllForEvent(event, null, null, now, check)).toBe(m.event(event, now, check));
        break;
      }
      case 'activate':
        expect(q.activate(PODS[o.pod] as Pod)).toBe(m.activate(o.pod));
        break;
      case 'remove':
        q.remove(PODS[o.pod] as Pod);
        m.remove(o.pod);
        break;
      case 'flushBackoff':
        expect(q.flushBackoff(now)).toBe(m.flushBackoff(now));
        break;
      case 'flushUnschedulable':
        expect(q.flushUnschedulable(now)).toBe(m.flushUnschedulable(now));
        break;
      case 'time':
        now += o.dtUs;
        break;
    }
    // One comparison per step (expect per field is slow at thousands of steps).
    const got = snapshot(q, now);
    const want = m.snapshot(now);
    if (got !== want) expect(got).toBe(want);
  }
}

/** The queue's observable state: per pod where, failures, timestamp, error backoff, backoff; sizes. */
function snapshot(q: SchedulingQueue, now: number): string {
  const pods = PODS.map((p) => {
    const info = q.info(p);
    if (info === undefined) return 'gone';
    const backoff = info.failures > 0 ? `${q.backoffExpiryUs(info)}/${q.isBackingOff(info, now)}` : '-';
    return `${info.where} f${info.failures} t${info.timestampUs} e${info.errorBackoff} ${backoff}`;
  });
  return `${pods.join('\n')}\n${q.activeSize} ${q.backoffSize} ${q.unschedulableSize} ${q.hasWork()}`;
}

describe('SchedulingQueue against a naive model of upstream PriorityQueue', () => {
  for (const popFromBackoff of [false, true]) {
    it(`agrees on random sequences, SchedulerPopFromBackoffQ ${popFromBackoff ? 'on (v1.33+)' : 'off'}`, () => {
      fc.assert(
        fc.property(fc.array(opArb, { minLength: 100, maxLength: 200 }), (ops) =>
          replay(ops, popFromBackoff),
        ),
        { seed: popFromBackoff ? 1833 : 1832, numRuns: 40 },
      );
    });
  }
});
