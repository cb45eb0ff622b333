// Upstream vectors for whole HPA syncs (kubernetes/kubernetes pkg/controller/podautoscaler/horizontal_test.go),
// replayed through src/controllers/hpa/reconcile.ts with each case's upstream test and subtest name: the scale
// written, status.desiredReplicas and the conditions (type, status, reason), as upstream compares them.
// The fixture mirrors upstream's fakes: pods "test-pod-<i>" with two containers splitting the cpu
// request, Ready with lastTransitionTime = startTime (zero unless hot/cool), metrics stamped "now" with a
// one-minute window and split over the containers (so an odd level loses 1 millicore), a 5 m downscale
// window, tolerance 0.1, cpu initialization 2 m, readiness delay 10 s, and scaleUpLimitFactor 8.
// Not replayable, and why: TestScaleUpOneMetricInvalid, TestScaleUpFromZeroOneMetricInvalid and
// TestInvalidMetricSourceType use an unknown metric type, which kubesim's API validation rejects before
// any sync; TestConditionInvalidSelectorUnparsable needs a selector string (kubesim's are structured);
// the AmbiguousSelector cases (several HPAs selecting the same pods) are not modelled; TestConditionFailedUpdateScale
// and TestHPARescaleWithSuccessfulConflictRetry need a failing API (kubesim's answers at once);
// every HPAScaleToZero case (alpha, off in kubesim's versions); TestAvoidUnnecessaryUpdates (status
// write de-duplication; kubesim writes no API requests); TestMultipleHPAs and the monitor-metric
// tests (controller concurrency and Prometheus counters).

import { describe, expect, it } from 'vitest';
import { emptyMemory, type Recommendation } from '../../src/controllers/hpa/behavior.js';
import type { HpaControllerConfig } from '../../src/controllers/hpa/config.js';
import { type MetricsClient, reconcileAutoscaler } from '../../src/controllers/hpa/reconcile.js';
import type { CalcPod, PodPhase } from '../../src/controllers/hpa/replica-calculator.js';
import {
  DEFAULT_SCALE_DOWN_RULES,
  DEFAULT_SCALE_UP_RULES,
  type MetricSpec,
  type ScalingPolicy,
  type ScalingRules,
  withScalingDefaults,
} from '../../src/controllers/hpa/types.js';
import { MINUTE, NOW, S, ZERO_TIME } from './hpa-fixtures.js';

type Cond = [type: string, status: 'True' | 'False', reason: string];

const STATUS_OK: Cond[] = [
  ['AbleToScale', 'True', 'SucceededRescale'],
  ['ScalingActive', 'True', 'ValidMetricFound'],
  ['ScalingLimited', 'False', 'DesiredWithinRange'],
];

/** statusOkWithOverrides */
function ok(...overrides: Cond[]): Cond[] {
  const out = STATUS_OK.map((c) => [...c] as Cond);
  for (const o of overrides) {
    const i = out.findIndex((c) => c[0] === o[0]);
    if (i >= 0) out[i] = o;
    else out.push(o);
  }
  return out;
}

interface Fixture {
  min: number;
  max: number;
  spec: number;
  status: number;
  cpuTarget?: number;
  metrics?: MetricSpec[];
  levels: number[];
  requests?: number[];
  readiness?: ('True' | 'False')[];
  start?: ('hot' | 'cool')[];
  phase?: PodPhase[];
  deleting?: boolean[];
  recommendations?: Recommendation[];
  scaleUp?: ScalingRules;
  scaleDown?: ScalingRules;
  selector?: string;
  scaleError?: string;
  failing?: ('resource' | 'pods' | 'object' | 'external')[];
  configurableTolerance?: boolean;
}

const config: HpaControllerConfig = {
  syncPeriodUs: 15 * S,
  tolerance: 0.1,
  cpuInitializationPeriodUs: 2 * MINUTE,
  initialReadinessDelayUs: 10 * S,
  downscaleStabilizationWindowUs: 5 * MINUTE,
  configurableTolerance: true,
  podLevelResources: false,
};

const START = { hot: NOW, cool: NOW - 3 * MINUTE } as const;

function fakePods(f: Fixture): CalcPod[] {
  const count = f.requests?.length ?? f.status;
  return Array.from({ length: count }, (_, i) => {
    const start = f.start?.[i] ? START[f.start[i]] : ZERO_TIME;
    const req = f.requests?.[i] ?? 1000;
    return {
      name: `test-pod-${i}`,
      phase: f.phase?.[i] ?? 'Running',
      deleting: f.deleting?.[i] ?? false,
      ready: { status: f.readiness?.[i] ?? 'True', lastTransitionUs: start },
      startTimeUs: start,
      containers: [
        { name: 'container1', requests: { cpu: Math.floor(req / 2) } },
        { name: 'container2', requests: { cpu: Math.floor(req / 2) } },
      ],
    };
  });
}

function fakeMetrics(f: Fixture): MetricsClient {
  const wrong = { ok: false as const, error: 'something went wrong' };
  const failing = new Set(f.failing ?? []);
  const stamp = (value: number) => ({ value, timestampUs: NOW, windowUs: MINUTE });
  return {
    resource: (_resource, container) => {
      if (failing.has('resource'))
        return {
          ok: false,
          error: 'unable to fetch metrics from resource metrics API: something went wrong',
        };
      if (f.levels.length === 0) return { ok: false, error: 'no metrics returned from resource metrics API' };
      const half = (l: number) => Math.floor(l / 2);
      return {
        ok: true,
        metrics: new Map(
          f.levels.map((l, i) => [`test-pod-${i}`, stamp(container === '' ? 2 * half(l) : half(l))]),
        ),
      };
    },
    pods: () =>
      failing.has('pods')
        ? { ok: false, error: 'unable to fetch metrics from custom metrics API: something went wrong' }
        : { ok: true, metrics: new Map(f.levels.map((l, i) => [`test-pod-${i}`, stamp(l)])) },
    object: () =>
      failing.has('object') ? { ok: false, error: wrong.error } : { ok: true, value: f.levels[0] ?? 0 },
    external: () =>
      failing.has('external')
        ? { ok: false, error: 'unable to fetch metrics from external metrics API: something went wrong' }
        : { ok: true, values: f.levels },
  };
}

function run(f: Fixture) {
  const behavior =
    f.scaleUp !== undefined || f.scaleDown !== undefined
      ? {
          scaleUp: withScalingDefaults(f.scaleUp, DEFAULT_SCALE_UP_RULES),
          scaleDown: withScalingDefaults(f.scaleDown, DEFAULT_SCALE_DOWN_RULES),
        }
      : null;
  const metrics: MetricSpec[] = [];
  if (f.cpuTarget !== undefined)
    metrics.push({
      type: 'Resource',
      resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: f.cpuTarget } },
    });
  metrics.push(...(f.metrics ?? []));
  const memory = emptyMemory();
  if (f.recommendations !== undefined) memory.recommendations = f.recommendations.map((r) => ({ ...r }));
  const out = reconcileAutoscaler({
    namespace: 'test-namespace',
    spec: {
      scaleTargetRef: { apiVersion: 'v1', kind: 'ReplicationController', name: 'test-rc' },
      minReplicas: f.min,
      maxReplicas: f.max,
      metrics,
      behavior,
    },
    status: {
      currentReplicas: f.spec,
      desiredReplicas: f.spec,
      lastScaleTimeUs: null,
      currentMetrics: [],
      conditions: [],
    },
    memory,
    scale:
      f.scaleError !== undefined
        ? { ok: false, error: f.scaleError }
        : {
            ok: true,
            scale: {
              specReplicas: f.spec,
              statusReplicas: f.status,
              selector: f.selector ?? 'name=test-pod',
            },
          },
    pods: () => fakePods(f),
    metrics: fakeMetrics(f),
    config: { ...config, configurableTolerance: f.configurableTolerance ?? true },
    nowUs: NOW,
    scaleUpLimit: { factor: 8, minimum: 4 },
  });
  return { ...out, conds: out.status.conditions.map((c) => [c.type, c.status, c.reason]) };
}

interface Case {
  name: string;
  f: Fixture;
  replicas: number;
  scaled?: boolean;
  conditions?: Cond[];
}

function check(c: Case) {
  const r = run(c.f);
  expect(r.status.desiredReplicas).toBe(c.replicas);
  const scaled = c.scaled ?? c.replicas !== c.f.spec;
  expect(r.rescale).toBe(scaled);
  if (scaled) expect(r.desiredReplicas).toBe(c.replicas);
  if (c.conditions !== undefined) expect(r.conds).toEqual(c.conditions);
}

const req = (...v: number[]) => v;
const ones = (n: number) => Array.from({ length: n }, () => 1000);
const T = 'True';
const F = 'False';

const qpsPods = (averageValue: number): MetricSpec => ({
  type: 'Pods',
  pods: { metric: { name: 'qps' }, target: { type: 'AverageValue', averageValue } },
});
const qpsObject = (target: { value?: number; averageValue?: number }): MetricSpec => ({
  type: 'Object',
  object: {
    describedObject: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'some-deployment' },
    metric: { name: 'qps' },
    target: { type: target.value !== undefined ? 'Value' : 'AverageValue', ...target },
  },
});
const qpsExternal = (target: { value?: number; averageValue?: number }): MetricSpec => ({
  type: 'External',
  external: {
    metric: { name: 'qps', selector: {} },
    target: { type: target.value !== undefined ? 'Value' : 'AverageValue', ...target },
  },
});

/** horizontal_test.go generateScalingRules */
function rules(
  pods: number,
  podsPeriod: number,
  percent: number,
  percentPeriod: number,
  window: number,
): ScalingRules {
  const policies: ScalingPolicy[] = [];
  if (pods !== 0) policies.push({ type: 'Pods', value: pods, periodSeconds: podsPeriod });
  if (percent !== 0) policies.push({ type: 'Percent', value: percent, periodSeconds: percentPeriod });
  return { stabilizationWindowSeconds: window, selectPolicy: 'Max', policies, tolerance: null };
}

const CASES: Record<string, Case[]> = {
  TestScaleContainerResource: [
    {
      name: 'scale up container resource',
      f: {
        min: 2,
        max: 6,
        spec: 3,
        status: 3,
        levels: [300, 500, 700],
        requests: ones(3),
        metrics: [
          {
            type: 'ContainerResource',
            containerResource: {
              name: 'cpu',
              container: 'container1',
              target: { type: 'Utilization', averageUtilization: 30 },
            },
          },
        ],
      },
      replicas: 5,
    },
  ],
  TestScaleUpUnreadyOrHotCpuNoScale: [
    {
      name: 'unready pods excluded from scaling',
      f: {
        min: 2,
        max: 6,
        spec: 3,
        status: 3,
        cpuTarget: 30,
        levels: [400, 500, 700],
        requests: ones(3),
        readiness: [T, F, F],
      },
      replicas: 3,
      conditions: ok(['AbleToScale', T, 'ReadyForNewScale']),
    },
    {
      name: 'hot CPU pods excluded from scaling',
      f: {
        min: 2,
        max: 6,
        spec: 3,
        status: 3,
        cpuTarget: 30,
        levels: [400, 500, 700],
        requests: ones(3),
        readiness: [T, F, F],
        start: ['cool', 'hot', 'hot'],
      },
      replicas: 3,
      conditions: ok(['AbleToScale', T, 'ReadyForNewScale']),
    },
  ],
  TestScaleUpCPU: [
    {
      name: 'scale up',
      f: { min: 2, max: 6, spec: 3, status: 3, cpuTarget: 30, levels: [300, 500, 700], requests: ones(3) },
      replicas: 5,
    },
    {
      name: 'scale up with unready pods results in less scale',
      f: {
        min: 2,
        max: 6,
        spec: 3,
        status: 3,
        cpuTarget: 30,
        levels: [300, 500, 700],
        requests: ones(3),
        readiness: [F, T, T],
      },
      replicas: 4,
    },
    {
      name: 'scale up with hot cpu pods results in less scale',
      f: {
        min: 2,
        max: 6,
        spec: 3,
        status: 3,
        cpuTarget: 30,
        levels: [300, 500, 700],
        requests: ones(3),
        start: ['hot', 'cool', 'cool'],
      },
      replicas: 4,
    },
    {
      name: 'scale up ignores failed pods',
      f: {
        min: 2,
        max: 6,
        spec: 2,
        status: 2,
        cpuTarget: 30,
        levels: [500, 700],
        requests: ones(4),
        readiness: [T, T, F, F],
        phase: ['Running', 'Running', 'Failed', 'Failed'],
      },
      replicas: 4,
    },
    {
      name: 'scale up ignores deletion pods',
      f: {
        min: 2,
        max: 6,
        spec: 2,
        status: 2,
        cpuTarget: 30,
        levels: [500, 700],
        requests: ones(4),
        readiness: [T, T, F, F],
        deleting: [false, false, true, true],
      },
      replicas: 4,
    },
    {
      name: 'scale up deployment',
      f: { min: 2, max: 6, spec: 3, status: 3, cpuTarget: 30, levels: [300, 500, 700], requests: ones(3) },
      replicas: 5,
    },
    {
      name: 'no scale up when all unready pods bring utilization within target',
      f: {
        min: 2,
        max: 6,
        spec: 3,
        status: 3,
        cpuTarget: 30,
        levels: [400, 500, 700],
        requests: ones(3),
        readiness: [T, F, F],
      },
      replicas: 3,
    },
  ],
  TestScaleDownCPU: [
    {
      name: 'scale down',
      f: {
        min: 2,
        max: 6,
        spec: 5,
        status: 5,
        cpuTarget: 50,
        levels: [100, 300, 500, 250, 250],
        requests: ones(5),
        recommendations: [],
      },
      replicas: 3,
    },
    {
      name: 'scale down includes unready pods',
      f: {
        min: 2,
        max: 6,
        spec: 5,
        status: 5,
        cpuTarget: 50,
        levels: [100, 300, 500, 250, 250],
        requests: ones(5),
        readiness: [T, T, T, F, F],
        recommendations: [],
      },
      replicas: 2,
    },
    {
      name: 'scale down ignores hot cpu pods',
      f: {
        min: 2,
        max: 6,
        spec: 5,
        status: 5,
        cpuTarget: 50,
        levels: [100, 300, 500, 250, 250],
        requests: ones(5),
        start: ['cool', 'cool', 'cool', 'hot', 'hot'],
        recommendations: [],
      },
      replicas: 2,
    },
    {
      name: 'scale down ignores failed pods',
      f: {
        min: 2,
        max: 6,
        spec: 5,
        status: 5,
        cpuTarget: 50,
        levels: [100, 300, 500, 250, 250],
        requests: ones(7),
        readiness: [T, T, T, T, T, F, F],
        phase: ['Running', 'Running', 'Running', 'Running', 'Running', 'Failed', 'Failed'],
        recommendations: [],
      },
      replicas: 3,
    },
    {
      name: 'scale down ignores deletion pods',
      f: {
        min: 2,
        max: 6,
        spec: 5,
        status: 5,
        cpuTarget: 50,
        levels: [100, 300, 500, 250, 250],
        requests: ones(7),
        readiness: [T, T, T, T, T, F, F],
        deleting: [false, false, false, false, false, true, true],
        recommendations: [],
      },
      replicas: 3,
    },
  ],
  TestScaleUpCM: [
    {
      name: 'scale up custom metric',
      f: {
        min: 2,
        max: 6,
        spec: 3,
        status: 3,
        metrics: [qpsPods(15000)],
        levels: [20000, 10000, 30000],
        requests: ones(3),
      },
      replicas: 4,
    },
    {
      name: 'unready and hot cpu pods do not reduce scale for custom metric',
      f: {
        min: 2,
        max: 6,
        spec: 3,
        status: 3,
        metrics: [qpsPods(15000)],
        levels: [50000, 10000, 30000],
        requests: ones(3),
        readiness: [T, T, F],
        start: ['cool', 'cool', 'hot'],
      },
      replicas: 6,
    },
    {
      name: 'unready and hot cpu pods scale to max with scaling limited condition',
      f: {
        min: 2,
        max: 6,
        spec: 3,
        status: 3,
        metrics: [qpsPods(15000)],
        levels: [50000, 15000, 30000],
        requests: ones(3),
        readiness: [F, T, F],
        start: ['hot', 'cool', 'hot'],
      },
      replicas: 6,
      conditions: ok(['ScalingLimited', T, 'TooManyReplicas']),
    },
  ],
  TestScaleUpCMObject: [
    {
      name: 'scale up object metric with value target',
      f: { min: 2, max: 6, spec: 3, status: 3, metrics: [qpsObject({ value: 15000 })], levels: [20000] },
      replicas: 4,
    },
    {
      name: 'scale up per-pod object metric with average value target',
      f: {
        min: 2,
        max: 6,
        spec: 3,
        status: 3,
        metrics: [qpsObject({ averageValue: 10000 })],
        levels: [40000],
      },
      replicas: 4,
    },
  ],
  TestScaleUpCMExternal: [
    {
      name: 'scale up external metric with value target',
      f: { min: 2, max: 6, spec: 3, status: 3, metrics: [qpsExternal({ value: 6666 })], levels: [8600] },
      replicas: 4,
    },
    {
      name: 'scale up external metric with per-pod average value target',
      f: {
        min: 2,
        max: 6,
        spec: 3,
        status: 3,
        metrics: [qpsExternal({ averageValue: 2222 })],
        levels: [8600],
      },
      replicas: 4,
    },
  ],
  TestScaleDownStabilizeInitialSize: [
    {
      name: 'TestScaleDownStabilizeInitialSize',
      f: {
        min: 2,
        max: 6,
        spec: 5,
        status: 5,
        cpuTarget: 50,
        levels: [100, 300, 500, 250, 250],
        requests: ones(5),
      },
      replicas: 5,
      conditions: ok(['AbleToScale', T, 'ScaleDownStabilized']),
    },
  ],
  TestScaleDownCM: [
    {
      name: 'scale down pods metric',
      f: {
        min: 2,
        max: 6,
        spec: 5,
        status: 5,
        metrics: [qpsPods(20000)],
        levels: [12000, 12000, 12000, 12000, 12000],
        requests: ones(5),
        recommendations: [],
      },
      replicas: 3,
    },
    {
      name: 'scale down object metric with value target',
      f: {
        min: 2,
        max: 6,
        spec: 5,
        status: 5,
        metrics: [qpsObject({ value: 20000 })],
        levels: [12000],
        requests: ones(5),
        recommendations: [],
      },
      replicas: 3,
    },
    {
      name: 'scale down per-pod object metric with average value target',
      f: {
        min: 2,
        max: 6,
        spec: 5,
        status: 5,
        metrics: [qpsObject({ averageValue: 20000 })],
        levels: [60000],
        requests: ones(5),
        recommendations: [],
      },
      replicas: 3,
    },
    {
      name: 'scale down external metric with value target',
      f: {
        min: 2,
        max: 6,
        spec: 5,
        status: 5,
        metrics: [qpsExternal({ value: 14400 })],
        levels: [8600],
        recommendations: [],
      },
      replicas: 3,
    },
    {
      name: 'scale down per-pod external metric with average value target',
      f: {
        min: 2,
        max: 6,
        spec: 5,
        status: 5,
        metrics: [qpsExternal({ averageValue: 3000 })],
        levels: [8600],
        recommendations: [],
      },
      replicas: 3,
    },
  ],
  TestTolerance: [
    {
      name: 'CPU resource metric within tolerance',
      f: {
        min: 1,
        max: 5,
        spec: 3,
        status: 3,
        cpuTarget: 100,
        levels: [1010, 1030, 1020],
        requests: req(900, 1000, 1100),
      },
      replicas: 3,
      conditions: ok(['AbleToScale', T, 'ReadyForNewScale']),
    },
    {
      name: 'pods metric within tolerance',
      f: {
        min: 1,
        max: 5,
        spec: 3,
        status: 3,
        metrics: [qpsPods(20000)],
        levels: [20000, 20001, 21000],
        requests: req(900, 1000, 1100),
      },
      replicas: 3,
      conditions: ok(['AbleToScale', T, 'ReadyForNewScale']),
    },
    {
      name: 'object metric with value target within tolerance',
      f: {
        min: 1,
        max: 5,
        spec: 3,
        status: 3,
        metrics: [qpsObject({ value: 20000 })],
        levels: [20050],
        requests: req(900, 1000, 1100),
      },
      replicas: 3,
      conditions: ok(['AbleToScale', T, 'ReadyForNewScale']),
    },
    {
      name: 'external metric with value target within tolerance',
      f: { min: 2, max: 6, spec: 4, status: 4, metrics: [qpsExternal({ value: 8666 })], levels: [8600] },
      replicas: 4,
      conditions: ok(['AbleToScale', T, 'ReadyForNewScale']),
    },
    {
      name: 'per-pod object metric with average value target within tolerance',
      f: { min: 2, max: 6, spec: 4, status: 4, metrics: [qpsObject({ averageValue: 2200 })], levels: [8600] },
      replicas: 4,
      conditions: ok(['AbleToScale', T, 'ReadyForNewScale']),
    },
    {
      name: 'per-pod external metric with average value target within tolerance',
      f: {
        min: 2,
        max: 6,
        spec: 4,
        status: 4,
        metrics: [qpsExternal({ averageValue: 2200 })],
        levels: [8600],
      },
      replicas: 4,
      conditions: ok(['AbleToScale', T, 'ReadyForNewScale']),
    },
  ],
  TestConfigurableTolerance: [
    {
      name: 'Scaling up because of a 1% configurable tolerance',
      f: {
        min: 1,
        max: 5,
        spec: 3,
        status: 3,
        cpuTarget: 100,
        scaleUp: { ...DEFAULT_SCALE_UP_RULES, tolerance: 0.01 },
        levels: [1010, 1030, 1020],
        requests: req(900, 1000, 1100),
      },
      replicas: 4,
      conditions: ok(['AbleToScale', T, 'SucceededRescale']),
    },
    {
      name: 'No scale-down because of a 90% configurable tolerance',
      f: {
        min: 1,
        max: 5,
        spec: 3,
        status: 3,
        cpuTarget: 100,
        scaleDown: { ...DEFAULT_SCALE_DOWN_RULES, tolerance: 0.9 },
        levels: [300, 300, 300],
        requests: ones(3),
      },
      replicas: 3,
      conditions: ok(['AbleToScale', T, 'ReadyForNewScale']),
    },
    {
      name: 'No scaling because of the large default tolerance',
      f: {
        min: 1,
        max: 5,
        spec: 3,
        status: 3,
        cpuTarget: 100,
        levels: [1010, 1030, 1020],
        requests: req(900, 1000, 1100),
      },
      replicas: 3,
      conditions: ok(['AbleToScale', T, 'ReadyForNewScale']),
    },
    {
      name: 'No scaling because the configurable tolerance is ignored as the feature gate is disabled',
      f: {
        min: 1,
        max: 5,
        spec: 3,
        status: 3,
        cpuTarget: 100,
        configurableTolerance: false,
        scaleUp: { ...DEFAULT_SCALE_UP_RULES, tolerance: 0.01 },
        levels: [1010, 1030, 1020],
        requests: req(900, 1000, 1100),
      },
      replicas: 3,
      conditions: ok(['AbleToScale', T, 'ReadyForNewScale']),
    },
  ],
  TestReplicaLimits: [
    {
      name: 'scale down clamped to min replicas',
      f: {
        min: 2,
        max: 5,
        spec: 3,
        status: 3,
        cpuTarget: 90,
        levels: [10, 95, 10],
        requests: req(900, 1000, 1100),
        recommendations: [],
      },
      replicas: 2,
      conditions: ok(['ScalingLimited', T, 'TooFewReplicas']),
    },
    {
      name: 'scale down clamped to min when desired is zero',
      f: {
        min: 2,
        max: 5,
        spec: 3,
        status: 3,
        cpuTarget: 90,
        levels: [0, 0, 0],
        requests: req(900, 1000, 1100),
        recommendations: [],
      },
      replicas: 2,
      conditions: ok(['ScalingLimited', T, 'TooFewReplicas']),
    },
    {
      name: 'no scaling when spec replicas is zero',
      f: { min: 3, max: 5, spec: 0, status: 0, cpuTarget: 90, levels: [], requests: [] },
      replicas: 0,
      conditions: [
        ['AbleToScale', T, 'SucceededGetScale'],
        ['ScalingActive', F, 'ScalingDisabled'],
      ],
    },
    {
      name: 'scale up to min when below min replicas',
      f: { min: 3, max: 5, spec: 2, status: 2, cpuTarget: 90, levels: [], requests: [] },
      replicas: 3,
      conditions: [['AbleToScale', T, 'SucceededRescale']],
    },
    {
      name: 'scale down to max when above max replicas',
      f: { min: 3, max: 5, spec: 10, status: 10, cpuTarget: 90, levels: [], requests: [] },
      replicas: 5,
      conditions: [['AbleToScale', T, 'SucceededRescale']],
    },
    {
      name: 'scale up clamped to max replicas',
      f: {
        min: 2,
        max: 5,
        spec: 3,
        status: 3,
        cpuTarget: 90,
        levels: [8000, 9500, 1000],
        requests: req(900, 1000, 1100),
      },
      replicas: 5,
      conditions: ok(['ScalingLimited', T, 'TooManyReplicas']),
    },
  ],
  TestMetricsEdgeCases: [
    {
      name: 'superfluous metrics reported',
      f: {
        min: 2,
        max: 6,
        spec: 4,
        status: 4,
        cpuTarget: 100,
        levels: [4000, 9500, 3000, 7000, 3200, 2000],
        requests: ones(4),
      },
      replicas: 6,
      conditions: ok(['ScalingLimited', T, 'TooManyReplicas']),
    },
    {
      name: 'missing metrics from some pods',
      f: {
        min: 2,
        max: 6,
        spec: 4,
        status: 4,
        cpuTarget: 100,
        levels: [400, 95],
        requests: ones(4),
        recommendations: [],
      },
      replicas: 3,
    },
    {
      name: 'empty metrics from all pods',
      f: { min: 2, max: 6, spec: 4, status: 4, cpuTarget: 100, levels: [], requests: ones(4) },
      replicas: 4,
      conditions: [
        ['AbleToScale', T, 'SucceededGetScale'],
        ['ScalingActive', F, 'FailedGetResourceMetric'],
      ],
    },
    {
      name: 'empty CPU requests',
      f: { min: 1, max: 5, spec: 1, status: 1, cpuTarget: 100, levels: [200], requests: [] },
      replicas: 1,
      conditions: [
        ['AbleToScale', T, 'SucceededGetScale'],
        ['ScalingActive', F, 'FailedGetResourceMetric'],
      ],
    },
  ],
  TestEventCreated: [
    {
      name: 'TestEventCreated',
      f: { min: 1, max: 5, spec: 1, status: 1, cpuTarget: 50, levels: [200], requests: [200] },
      replicas: 2,
    },
  ],
  TestEventNotCreated: [
    {
      name: 'TestEventNotCreated',
      f: { min: 1, max: 5, spec: 2, status: 2, cpuTarget: 50, levels: [200, 200], requests: [400, 400] },
      replicas: 2,
      conditions: ok(['AbleToScale', T, 'ReadyForNewScale']),
    },
  ],
  TestCPUScalingEdgeCases: [
    {
      name: 'missing reports from some pods',
      f: {
        min: 1,
        max: 5,
        spec: 4,
        status: 4,
        cpuTarget: 50,
        levels: [200],
        requests: [200],
        recommendations: [],
      },
      replicas: 2,
    },
    {
      name: 'more replicas than spec no scale',
      f: {
        min: 1,
        max: 8,
        spec: 4,
        status: 5,
        cpuTarget: 50,
        levels: [500, 500, 500, 500, 500],
        requests: ones(5),
      },
      replicas: 4,
      conditions: ok(['AbleToScale', T, 'ReadyForNewScale']),
    },
  ],
  TestUpscaleCap: [
    {
      name: 'capped by scale up rules',
      f: {
        min: 1,
        max: 100,
        spec: 3,
        status: 3,
        scaleUp: rules(0, 0, 700, 60, 0),
        cpuTarget: 10,
        levels: [100, 200, 300],
        requests: req(100, 100, 100),
      },
      replicas: 24,
      conditions: ok(['ScalingLimited', T, 'ScaleUpLimit']),
    },
    {
      name: 'capped by max replicas when scale up limit exceeds max',
      f: {
        min: 1,
        max: 20,
        spec: 3,
        status: 3,
        scaleUp: rules(0, 0, 700, 60, 0),
        cpuTarget: 10,
        levels: [100, 200, 300],
        requests: req(100, 100, 100),
      },
      replicas: 20,
      conditions: ok(['ScalingLimited', T, 'TooManyReplicas']),
    },
  ],
  TestConditionInvalidSelectorMissing: [
    {
      name: 'TestConditionInvalidSelectorMissing',
      f: {
        min: 1,
        max: 100,
        spec: 3,
        status: 3,
        cpuTarget: 10,
        levels: [100, 200, 300],
        requests: req(100, 100, 100),
        selector: '',
      },
      replicas: 3,
      conditions: [
        ['AbleToScale', T, 'SucceededGetScale'],
        ['ScalingActive', F, 'InvalidSelector'],
      ],
    },
  ],
  TestConditionFailedGetMetrics: [
    {
      name: 'FailedGetResourceMetric',
      f: {
        min: 1,
        max: 100,
        spec: 3,
        status: 3,
        cpuTarget: 10,
        levels: [100, 200, 300],
        requests: req(100, 100, 100),
        failing: ['resource'],
      },
      replicas: 3,
      conditions: [
        ['AbleToScale', T, 'SucceededGetScale'],
        ['ScalingActive', F, 'FailedGetResourceMetric'],
      ],
    },
    {
      name: 'FailedGetPodsMetric',
      f: {
        min: 1,
        max: 100,
        spec: 3,
        status: 3,
        metrics: [qpsPods(15000)],
        levels: [100, 200, 300],
        requests: req(100, 100, 100),
        failing: ['pods'],
      },
      replicas: 3,
      conditions: [
        ['AbleToScale', T, 'SucceededGetScale'],
        ['ScalingActive', F, 'FailedGetPodsMetric'],
      ],
    },
    {
      name: 'FailedGetObjectMetric',
      f: {
        min: 1,
        max: 100,
        spec: 3,
        status: 3,
        metrics: [qpsObject({ value: 15000 })],
        levels: [100, 200, 300],
        requests: req(100, 100, 100),
        failing: ['object'],
      },
      replicas: 3,
      conditions: [
        ['AbleToScale', T, 'SucceededGetScale'],
        ['ScalingActive', F, 'FailedGetObjectMetric'],
      ],
    },
    {
      name: 'FailedGetExternalMetric',
      f: {
        min: 1,
        max: 100,
        spec: 3,
        status: 3,
        metrics: [qpsExternal({ value: 300 })],
        levels: [100, 200, 300],
        requests: req(100, 100, 100),
        failing: ['external'],
      },
      replicas: 3,
      conditions: [
        ['AbleToScale', T, 'SucceededGetScale'],
        ['ScalingActive', F, 'FailedGetExternalMetric'],
      ],
    },
  ],
  TestConditionFailedGetScale: [
    {
      name: 'TestConditionFailedGetScale',
      f: {
        min: 1,
        max: 100,
        spec: 3,
        status: 3,
        cpuTarget: 10,
        levels: [100, 200, 300],
        requests: req(100, 100, 100),
        scaleError: 'something went wrong',
      },
      replicas: 3,
      conditions: [['AbleToScale', F, 'FailedGetScale']],
    },
  ],
  TestScaleTimingBehavior: [
    {
      name: 'no backoff upscale custom metric only',
      f: {
        min: 1,
        max: 5,
        spec: 3,
        status: 3,
        metrics: [qpsPods(15000)],
        levels: [20000, 10000, 30000],
        requests: ones(3),
      },
      replicas: 4,
      conditions: ok(['AbleToScale', T, 'SucceededRescale'], ['ScalingLimited', F, 'DesiredWithinRange']),
    },
    {
      name: 'no backoff upscale custom metric and CPU',
      f: {
        min: 1,
        max: 5,
        spec: 3,
        status: 3,
        cpuTarget: 10,
        metrics: [qpsPods(15000)],
        levels: [20000, 10000, 30000],
        requests: ones(3),
      },
      replicas: 5,
      conditions: ok(['ScalingLimited', T, 'TooManyReplicas']),
    },
    {
      name: 'stabilize downscale',
      f: {
        min: 1,
        max: 5,
        spec: 4,
        status: 4,
        cpuTarget: 100,
        levels: [50, 50, 50],
        requests: req(100, 100, 100),
        recommendations: [
          { replicas: 10, atUs: NOW - 10 * MINUTE },
          { replicas: 4, atUs: NOW - MINUTE },
        ],
      },
      replicas: 4,
      conditions: ok(['AbleToScale', T, 'ScaleDownStabilized']),
    },
  ],
  TestScaleRCImmediately: [
    {
      name: 'scale up to min when below min replicas',
      f: { min: 2, max: 6, spec: 1, status: 1, levels: [0, 0, 0, 0], requests: ones(4), cpuTarget: 80 },
      replicas: 2,
      conditions: [['AbleToScale', T, 'SucceededRescale']],
    },
    {
      name: 'scale down to max when above max replicas',
      f: {
        min: 2,
        max: 5,
        spec: 6,
        status: 6,
        cpuTarget: 50,
        levels: [8000, 9500, 1000],
        requests: req(900, 1000, 1100),
      },
      replicas: 5,
      conditions: [['AbleToScale', T, 'SucceededRescale']],
    },
  ],
  TestScaleUpOneMetricEmpty: [
    {
      name: 'TestScaleUpOneMetricEmpty',
      f: {
        min: 2,
        max: 6,
        spec: 3,
        status: 3,
        cpuTarget: 30,
        metrics: [qpsExternal({ value: 100 })],
        levels: [300, 400, 500],
        requests: ones(3),
        failing: ['external'],
      },
      replicas: 4,
      conditions: STATUS_OK,
    },
  ],
  TestNoScaleDownOneMetricEmpty: [
    {
      name: 'TestNoScaleDownOneMetricEmpty',
      f: {
        min: 2,
        max: 6,
        spec: 5,
        status: 5,
        cpuTarget: 50,
        metrics: [qpsExternal({ value: 1000 })],
        levels: [100, 300, 500, 250, 250],
        requests: ones(5),
        recommendations: [],
        failing: ['external'],
      },
      replicas: 5,
      conditions: [
        ['AbleToScale', T, 'SucceededGetScale'],
        ['ScalingActive', F, 'FailedGetExternalMetric'],
      ],
    },
  ],
};

for (const [test, cases] of Object.entries(CASES)) {
  describe(test, () => {
    it.each(cases.map((c) => [c.name, c] as const))('%s', (_n, c) => check(c));
  });
}

describe('TestComputedToleranceAlgImplementation', () => {
  const startPods = 10;
  const used = startPods * 150;
  const requested = 2 * used;
  const perPod = requested / startPods;
  const reqs = [100, -100, 10, -10, 2, -2, 1, -1, 0, 0].map((d) => perPod + d);
  const levels = Array.from({ length: 10 }, () => used / 10);
  const base = {
    min: 0,
    max: 1000,
    spec: startPods,
    status: startPods,
    levels,
    requests: reqs,
    recommendations: [],
  };
  it('scales down just outside the tolerance', () => {
    const target = 1 / (2 * 0.9) + 0.01;
    check({
      name: 'tc1',
      f: { ...base, cpuTarget: Math.trunc(target * 100) },
      replicas: Math.ceil((used / (requested * target)) * startPods),
    });
  });
  it('keeps the count just inside it', () => {
    const target = 1 / (2 * 0.9) + 0.004;
    check({
      name: 'tc2',
      f: { ...base, cpuTarget: Math.trunc(target * 100) },
      replicas: startPods,
      conditions: ok(['AbleToScale', T, 'ReadyForNewScale']),
    });
  });
});

describe('events and messages (horizontal.go reconcileAutoscaler)', () => {
  it('SuccessfulRescale: "New size: %d; reason: %s" naming the metric above target', () => {
    const r = run({
      min: 2,
      max: 6,
      spec: 3,
      status: 3,
      cpuTarget: 30,
      levels: [300, 500, 700],
      requests: ones(3),
    });
    expect(r.events).toEqual([
      {
        type: 'Normal',
        reason: 'SuccessfulRescale',
        message: 'New size: 5; reason: cpu resource utilization (percentage of request) above target',
      },
    ]);
  });
  it('SuccessfulRescale on scale-down: "All metrics below target"', () => {
    const r = run({
      min: 2,
      max: 6,
      spec: 5,
      status: 5,
      cpuTarget: 50,
      levels: [100, 300, 500, 250, 250],
      requests: ones(5),
      recommendations: [],
    });
    expect(r.events.map((e) => e.message)).toEqual(['New size: 3; reason: All metrics below target']);
  });
  it('external metric names print the selector as Go does', () => {
    const r = run({
      min: 2,
      max: 6,
      spec: 3,
      status: 3,
      metrics: [qpsExternal({ value: 6666 })],
      levels: [8600],
    });
    expect(r.events[0]?.message).toBe(
      'New size: 4; reason: external metric qps(&LabelSelector{MatchLabels:map[string]string{},MatchExpressions:[]LabelSelectorRequirement{},}) above target',
    );
  });
  it('no metrics: FailedGetResourceMetric then FailedComputeMetricsReplicas, with the wrapped error', () => {
    const r = run({ min: 2, max: 6, spec: 4, status: 4, cpuTarget: 100, levels: [], requests: ones(4) });
    expect(r.events).toEqual([
      {
        type: 'Warning',
        reason: 'FailedGetResourceMetric',
        message:
          'failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API',
      },
      {
        type: 'Warning',
        reason: 'FailedComputeMetricsReplicas',
        message:
          'invalid metrics (1 invalid out of 1), first error is: failed to get cpu resource metric value: failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API',
      },
    ]);
    expect(r.status.conditions[1]?.message).toBe(
      'the HPA was unable to compute the replica count: failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API',
    );
  });
  it('the first sync records the current size as a recommendation (recordInitialRecommendation)', () => {
    const r = run({
      min: 1,
      max: 10,
      spec: 5,
      status: 5,
      cpuTarget: 50,
      levels: [100, 100, 100, 100, 100],
      requests: ones(5),
    });
    expect(r.rescale).toBe(false);
    expect(r.conds[0]).toEqual(['AbleToScale', 'True', 'ScaleDownStabilized']);
  });
  it('lastScaleTime moves on a rescale only; conditions keep lastTransitionTime while their status holds', () => {
    const r = run({
      min: 2,
      max: 6,
      spec: 3,
      status: 3,
      cpuTarget: 30,
      levels: [300, 500, 700],
      requests: ones(3),
    });
    expect(r.status.lastScaleTimeUs).toBe(NOW);
    expect(r.status.conditions.every((c) => c.lastTransitionUs === NOW)).toBe(true);
  });
});
