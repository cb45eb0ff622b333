// Upstream kube-scheduler unit-test vectors for the scheduling queue, replayed on kubesim's SchedulingQueue
// with PrioritySort and the default backoff (1 s doubling to 10 s) unless a case sets its own. Inputs and
// expected outcomes come from
//   pkg/scheduler/backend/queue/scheduling_queue_test.go (TestBackOffFlow,
//     TestHighPriorityFlushUnschedulablePodsLeftover, TestPriorityQueue_initPodMaxInUnschedulablePodsDuration,
//     TestPodTimestamp)
//   pkg/scheduler/backend/queue/backoff_queue_test.go (TestBackoffQueue_calculateBackoffDuration,
//     TestBackoffQueue_popEachBackoffCompleted, TestBackoffQueueOrdering)
// in kubernetes/kubernetes. Times are virtual microseconds; "popFromBackoff" is SchedulerPopFromBackoffQ
// (kubesim: Kubernetes >= 1.33), which also turns on backoffQ's 1 s ordering windows.
// Harness notes: a pod is placed straight into podBackoffQ with requeueFailed(..., error = true) and a
// rejecting plugin, which counts one attempt, as the upstream fixtures' Attempts: 1 (without a plugin it
// would go to podErrorBackoffQ, which is never popped early). Upstream fixtures that put never-tried pods (Attempts 0) into
// unschedulablePods are replayed with one failed attempt, so the clock steps stay past that 1 s backoff.
// Not replayed: overflow_64bit (MaxInt64 ns does not fit a float64 exactly), TestBackoffQueueOrdering with
// the gate off (the pod3/pod4 tie at one expiry is heap order upstream; kubesim keeps insertion order),
// queueing hints, gated-pod metrics and pod groups.
import { describe, expect, it } from 'vitest';
import type { Pod } from '../../src/model/types.js';
import { NodeAdd } from '../../src/scheduler/cluster-events.js';
import { less } from '../../src/scheduler/plugins/priority-sort/index.js';
import { defaultQueueingHintFn } from '../../src/scheduler/queue/hint-map.js';
import { backoffDurationUs, SchedulingQueue } from '../../src/scheduler/queue/scheduling-queue.js';

const S = 1_000_000;
const MS = 1_000;
const fakePod = (name: string, priority = 0) =>
  ({
    key: name,
    name,
    namespace: 'default',
    labels: {},
    spec: { priority, schedulerName: 'default-scheduler' },
  }) as unknown as Pod;
const PLUGIN = 'NodeResourcesFit';

function queue(o: { popFromBackoff?: boolean; maxInUnschedulableUs?: number } = {}) {
  return new SchedulingQueue(
    {
      initialBackoffUs: 1 * S,
      maxBackoffUs: 10 * S,
      maxInUnschedulableUs: o.maxInUnschedulableUs ?? 300 * S,
      popFromBackoff: o.popFromBackoff ?? false,
      hints: new Map([
        ['default-scheduler', [{ event: NodeAdd, plugin: PLUGIN, fn: defaultQueueingHintFn }]],
      ]),
    },
    less,
  );
}

/** Adds the pod at `addUs`, pops it and requeues it as failed at `failUs`. */
function fail(q: SchedulingQueue, pod: Pod, failUs: number, o: { error?: boolean; addUs?: number } = {}) {
  q.add(pod, o.addUs ?? failUs);
  const info = q.pop();
  expect(info?.pod).toBe(pod);
  q.requeueFailed(info as never, failUs, new Set([PLUGIN]), o.error === true);
}

describe('upstream TestBackoffQueue_calculateBackoffDuration (backoff_queue_test.go)', () => {
  // Units are abstract here (upstream: ns): initial 1, max 32 or MaxInt32.
  it.each([
    ['no backoff', 1, 32, 0, 0],
    ['normal', 1, 32, 16, 32],
    ['overflow_32bit', 1, 2147483647, 32, 2147483647],
  ])('%s', (_name, initial, max, attempts, want) => {
    expect(backoffDurationUs(attempts, initial, max)).toBe(want);
  });
});

describe('upstream TestBackOffFlow (scheduling_queue_test.go)', () => {
  it('backoff 1, 2, 4, 8, 10, 10, 10 s; early flush keeps the pod, flush after the backoff moves it', () => {
    const q = queue();
    const pod = fakePod('test-pod');
    let now = 1_000 * S + 123;
    q.add(pod, now);
    for (const [i, want] of [1, 2, 4, 8, 10, 10, 10].entries()) {
      const timestamp = now;
      const info = q.pop();
      expect(info?.pod).toBe(pod);
      q.requeueFailed(info as never, now, new Set([PLUGIN]), false);
      expect(info?.failures).toBe(i + 1);
      q.moveAllForEvent(NodeAdd, null, null, now); // an event happens
      expect(q.info(pod)?.where).toBe('backoff');
      const backoff = q.backoffExpiryUs(q.info(pod) as never) - timestamp;
      expect(backoff).toBe(want * S);
      now += MS;
      q.flushBackoff(now);
      expect(q.info(pod)?.where).toBe('backoff');
      now += backoff;
      q.flushBackoff(now);
      expect(q.info(pod)?.where).toBe('active');
    }
  });
});

describe('upstream TestBackoffQueue_popEachBackoffCompleted (backoff_queue_test.go)', () => {
  const now = 100 * S + 400 * MS;
  // pod0/pod1 failed in a plugin, pod2/pod3 with an error; pod0/pod2 2 s ago, pod1/pod3 1 s in the future.
  const at: Record<string, number> = { pod0: now - 2 * S, pod1: now + S, pod2: now - 2 * S, pod3: now + S };
  const cases: Array<[string, string[], string[]]> = [
    ['Both queues empty, no pods moved to activeQ', [], []],
    ['Pods only in backoffQ, some pods moved to activeQ', ['pod0', 'pod1'], ['pod0']],
    ['Pods only in errorBackoffQ, some pods moved to activeQ', ['pod2', 'pod3'], ['pod2']],
    ['Pods in both queues, some pods moved to activeQ', ['pod0', 'pod1', 'pod2', 'pod3'], ['pod0', 'pod2']],
    ['Pods in both queues, all pods moved to activeQ', ['pod0', 'pod2'], ['pod0', 'pod2']],
    ['Pods in both queues, no pods moved to activeQ', ['pod1', 'pod3'], []],
  ];
  for (const popFromBackoff of [true, false]) {
    it.each(cases)(`%s popFromBackoffQEnabled(${popFromBackoff})`, (_name, inBackoff, want) => {
      const q = queue({ popFromBackoff });
      const pods = new Map(inBackoff.map((name) => [name, fakePod(name)]));
      for (const [name, pod] of pods) fail(q, pod, at[name] as number, { error: true });
      expect(q.flushBackoff(now)).toBe(want.length);
      const moved = [...pods].filter(([, pod]) => q.info(pod)?.where === 'active').map(([name]) => name);
      expect(moved).toEqual(want);
      expect(q.backoffSize).toBe(inBackoff.length - want.length);
    });
  }
});

describe('upstream TestBackoffQueueOrdering (backoff_queue_test.go)', () => {
  // The clock is aligned with the 1 s ordering window; every pod has one attempt (1 s backoff).
  const T = 500 * S;
  const pods: Array<[string, number, number]> = [
    ['pod0', 1, T],
    ['pod1', 1, T - S],
    ['pod2', 2, T - 2 * S + MS],
    ['pod3', 1, T - 2 * S],
    ['pod4', 2, T - 2 * S],
    ['pod5', 1, T - 3 * S],
  ];
  const build = () => {
    const q = queue({ popFromBackoff: true });
    const byName = new Map<string, Pod>();
    for (const [name, prio, ts] of pods) {
      const pod = fakePod(name, prio);
      byName.set(name, pod);
      // Timestamp is both the queueing time (activeQ tie-break) and the failure time.
      fail(q, pod, ts, { error: true });
    }
    return { q, byName };
  };

  it('Pods with the same window are ordered by priority if PopFromBackoffQ is enabled', () => {
    const { q, byName } = build();
    expect(q.flushBackoff(T)).toBe(4);
    const stay = [...byName].filter(([, pod]) => q.info(pod)?.where === 'backoff').map(([name]) => name);
    expect(stay.sort()).toEqual(['pod0', 'pod1']);
    // The backoffQ order itself, popped while activeQ is empty: pod5, then the window holding
    // pod2/pod3/pod4 by priority (pod4 before pod2 by queue time), then pod1, pod0.
    const { q: q2 } = build();
    const order: string[] = [];
    for (let info = q2.pop(); info !== null; info = q2.pop()) order.push(info.pod.key);
    expect(order).toEqual(['pod5', 'pod4', 'pod2', 'pod3', 'pod1', 'pod0']);
  });
});

describe('upstream TestHighPriorityFlushUnschedulablePodsLeftover (scheduling_queue_test.go)', () => {
  it('pods left unschedulable past podMaxInUnschedulablePodsDuration come back, highest priority first', () => {
    for (const popFromBackoff of [false, true]) {
      const q = queue({ popFromBackoff });
      const now = 7 * S;
      const highPod = fakePod('test-highpod', 1000);
      const midPod = fakePod('test-midpod', 100);
      fail(q, highPod, now);
      fail(q, midPod, now);
      q.flushUnschedulable(now + 300 * S + S);
      expect(q.pop()?.pod).toBe(highPod);
      expect(q.pop()?.pod).toBe(midPod);
    }
  });
});

describe('upstream TestPriorityQueue_initPodMaxInUnschedulablePodsDuration (scheduling_queue_test.go)', () => {
  it.each([
    ['New priority queue by the default value of podMaxInUnschedulablePodsDuration', 300 * S],
    ['New priority queue by user-defined value of podMaxInUnschedulablePodsDuration', 30 * S],
  ])('%s', (_name, max) => {
    const q = queue({ maxInUnschedulableUs: max });
    const timestamp = 50 * S;
    const pod1 = fakePod('test-pod-1');
    const pod2 = fakePod('test-pod-2');
    fail(q, pod1, timestamp - S);
    fail(q, pod2, timestamp - 2 * S);
    expect(q.flushUnschedulable(timestamp + max)).toBe(2);
    expect([q.pop()?.pod, q.pop()?.pod]).toEqual([pod2, pod1]);
  });
});

describe('upstream TestPodTimestamp (scheduling_queue_test.go)', () => {
  const timestamp = 20 * S;
  it('add two pod to activeQ and sort them by the timestamp', () => {
    const q = queue();
    const pod1 = fakePod('test-pod-1');
    const pod2 = fakePod('test-pod-2');
    q.add(pod2, timestamp + S);
    q.add(pod1, timestamp);
    expect([q.pop()?.pod, q.pop()?.pod]).toEqual([pod1, pod2]);
  });

  it('add two pod to unschedulablePods then move them to activeQ and sort them by the timestamp', () => {
    const q = queue();
    const pod1 = fakePod('test-pod-1');
    const pod2 = fakePod('test-pod-2');
    fail(q, pod2, timestamp + S);
    fail(q, pod1, timestamp);
    expect(q.moveAllForEvent(NodeAdd, null, null, timestamp + 2 * S)).toBe(2);
    expect([q.pop()?.pod, q.pop()?.pod]).toEqual([pod1, pod2]);
  });
});
