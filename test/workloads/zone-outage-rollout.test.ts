// A rolling update during a zone outage, end to end: the real kube-scheduler spreads the replicas over
// three zones (system default topology spread), zone-a goes dark at 1 m (zone-outage fault), the node
// lifecycle controller marks it Unknown and taints it, and the rollout starts at 2 m while the stranded
// pods are still counted. Upstream behaviour pinned (deployment/rolling.go, node-health-timing.md §3-§4):
// unavailable old replicas are scaled down first, the rollout completes on the healthy zones, and pods
// on the dead zone stay Terminating because no kubelet confirms their deletion.

import { describe, expect, it } from 'vitest';
import { rolloutComplete } from '../../src/controllers/deployment-util.js';
import type { Deployment, ReplicaSet } from '../../src/workloads/objects.js';
import { runUntil } from '../helpers/run.js';
import { S, simFromYaml } from '../helpers/scenario.js';

describe('rolling update during a zone outage', () => {
  it('scales unavailable old replicas down first and completes in the healthy zones', () => {
    const sim = simFromYaml(`
apiVersion: kubesim/v1alpha1
kind: Scenario
metadata: {name: outage-rollout}
spec:
  seed: 5
  duration: 30m
  kubelet: {jitter: false}
  cluster:
    nodePools: [{name: g, count: 12, zones: [zone-a, zone-b, zone-c], capacity: {cpu: "8", memory: 32Gi}}]
  workloads:
    - apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web}
      spec:
        replicas: 24
        strategy: {rollingUpdate: {maxSurge: 4, maxUnavailable: 2}}
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec: {containers: [{name: web, image: "v1", resources: {requests: {cpu: 500m}}}]}
  faults:
    - {at: 1m, action: zone-outage, zone: zone-a}
  operations:
    - {at: 2m, action: set-image, target: Deployment/web, image: "v2"}
`);
    runUntil(sim, 59 * S);
    const zoneA = sim.state.nodes.filter((n) => n.zone === 'zone-a');
    const down = new Set(zoneA.map((n) => n.name));
    const stranded = zoneA.flatMap((n) => [...n.pods]);
    // System default spreading (PodTopologySpread zone and hostname constraints) and LeastAllocated
    // spread the 24 replicas evenly: 8 per zone, 2 per node, as the first-fit binding of this test
    // used to do by hand.
    expect(stranded.length).toBe(8);
    expect(zoneA.map((n) => n.pods.size)).toEqual([2, 2, 2, 2]);

    runUntil(sim, 30 * 60 * S);
    const d = sim.workloads.store.get('Deployment', 'default/web') as Deployment;
    const rss = sim.workloads.store.dependentsOf(d.uid) as ReplicaSet[];
    const current = rss.find((r) => r.templateText === d.templateText) as ReplicaSet;
    expect(rolloutComplete(d.status)).toBe(true);
    expect(current.status).toMatchObject({ replicas: 24, availableReplicas: 24 });
    const live = [...(sim.workloads.pods.owned(current.uid)?.pods ?? [])].filter(
      (p) => p.deletionUs === null,
    );
    expect(live.every((p) => p.nodeName !== null && !down.has(p.nodeName))).toBe(true);
    // The stranded old pods were scaled away (SuccessfulDelete) or evicted, and stay Terminating.
    expect(stranded.every((p) => p.deletionUs !== null && p.removedUs === null)).toBe(true);
    expect(stranded.filter((p) => p.endReason === 'SuccessfulDelete').length).toBeGreaterThan(0);
    expect(sim.state.podBuckets.terminating).toBe(stranded.length);
    // Unavailable old replicas went first: the first scale-down of the old ReplicaSet is at the
    // rollout's start, before any new pod was available.
    const first = sim.log.keptRows.find(
      (r) => r.reason === 'ScalingReplicaSet' && r.detail.includes('Scaled down'),
    );
    expect(first?.timeUs).toBe(120 * S);
  });
});
