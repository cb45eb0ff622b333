// Upstream vectors for HPA normalization and behavior (kubernetes/kubernetes
// pkg/controller/podautoscaler/horizontal_test.go): TestNormalizeDesiredReplicas,
// TestConvertDesiredReplicasWithRules, TestCalculateScaleUpLimitWithScalingRules,
// TestCalculateScaleDownLimitWithBehaviors, TestScalingWithRules, TestStoreScaleEvents and
// TestNormalizeDesiredReplicasWithBehavior, replayed through src/controllers/hpa/behavior.ts with each case's
// upstream name. Scale-rule defaulting comes from pkg/apis/autoscaling/v2 (GenerateHPAScale{Up,Down}Rules).

import { describe, expect, it } from 'vitest';
import {
  calculateScaleDownLimitWithBehaviors,
  calculateScaleUpLimit,
  calculateScaleUpLimitWithScalingRules,
  convertDesiredReplicasWithBehaviorRate,
  convertDesiredReplicasWithRules,
  emptyMemory,
  getReplicasChangePerPeriod,
  type Recommendation,
  type ScaleEvent,
  stabilizeRecommendation,
  stabilizeRecommendationWithBehaviors,
  storeScaleEvent,
} from '../../src/controllers/hpa/behavior.js';
import {
  DEFAULT_SCALE_DOWN_RULES,
  DEFAULT_SCALE_UP_RULES,
  type ScalingPolicy,
  type ScalingRules,
  withScalingDefaults,
} from '../../src/controllers/hpa/types.js';

const S = 1_000_000;
const MIN = 60 * S;
const NOW = 10_000 * S;

/** horizontal_test.go generateScalingRules(pods, podsPeriod, percent, percentPeriod, stabilizationWindow). */
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

/** generateEventsUniformDistribution: n events spread over the last period, each in its segment's centre. */
function uniform(raw: number[], periodSeconds: number): ScaleEvent[] {
  const seg = periodSeconds / raw.length;
  return raw.map((change, idx) => ({
    change,
    atUs: NOW - Math.trunc(periodSeconds - seg * (idx + 1) + seg / 2) * S,
    outdated: false,
  }));
}

describe('TestNormalizeDesiredReplicas (stabilizeRecommendation, 5 m window)', () => {
  it.each([
    ['empty log', [], 5, 5, 1],
    [
      'stabilize',
      [
        [4, -2 * MIN],
        [5, -1 * MIN],
      ],
      3,
      5,
      3,
    ],
    [
      'no stabilize',
      [
        [1, -2 * MIN],
        [2, -1 * MIN],
      ],
      3,
      3,
      3,
    ],
    [
      'no stabilize - old recommendations',
      [
        [10, -10 * MIN],
        [9, -9 * MIN],
      ],
      3,
      3,
      2,
    ],
    [
      'stabilize - old recommendations',
      [
        [10, -10 * MIN],
        [4, -1 * MIN],
        [5, -2 * MIN],
        [9, -9 * MIN],
      ],
      3,
      5,
      4,
    ],
  ] as const)('%s', (_n, recs, pre, want, logLength) => {
    const log: Recommendation[] = recs.map(([replicas, d]) => ({ replicas, atUs: NOW + d }));
    expect(stabilizeRecommendation(log, pre, NOW, 5 * MIN)).toBe(want);
    expect(log).toHaveLength(logLength);
  });
});

describe('TestConvertDesiredReplicasWithRules', () => {
  it.each([
    ['prenormalized desired replicas within range', 5, 7, 3, 8, 7, 'DesiredWithinRange'],
    ['prenormalized desired replicas < minReplicas', 3, 1, 2, 8, 2, 'TooFewReplicas'],
    ['prenormalized desired zeroed replicas within range', 1, 0, 0, 10, 0, 'DesiredWithinRange'],
    ['maxReplicas is the limit because maxReplicas < scaleUpLimit', 20, 1000, 1, 10, 10, 'TooManyReplicas'],
    [
      'scaleUpLimit is the limit because scaleUpLimit < maxReplicas',
      3,
      1000,
      1,
      2000,
      calculateScaleUpLimit(3),
      'ScaleUpLimit',
    ],
  ] as const)('%s', (_n, current, desired, min, max, want, reason) => {
    const r = convertDesiredReplicasWithRules(current, desired, min, max);
    expect([r.replicas, r.reason]).toEqual([want, reason]);
  });
  it('calculateScaleUpLimit: max(2 x current, 4)', () => {
    expect([calculateScaleUpLimit(1), calculateScaleUpLimit(3), calculateScaleUpLimit(10)]).toEqual([
      4, 6, 20,
    ]);
  });
});

describe('scale limits with a Min select policy', () => {
  const minRules: ScalingRules = {
    stabilizationWindowSeconds: 300,
    selectPolicy: 'Min',
    policies: [
      { type: 'Pods', value: 2, periodSeconds: 60 },
      { type: 'Percent', value: 50, periodSeconds: 60 },
    ],
    tolerance: null,
  };
  it('TestCalculateScaleUpLimitWithScalingRules', () => {
    expect(calculateScaleUpLimitWithScalingRules(1, [], [], minRules, NOW)).toBe(2);
  });
  it('TestCalculateScaleDownLimitWithBehaviors', () => {
    expect(calculateScaleDownLimitWithBehaviors(5, [], [], minRules, NOW)).toBe(3);
  });
});

interface RulesCase {
  name: string;
  up?: ScaleEvent[];
  down?: ScaleEvent[];
  min: number;
  max: number;
  upRules?: ScalingRules;
  downRules?: ScalingRules;
  current: number;
  pre: number;
  want: number;
  reason: string;
}

const SCALING_WITH_RULES: RulesCase[] = [
  {
    name: 'prenormalized desired replicas within range',
    current: 5,
    pre: 7,
    min: 3,
    max: 8,
    want: 7,
    reason: 'DesiredWithinRange',
  },
  {
    name: 'prenormalized desired replicas < minReplicas',
    current: 3,
    pre: 1,
    min: 2,
    max: 8,
    want: 2,
    reason: 'TooFewReplicas',
  },
  {
    name: 'prenormalized desired replicas within range when minReplicas is 0',
    current: 1,
    pre: 0,
    min: 0,
    max: 10,
    want: 0,
    reason: 'DesiredWithinRange',
  },
  {
    name: 'maxReplicas is the limit because maxReplicas < scaleUpLimit',
    current: 20,
    pre: 1000,
    min: 1,
    max: 10,
    want: 10,
    reason: 'TooManyReplicas',
  },
  {
    name: 'desired replica count is more than the maximum replica count',
    current: 100,
    pre: 1000,
    min: 100,
    max: 150,
    want: 150,
    reason: 'TooManyReplicas',
  },
  {
    name: 'scaleUpLimit is the limit because scaleUpLimit < maxReplicas with user policies',
    current: 3,
    pre: 1000,
    min: 1,
    max: 2000,
    upRules: rules(0, 0, 1, 60, 0),
    want: 4,
    reason: 'ScaleUpLimit',
  },
  {
    name: 'scaleUp with default behavior',
    min: 1,
    max: 1000,
    current: 10,
    pre: 50,
    want: 20,
    reason: 'ScaleUpLimit',
  },
  {
    name: 'scaleUp with pods policy larger than percent policy',
    min: 1,
    max: 1000,
    upRules: rules(100, 60, 100, 60, 0),
    current: 10,
    pre: 500,
    want: 110,
    reason: 'ScaleUpLimit',
  },
  {
    name: 'scaleUp with percent policy larger than pods policy',
    min: 1,
    max: 1000,
    upRules: rules(2, 60, 100, 60, 0),
    current: 10,
    pre: 500,
    want: 20,
    reason: 'ScaleUpLimit',
  },
  {
    name: 'scaleUp with spec MaxReplicas limitation with large pod policy',
    min: 1,
    max: 1000,
    upRules: rules(100, 60, 0, 0, 0),
    current: 10,
    pre: 50,
    want: 50,
    reason: 'DesiredWithinRange',
  },
  {
    name: 'scaleUp with spec MaxReplicas limitation with large percent policy',
    min: 1,
    max: 1000,
    upRules: rules(10000, 60, 0, 0, 0),
    current: 10,
    pre: 50,
    want: 50,
    reason: 'DesiredWithinRange',
  },
  {
    name: 'scaleUp with pod policy limitation',
    min: 1,
    max: 1000,
    upRules: rules(30, 60, 0, 0, 0),
    current: 10,
    pre: 50,
    want: 40,
    reason: 'ScaleUpLimit',
  },
  {
    name: 'scaleUp with percent policy limitation',
    min: 1,
    max: 1000,
    upRules: rules(0, 0, 200, 60, 0),
    current: 10,
    pre: 50,
    want: 30,
    reason: 'ScaleUpLimit',
  },
  {
    name: 'scaleDown with percent policy larger than pod policy',
    min: 1,
    max: 1000,
    downRules: rules(20, 60, 1, 60, 300),
    current: 100,
    pre: 2,
    want: 80,
    reason: 'ScaleDownLimit',
  },
  {
    name: 'scaleDown with pod policy larger than percent policy',
    min: 1,
    max: 1000,
    downRules: rules(2, 60, 1, 60, 300),
    current: 100,
    pre: 2,
    want: 98,
    reason: 'ScaleDownLimit',
  },
  {
    name: 'scaleDown with spec MinReplicas limitation with large pod policy',
    min: 1,
    max: 1000,
    downRules: rules(100, 60, 0, 0, 300),
    current: 10,
    pre: 0,
    want: 1,
    reason: 'TooFewReplicas',
  },
  {
    name: 'scaleDown with spec MinReplicas limitation with large percent policy',
    min: 5,
    max: 1000,
    downRules: rules(0, 0, 100, 60, 300),
    current: 10,
    pre: 2,
    want: 5,
    reason: 'TooFewReplicas',
  },
  {
    name: 'scaleDown with pod policy limitation',
    min: 1,
    max: 1000,
    downRules: rules(5, 60, 0, 0, 300),
    current: 10,
    pre: 2,
    want: 5,
    reason: 'ScaleDownLimit',
  },
  {
    name: 'scaleDown with percent policy limitation',
    min: 1,
    max: 1000,
    downRules: rules(0, 0, 50, 60, 300),
    current: 10,
    pre: 5,
    want: 5,
    reason: 'DesiredWithinRange',
  },
  {
    name: 'scaleUp with spec MaxReplicas limitation with large pod policy and events',
    up: uniform([1, 5, 9], 120),
    min: 1,
    max: 200,
    upRules: rules(300, 60, 0, 0, 0),
    current: 100,
    pre: 500,
    want: 200,
    reason: 'TooManyReplicas',
  },
  {
    name: 'scaleUp with spec MaxReplicas limitation with large percent policy and events',
    up: uniform([1, 5, 9], 120),
    min: 1,
    max: 200,
    upRules: rules(0, 0, 10000, 60, 0),
    current: 100,
    pre: 500,
    want: 200,
    reason: 'TooManyReplicas',
  },
  {
    name: 'scaleUp with currentReplicas limitation with rate.PeriodSeconds with a lot of recent scale up events',
    up: uniform([1, 5, 9], 120),
    min: 1,
    max: 1000,
    upRules: rules(5, 120, 0, 0, 0),
    current: 100,
    pre: 500,
    want: 100,
    reason: 'ScaleUpLimit',
  },
  {
    name: 'scaleUp with pod policy and previous scale up events',
    up: uniform([1, 5, 9], 120),
    min: 1,
    max: 1000,
    upRules: rules(150, 120, 0, 0, 0),
    current: 100,
    pre: 500,
    want: 235,
    reason: 'ScaleUpLimit',
  },
  {
    name: 'scaleUp with percent policy and previous scale up events',
    up: uniform([1, 5, 9], 120),
    min: 1,
    max: 1000,
    upRules: rules(0, 0, 200, 120, 0),
    current: 100,
    pre: 500,
    want: 255,
    reason: 'ScaleUpLimit',
  },
  {
    name: 'scaleUp with percent policy and previous scale up and down events',
    up: uniform([4], 120),
    down: uniform([2], 120),
    min: 1,
    max: 1000,
    upRules: rules(0, 0, 300, 300, 0),
    current: 6,
    pre: 24,
    want: 16,
    reason: 'ScaleUpLimit',
  },
  {
    name: 'scaleDown with default policy and previous events',
    down: uniform([1, 5, 9], 120),
    min: 1,
    max: 1000,
    current: 10,
    pre: 5,
    want: 5,
    reason: 'DesiredWithinRange',
  },
  {
    name: 'scaleDown with spec MinReplicas=nil limitation with large pod policy and previous events',
    down: uniform([1, 5, 9], 120),
    min: 1,
    max: 1000,
    downRules: rules(115, 120, 0, 0, 300),
    current: 100,
    pre: 0,
    want: 1,
    reason: 'TooFewReplicas',
  },
  {
    name: 'scaleDown with spec MinReplicas limitation with large pod policy and previous events',
    down: uniform([1, 5, 9], 120),
    min: 5,
    max: 1000,
    downRules: rules(130, 120, 0, 0, 300),
    current: 100,
    pre: 0,
    want: 5,
    reason: 'TooFewReplicas',
  },
  {
    name: 'scaleDown with spec MinReplicas limitation with large percent policy and previous events',
    down: uniform([1, 5, 9], 120),
    min: 5,
    max: 1000,
    downRules: rules(0, 0, 100, 120, 300),
    current: 100,
    pre: 2,
    want: 5,
    reason: 'TooFewReplicas',
  },
  {
    name: 'scaleDown with pod policy limitation and previous events',
    down: uniform([1, 5, 9], 120),
    min: 1,
    max: 1000,
    downRules: rules(5, 120, 0, 0, 300),
    current: 100,
    pre: 2,
    want: 100,
    reason: 'ScaleDownLimit',
  },
  {
    name: 'scaleDown with percent policy limitation and previous events',
    down: uniform([2, 4, 6], 120),
    min: 1,
    max: 1000,
    downRules: rules(0, 0, 50, 120, 300),
    current: 100,
    pre: 0,
    want: 56,
    reason: 'ScaleDownLimit',
  },
  {
    name: 'scaleDown with percent policy and previous scale up and down events',
    up: uniform([2], 120),
    down: uniform([4], 120),
    min: 1,
    max: 1000,
    downRules: rules(0, 0, 50, 180, 0),
    current: 10,
    pre: 1,
    want: 6,
    reason: 'ScaleDownLimit',
  },
  {
    name: 'scaleDown with previous events preventing further scale down',
    down: uniform([10, 10, 10], 120),
    min: 1,
    max: 1000,
    downRules: rules(0, 0, 10, 120, 300),
    current: 100,
    pre: 0,
    want: 100,
    reason: 'ScaleDownLimit',
  },
  {
    name: 'scaleDown with with previous events still allowing more scale down',
    down: uniform([10, 10, 10], 120),
    min: 1,
    max: 1000,
    downRules: rules(0, 0, 1000, 120, 300),
    current: 10,
    pre: 5,
    want: 5,
    reason: 'DesiredWithinRange',
  },
  {
    name: "check 'outdated' flag for events for one behavior for up",
    up: uniform([8, 12, 9, 11], 120),
    min: 1,
    max: 1000,
    upRules: rules(1000, 60, 0, 0, 0),
    current: 100,
    pre: 200,
    want: 200,
    reason: 'DesiredWithinRange',
  },
  {
    name: "check that events were not marked 'outdated' for two different policies in the behavior for up",
    up: uniform([8, 12, 9, 11], 120),
    min: 1,
    max: 1000,
    upRules: rules(1000, 120, 100, 60, 0),
    current: 100,
    pre: 200,
    want: 200,
    reason: 'DesiredWithinRange',
  },
  {
    name: "check that events were marked 'outdated' for two different policies in the behavior for up",
    up: uniform([8, 12, 9, 11], 120),
    min: 1,
    max: 1000,
    upRules: rules(1000, 30, 100, 60, 0),
    current: 100,
    pre: 200,
    want: 200,
    reason: 'DesiredWithinRange',
  },
  {
    name: "check 'outdated' flag for events for one behavior for down",
    down: uniform([8, 12, 9, 11], 120),
    min: 1,
    max: 1000,
    downRules: rules(1000, 60, 0, 0, 300),
    current: 100,
    pre: 5,
    want: 5,
    reason: 'DesiredWithinRange',
  },
  {
    name: "check that events were not marked 'outdated' for two different policies in the behavior for down",
    down: uniform([8, 12, 9, 11], 120),
    min: 1,
    max: 1000,
    downRules: rules(1000, 120, 100, 60, 300),
    current: 100,
    pre: 5,
    want: 5,
    reason: 'DesiredWithinRange',
  },
  {
    name: "check that events were marked 'outdated' for two different policies in the behavior for down",
    down: uniform([8, 12, 9, 11], 120),
    min: 1,
    max: 1000,
    downRules: rules(1000, 30, 100, 60, 300),
    current: 100,
    pre: 5,
    want: 5,
    reason: 'DesiredWithinRange',
  },
];

describe('TestScalingWithRules (convertDesiredReplicasWithBehaviorRate)', () => {
  it.each(SCALING_WITH_RULES.map((c) => [c.name, c] as const))('%s', (_n, c) => {
    const r = convertDesiredReplicasWithBehaviorRate(
      {
        scaleUp: withScalingDefaults(c.upRules, DEFAULT_SCALE_UP_RULES),
        scaleDown: withScalingDefaults(c.downRules, DEFAULT_SCALE_DOWN_RULES),
        minReplicas: c.min,
        maxReplicas: c.max,
        currentReplicas: c.current,
        desiredReplicas: c.pre,
      },
      c.up ?? [],
      c.down ?? [],
      NOW,
    );
    expect([r.replicas, r.reason]).toEqual([c.want, c.reason]);
  });
});

describe('TestStoreScaleEvents', () => {
  const ev = (change: number, agoS: number, outdated = false): ScaleEvent => ({
    change,
    atUs: NOW - agoS * S,
    outdated,
  });
  it.each([
    ['empty entries with default behavior', [], null, [], 0],
    ['empty entries with two-policy-behavior', [], rules(10, 60, 100, 60, 0), [[5, false]], 0],
    ['one outdated entry to be kept untouched without behavior', [ev(7, 61)], null, [[7, false]], 0],
    [
      'one outdated entry to be replaced with behavior',
      [ev(7, 61)],
      rules(10, 60, 100, 60, 0),
      [[5, false]],
      0,
    ],
    [
      'one actual entry to be not touched with behavior',
      [ev(7, 58)],
      rules(10, 60, 100, 60, 0),
      [
        [7, false],
        [5, false],
      ],
      7,
    ],
    [
      'two entries, one of them to be replaced',
      [ev(7, 61), ev(6, 59)],
      rules(10, 60, 0, 0, 0),
      [
        [5, false],
        [6, false],
      ],
      6,
    ],
    [
      'replace one entry, use policies with different periods',
      [ev(8, 29), ev(6, 59), ev(7, 61), ev(9, 61)],
      rules(10, 60, 100, 30, 0),
      [
        [8, false],
        [6, false],
        [7, true],
        [5, false],
      ],
      14,
    ],
    [
      'two entries, both actual',
      [ev(7, 58), ev(6, 59)],
      rules(10, 120, 100, 30, 0),
      [
        [7, false],
        [6, false],
        [5, false],
      ],
      13,
    ],
  ] as const)('%s', (_n, prev, r, want, wantChange) => {
    for (const dir of ['up', 'down'] as const) {
      const memory = emptyMemory();
      const events = prev.map((e) => ({ ...e }));
      if (dir === 'up') memory.scaleUpEvents = events;
      else memory.scaleDownEvents = events;
      expect(getReplicasChangePerPeriod(60, events, NOW)).toBe(wantChange);
      const behavior = r === null ? null : { scaleUp: r, scaleDown: r };
      storeScaleEvent(memory, behavior, 10, dir === 'up' ? 15 : 5, NOW);
      const got = dir === 'up' ? memory.scaleUpEvents : memory.scaleDownEvents;
      expect(got.map((e) => [e.change, e.outdated])).toEqual(want);
    }
  });
});

describe('TestNormalizeDesiredReplicasWithBehavior (stabilizeRecommendationWithBehaviors)', () => {
  it.each([
    ['empty recommendations for scaling down', [], 100, 5, 5, [5], 0, 0],
    [
      'simple scale down stabilization',
      [
        [4, -2 * MIN],
        [5, -1 * MIN],
      ],
      100,
      3,
      5,
      [4, 5, 3],
      0,
      180,
    ],
    [
      'simple scale up stabilization',
      [
        [4, -2 * MIN],
        [5, -1 * MIN],
      ],
      1,
      7,
      4,
      [4, 5, 7],
      300,
      0,
    ],
    [
      'no scale down stabilization',
      [
        [1, -2 * MIN],
        [2, -1 * MIN],
      ],
      100,
      3,
      3,
      [1, 2, 3],
      300,
      0,
    ],
    [
      'no scale up stabilization',
      [
        [4, -2 * MIN],
        [5, -1 * MIN],
      ],
      1,
      3,
      3,
      [4, 5, 3],
      0,
      300,
    ],
    [
      'no scale down stabilization, reuse recommendation element',
      [
        [10, -10 * MIN],
        [9, -9 * MIN],
      ],
      100,
      3,
      3,
      [10, 3],
      0,
      0,
    ],
    [
      'no scale up stabilization, reuse recommendation element',
      [
        [10, -10 * MIN],
        [9, -9 * MIN],
      ],
      1,
      100,
      100,
      [10, 100],
      0,
      0,
    ],
    [
      'scale down stabilization, reuse one of obsolete recommendation element',
      [
        [10, -10 * MIN],
        [4, -1 * MIN],
        [5, -2 * MIN],
        [9, -9 * MIN],
      ],
      100,
      3,
      5,
      [10, 4, 5, 3],
      0,
      180,
    ],
    [
      'scale up stabilization, reuse one of obsolete recommendation element',
      [
        [10, -100 * MIN],
        [6, -1 * MIN],
        [5, -2 * MIN],
        [9, -3 * MIN],
      ],
      1,
      100,
      5,
      [100, 6, 5, 9],
      300,
      0,
    ],
    [
      'scale up and down stabilization, do not scale up when prenormalized rec goes down',
      [
        [2, -100 * MIN],
        [3, -3 * MIN],
      ],
      2,
      1,
      2,
      null,
      300,
      300,
    ],
    [
      'scale up and down stabilization, do not scale down when prenormalized rec goes up',
      [
        [2, -100 * MIN],
        [1, -3 * MIN],
      ],
      2,
      3,
      2,
      null,
      300,
      300,
    ],
  ] as const)('%s', (_n, recs, current, pre, want, wantLog, upWindow, downWindow) => {
    const log: Recommendation[] = recs.map(([replicas, d]) => ({ replicas, atUs: NOW + d }));
    const r = stabilizeRecommendationWithBehaviors(
      log,
      {
        scaleUp: { ...DEFAULT_SCALE_UP_RULES, stabilizationWindowSeconds: upWindow },
        scaleDown: { ...DEFAULT_SCALE_DOWN_RULES, stabilizationWindowSeconds: downWindow },
        minReplicas: 1,
        maxReplicas: 1000,
        currentReplicas: current,
        desiredReplicas: pre,
      },
      NOW,
    );
    expect(r.replicas).toBe(want);
    if (wantLog !== null) expect(log.map((x) => x.replicas)).toEqual(wantLog);
  });
});

describe('window edges (Go Before/After on exact virtual times)', () => {
  it('legacy window: a recommendation exactly one window old still counts', () => {
    const log: Recommendation[] = [{ replicas: 9, atUs: NOW - 5 * MIN }];
    expect(stabilizeRecommendation(log, 3, NOW, 5 * MIN)).toBe(9);
  });
  it('behavior window: a recommendation exactly one window old no longer counts', () => {
    const log: Recommendation[] = [{ replicas: 9, atUs: NOW - 5 * MIN }];
    const r = stabilizeRecommendationWithBehaviors(
      log,
      {
        scaleUp: DEFAULT_SCALE_UP_RULES,
        scaleDown: { ...DEFAULT_SCALE_DOWN_RULES, stabilizationWindowSeconds: 300 },
        minReplicas: 1,
        maxReplicas: 10,
        currentReplicas: 9,
        desiredReplicas: 3,
      },
      NOW,
    );
    expect(r.replicas).toBe(3);
  });
  it('rate period: an event exactly one period old no longer counts', () => {
    expect(getReplicasChangePerPeriod(15, [{ change: 4, atUs: NOW - 15 * S, outdated: false }], NOW)).toBe(0);
    expect(
      getReplicasChangePerPeriod(15, [{ change: 4, atUs: NOW - 15 * S + 1, outdated: false }], NOW),
    ).toBe(4);
  });
});
