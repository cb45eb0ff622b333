// The event universe (src/expect/universe.ts) must hold every row a run writes, or `kubesim test`
// would refuse a selector that can match. Runs scenarios that together touch every component (the
// busy integration scenario, bundled scenarios with add-nodes, heartbeats, preemption, Pod GC, a
// controller-manager restart, rollouts in a zone outage) and one made for this test (a trace with named
// and unnamed rows, Job arrivals, every operation including failing ones, region labels, a zone fault
// named by its key, add-nodes by a fault and an operation at the same instant), and checks that each
// distinct row, as an exact selector on all its columns, fits the universe and has a listed reason.

import { describe, expect, it } from 'vitest';
import { selectorProblem } from '../../src/expect/feasible.js';
import { parseMatcher } from '../../src/expect/matcher.js';
import type { Selector } from '../../src/expect/selector.js';
import { eventUniverse } from '../../src/expect/universe.js';
import { runBuilt } from '../../src/index.js';
import { EVENT_REASONS } from '../../src/model/event-reasons.js';
import { buildScenario } from '../../src/scenario/build.js';
import { loadScenario, loadScenarioText } from '../../src/scenario/load.js';
import type { Scenario } from '../../src/scenario/schema.js';

const MADE = `apiVersion: kubesim/v1alpha1
kind: Scenario
metadata: {name: universe}
spec:
  duration: 12m
  kubelet: {jitter: false}
  cluster:
    nodePools:
      - {name: p, count: 4, region: r1, zones: [r1-a, r1-b], capacity: {cpu: "4", memory: 16Gi, pods: 30}}
  workloads:
    - apiVersion: apps/v1
      kind: DaemonSet
      metadata: {name: agent, namespace: kube-system}
      spec:
        selector: {matchLabels: {app: agent}}
        template:
          metadata: {labels: {app: agent}}
          spec: {containers: [{name: c, image: registry.k8s.io/pause:3.10, resources: {requests: {cpu: 10m}}}]}
    - apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web}
      spec:
        replicas: 3
        progressDeadlineSeconds: 60
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec: {containers: [{name: c, image: "nginx:1", resources: {requests: {cpu: 500m}}}]}
  arrivals:
    - name: batch
      rate: 0.02
      end: 4m
      template:
        apiVersion: batch/v1
        kind: Job
        metadata: {namespace: jobs}
        spec:
          completions: 2
          template:
            spec:
              restartPolicy: Never
              containers: [{name: c, image: registry.k8s.io/pause:3.10, resources: {requests: {cpu: 100m}}}]
    - name: replay
      trace:
        text: |
          submit_time,cpu,memory,duration,count,name
          10s,100m,64Mi,30s,1,
          20s,100m,64Mi,30s,3,
          30s,100m,64Mi,30s,1,named-pod
          40s,100m,64Mi,30s,2,named-pod
  faults:
    - {at: 1m, action: add-nodes, pool: p, count: 1}
    - {at: 2m, for: 6m, action: zone-outage, zone: "r1:r1-a"}
    - {at: 7m, action: controller-manager-restart}
  operations:
    - {at: 1m, action: add-nodes, pool: p, count: 1}
    - {at: 1m30s, action: scale, target: Deployment/web, replicas: 5}
    - {at: 1m40s, action: scale, target: DaemonSet/kube-system/agent, replicas: 5}
    - {at: 1m50s, action: scale, target: Deployment/missing, replicas: 1}
    - {at: 6m, action: set-image, target: Deployment/web, image: "nginx:2"}
    - {at: 6m10s, action: rollout-restart, target: DaemonSet/kube-system/agent}
    - {at: 6m20s, action: cordon, node: nope}
    - {at: 6m30s, action: drain, node: p-b-01}
    - {at: 6m40s, action: uncordon, node: p-b-01}
    - at: 8m
      action: apply
      manifest: {apiVersion: v1, kind: Pod, metadata: {name: late, namespace: other}, spec: {containers: [{name: c, image: registry.k8s.io/pause:3.10}]}}
    - at: 8m10s
      action: apply
      manifest: {apiVersion: scheduling.k8s.io/v1, kind: PriorityClass, metadata: {name: high}, value: 1000}
    - {at: 9m, action: delete, target: Deployment/web}
    - {at: 9m30s, action: delete-node, node: p-b-02}
`;

const FILES = [
  'test/integration/scenarios/busy.yaml',
  'scenarios/daemonset-new-nodes.yaml',
  'scenarios/job-queue.yaml',
  'scenarios/priority-preemption.yaml',
  'scenarios/unschedulable-retry.yaml',
  'scenarios/black-holed-api.yaml',
  'scenarios/controller-manager-restart.yaml',
  'scenarios/pod-gc.yaml',
  'scenarios/rolling-update-zone-outage.yaml',
  'scenarios/autoscaler-stockout.yaml',
  'scenarios/autoscaler-scale-down-blocked.yaml',
  'scenarios/autoscaler-zone-outage.yaml',
];

function check(scenario: Scenario): { rows: number; reasons: Set<string>; bad: string[] } {
  const built = buildScenario(scenario);
  const universe = eventUniverse(built);
  const seen = new Set<string>();
  const reasons = new Set<string>();
  const bad: string[] = [];
  let rows = 0;
  runBuilt(built, {
    onEventRow: (r) => {
      rows++;
      const key = [r.kind, r.reason, r.object, r.node, r.zone].join('\u0000');
      if (seen.has(key)) return;
      seen.add(key);
      reasons.add(`${r.kind}/${r.reason}`);
      if (!(EVENT_REASONS[r.kind] as readonly string[]).includes(r.reason))
        bad.push(`unlisted reason ${r.kind}/${r.reason}`);
      // Exact matchers: no glob or regex syntax in the values (a "*" would be read as a glob).
      const exact = (v: string) => ({ mode: 'exact' as const, text: v, pattern: v, flags: '' });
      const sel: Selector = {
        kind: exact(r.kind),
        reason: exact(r.reason),
        object: exact(r.object),
        node: exact(r.node),
        zone: exact(r.zone),
      };
      const p = selectorProblem(sel, universe);
      if (p) bad.push(`${key.replaceAll('\u0000', ',')}: ${p.field}: ${p.message}`);
    },
  });
  return { rows, reasons, bad };
}

describe('every row a run writes fits the event universe', () => {
  it.each(FILES)('%s', (file) => {
    const r = check(loadScenario(file).scenario);
    expect(r.rows).toBeGreaterThan(0);
    expect(r.bad).toEqual([]);
  });

  it('a scenario with traces, Job arrivals, every operation, regions and same-instant add-nodes', () => {
    const r = check(loadScenarioText(MADE).scenario);
    expect(r.bad).toEqual([]);
    // The scenario does reach the paths it is meant to cover.
    for (const want of [
      'Workload/OperationFailed',
      'Workload/Scaled',
      'Workload/ImageUpdated',
      'Workload/RolloutRestarted',
      'Workload/Applied',
      'Workload/Deleted',
      'Workload/ScalingReplicaSet',
      'Pod/EvictionByEvictionAPI',
      'Zone/ZoneStateChanged',
      'Fault/add-nodes',
      'Fault/controller-manager-restart',
      'Node/RemovingNode',
    ])
      expect(r.reasons).toContain(want);
  });

  it('parseMatcher keeps plain names exact (the selectors users write for these rows)', () => {
    expect(parseMatcher('default/web-5d8f-x2kzq').mode).toBe('exact');
  });
});
