// Upstream unit-test vectors for the node lifecycle controller, replayed through kubesim's pure functions:
//   pkg/controller/nodelifecycle/node_lifecycle_controller_test.go (TestMonitorNodeHealth zone states,
//     TestMonitorNodeHealthUpdateStatus, TestMonitorNodeHealthUpdateNodeAndPodStatusWithLease,
//     TestMonitorNodeHealthMarkPodsNotReady, TestTryUpdateNodeHealth, TestTaintsNodeByCondition)
//   pkg/controller/nodelifecycle/scheduler/rate_limited_queue_test.go (TestAddNode, TestDelNode, TestTry,
//     TestTryOrdering, TestAddAfterTry, TestSwapLimiter)
// in kubernetes/kubernetes. Test constants as upstream: grace 50 s, startup grace 60 s, threshold 0.55.
import { describe, expect, it } from 'vitest';
import { HealthTable, isStale, refreshProbe } from '../../src/controllers/node-lifecycle/health-table.js';
import { desiredNoScheduleKeys } from '../../src/controllers/node-lifecycle/no-schedule-taints.js';
import { ZoneTaintQueue } from '../../src/controllers/node-lifecycle/taint-queue.js';
import {
  computeZoneState,
  planDisruption,
  type ZoneState,
} from '../../src/controllers/node-lifecycle/zone-state.js';
import type { ConditionStatus } from '../../src/model/types.js';

const S = 1_000_000;
const GRACE = 50 * S;
const STARTUP = 60 * S;

// ---- ComputeZoneState + handleDisruption (TestMonitorNodeHealth) ------------------------------------

type R = 'T' | 'F' | 'U' | '-'; // Ready True / False / Unknown / no Ready condition

/** One monitorNodeHealth pass over zones of nodes (already after the Unknown marking): new zoneStates. */
function pass(prev: Map<string, ZoneState>, zones: Record<string, R[]>): Map<string, ZoneState> {
  const next = new Map<string, ZoneState>();
  const before = new Map<string, ZoneState>();
  for (const [z, nodes] of Object.entries(zones)) {
    const ready = nodes.filter((r) => r === 'T').length;
    next.set(z, computeZoneState(ready, nodes.length - ready, 0.55));
    before.set(z, prev.get(z) ?? 'Initial');
  }
  const plan = planDisruption(before, next);
  const out = new Map(before);
  if (plan.kind === 'enterMasterDisruption') for (const z of out.keys()) out.set(z, 'FullDisruption');
  else if (plan.kind === 'exitMasterDisruption') for (const [z, s] of next) out.set(z, s);
  else if (plan.kind === 'perZone') for (const z of plan.changed) out.set(z, next.get(z) as ZoneState);
  return out;
}

describe('TestMonitorNodeHealth zone states (ComputeZoneState, handleDisruption)', () => {
  // [name, initial zones, following zones, expected initial, expected following]. A node whose status
  // is an hour old at the second pass is Unknown there (the controller marked it), so it is written 'U'.
  const cases: Array<
    [string, Record<string, R[]>, Record<string, R[]>, Record<string, ZoneState>, Record<string, ZoneState>]
  > = [
    [
      'No Disruption: Node created recently without failure domain labels',
      { '': ['T'] },
      { '': ['T'] },
      { '': 'Normal' },
      { '': 'Normal' },
    ],
    [
      'No Disruption: Initially both zones down, one comes back',
      { z1: ['U'], z2: ['U'] },
      { z1: ['U'], z2: ['T'] },
      { z1: 'FullDisruption', z2: 'FullDisruption' },
      { z1: 'FullDisruption', z2: 'Normal' },
    ],
    [
      'Partial Disruption: Nodes created recently without status conditions',
      { z1: ['-', '-', '-', '-'] },
      { z1: ['U', 'U', 'U', 'T'] },
      { z1: 'FullDisruption' },
      { z1: 'PartialDisruption' },
    ],
    [
      'Partial Disruption: one Node failed leading to the number of healthy Nodes to exceed the configured threshold',
      { z1: ['U', 'U', 'T', 'T', 'T'] },
      { z1: ['U', 'U', 'U', 'T', 'T'] },
      { z1: 'Normal' },
      { z1: 'PartialDisruption' },
    ],
    [
      'Full Disruption: the zone has less than 2 Nodes down, the last healthy Node has failed',
      { z1: ['U', 'U', 'T'] },
      { z1: ['U', 'U', 'U'] },
      { z1: 'Normal' },
      { z1: 'FullDisruption' },
    ],
    [
      'Full Disruption: all the Nodes in one zone are down',
      { z1: ['U'], z2: ['T'] },
      { z1: ['U'], z2: ['T'] },
      { z1: 'FullDisruption', z2: 'Normal' },
      { z1: 'FullDisruption', z2: 'Normal' },
    ],
    [
      'Full Disruption: all the Nodes in both the zones are down',
      { z1: ['U'], z2: ['U'] },
      { z1: ['U'], z2: ['U'] },
      { z1: 'FullDisruption', z2: 'FullDisruption' },
      { z1: 'FullDisruption', z2: 'FullDisruption' },
    ],
    [
      'Full Disruption: Ready condition removed from the Node',
      { z1: ['T'] },
      { z1: ['U'] },
      { z1: 'Normal' },
      { z1: 'FullDisruption' },
    ],
    [
      // node-master carries node.kubernetes.io/exclude-disruption: it is not counted at all
      'Full Disruption: the only available Node has the exclude-disruption label',
      { z1: ['U'] },
      { z1: ['U'] },
      { z1: 'FullDisruption' },
      { z1: 'FullDisruption' },
    ],
  ];
  it.each(cases)('%s', (_name, first, second, wantFirst, wantSecond) => {
    const s1 = pass(new Map(), first);
    expect(Object.fromEntries(s1)).toEqual(wantFirst);
    expect(Object.fromEntries(pass(s1, second))).toEqual(wantSecond);
  });

  it('ComputeZoneState thresholds: more than 2 not ready and share >= 0.55 (float32; exactly 0.55 counts)', () => {
    expect(computeZoneState(1, 2, 0.55)).toBe('Normal'); // 2 not ready never disrupts (67 %)
    expect(computeZoneState(2, 3, 0.55)).toBe('PartialDisruption'); // 60 %
    expect(computeZoneState(9, 11, 0.55)).toBe('PartialDisruption'); // exactly 55 %
    expect(computeZoneState(10, 10, 0.55)).toBe('Normal'); // 50 %
    expect(computeZoneState(0, 1, 0.55)).toBe('FullDisruption');
    expect(computeZoneState(0, 0, 0.55)).toBe('Normal');
  });
});

// ---- tryUpdateNodeHealth (probe, grace, lease) ------------------------------------------------------

interface Obs {
  /** seconds since fakeNow */
  at: number;
  ready: ConditionStatus | null;
  /** Ready lastHeartbeatTime, seconds */
  hb?: number;
  /** Lease renewTime, seconds; absent = no Lease */
  lease?: number;
}
const CREATED_LONG_AGO = -94_000_000; // 2012 vs 2015
const FAKE_NOW = 0;

/** Replays passes; returns per pass whether Unknown was posted and whether pods were marked NotReady. */
function replay(created: number, passes: Obs[]): Array<{ unknown: boolean; podsNotReady: boolean }> {
  const h = new HealthTable();
  h.ensure(0);
  return passes.map((p) => {
    const hasReady = p.ready !== null;
    const nowUs = p.at * S;
    refreshProbe(
      h,
      0,
      hasReady,
      (p.hb ?? 0) * S,
      p.lease === undefined ? -1 : p.lease * S,
      created * S,
      nowUs,
    );
    const stale = isStale(h.probeUs[0] as number, hasReady ? GRACE : STARTUP, nowUs);
    const unknown = stale && p.ready !== 'Unknown';
    if (unknown) {
      // the controller's write becomes the saved status (NodeStatusNeverUpdated keeps creationTimestamp)
      h.savedHasReady[0] = 1;
      h.savedHeartbeatUs[0] = hasReady ? (p.hb ?? 0) * S : created * S;
    }
    return { unknown, podsNotReady: stale && p.ready === 'True' };
  });
}

describe('TestMonitorNodeHealthUpdateStatus / ...NodeAndPodStatusWithLease / ...MarkPodsNotReady', () => {
  const H = 3600;
  const cases: Array<[string, number, Obs[], boolean, boolean]> = [
    [
      'Node created long time ago, without status: Unknown (NeverUpdated)',
      CREATED_LONG_AGO,
      [{ at: 0, ready: null }],
      true,
      false,
    ],
    [
      'Node created recently, without status: nothing (startup grace)',
      FAKE_NOW,
      [{ at: 0, ready: null }],
      false,
      false,
    ],
    [
      'Node created long time ago, with status updated by kubelet exceeds grace period: Unknown, pods NotReady',
      CREATED_LONG_AGO,
      [
        { at: 0, ready: 'True', hb: 0 },
        { at: H, ready: 'True', hb: 0 },
      ],
      true,
      true,
    ],
    [
      'MarkPodsNotReady: status not updated for 1 min (> 50 s grace): pods NotReady',
      CREATED_LONG_AGO,
      [
        { at: 0, ready: 'True', hb: 0 },
        { at: 60, ready: 'True', hb: 0 },
      ],
      true,
      true,
    ],
    [
      'Node created long time ago, with status updated recently: nothing',
      CREATED_LONG_AGO,
      [{ at: 0, ready: 'True', hb: 0 }],
      false,
      false,
    ],
    [
      'Node created recently, without status. Node lease is renewed recently.',
      FAKE_NOW,
      [{ at: 0, ready: null, lease: 0 }],
      false,
      false,
    ],
    [
      'Node created long time ago, without status. Node lease is renewed recently.',
      CREATED_LONG_AGO,
      [
        { at: 0, ready: null, lease: 0 },
        { at: H, ready: null, lease: H },
      ],
      false,
      false,
    ],
    [
      'Node created long time ago, without status. Node lease is expired.',
      CREATED_LONG_AGO,
      [
        { at: 0, ready: null, lease: 0 },
        { at: H, ready: null, lease: 0 },
      ],
      true,
      false,
    ],
    [
      'Node created long time ago, with status updated by kubelet exceeds grace period. Node lease is renewed.',
      CREATED_LONG_AGO,
      [
        { at: 0, ready: 'True', hb: 0, lease: 0 },
        { at: H, ready: 'True', hb: 0, lease: H },
      ],
      false,
      false,
    ],
    [
      'Node created long time ago, with status updated by kubelet recently. Node lease is expired.',
      CREATED_LONG_AGO,
      [
        { at: 0, ready: 'True', hb: 0, lease: 0 },
        { at: H, ready: 'True', hb: H, lease: 0 },
      ],
      false,
      false,
    ],
    [
      'Node created long time ago, with status updated by kubelet exceeds grace period. Node lease is also expired.',
      CREATED_LONG_AGO,
      [
        { at: 0, ready: 'True', hb: 0, lease: 0 },
        { at: H, ready: 'True', hb: 0, lease: 0 },
      ],
      true,
      true,
    ],
  ];
  it.each(cases)('%s', (_name, created, passes, wantUnknown, wantPods) => {
    const out = replay(created, passes);
    expect(out.some((o) => o.unknown)).toBe(wantUnknown);
    expect(out.some((o) => o.podsNotReady)).toBe(wantPods);
  });

  it('Ready condition removed from a known node keeps its probe and is judged by the startup grace', () => {
    // TestMonitorNodeHealth "Full Disruption: Ready condition removed from the Node": the hour-old probe
    // stays, so the pass an hour later marks the node Unknown (upstream overwrites the saved status
    // first; its "ReadyCondition was removed" branch never runs).
    const out = replay(CREATED_LONG_AGO, [
      { at: 0, ready: 'True', hb: 0 },
      { at: 3600, ready: null },
    ]);
    expect(out[1]).toEqual({ unknown: true, podsNotReady: false });
  });
});

describe('TestTryUpdateNodeHealth: probe = creationTimestamp, observed vs current', () => {
  const fakeNow = 0;
  const fakeOld = -365 * 86400;
  const cases: Array<[string, number, ConditionStatus | null, boolean]> = [
    ['Status true', fakeNow, 'True', false],
    ['Status false', fakeNow, 'False', false],
    ['Status unknown', fakeNow, 'Unknown', false],
    ['Status nil', fakeNow, null, false],
    ['Status true - after grace period', fakeOld, 'True', true],
    ['Status false - after grace period', fakeOld, 'False', true],
    ['Status unknown - after grace period', fakeOld, 'Unknown', true],
    ['Status nil - after grace period', fakeOld, null, true],
  ];
  it.each(cases)('%s', (_name, created, ready, wantCurrentUnknown) => {
    // The test seeds nodeHealthMap with probe = creationTimestamp and the node's own status.
    const h = new HealthTable();
    h.ensure(0);
    h.known[0] = 1;
    h.savedHasReady[0] = ready === null ? 0 : 1;
    h.savedHeartbeatUs[0] = created * S;
    h.savedLeaseUs[0] = -1;
    h.probeUs[0] = created * S;
    refreshProbe(h, 0, ready !== null, created * S, -1, created * S, fakeNow * S);
    const stale = isStale(h.probeUs[0] as number, ready === null ? STARTUP : GRACE, fakeNow * S);
    const current = stale ? 'Unknown' : (ready ?? null);
    expect(current === 'Unknown').toBe(wantCurrentUnknown || ready === 'Unknown');
  });
});

// ---- doNoScheduleTaintingPass (TestTaintsNodeByCondition) --------------------------------------------

describe('TestTaintsNodeByCondition (nodeConditionToTaintKeyStatusMap)', () => {
  const cases: Array<[string, Record<string, ConditionStatus>, boolean, string[]]> = [
    [
      'NetworkUnavailable is true',
      { Ready: 'True', NetworkUnavailable: 'True' },
      false,
      ['node.kubernetes.io/network-unavailable'],
    ],
    ['Ready is false', { Ready: 'False' }, false, ['node.kubernetes.io/not-ready']],
    ['Ready is unknown', { Ready: 'Unknown' }, false, ['node.kubernetes.io/unreachable']],
    [
      'MemoryPressure is true',
      { Ready: 'True', MemoryPressure: 'True' },
      false,
      ['node.kubernetes.io/memory-pressure'],
    ],
    [
      'DiskPressure is true',
      { Ready: 'True', DiskPressure: 'True' },
      false,
      ['node.kubernetes.io/disk-pressure'],
    ],
    [
      'PIDPressure is true',
      { Ready: 'True', PIDPressure: 'True' },
      false,
      ['node.kubernetes.io/pid-pressure'],
    ],
    ['pressure Unknown adds nothing', { Ready: 'True', MemoryPressure: 'Unknown' }, false, []],
    ['spec.unschedulable', { Ready: 'True' }, true, ['node.kubernetes.io/unschedulable']],
  ];
  it.each(cases)('%s', (_name, conds, unschedulable, want) => {
    const m = new Map(Object.entries(conds).map(([t, status]) => [t, { status }]));
    expect(desiredNoScheduleKeys(m, unschedulable)).toEqual(want);
  });
});

// ---- RateLimitedTimedQueue (rate_limited_queue_test.go) ----------------------------------------------

describe('rate_limited_queue_test.go (ZoneTaintQueue)', () => {
  const ALWAYS = Number.POSITIVE_INFINITY; // flowcontrol.NewFakeAlwaysRateLimiter
  const three = (q: ZoneTaintQueue) => {
    q.add('first', 1);
    q.add('second', 2);
    q.add('third', 3);
  };

  it('TestAddNode: queue in insertion (processAt) order', () => {
    const q = new ZoneTaintQueue(ALWAYS, 0);
    three(q);
    expect(q.waitingInOrder()).toEqual(['first', 'second', 'third']);
  });

  it.each([
    ['first', ['second', 'third']],
    ['second', ['first', 'third']],
    ['third', ['first', 'second']],
  ])('TestDelNode: Remove(%s)', (name, want) => {
    const q = new ZoneTaintQueue(ALWAYS, 0);
    three(q);
    q.remove(name);
    expect(q.waitingInOrder()).toEqual(want);
  });

  it('TestTry / TestAddAfterTry: every waiting value processed once; re-Add without Remove is ignored', () => {
    const q = new ZoneTaintQueue(ALWAYS, 0);
    three(q);
    q.remove('second');
    const seen: string[] = [];
    q.try(10, (n) => {
      seen.push(n);
      return true;
    });
    expect(seen).toEqual(['first', 'third']);
    expect(q.add('first', 11)).toBe(false);
    q.try(12, () => {
      throw new Error('processed again');
    });
  });

  it('TestTryOrdering: a value asked to retry goes behind the others and is not retried before its time', () => {
    const q = new ZoneTaintQueue(ALWAYS, 0);
    three(q);
    const order: string[] = [];
    let count = 0;
    q.try(5, (n) => {
      count++;
      if (n === 'second') return { retryAtUs: 5 + 2_000 + 1 };
      order.push(n);
      return true;
    });
    expect(order).toEqual(['first', 'third']);
    expect(count).toBe(3);
  });

  it('TestSwapLimiter: to 0 never accepts; to 5.5 takes that rate', () => {
    const q = new ZoneTaintQueue(ALWAYS, 0);
    q.swapLimiter(0, 0);
    expect(q.nextTokenUs()).toBe(Number.POSITIVE_INFINITY);
    q.swapLimiter(5.5, 0);
    expect(q.nextTokenUs()).toBeLessThan(Number.POSITIVE_INFINITY);
  });

  it('SwapLimiter: the same float32 rate keeps the bucket; a new rate drains it only if the old had no token', () => {
    const q = new ZoneTaintQueue(0.1, 0);
    q.add('a', 0);
    q.add('b', 0);
    q.try(0, () => true); // a takes the only token: next at 10 s
    q.swapLimiter(0.1, 1 * S); // same rate: kept
    expect(q.nextTokenUs()).toBe(10 * S);
    q.swapLimiter(0.01, 2 * S); // old bucket empty: new one drained, next token 100 s later
    expect(q.nextTokenUs()).toBe(102 * S);
    const idle = new ZoneTaintQueue(0.1, 0);
    idle.swapLimiter(0.01, 5 * S); // old bucket had its token: new one starts full
    expect(idle.nextTokenUs()).toBeLessThanOrEqual(5 * S);
  });
});
