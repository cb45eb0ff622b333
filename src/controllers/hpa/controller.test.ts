// The HPA controller in a running simulation: each metric source reads the load model through the
// metrics pipeline and moves the target through the scale subresource (spec.replicas, which the
// Deployment controller then carries out); the legacy path (no behavior) caps the first step at
// max(2 x current, 4) (horizontal.go scaleUpLimit); a target the scale subresource cannot find gives
// one FailedGetScale Warning however many syncs fail, and AbleToScale False. Condition changes are
// events.csv rows of kind Condition.

import { describe, expect, it } from 'vitest';
import { runUntil } from '../../../test/helpers/run.js';
import { S, simFromYaml } from '../../../test/helpers/scenario.js';
import type { Sim } from '../../sim/assemble.js';
import type { HpaRecord } from './controller.js';

function scenario(metrics: string, target = 'web'): string {
  return `
apiVersion: kubesim/v1alpha1
kind: Scenario
metadata: {name: hpa-controller}
spec:
  duration: 10m
  kubelet: {jitter: false}
  cluster:
    nodePools: [{name: n, count: 3, zones: [zone-a], capacity: {cpu: "8", memory: 32Gi, pods: 110}}]
  stages:
    - {name: start, on: Scheduled, delay: {distribution: constant, value: 2s}}
  workloads:
    - apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web}
      spec:
        replicas: 2
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec: {containers: [{name: web, image: registry.k8s.io/pause:3.10, resources: {requests: {cpu: "1", memory: 256Mi}}}]}
    - apiVersion: autoscaling/v2
      kind: HorizontalPodAutoscaler
      metadata: {name: web}
      spec:
        scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: ${target}}
        minReplicas: 1
        maxReplicas: 20
        metrics: [${metrics}]
  load:
    - workload: Deployment/web
      demand: {constant: 300}
      perUnit: {cpu: 1m, memory: 1Mi}
      idle: {memory: 100Mi}
`;
}

const hpaRows = (sim: Sim, kind = 'Workload') =>
  sim.log.keptRows.filter((r) => r.object === 'HorizontalPodAutoscaler/default/web' && r.kind === kind);
const record = (sim: Sim): HpaRecord | undefined => sim.autoscaling.hpa?.records.next().value;
const replicas = (sim: Sim) => sim.workloads.store.get('Deployment', 'default/web')?.replicas;

describe('metric sources scale the target through spec.replicas', () => {
  const selector = 'selector: {matchLabels: {workload: web}}';
  const cases = [
    {
      source: 'Pods (per-pod share of the demand)',
      metric:
        '{type: Pods, pods: {metric: {name: requests_per_second}, target: {type: AverageValue, averageValue: "50"}}}',
      reason: 'pods metric requests_per_second above target',
    },
    {
      source: 'Object (the Deployment’s total demand, per pod)',
      metric:
        '{type: Object, object: {describedObject: {apiVersion: apps/v1, kind: Deployment, name: web}, metric: {name: requests_per_second}, target: {type: AverageValue, averageValue: "50"}}}',
      // horizontal.go computeStatusForObjectMetric names an AverageValue object proposal "external metric
      // <name>(<selector>)" (a Value target gives "Deployment metric <name>"); kept for identical events.
      reason: 'external metric requests_per_second(nil) above target',
    },
    {
      source: 'External (the demand series labelled workload=web, per pod)',
      metric: `{type: External, external: {metric: {name: requests_per_second, ${selector}}, target: {type: AverageValue, averageValue: "50"}}}`,
      reason:
        'external metric requests_per_second(&LabelSelector{MatchLabels:map[string]string{workload: web,},MatchExpressions:[]LabelSelectorRequirement{},}) above target',
    },
  ];

  it.each(cases)('$source: 300 req/s at 50 per pod -> 6 replicas, 4 first', ({ metric, reason }) => {
    const sim = simFromYaml(scenario(metric));
    runUntil(sim, 15 * S);
    expect(replicas(sim)).toBe(4);
    expect(hpaRows(sim).map((r) => [r.timeUs, r.reason, r.detail])).toEqual([
      [15 * S, 'SuccessfulRescale', `New size: 4; reason: ${reason}`],
    ]);
    runUntil(sim, 5 * 60 * S);
    expect(replicas(sim)).toBe(6);
    const r = record(sim);
    expect(r?.status.currentReplicas).toBe(6);
    expect(r?.status.desiredReplicas).toBe(6);
  });

  it('Resource memory AverageValue: 100Mi idle + 150 req/s x 1Mi per pod over 200Mi -> 3', () => {
    const sim = simFromYaml(
      scenario(
        '{type: Resource, resource: {name: memory, target: {type: AverageValue, averageValue: 200Mi}}}',
      ),
    );
    runUntil(sim, 5 * 60 * S);
    expect(replicas(sim)).toBe(3);
    expect(hpaRows(sim).map((r) => [r.timeUs, r.detail])).toEqual([
      [15 * S, 'New size: 3; reason: memory resource above target'],
    ]);
  });

  it('Resource cpu Utilization: 300 req/s x 1m = 0.3 cores over 2 x 1 core at 50 % target -> scale down to 1', () => {
    const sim = simFromYaml(
      scenario(
        '{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}}',
      ),
    );
    runUntil(sim, 4 * 60 * S);
    expect(replicas(sim)).toBe(2); // the 5 m downscale stabilization window holds the initial count
    runUntil(sim, 6 * 60 * S);
    expect(replicas(sim)).toBe(1);
    expect(hpaRows(sim).map((r) => r.detail)).toEqual(['New size: 1; reason: All metrics below target']);
  });
});

describe('an Object metric with a Value target', () => {
  it('a total that does not fall as pods are added drives the count to maxReplicas: ScalingLimited TooManyReplicas', () => {
    // GetObjectMetricReplicas: ratio = 300 / 100 over the ready pods, whatever their number.
    const sim = simFromYaml(
      scenario(
        '{type: Object, object: {describedObject: {apiVersion: apps/v1, kind: Deployment, name: web}, metric: {name: requests_per_second}, target: {type: Value, value: "100"}}}',
      ),
    );
    runUntil(sim, 5 * 60 * S);
    expect(hpaRows(sim)[0]?.detail).toBe(
      'New size: 4; reason: Deployment metric requests_per_second above target',
    );
    expect(replicas(sim)).toBe(20);
    // The status write: a Condition row where a condition appears or changes status or reason (4 -> 8 -> 16
    // keep SucceededRescale and ScaleUpLimit, so they write none).
    expect(hpaRows(sim, 'Condition').map((r) => [r.timeUs / S, r.reason, r.detail])).toEqual([
      [
        15,
        'SucceededRescale',
        'AbleToScale=True: the HPA controller was able to update the target scale to 4',
      ],
      [
        15,
        'ValidMetricFound',
        'ScalingActive=True: the HPA was able to successfully calculate a replica count from Deployment metric requests_per_second',
      ],
      [
        15,
        'ScaleUpLimit',
        'ScalingLimited=True: the desired replica count is increasing faster than the maximum scale rate',
      ],
      [
        60,
        'TooManyReplicas',
        'ScalingLimited=True: the desired replica count is more than the maximum replica count',
      ],
      [75, 'ReadyForNewScale', 'AbleToScale=True: recommended size matches current size'],
    ]);
    const r = record(sim);
    expect(r?.status.conditions.find((c) => c.type === 'ScalingLimited')).toMatchObject({
      status: 'True',
      reason: 'TooManyReplicas',
    });
  });
});

describe('a target the scale subresource cannot find', () => {
  it('one FailedGetScale Warning for many failed syncs; AbleToScale False', () => {
    const sim = simFromYaml(
      scenario(
        '{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}}',
        'nope',
      ),
    );
    runUntil(sim, 10 * 60 * S);
    expect(hpaRows(sim).map((r) => [r.timeUs, r.reason, r.detail])).toEqual([
      [15 * S, 'FailedGetScale', 'deployments.apps "nope" not found'],
    ]);
    const r = record(sim);
    expect(r?.status.conditions.find((c) => c.type === 'AbleToScale')).toMatchObject({
      status: 'False',
      reason: 'FailedGetScale',
    });
    expect(replicas(sim)).toBe(2);
  });
});

describe('a kube-controller-manager restart (fault controller-manager-restart)', () => {
  // cpu at 0.3 cores over 2 x 1 core and a 50 % target recommends 1 replica from the first sync; the
  // 5 m scale-down window holds the 2 until the initial recommendation (15 s) leaves it. A restart at
  // 200 s drops the controller's recommendations: its first sync after the restart (215 s, one period
  // after the informer lists the HPA again) seeds them with the current 2 replicas at that instant
  // (horizontal.go reconcileAutoscaler), so the scale-down waits for that seed to leave the window.
  const cpu = '{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}}';
  const withRestart = (at: string) =>
    scenario(cpu).replace(
      '  load:\n',
      `  faults: [{at: ${at}, action: controller-manager-restart}]\n  load:\n`,
    );
  const rescales = (sim: Sim) =>
    hpaRows(sim)
      .filter((r) => r.reason === 'SuccessfulRescale')
      .map((r) => [r.timeUs / S, r.detail]);

  it('without a restart the scale-down comes when the 15 s recommendation leaves the window', () => {
    const sim = simFromYaml(scenario(cpu));
    runUntil(sim, 10 * 60 * S);
    expect(rescales(sim)).toEqual([[330, 'New size: 1; reason: All metrics below target']]);
  });

  it('the restart forgets the recommendations and reseeds them with the current count: scale-down 200 s later', () => {
    const sim = simFromYaml(withRestart('200s'));
    runUntil(sim, 10 * 60 * S);
    expect(rescales(sim)).toEqual([[530, 'New size: 1; reason: All metrics below target']]);
    // Syncs run on the new grid: one period after the restart, then every period.
    expect(record(sim)?.status.lastScaleTimeUs).toBe(530 * S);
  });

  it('the status (desired replicas, conditions) is in the API and survives the restart', () => {
    const sim = simFromYaml(withRestart('200s'));
    runUntil(sim, 199 * S);
    const before = record(sim)?.status.conditions;
    runUntil(sim, 201 * S);
    expect(record(sim)?.status.conditions).toEqual(before);
    expect(record(sim)?.status.desiredReplicas).toBe(2);
  });
});
