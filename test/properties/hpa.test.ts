// Properties of the HPA under random load (horizontal.go): whatever the demand curve, bounds and
// behavior, (1) every rescale lands in [minReplicas, maxReplicas]; (2) no scale-down happens less than
// scaleDown.stabilizationWindowSeconds after a scale-up (the scale-up's recommendation is in the
// window and the highest one wins: stabilizeRecommendationWithBehaviors), and symmetrically no
// scale-up less than scaleUp.stabilizationWindowSeconds after a scale-down; (3) with a Pods policy
// (value k per periodSeconds p) a scale-down at t ends at least k below the count of t - p
// (calculateScaleDownLimitWithBehaviors: the period's start is the current count minus the pods added
// plus the pods removed by scale events after t - p, i.e. the count at t - p, net of both directions).
// Windows are strict: a record made exactly one window ago no longer counts, so equality is allowed.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runText } from '../golden/timeline.js';

interface Case {
  readonly steps: readonly number[]; // demand (req/s) per step
  readonly stepS: number;
  readonly min: number;
  readonly max: number;
  readonly initial: number;
  readonly downWindowS: number;
  readonly upWindowS: number;
  readonly downPods: { value: number; periodS: number } | null;
}

function scenario(c: Case): string {
  const steps = c.steps.map((v, i) => `{at: ${i * c.stepS}s, value: ${v}}`).join(', ');
  const policy =
    c.downPods === null
      ? ''
      : `, policies: [{type: Pods, value: ${c.downPods.value}, periodSeconds: ${c.downPods.periodS}}]`;
  return `apiVersion: kubesim/v1alpha1
kind: Scenario
metadata: {name: hpa-property}
spec:
  seed: 3
  duration: ${c.steps.length * c.stepS + 360}s
  kubelet: {jitter: false}
  cluster:
    nodePools: [{name: n, count: 4, zones: [zone-a], capacity: {cpu: "16", memory: 64Gi, pods: 110}}]
  stages:
    - {name: start, on: Scheduled, delay: {distribution: constant, value: 3s}}
  workloads:
    - apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web}
      spec:
        replicas: ${c.initial}
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec: {containers: [{name: web, image: registry.k8s.io/pause:3.10, resources: {requests: {cpu: 500m, memory: 256Mi}}}]}
    - apiVersion: autoscaling/v2
      kind: HorizontalPodAutoscaler
      metadata: {name: web}
      spec:
        scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
        minReplicas: ${c.min}
        maxReplicas: ${c.max}
        metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 60}}}]
        behavior:
          scaleDown: {stabilizationWindowSeconds: ${c.downWindowS}${policy}}
          scaleUp: {stabilizationWindowSeconds: ${c.upWindowS}}
  load:
    - {workload: Deployment/web, demand: {steps: [${steps}]}, perUnit: {cpu: 10m}, noise: 0.1}
`;
}

const arbCase: fc.Arbitrary<Case> = fc
  .record({
    steps: fc.array(fc.integer({ min: 0, max: 1500 }), { minLength: 3, maxLength: 12 }),
    stepS: fc.constantFrom(30, 60, 120),
    min: fc.integer({ min: 1, max: 4 }),
    span: fc.integer({ min: 0, max: 20 }),
    pick: fc.double({ min: 0, max: 1, noNaN: true }),
    downWindowS: fc.constantFrom(0, 30, 60, 120, 300),
    upWindowS: fc.constantFrom(0, 0, 60, 180),
    downPods: fc.option(
      fc.record({ value: fc.integer({ min: 1, max: 3 }), periodS: fc.constantFrom(15, 30, 60, 120) }),
    ),
  })
  .map((r) => ({
    steps: r.steps,
    stepS: r.stepS,
    min: r.min,
    max: r.min + r.span,
    initial: r.min + Math.floor(r.pick * r.span),
    downWindowS: r.downWindowS,
    upWindowS: r.upWindowS,
    downPods: r.downPods,
  }));

interface Rescale {
  readonly timeS: number;
  readonly from: number;
  readonly to: number;
}

function rescales(c: Case): Rescale[] {
  const rows = runText(scenario(c)).filter((r) => r.reason === 'SuccessfulRescale');
  let current = c.initial;
  return rows.map((r) => {
    const to = Number(/^New size: (\d+); reason: /.exec(r.detail)?.[1]);
    const out = { timeS: r.timeUs / 1e6, from: current, to };
    current = to;
    return out;
  });
}

describe('HPA properties under random load', () => {
  it('rescales stay within bounds, respect both stabilization windows and the Pods policy', () => {
    let sawDown = 0;
    let sawUp = 0;
    fc.assert(
      fc.property(arbCase, (c) => {
        const rs = rescales(c);
        for (const r of rs) {
          expect(r.to).toBeGreaterThanOrEqual(c.min);
          expect(r.to).toBeLessThanOrEqual(c.max);
          expect(r.to).not.toBe(r.from);
        }
        rs.forEach((r, i) => {
          const earlier = rs.slice(0, i);
          if (r.to < r.from) {
            sawDown++;
            for (const e of earlier)
              if (e.to > e.from) expect(r.timeS - e.timeS).toBeGreaterThanOrEqual(c.downWindowS);
            if (c.downPods !== null) {
              const p = c.downPods;
              const before = earlier.filter((e) => e.timeS <= r.timeS - p.periodS);
              const atPeriodStart = before.at(-1)?.to ?? c.initial;
              expect(r.to).toBeGreaterThanOrEqual(atPeriodStart - p.value);
            }
          } else {
            sawUp++;
            for (const e of earlier)
              if (e.to < e.from) expect(r.timeS - e.timeS).toBeGreaterThanOrEqual(c.upWindowS);
          }
        });
      }),
      { numRuns: 25, seed: 15 },
    );
    // The generator must exercise both directions, or the window checks prove nothing.
    expect(sawDown).toBeGreaterThan(5);
    expect(sawUp).toBeGreaterThan(5);
  });
});
