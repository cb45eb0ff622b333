// A rolling update during a zone outage, with the outage's effects applied the way the node-health
// model applies them (node-health-timing.md §3.4, §4.4): the zone's kubelets stop (sim.kubelet.isUp is
// false), the node lifecycle controller marks their pods NotReady and taints the nodes
// unreachable:NoSchedule, and 300 s later the taint manager deletes the pods, which stay Terminating.
// To be re-run end to end with the node-health branch's faults after the merge.

import { describe, expect, it } from 'vitest';
import type { Deployment, ReplicaSet } from '../../src/workloads/objects.js';
import { FirstFitBinder, runWithBinder } from '../helpers/first-fit-binder.js';
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
  operations:
    - {at: 2m, action: set-image, target: Deployment/web, image: "v2"}
`);
    const binder = new FirstFitBinder(sim);
    // Spread the first replicas over every zone: bind round-robin before the outage.
    let i = 0;
    sim.state.watch({
      podAdded: (pod) => {
        if (sim.nowUs < 60 * S) {
          const nodes = sim.state.nodes;
          pod.nominatedNodeName = nodes[i++ % nodes.length]?.name ?? null;
        }
      },
    });
    const origFits = binder.fits.bind(binder);
    binder.fits = (pod, node) =>
      (pod.nominatedNodeName === null || pod.nominatedNodeName === node.name) && origFits(pod, node);
    runWithBinder(sim, 60 * S, binder);

    const zoneA = sim.state.nodes.filter((n) => n.zone === 'zone-a');
    const down = new Set(zoneA.map((n) => n.name));
    sim.kubelet.isUp = (name: string) => sim.state.node(name) !== undefined && !down.has(name);
    const stranded = zoneA.flatMap((n) => [...n.pods]);
    expect(stranded.length).toBe(8);
    for (const n of zoneA) {
      sim.state.setNodeCondition(n, 'Ready', 'Unknown', 'NodeStatusUnknown');
      sim.state.addTaint(n, { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' });
    }
    for (const p of stranded) sim.state.setPodReady(p, false);

    runWithBinder(sim, 360 * S, binder);
    for (const p of stranded) if (p.deletionUs === null) sim.state.markPodDeleting(p, 'TaintManagerEviction');
    runWithBinder(sim, 30 * 60 * S, binder);

    const d = sim.workloads.store.get('Deployment', 'default/web') as Deployment;
    const rss = sim.workloads.store.dependentsOf(d.uid) as ReplicaSet[];
    const current = rss.find((r) => r.templateText === d.templateText) as ReplicaSet;
    expect(d.completeUs).not.toBeNull();
    expect(current.status).toMatchObject({ replicas: 24, availableReplicas: 24 });
    const live = [...(sim.workloads.pods.owned(current.uid)?.pods ?? [])].filter(
      (p) => p.deletionUs === null,
    );
    expect(live.every((p) => p.nodeName !== null && !down.has(p.nodeName))).toBe(true);
    // The stranded old pods were scaled away first (SuccessfulDelete) or evicted, and stay Terminating.
    expect(stranded.every((p) => p.deletionUs !== null && p.removedUs === null)).toBe(true);
    expect(stranded.filter((p) => p.endReason === 'SuccessfulDelete').length).toBeGreaterThan(0);
    expect(sim.state.podBuckets.terminating).toBe(8);
    // Unavailable old replicas went first: the first scale-down of the old ReplicaSet took 2 (its
    // 8 unavailable replicas allowed it) before any new pod was available.
    const first = sim.log.keptRows.find(
      (r) => r.reason === 'ScalingReplicaSet' && r.detail.includes('Scaled down'),
    );
    expect(first?.timeUs).toBe(120 * S);
  });
});
