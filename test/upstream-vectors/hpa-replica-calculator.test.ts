// Upstream vectors for the HPA replica calculator: kubernetes/kubernetes
// pkg/controller/podautoscaler/replica_calculator_test.go (TestReplicaCalcResourceScale,
// TestReplicaCalcResourceTolerance, TestReplicaCalcResourceMissingMetrics, TestReplicaCalcPodMetric,
// TestReplicaCalcObjectMetric, TestReplicaCalcObjectPerPodMetric, TestReplicaCalcExternalMetric,
// TestReplicaCalcExternalPerPodMetric, TestReplicaCalcComputedToleranceAlgImplementation, TestGroupPods,
// TestCalculateRequests), replayed through src/controllers/hpa/replica-calculator.ts with each case's upstream name.
// Not replayable: the int64-overflow cases ("replica count overflow saturates to MaxInt32", "usage
// overflow ...", "very large metric saturates replicas to MaxInt32"), whose MaxInt64 inputs are not
// exact JS numbers and which kubesim's metrics never approach; and the "succeeded pods ignored" cases
// are replayed with ignoreSucceededPods, the behaviour of PR #141302 (after v1.36): kubesim's versions
// (1.27-1.36) count a Succeeded pod as missing, which its own test below pins.

import { describe, expect, it } from 'vitest';
import {
  type CalcPod,
  calcPlainMetricReplicas,
  calculateRequests,
  getResourceReplicas,
  groupPods,
  perPodTargetReplicas,
  type Tolerances,
  valueTargetReplicas,
} from '../../src/controllers/hpa/replica-calculator.js';
import {
  calcParams,
  defaultTolerances,
  levels2,
  MINUTE,
  NOW,
  type PodFixture,
  pods,
  podValues,
  resourceMetrics,
  S,
} from './hpa-fixtures.js';

interface ResourceCase extends PodFixture {
  readonly name: string;
  readonly current: number;
  readonly requests: readonly number[];
  readonly levels: readonly (readonly number[])[];
  readonly container?: string;
  readonly target: number;
  readonly tolerances?: Tolerances;
  readonly metricNames?: readonly string[];
  readonly want: { replicas: number; util: number; raw: number } | { error: string };
  readonly ignoreSucceeded?: boolean;
}

const n = (count: number, v = 1000) => Array.from({ length: count }, () => v);

function runResource(c: ResourceCase) {
  return getResourceReplicas({
    currentReplicas: c.current,
    targetUtilization: c.target,
    resource: 'cpu',
    container: c.container ?? '',
    tolerances: c.tolerances ?? defaultTolerances,
    pods: pods(c.requests, c),
    fetch:
      c.levels.length === 0
        ? { ok: false, error: 'no metrics returned from resource metrics API' }
        : { ok: true, metrics: resourceMetrics(c.levels, c.container, { names: c.metricNames ?? [] }) },
    params: { ...calcParams, ignoreSucceededPods: c.ignoreSucceeded ?? false },
  });
}

function expectResource(c: ResourceCase) {
  const r = runResource(c);
  if ('error' in c.want) {
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(c.want.error);
    return;
  }
  expect(r).toEqual({
    ok: true,
    replicas: c.want.replicas,
    utilization: c.want.util,
    rawUtilization: c.want.raw,
  });
}

const T = 'True';
const F = 'False';

const RESOURCE_SCALE: ResourceCase[] = [
  {
    name: 'scale up',
    current: 3,
    requests: n(3),
    levels: levels2(300, 500, 700),
    target: 30,
    want: { replicas: 5, util: 50, raw: 1000 },
  },
  {
    name: 'scale up: container metric',
    current: 3,
    container: 'container2',
    requests: n(3),
    levels: [
      [1000, 300],
      [1000, 500],
      [1000, 700],
    ],
    target: 30,
    want: { replicas: 5, util: 50, raw: 500 },
  },
  {
    name: 'scale up: unready pod scales less',
    current: 3,
    readiness: [F, T, T],
    requests: n(3),
    levels: levels2(300, 500, 700),
    target: 30,
    want: { replicas: 4, util: 60, raw: 1200 },
  },
  {
    name: 'scale up: hot-CPU container scales less',
    current: 3,
    start: ['now', '3m', '3m'],
    container: 'container2',
    requests: n(3),
    levels: [
      [0, 300],
      [0, 500],
      [0, 700],
    ],
    target: 30,
    want: { replicas: 4, util: 60, raw: 600 },
  },
  {
    name: 'scale up: hot-CPU pod scales less',
    current: 3,
    start: ['now', '3m', '3m'],
    requests: n(3),
    levels: levels2(300, 500, 700),
    target: 30,
    want: { replicas: 4, util: 60, raw: 1200 },
  },
  {
    name: 'no scale: unready pods ignored',
    current: 3,
    readiness: [T, F, F],
    requests: n(3),
    levels: levels2(400, 500, 700),
    target: 30,
    want: { replicas: 3, util: 40, raw: 800 },
  },
  {
    name: 'no scale: hot-CPU pods ignored',
    current: 3,
    readiness: [T, F, F],
    start: ['3m', 'now', 'now'],
    requests: n(3),
    levels: levels2(400, 500, 700),
    target: 30,
    want: { replicas: 3, util: 40, raw: 800 },
  },
  {
    name: 'scale up: failed pods ignored',
    current: 2,
    readiness: [T, T, F, F],
    phase: ['Running', 'Running', 'Failed', 'Failed'],
    requests: n(4),
    levels: levels2(500, 700),
    target: 30,
    want: { replicas: 4, util: 60, raw: 1200 },
  },
  {
    name: 'scale up: failed pods ignored with missing container metric',
    current: 2,
    readiness: [T, T, F, F],
    phase: ['Running', 'Running', 'Failed', 'Failed'],
    container: 'container2',
    requests: n(4),
    levels: [[1000, 500], [9000, 700], [1000], [9000]],
    target: 30,
    want: { replicas: 4, util: 60, raw: 600 },
  },
  {
    name: 'scale up: container metrics with failed pods ignored',
    current: 2,
    readiness: [T, T, F, F],
    phase: ['Running', 'Running', 'Failed', 'Failed'],
    container: 'container2',
    requests: n(4),
    levels: [
      [1000, 500],
      [9000, 700],
    ],
    target: 30,
    want: { replicas: 4, util: 60, raw: 600 },
  },
  {
    name: 'scale up: succeeded pods ignored',
    ignoreSucceeded: true,
    current: 2,
    readiness: [T, T, F, F],
    phase: ['Running', 'Running', 'Succeeded', 'Succeeded'],
    requests: n(4),
    levels: levels2(500, 700),
    target: 30,
    want: { replicas: 4, util: 60, raw: 1200 },
  },
  {
    name: 'scale up: container metric with succeeded pods ignored',
    ignoreSucceeded: true,
    current: 2,
    readiness: [T, T, F, F],
    phase: ['Running', 'Running', 'Succeeded', 'Succeeded'],
    container: 'container2',
    requests: n(4),
    levels: [
      [1000, 500],
      [9000, 700],
    ],
    target: 30,
    want: { replicas: 4, util: 60, raw: 600 },
  },
  {
    name: 'scale up: pods being deleted are ignored',
    current: 2,
    readiness: [T, T, F, F],
    deleting: [false, false, true, true],
    requests: n(4),
    levels: levels2(500, 700),
    target: 30,
    want: { replicas: 4, util: 60, raw: 1200 },
  },
  {
    name: 'scale up: container metrics with pods being deleted ignored',
    current: 2,
    readiness: [T, T, F, F],
    deleting: [false, false, true, true],
    container: 'container1',
    requests: n(4),
    levels: levels2(500, 700),
    target: 30,
    want: { replicas: 4, util: 60, raw: 600 },
  },
  {
    name: 'scale down',
    current: 5,
    requests: n(5),
    levels: levels2(100, 300, 500, 250, 250),
    target: 50,
    want: { replicas: 3, util: 28, raw: 560 },
  },
  {
    name: 'scale down: container metric',
    current: 5,
    container: 'container2',
    requests: n(5),
    levels: [
      [1000, 100],
      [1000, 300],
      [1000, 500],
      [1000, 250],
      [1000, 250],
    ],
    target: 50,
    want: { replicas: 3, util: 28, raw: 280 },
  },
  {
    name: 'scale down: exclude unready pods',
    current: 5,
    readiness: [T, T, T, F, F],
    requests: n(5),
    levels: levels2(100, 300, 500, 250, 250),
    target: 50,
    want: { replicas: 2, util: 30, raw: 600 },
  },
  {
    name: 'scale down: container metric excludes unready pods',
    current: 5,
    readiness: [T, T, T, F, F],
    container: 'container2',
    requests: n(5),
    levels: [
      [1000, 100],
      [1000, 300],
      [1000, 500],
      [1000, 250],
      [1000, 250],
    ],
    target: 50,
    want: { replicas: 2, util: 30, raw: 300 },
  },
  {
    name: 'scale down: exclude unscheduled pods',
    current: 5,
    readiness: [T, F, F, F, F],
    phase: ['Running', 'Pending', 'Pending', 'Pending', 'Pending'],
    requests: n(5),
    levels: levels2(100),
    target: 50,
    want: { replicas: 1, util: 10, raw: 200 },
  },
  {
    name: 'scale down: container metric excludes unscheduled pods',
    current: 5,
    readiness: [T, F, F, F, F],
    phase: ['Running', 'Pending', 'Pending', 'Pending', 'Pending'],
    container: 'container2',
    requests: n(5),
    levels: [
      [1000, 100],
      [1000, 300],
      [1000, 500],
      [1000, 250],
      [1000, 250],
    ],
    target: 50,
    want: { replicas: 1, util: 10, raw: 100 },
  },
  {
    name: 'scale down: ignore hot-CPU pods',
    current: 5,
    start: ['3m', '3m', '3m', 'now', 'now'],
    requests: n(5),
    levels: levels2(100, 300, 500, 250, 250),
    target: 50,
    want: { replicas: 2, util: 30, raw: 600 },
  },
  {
    name: 'scale down: container metric ignores hot-CPU pods',
    current: 5,
    start: ['3m', '3m', '3m', 'now', 'now'],
    container: 'container2',
    requests: n(5),
    levels: [
      [1000, 100],
      [1000, 300],
      [1000, 500],
      [1000, 1000],
      [1000, 1000],
    ],
    target: 50,
    want: { replicas: 2, util: 30, raw: 300 },
  },
  {
    name: 'scale down: failed pods ignored',
    current: 5,
    readiness: [T, T, T, T, T, F, F],
    phase: ['Running', 'Running', 'Running', 'Running', 'Running', 'Failed', 'Failed'],
    requests: n(7),
    levels: levels2(100, 300, 500, 250, 250),
    target: 50,
    want: { replicas: 3, util: 28, raw: 560 },
  },
  {
    name: 'scale down: container metric with failed pods ignored',
    current: 5,
    readiness: [T, T, T, T, T, F, F],
    phase: ['Running', 'Running', 'Running', 'Running', 'Running', 'Failed', 'Failed'],
    container: 'container2',
    requests: n(7),
    levels: [
      [1000, 100],
      [1000, 300],
      [1000, 500],
      [1000, 250],
      [1000, 250],
    ],
    target: 50,
    want: { replicas: 3, util: 28, raw: 280 },
  },
  {
    name: 'scale down: succeeded pods ignored',
    ignoreSucceeded: true,
    current: 5,
    readiness: [T, T, T, T, T, F, F],
    phase: ['Running', 'Running', 'Running', 'Running', 'Running', 'Succeeded', 'Succeeded'],
    requests: n(7),
    levels: levels2(100, 300, 500, 250, 250),
    target: 50,
    want: { replicas: 3, util: 28, raw: 560 },
  },
  {
    name: 'scale down: pods being deleted are ignored',
    current: 5,
    readiness: [T, T, T, T, T, F, F],
    deleting: [false, false, false, false, false, true, true],
    requests: n(7),
    levels: levels2(100, 300, 500, 250, 250),
    target: 50,
    want: { replicas: 3, util: 28, raw: 560 },
  },
  {
    name: 'scale down: still-running pods being deleted are ignored',
    current: 5,
    readiness: [T, T, T, T, T, F, F],
    deleting: [false, false, false, false, false, true, true],
    container: 'container2',
    requests: n(7),
    levels: [
      [1000, 100],
      [1000, 300],
      [1000, 500],
      [1000, 250],
      [1000, 250],
    ],
    target: 50,
    want: { replicas: 3, util: 28, raw: 280 },
  },
];

const MIXED = [900, 1000, 1100];
const RESOURCE_TOLERANCE: ResourceCase[] = [
  {
    name: 'within default tolerance',
    current: 3,
    requests: MIXED,
    levels: levels2(1010, 1030, 1020),
    target: 100,
    want: { replicas: 3, util: 102, raw: 2040 },
  },
  {
    name: 'outside 0% tolerance',
    tolerances: { scaleDown: 0, scaleUp: 0 },
    current: 3,
    requests: MIXED,
    levels: levels2(909, 1010, 1111),
    target: 100,
    want: { replicas: 4, util: 101, raw: 2020 },
  },
  {
    name: 'within 200% scale-up tolerance',
    tolerances: { scaleDown: 0.1, scaleUp: 2 },
    current: 3,
    requests: MIXED,
    levels: levels2(1890, 1910, 1900),
    target: 100,
    want: { replicas: 3, util: 190, raw: 3800 },
  },
  {
    name: 'outside 8% scale-up tolerance (superfluous scale-down tolerance)',
    tolerances: { scaleDown: 2, scaleUp: 0.08 },
    current: 3,
    requests: MIXED,
    levels: levels2(1100, 1080, 1090),
    target: 100,
    want: { replicas: 4, util: 109, raw: 2180 },
  },
  {
    name: 'within 36% scale-down tolerance',
    tolerances: { scaleDown: 0.36, scaleUp: 0.1 },
    current: 3,
    requests: MIXED,
    levels: levels2(660, 640, 650),
    target: 100,
    want: { replicas: 3, util: 65, raw: 1300 },
  },
  {
    name: 'outside 34% scale-down tolerance',
    tolerances: { scaleDown: 0.34, scaleUp: 0.1 },
    current: 3,
    requests: MIXED,
    levels: levels2(660, 640, 650),
    target: 100,
    want: { replicas: 2, util: 65, raw: 1300 },
  },
];

const RESOURCE_MISSING: ResourceCase[] = [
  {
    name: 'superfluous metrics counted',
    current: 4,
    requests: n(4),
    levels: levels2(4000, 9500, 3000, 7000, 3200, 2000),
    target: 100,
    want: { replicas: 24, util: 587, raw: 11750 },
  },
  {
    name: 'some pods missing metrics scales down',
    current: 4,
    requests: n(4),
    levels: levels2(400, 95),
    target: 100,
    want: { replicas: 3, util: 24, raw: 495 },
  },
  {
    name: 'no change: metric equal to target',
    current: 2,
    requests: n(2),
    levels: levels2(1000),
    target: 100,
    want: { replicas: 2, util: 100, raw: 2000 },
  },
  {
    name: 'no change: metric above target',
    current: 2,
    requests: n(2),
    levels: levels2(1900),
    target: 100,
    want: { replicas: 2, util: 190, raw: 3800 },
  },
  {
    name: 'no change: metric below target',
    current: 2,
    requests: n(2),
    levels: levels2(600),
    target: 100,
    want: { replicas: 2, util: 60, raw: 1200 },
  },
  {
    name: 'no change: unready pod metric missing',
    current: 3,
    readiness: [F, T, T],
    requests: n(3),
    levels: levels2(100, 450),
    target: 50,
    want: { replicas: 3, util: 45, raw: 900 },
  },
  {
    name: 'no change: hot-CPU pod metric missing',
    current: 3,
    start: ['now', '3m', '3m'],
    requests: n(3),
    levels: levels2(100, 450),
    target: 50,
    want: { replicas: 3, util: 45, raw: 900 },
  },
  {
    name: 'scale up: unready pod metric missing',
    current: 3,
    readiness: [F, T, T],
    requests: n(3),
    levels: levels2(100, 2000),
    target: 50,
    want: { replicas: 4, util: 200, raw: 4000 },
  },
  {
    name: 'scale up: hot-CPU pod metric missing',
    current: 3,
    readiness: [F, T, T],
    start: ['now', '3m', '3m'],
    requests: n(3),
    levels: levels2(100, 2000),
    target: 50,
    want: { replicas: 4, util: 200, raw: 4000 },
  },
  {
    name: 'scale down: unready pod metric missing',
    current: 4,
    readiness: [F, T, T, T],
    requests: n(4),
    levels: levels2(100, 100, 100),
    target: 50,
    want: { replicas: 3, util: 10, raw: 200 },
  },
  {
    name: 'scale down: target over 100',
    current: 4,
    readiness: [F, T, T, T],
    requests: [1000, 1000, 2000, 2000],
    levels: levels2(200, 100, 100),
    target: 300,
    want: { replicas: 2, util: 6, raw: 200 },
  },
  {
    name: 'rolling update with maxSurge: extra pod missing metric',
    current: 2,
    phase: ['Running', 'Running', 'Running'],
    requests: n(3),
    levels: levels2(100, 100),
    target: 50,
    want: { replicas: 2, util: 10, raw: 200 },
  },
  {
    name: 'disjoint pod and metric names',
    current: 1,
    requests: n(1),
    levels: levels2(100),
    metricNames: ['an-older-pod-name'],
    target: 100,
    want: { error: 'no metrics returned matched known pods' },
  },
  {
    name: 'no metrics returned from metrics API',
    current: 4,
    requests: n(3),
    levels: [],
    target: 100,
    want: { error: 'unable to get metrics for resource cpu: no metrics returned from resource metrics API' },
  },
];

describe('TestReplicaCalcResourceScale', () => {
  it.each(RESOURCE_SCALE.map((c) => [c.name, c] as const))('%s', (_n, c) => expectResource(c));
});
describe('TestReplicaCalcResourceTolerance', () => {
  it.each(RESOURCE_TOLERANCE.map((c) => [c.name, c] as const))('%s', (_n, c) => expectResource(c));
});
describe('TestReplicaCalcResourceMissingMetrics', () => {
  it.each(RESOURCE_MISSING.map((c) => [c.name, c] as const))('%s', (_n, c) => expectResource(c));
  it('missing CPU request on container', () => {
    const p: CalcPod = {
      ...(pods([0])[0] as CalcPod),
      containers: [
        { name: 'container1', requests: {} },
        { name: 'container2', requests: {} },
      ],
    };
    const r = getResourceReplicas({
      currentReplicas: 1,
      targetUtilization: 100,
      resource: 'cpu',
      container: '',
      tolerances: defaultTolerances,
      pods: [p],
      fetch: { ok: true, metrics: resourceMetrics(levels2(200)) },
      params: calcParams,
    });
    expect(r.ok ? '' : r.error).toContain('missing request for');
  });
});

describe('TestReplicaCalcComputedToleranceAlgImplementation', () => {
  // 10 pods at 150m each, requesting 2x that on average (perPodRequested 300m, jittered); the target is
  // set just outside, then just inside, the tolerance band.
  const startPods = 10;
  const used = startPods * 150;
  const requested = 2 * used;
  const requestedToUsed = Math.trunc(requested / used);
  const perPod = requested / startPods;
  const reqs = [100, -100, 10, -10, 2, -2, 1, -1, 0, 0].map((d) => perPod + d);
  const levels = levels2(...Array.from({ length: 10 }, () => used / 10));
  const run = (target: number) =>
    getResourceReplicas({
      currentReplicas: startPods,
      targetUtilization: target,
      resource: 'cpu',
      container: '',
      tolerances: defaultTolerances,
      pods: pods(reqs),
      fetch: { ok: true, metrics: resourceMetrics(levels) },
      params: calcParams,
    });
  it('scales down when just outside the tolerance', () => {
    const target = Math.abs(1 / (requestedToUsed * (1 - 0.1))) + 0.01;
    const finalTarget = Math.trunc(target * 100);
    const ratio = used / (requested * target);
    const r = run(finalTarget);
    expect(r).toEqual({
      ok: true,
      replicas: Math.ceil(ratio * startPods),
      utilization: 50,
      rawUtilization: 300,
    });
  });
  it('keeps the count when just inside it', () => {
    const target = Math.abs(1 / (requestedToUsed * (1 - 0.1))) + 0.004;
    expect(run(Math.trunc(target * 100))).toEqual({
      ok: true,
      replicas: startPods,
      utilization: 50,
      rawUtilization: 300,
    });
  });
});

interface PlainCase extends PodFixture {
  readonly name: string;
  readonly current: number;
  readonly values: readonly number[];
  readonly target: number;
  readonly tolerances?: Tolerances;
  readonly want: { replicas: number; usage: number };
}

const POD_METRIC: PlainCase[] = [
  {
    name: 'scale up',
    current: 3,
    values: [20000, 10000, 30000],
    target: 15000,
    want: { replicas: 4, usage: 20000 },
  },
  {
    name: 'scale up: unready hot-CPU pod scales less',
    current: 3,
    readiness: [T, T, F],
    start: ['3m', '3m', 'now'],
    values: [50000, 10000, 30000],
    target: 15000,
    want: { replicas: 6, usage: 30000 },
  },
  {
    name: 'scale up: unready hot-CPU pods avoid scale-down',
    current: 3,
    readiness: [F, T, F],
    start: ['now', '3m', 'now'],
    values: [50000, 15000, 30000],
    target: 15000,
    want: { replicas: 7, usage: 31666 },
  },
  {
    name: 'scale down',
    current: 5,
    values: [12000, 12000, 12000, 12000, 12000],
    target: 20000,
    want: { replicas: 3, usage: 12000 },
  },
  {
    name: 'within default tolerance',
    current: 3,
    values: [20000, 21000, 21000],
    target: 20000,
    want: { replicas: 3, usage: 20666 },
  },
  {
    name: 'outside configurable 1% tolerance',
    tolerances: { scaleDown: 0.1, scaleUp: 0.01 },
    current: 3,
    values: [20000, 21000, 21000],
    target: 20000,
    want: { replicas: 4, usage: 20666 },
  },
  {
    name: 'no change: missing metrics',
    current: 5,
    values: [20000, 19000, 21000],
    target: 20000,
    want: { replicas: 5, usage: 20000 },
  },
  {
    name: 'rolling update with maxSurge: extra pod missing metric',
    current: 2,
    phase: ['Running', 'Running', 'Running'],
    values: [10000, 10000],
    target: 17000,
    want: { replicas: 2, usage: 10000 },
  },
];

describe('TestReplicaCalcPodMetric', () => {
  it.each(POD_METRIC.map((c) => [c.name, c] as const))('%s', (_n, c) => {
    const count = Math.max(c.current, c.phase?.length ?? 0);
    const r = calcPlainMetricReplicas({
      currentReplicas: c.current,
      targetUsage: c.target,
      resource: '',
      tolerances: c.tolerances ?? defaultTolerances,
      pods: pods(
        Array.from({ length: count }, () => 0),
        c,
      ),
      metrics: podValues(c.values),
      params: calcParams,
    });
    expect(r).toEqual({ ok: true, ...c.want });
  });
});

describe('TestReplicaCalcObjectMetric', () => {
  it.each([
    ['scale up', 3, undefined, 20000, 15000, 4],
    ['scale up: ignores unready pods', 3, [F, T, F], 50000, 10000, 5],
    ['scale down', 5, undefined, 12000, 20000, 3],
    ['within default tolerance', 3, undefined, 20666, 20000, 3],
  ] as const)('%s', (_n, current, readiness, usage, target, want) => {
    const p = pods(
      Array.from({ length: current }, () => 0),
      readiness ? { readiness } : {},
    );
    expect(valueTargetReplicas(current, usage, target, defaultTolerances, p)).toEqual({
      ok: true,
      replicas: want,
      usage,
    });
  });
  it('outside configurable 1% tolerance', () => {
    const p = pods([0, 0, 0]);
    expect(valueTargetReplicas(3, 20666, 20000, { scaleDown: 0.1, scaleUp: 0.01 }, p)).toEqual({
      ok: true,
      replicas: 4,
      usage: 20666,
    });
  });
});

describe('TestReplicaCalcObjectPerPodMetric', () => {
  it.each([
    ['scale up', 3, 20000, 5000, defaultTolerances, 4, 6667],
    ['scale down', 5, 6000, 2000, defaultTolerances, 3, 1200],
    ['within default tolerance', 4, 20166, 5000, defaultTolerances, 4, 5042],
    ['outside configurable 1% tolerance', 4, 20208, 5000, { scaleDown: 0.1, scaleUp: 0.01 }, 5, 5052],
    ['statusReplicas zero does not overflow usage', 0, 20000, 5000, defaultTolerances, 4, 0],
    ['statusReplicas zero and metric zero does not underflow', 0, 0, 5000, defaultTolerances, 0, 0],
  ] as const)('%s', (_n, status, usage, target, tol, replicas, perPod) => {
    expect(perPodTargetReplicas(status, usage, target, tol)).toEqual({ replicas, usage: perPod });
  });
});

describe('TestReplicaCalcExternalMetric', () => {
  it('scale down: ignores unready pods (would otherwise scale up)', () => {
    expect(
      valueTargetReplicas(3, 8600, 4400, defaultTolerances, pods([0, 0, 0], { readiness: [F, T, F] })),
    ).toEqual({ ok: true, replicas: 2, usage: 8600 });
  });
  it.each([
    ['scale down', 5, 8600, 14334, defaultTolerances, 3],
    ['within default tolerance', 3, 8600, 8888, defaultTolerances, 3],
    ['outside configurable 1% tolerance', 3, 8900, 8800, { scaleDown: 0.1, scaleUp: 0.01 }, 4],
  ] as const)('%s', (_n, current, usage, target, tol, replicas) => {
    expect(
      valueTargetReplicas(current, usage, target, tol, pods(Array.from({ length: current }, () => 0))),
    ).toEqual({ ok: true, replicas, usage });
  });
});

describe('TestReplicaCalcExternalPerPodMetric', () => {
  it.each([
    ['statusReplicas zero does not overflow usage', 0, 20000, 5000, defaultTolerances, 4, 0],
    ['statusReplicas zero and metric zero does not underflow', 0, 0, 5000, defaultTolerances, 0, 0],
    ['scale up', 3, 8600, 2150, defaultTolerances, 4, 2867],
    ['scale down', 5, 8600, 2867, defaultTolerances, 3, 1720],
    ['within default tolerance', 3, 8600, 2900, defaultTolerances, 3, 2867],
    ['outside configurable 1% tolerance', 3, 8600, 2800, { scaleDown: 0.1, scaleUp: 0.01 }, 4, 2867],
  ] as const)('%s', (_n, status, usage, target, tol, replicas, perPod) => {
    expect(perPodTargetReplicas(status, usage, target, tol)).toEqual({ replicas, usage: perPod });
  });
});

describe('TestGroupPods', () => {
  const pod = (
    name: string,
    phase: CalcPod['phase'],
    start: number | null,
    ready: CalcPod['ready'],
    deleting = false,
  ): CalcPod => ({
    name,
    phase,
    deleting,
    ready,
    startTimeUs: start,
    containers: [],
  });
  const metric = (value: number, timestampUs = NOW, windowUs = MINUTE) => ({ value, timestampUs, windowUs });
  const group = (
    ps: CalcPod[],
    m: [string, ReturnType<typeof metric>][],
    resource = 'cpu',
    ignoreSucceededPods = false,
  ) => {
    const g = groupPods(ps, new Map(m), resource, { ...calcParams, ignoreSucceededPods });
    return {
      ready: g.readyPodCount,
      unready: [...g.unready],
      missing: [...g.missing],
      ignored: [...g.ignored],
    };
  };
  it('void', () => expect(group([], [])).toEqual({ ready: 0, unready: [], missing: [], ignored: [] }));
  it('count in a ready pod - memory', () => {
    expect(group([pod('bentham', 'Running', null, null)], [['bentham', metric(1)]], 'memory')).toEqual({
      ready: 1,
      unready: [],
      missing: [],
      ignored: [],
    });
  });
  it('unready a pod without ready condition - CPU', () => {
    expect(group([pod('lucretius', 'Running', NOW, null)], [['lucretius', metric(1)]])).toEqual({
      ready: 0,
      unready: ['lucretius'],
      missing: [],
      ignored: [],
    });
  });
  it('count in a ready pod with fresh metrics during initialization period - CPU', () => {
    const p = pod('bentham', 'Running', NOW - MINUTE, { status: 'True', lastTransitionUs: NOW - 30 * S });
    expect(group([p], [['bentham', metric(1, NOW, 30 * S)]]).ready).toBe(1);
  });
  it('unready a ready pod without fresh metrics during initialization period - CPU', () => {
    const p = pod('bentham', 'Running', NOW - MINUTE, { status: 'True', lastTransitionUs: NOW - 30 * S });
    expect(group([p], [['bentham', metric(1, NOW, 60 * S)]]).unready).toEqual(['bentham']);
  });
  it('unready an unready pod during initialization period - CPU', () => {
    const p = pod('lucretius', 'Running', NOW - 10 * MINUTE, {
      status: 'False',
      lastTransitionUs: NOW - 9 * MINUTE - 54 * S,
    });
    expect(group([p], [['lucretius', metric(1, 0, 0)]]).unready).toEqual(['lucretius']);
  });
  it('count in a ready pod without fresh metrics after initialization period - CPU', () => {
    const p = pod('bentham', 'Running', NOW - 3 * MINUTE, {
      status: 'True',
      lastTransitionUs: NOW - 3 * MINUTE,
    });
    expect(group([p], [['bentham', metric(1, NOW - 2 * MINUTE, MINUTE)]]).ready).toBe(1);
  });
  it('count in an unready pod that was ready after initialization period - CPU', () => {
    const p = pod('lucretius', 'Running', NOW - 10 * MINUTE, {
      status: 'False',
      lastTransitionUs: NOW - 9 * MINUTE,
    });
    expect(group([p], [['lucretius', metric(1, 0, 0)]]).ready).toBe(1);
  });
  it('unready pod that has never been ready after initialization period - CPU', () => {
    // startTime + 10 s equals lastTransitionTime: not After, so the pod counts (upstream's case).
    const p = pod('lucretius', 'Running', NOW - 10 * MINUTE, {
      status: 'False',
      lastTransitionUs: NOW - 9 * MINUTE - 50 * S,
    });
    expect(group([p], [['lucretius', metric(1, 0, 0)]]).ready).toBe(1);
  });
  it('a missing pod', () => {
    expect(group([pod('epicurus', 'Running', NOW - 3 * MINUTE, null)], []).missing).toEqual(['epicurus']);
  });
  it('several pods', () => {
    const ps = [
      pod('lucretius', 'Running', NOW, null),
      pod('niccolo', 'Running', NOW - 3 * MINUTE, { status: 'True', lastTransitionUs: NOW - 3 * MINUTE }),
      pod('epicurus', 'Running', NOW - 3 * MINUTE, null),
    ];
    expect(
      group(ps, [
        ['lucretius', metric(1, 0, 0)],
        ['niccolo', metric(1, 0, 0)],
      ]),
    ).toEqual({ ready: 1, unready: ['lucretius'], missing: ['epicurus'], ignored: [] });
  });
  it('pending pods are unreadied', () => {
    expect(group([pod('unscheduled', 'Pending', null, null)], []).unready).toEqual(['unscheduled']);
  });
  it('ignore pods with deletion timestamps', () => {
    expect(group([pod('deleted', 'Pending', null, null, true)], [['deleted', metric(1)]]).ignored).toEqual([
      'deleted',
    ]);
  });
  it('ignore pods in a failed state', () => {
    expect(group([pod('failed', 'Failed', null, null)], [['failed', metric(1)]]).ignored).toEqual(['failed']);
  });
  it('ignore pods in a succeeded state (PR #141302)', () => {
    expect(
      group([pod('succeeded', 'Succeeded', null, null)], [['succeeded', metric(1)]], 'cpu', true).ignored,
    ).toEqual(['succeeded']);
  });
  it('kubesim 1.27-1.36: a Succeeded pod with a metric is not ignored (only Failed pods were, before PR #141302)', () => {
    const p = pod('succeeded', 'Succeeded', NOW - 10 * MINUTE, {
      status: 'False',
      lastTransitionUs: NOW - MINUTE,
    });
    expect(group([p], [['succeeded', metric(1)]]).ignored).toEqual([]);
  });
});

describe('TestCalculateRequests', () => {
  const base = (containers: CalcPod['containers'], podLevelRequests?: Record<string, number>): CalcPod => ({
    name: 'test-pod',
    phase: 'Running',
    deleting: false,
    ready: null,
    startTimeUs: null,
    containers,
    ...(podLevelRequests ? { podLevelRequests } : {}),
  });
  const two = [
    { name: 'container1', requests: { cpu: 100 } },
    { name: 'container2', requests: { cpu: 50 } },
  ];
  it('void', () =>
    expect(calculateRequests([], '', 'cpu', false)).toEqual({ ok: true, requests: new Map() }));
  it('Sum container requests if pod-level feature is disabled', () => {
    expect(calculateRequests([base(two, { cpu: 800 })], '', 'cpu', false)).toEqual({
      ok: true,
      requests: new Map([['test-pod', 150]]),
    });
  });
  it('Pod-level resources are enabled, but not set: fallback to sum container requests', () => {
    expect(calculateRequests([base(two)], '', 'cpu', true)).toEqual({
      ok: true,
      requests: new Map([['test-pod', 150]]),
    });
  });
  it('Pod-level resources override container requests when feature enabled and pod resources specified', () => {
    expect(calculateRequests([base(two, { cpu: 800 })], '', 'cpu', true)).toEqual({
      ok: true,
      requests: new Map([['test-pod', 800]]),
    });
  });
  it('Fail if at least one of the containers is missing requests and pod-level feature/requests are not set', () => {
    const r = calculateRequests(
      [base([{ name: 'container1', requests: {} }, two[1] as CalcPod['containers'][number]])],
      '',
      'cpu',
      false,
    );
    expect(r).toEqual({
      ok: false,
      error: 'missing request for cpu in container container1 of Pod test-pod',
    });
  });
  it('Pod-level resources override missing container requests when feature enabled and pod resources specified', () => {
    const r = calculateRequests(
      [base([{ name: 'container1', requests: {} }, two[1] as CalcPod['containers'][number]], { cpu: 800 })],
      '',
      'cpu',
      true,
    );
    expect(r).toEqual({ ok: true, requests: new Map([['test-pod', 800]]) });
  });
  it('Container: if a container name is specified, calculate requests only for that container', () => {
    expect(calculateRequests([base(two, { cpu: 800 })], 'container1', 'cpu', true)).toEqual({
      ok: true,
      requests: new Map([['test-pod', 100]]),
    });
  });
  it('Container: a container name that does not exist fails', () => {
    expect(calculateRequests([base(two)], 'nope', 'cpu', false)).toEqual({
      ok: false,
      error: 'container nope not found in Pod test-pod',
    });
  });
});
