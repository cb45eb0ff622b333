// Upstream vectors: kubernetes/kubernetes pkg/controller/controller_utils_test.go (TestSortingActivePods,
// TestSortingActivePodsWithRanks) and pkg/controller/replicaset/replica_set_test.go (TestGetPodsToDelete,
// TestSlowStartBatch). Facts only, replayed against kubesim's podsToDelete / compareForDeletion and
// slowStartBatches. kubesim has no Unknown pod phase, keeps one restart counter per pod (upstream compares
// the largest container restartCount, then sidecars'; the vectors' max is fed here) and has no
// PodDeletionCost / LogarithmicScaleDown gates to turn off, so those rows are not replayed.
import { describe, expect, it } from 'vitest';
import {
  compareForDeletion,
  PodDeletionCostAnnotation,
  podsToDelete,
  type RankedPod,
} from '../../src/controllers/pod-ranking.js';
import { slowStartBatches } from '../../src/controllers/replicaset.js';
import type { Pod } from '../../src/model/types.js';
import { testPod } from '../helpers/pods.js';

const S = 1_000_000;
const H = 3_600 * S;
const NOW = 100 * 24 * H; // virtual "now"; "then" (a month ago) is 30 days earlier
const MONTH = 30 * 24 * H;

interface P {
  name: string;
  node: string | null;
  phase: 'Pending' | 'Running';
  ready?: boolean;
  restarts?: number;
  readySinceUs?: number;
  createdUs?: number;
  cost?: number;
}

function pod(p: P): Pod {
  return testPod({
    name: p.name,
    uid: '',
    nodeName: p.node,
    phase: p.phase,
    ready: p.ready ?? false,
    createdUs: p.createdUs ?? NOW,
    annotations: p.cost === undefined ? {} : { [PodDeletionCostAnnotation]: String(p.cost) },
  });
}

function ranked(p: P, rank: number): RankedPod {
  return {
    pod: pod(p),
    rank,
    readySinceUs: p.readySinceUs,
    restarts: p.restarts ?? 0,
    deletionCost: p.cost ?? 0,
  };
}

describe('controller_utils_test.go TestSortingActivePods: Sorts by active pod', () => {
  // Upstream sorts with ActivePods (no ranks, no log buckets); the ReplicaSet controller ranks with
  // ActivePodsWithRanks, whose order agrees on this list (all running pods share node "foo").
  const THEN = NOW - MONTH;
  const pods: P[] = [
    { name: 'unscheduled', node: null, phase: 'Pending', createdUs: 0 },
    { name: 'scheduledButPending', node: 'bar', phase: 'Pending', createdUs: 0 },
    { name: 'runningButNotReady', node: 'foo', phase: 'Running', createdUs: 0 },
    {
      name: 'runningNoLastTransitionTime',
      node: 'foo',
      phase: 'Running',
      ready: true,
      restarts: 3,
      createdUs: 0,
    },
    {
      name: 'runningWithLastTransitionTime',
      node: 'foo',
      phase: 'Running',
      ready: true,
      restarts: 3,
      readySinceUs: NOW,
      createdUs: 0,
    },
    {
      name: 'runningLongerTime',
      node: 'foo',
      phase: 'Running',
      ready: true,
      restarts: 3,
      readySinceUs: THEN,
      createdUs: 0,
    },
    {
      name: 'lowerContainerRestartCount',
      node: 'foo',
      phase: 'Running',
      ready: true,
      restarts: 2,
      readySinceUs: THEN,
      createdUs: NOW,
    },
    {
      name: 'oldest',
      node: 'foo',
      phase: 'Running',
      ready: true,
      restarts: 2,
      readySinceUs: THEN,
      createdUs: THEN,
    },
  ];
  it.each([0, 1, 2, 3, 4])('order is independent of input order (permutation %i)', (seed) => {
    const built = pods.map((p) => ({ p, pod: pod(p) }));
    const shuffled = built
      .map((b, i) => ({ b, k: (i * (seed * 5 + 3)) % 11 }))
      .sort((x, y) => x.k - y.k)
      .map((x) => x.b);
    const info = new Map(built.map((b) => [b.pod, b.p]));
    const order = podsToDelete(
      shuffled.map((b) => b.pod),
      shuffled.map((b) => b.pod.nodeName),
      pods.length - 1,
      NOW,
      (x) => ({ readySinceUs: info.get(x)?.readySinceUs, restarts: info.get(x)?.restarts ?? 0 }),
    ).map((x) => x.name);
    expect(order).toEqual(pods.slice(0, -1).map((p) => p.name));
  });
});

describe('controller_utils_test.go TestSortingActivePodsWithRanks', () => {
  const then1Month = NOW - MONTH;
  const P_ = (
    name: string,
    node: string | null,
    phase: 'Pending' | 'Running',
    ready: boolean,
    restarts: number,
    readySince: number | undefined,
    created: number,
    cost?: number,
  ): P => ({
    name,
    node,
    phase,
    ready,
    restarts,
    readySinceUs: readySince,
    createdUs: created,
    cost,
  });
  const unscheduledPod = P_('unscheduled', null, 'Pending', false, 0, undefined, 0);
  const scheduledPendingPod = P_('pending', 'node', 'Pending', false, 0, undefined, 0);
  const runningNotReadyPod = P_('not-ready', 'node', 'Running', false, 0, undefined, 0);
  const runningReadyNoLastTransitionTimePod = P_(
    'ready-no-last-transition-time',
    'node',
    'Running',
    true,
    0,
    undefined,
    0,
  );
  const runningReadyNow = P_('ready-now', 'node', 'Running', true, 0, NOW, NOW);
  const runningReadyThen = P_('ready-then', 'node', 'Running', true, 0, then1Month, then1Month);
  const runningReadyNowHighRestarts = P_('ready-high-restarts', 'node', 'Running', true, 9001, NOW, NOW);
  const runningReadyNowCreatedThen = P_(
    'ready-now-created-then',
    'node',
    'Running',
    true,
    0,
    NOW,
    then1Month,
  );
  const lowPodDeletionCost = P_('low-deletion-cost', 'node', 'Running', true, 0, NOW, then1Month, 10);
  const highPodDeletionCost = P_('high-deletion-cost', 'node', 'Running', true, 0, NOW, then1Month, 100);
  const unscheduled5Hours = P_('unscheduled-5-hours', null, 'Pending', false, 0, NOW - 5 * H, NOW - 5 * H);
  const unscheduled8Hours = P_('unscheduled-10-hours', null, 'Pending', false, 0, NOW - 8 * H, NOW - 8 * H);
  const ready2Hours = P_('ready-2-hours', null, 'Running', true, 0, NOW - 2 * H, then1Month);
  const ready5Hours = P_('ready-5-hours', null, 'Running', true, 0, NOW - 5 * H, then1Month);
  const ready10Hours = P_('ready-10-hours', null, 'Running', true, 0, NOW - 8 * H, then1Month);

  it.each([
    [unscheduledPod, unscheduledPod],
    [scheduledPendingPod, scheduledPendingPod],
    [runningNotReadyPod, runningNotReadyPod],
    [runningReadyNowCreatedThen, runningReadyNowCreatedThen],
    [runningReadyNow, runningReadyNow],
    [runningReadyThen, runningReadyThen],
    [runningReadyNowHighRestarts, runningReadyNowHighRestarts],
    [unscheduled5Hours, unscheduled8Hours], // same log2 bucket of age, same (empty) UID
    [ready5Hours, ready10Hours],
  ])('Equality tests: %o', (p1, p2) => {
    expect(compareForDeletion(ranked(p1, 1), ranked(p2, 1), NOW)).toBe(0);
    expect(compareForDeletion(ranked(p2, 1), ranked(p1, 1), NOW)).toBe(0);
  });

  it.each<[P, number, P, number]>([
    [unscheduledPod, 1, scheduledPendingPod, 2],
    [unscheduledPod, 2, scheduledPendingPod, 1],
    [runningNotReadyPod, 1, runningReadyNoLastTransitionTimePod, 1],
    [runningReadyNoLastTransitionTimePod, 1, runningReadyNow, 1],
    [runningReadyNow, 2, runningReadyNoLastTransitionTimePod, 1],
    [runningReadyNow, 1, runningReadyThen, 1],
    [runningReadyNow, 2, runningReadyThen, 1],
    [runningReadyNowHighRestarts, 1, runningReadyNow, 1],
    [runningReadyNow, 2, runningReadyNowHighRestarts, 1],
    [runningReadyNow, 1, runningReadyNowCreatedThen, 1],
    [runningReadyNowCreatedThen, 2, runningReadyNow, 1],
    [lowPodDeletionCost, 2, highPodDeletionCost, 1],
    [ready2Hours, 1, ready5Hours, 1],
  ])('Inequality tests: %o rank %i before %o rank %i', (lesser, lr, greater, gr) => {
    expect(compareForDeletion(ranked(lesser, lr), ranked(greater, gr), NOW)).toBeLessThan(0);
    expect(compareForDeletion(ranked(greater, gr), ranked(lesser, lr), NOW)).toBeGreaterThan(0);
  });
});

describe('replica_set_test.go TestGetPodsToDelete', () => {
  const unscheduledPendingPod = pod({ name: 'unscheduled-pending-pod', node: null, phase: 'Pending' });
  const scheduledPendingPod = pod({ name: 'scheduled-pending-pod', node: 'fake-node', phase: 'Pending' });
  const scheduledRunningNotReadyPod = pod({
    name: 'scheduled-running-not-ready-pod',
    node: 'fake-node',
    phase: 'Running',
  });
  const onNode1 = pod({
    name: 'scheduled-running-ready-pod-on-node-1',
    node: 'fake-node-1',
    phase: 'Running',
    ready: true,
  });
  const onNode2 = pod({
    name: 'scheduled-running-ready-pod-on-node-2',
    node: 'fake-node-2',
    phase: 'Running',
    ready: true,
  });
  // upstream's ready pods have no Ready lastTransitionTime
  const info = () => ({ readySinceUs: undefined, restarts: 0 });
  it.each<{ name: string; pods: Pod[]; related?: Pod[]; diff: number; want: Pod[] }>([
    { name: 'len(pods) = 0 (i.e., diff = 0 too)', pods: [], diff: 0, want: [] },
    {
      name: 'diff = len(pods)',
      pods: [scheduledRunningNotReadyPod, onNode1],
      diff: 2,
      want: [scheduledRunningNotReadyPod, onNode1],
    },
    {
      name: 'diff < len(pods)',
      pods: [onNode1, scheduledRunningNotReadyPod],
      diff: 1,
      want: [scheduledRunningNotReadyPod],
    },
    {
      name: 'various pod phases and conditions, diff = len(pods)',
      pods: [
        onNode1,
        onNode1,
        onNode2,
        scheduledRunningNotReadyPod,
        scheduledPendingPod,
        unscheduledPendingPod,
      ],
      diff: 6,
      want: [
        onNode1,
        onNode1,
        onNode2,
        scheduledRunningNotReadyPod,
        scheduledPendingPod,
        unscheduledPendingPod,
      ],
    },
    {
      name: 'various pod phases and conditions, diff = len(pods), relatedPods empty',
      pods: [
        onNode1,
        onNode1,
        onNode2,
        scheduledRunningNotReadyPod,
        scheduledPendingPod,
        unscheduledPendingPod,
      ],
      related: [],
      diff: 6,
      want: [
        onNode1,
        onNode1,
        onNode2,
        scheduledRunningNotReadyPod,
        scheduledPendingPod,
        unscheduledPendingPod,
      ],
    },
    {
      name: 'scheduled vs unscheduled, diff < len(pods)',
      pods: [scheduledPendingPod, unscheduledPendingPod],
      diff: 1,
      want: [unscheduledPendingPod],
    },
    {
      name: 'ready vs not-ready, diff < len(pods)',
      pods: [onNode1, scheduledRunningNotReadyPod, scheduledRunningNotReadyPod],
      diff: 2,
      want: [scheduledRunningNotReadyPod, scheduledRunningNotReadyPod],
    },
    {
      name: 'ready and colocated with another ready pod vs not colocated, diff < len(pods)',
      pods: [onNode1, onNode2],
      related: [onNode1, onNode2, onNode2],
      diff: 1,
      want: [onNode2],
    },
    {
      name: 'pending vs running, diff < len(pods)',
      pods: [scheduledPendingPod, scheduledRunningNotReadyPod],
      diff: 1,
      want: [scheduledPendingPod],
    },
    {
      name: 'various pod phases and conditions, diff < len(pods)',
      pods: [onNode1, onNode2, scheduledRunningNotReadyPod, scheduledPendingPod, unscheduledPendingPod],
      diff: 3,
      want: [unscheduledPendingPod, scheduledPendingPod, scheduledRunningNotReadyPod],
    },
  ])('$name', ({ pods, related, diff, want }) => {
    const nodes = (related ?? pods).map((p) => p.nodeName);
    expect(podsToDelete(pods, nodes, diff, NOW, info)).toEqual(want);
  });
});

describe('replica_set_test.go TestSlowStartBatch', () => {
  // slowStartBatch(10, SlowStartInitialBatchSize=1, fn): batches 1, 2, 4, 3; a batch with a failed call
  // is the last one issued (kubesim: a failed step abandons the later steps, runtime.ts).
  const run = (count: number, callLimit: number) => {
    let calls = 0;
    let successes = 0;
    for (const size of slowStartBatches(count)) {
      let failed = false;
      for (let i = 0; i < size; i++) {
        calls++;
        if (calls > callLimit) failed = true;
        else successes++;
      }
      if (failed) break;
    }
    return { successes, calls };
  };
  it('batch sizes', () => {
    expect(slowStartBatches(10)).toEqual([1, 2, 4, 3]);
    expect(slowStartBatches(0)).toEqual([]);
  });
  it.each([
    { name: 'callLimit = 0 (all fail)', callLimit: 0, successes: 0, calls: 1 },
    { name: 'callLimit = count (all succeed)', callLimit: 10, successes: 10, calls: 10 },
    { name: 'callLimit < count (some succeed)', callLimit: 5, successes: 5, calls: 7 },
  ])('$name', ({ callLimit, successes, calls }) => {
    expect(run(10, callLimit)).toEqual({ successes, calls });
  });
});
