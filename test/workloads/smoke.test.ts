import { describe, expect, it } from 'vitest';
import { runUntil } from '../helpers/run.js';
import { S, simFromYaml } from '../helpers/scenario.js';

const base = `
apiVersion: kubesim/v1alpha1
kind: Scenario
metadata: {name: smoke}
spec:
  duration: 10m
  cluster:
    nodePools:
      - {name: general, count: 3, zones: [zone-a], capacity: {cpu: "8", memory: 32Gi}}
  workloads:
    - apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web}
      spec:
        replicas: 5
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec:
            containers: [{name: web, image: nginx, resources: {requests: {cpu: 500m, memory: 256Mi}}}]
`;

describe('smoke', () => {
  it('a Deployment creates a ReplicaSet and its pods start', () => {
    const sim = simFromYaml(base);
    runUntil(sim, 60 * S);
    const rows = sim.log.keptRows.filter((r) => r.kind === 'Workload').map((r) => `${r.timeUs} ${r.reason}`);
    expect(rows[0]).toBe('0 ScalingReplicaSet');
    const progressing = sim.log.keptRows.filter(
      (r) =>
        r.kind === 'Condition' && r.object === 'Deployment/default/web' && r.detail.startsWith('Progressing'),
    );
    // progress.go: created, progressing (updated replicas grow), then complete.
    expect(progressing.map((r) => r.reason)).toEqual([
      'NewReplicaSetCreated',
      'ReplicaSetUpdated',
      'NewReplicaSetAvailable',
    ]);
    expect(sim.state.podBuckets.running).toBe(5);
    // pods.csv fields: owner Kind/name, every time that happened is set.
    for (const p of sim.state.podHistory) {
      expect(p.owner?.kind).toBe('ReplicaSet');
      // Bound by the kube-scheduler: a cycle plus the 2 ms bind latency after creation.
      expect((p.scheduledUs as number) - p.createdUs).toBeGreaterThanOrEqual(2_000);
      expect(p.startedUs as number).toBeGreaterThan(p.scheduledUs as number);
    }
  });
});
