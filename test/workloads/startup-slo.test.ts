// Default lifecycle stages keep pod start-up within the upstream SLO on an idle cluster
// (sig-scalability slos.md: p99 <= 5 s from creation to running, image pulls excluded). Creation to
// running includes the real scheduler's cycle and bind: the ReplicaSet controller creates pods at its
// 20 QPS client limit, below the scheduler's 50 QPS bind limit, so no scheduling backlog builds.

import { describe, expect, it } from 'vitest';
import { latencyStats } from '../../src/metrics/summary.js';
import { runUntil } from '../helpers/run.js';
import { S, simFromYaml } from '../helpers/scenario.js';

describe('pod start-up SLO with default stages', () => {
  it('p99 creation -> running stays under 5 s on an idle cluster', () => {
    const sim = simFromYaml(`
apiVersion: kubesim/v1alpha1
kind: Scenario
metadata: {name: slo}
spec:
  seed: 11
  duration: 10m
  cluster:
    nodePools: [{name: p, count: 20, zones: [z-a, z-b], capacity: {cpu: "32", memory: 128Gi}}]
  workloads:
    - apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web}
      spec:
        replicas: 1000
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec: {containers: [{name: web, image: registry.k8s.io/pause:3.10, resources: {requests: {cpu: 100m}}}]}
`);
    runUntil(sim, 10 * 60 * S);
    const startup = sim.state.podHistory.map((p) => (p.startedUs as number) - p.createdUs);
    expect(startup).toHaveLength(1000);
    const stats = latencyStats(startup);
    expect(stats.p99_s).toBeLessThan(5);
    expect(stats.p50_s).toBeGreaterThan(0.5);
  });
});
