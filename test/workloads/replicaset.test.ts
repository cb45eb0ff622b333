import { describe, expect, it } from 'vitest';
import type { ReplicaSet } from '../../src/workloads/objects.js';
import { runUntil } from '../helpers/run.js';
import { S, simFromYaml } from '../helpers/scenario.js';

function rsScenario(replicas: number, limits = 'true'): string {
  return `
apiVersion: kubesim/v1alpha1
kind: Scenario
metadata: {name: rs}
spec:
  duration: 10m
  controllerManager: {apiRateLimits: ${limits}}
  cluster:
    nodePools: [{name: p, count: 3, zones: [z-a, z-b, z-c], capacity: {cpu: "64", memory: 256Gi, pods: 500}}]
  workloads:
    - apiVersion: apps/v1
      kind: ReplicaSet
      metadata: {name: web}
      spec:
        replicas: ${replicas}
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec: {containers: [{name: web, image: registry.k8s.io/pause:3.10, resources: {requests: {cpu: 100m}}}]}
`;
}

const createdTimes = (sim: ReturnType<typeof simFromYaml>) =>
  sim.log.keptRows.filter((r) => r.reason === 'Created').map((r) => r.timeUs);

describe('ReplicaSet API client limits (kube-api-qps 20, burst 30)', () => {
  it('300 pods: 30 at once, then one every 50 ms', () => {
    const sim = simFromYaml(rsScenario(300));
    runUntil(sim, 60 * S);
    const t = createdTimes(sim);
    expect(t).toHaveLength(300);
    expect(t.filter((x) => x === 0)).toHaveLength(30);
    expect(t[299]).toBe(13.5 * S);
  });

  it('1000 pods: burstReplicas 500 per sync, the status write between syncs takes a token too', () => {
    const sim = simFromYaml(rsScenario(1000));
    runUntil(sim, 120 * S);
    const t = createdTimes(sim);
    expect(t).toHaveLength(1000);
    // Call #1000 (0-based) is the last creation: 1000 creates + 1 status write - 30 burst, at 50 ms each.
    expect(t[999]).toBe((1000 + 1 - 30) * 50_000);
  });

  it('ideal API when apiRateLimits is false', () => {
    const sim = simFromYaml(rsScenario(300, 'false'));
    runUntil(sim, 60 * S);
    expect(createdTimes(sim).every((x) => x === 0)).toBe(true);
  });
});

describe('ReplicaSet replacement after eviction (node-health-timing.md §4.4)', () => {
  it('a pod with a deletionTimestamp no longer counts: replacements are created at the DELETE, elsewhere', () => {
    // p-a-01 crashes at 100 s (node-crash fault). With kubelets on the M1 grid (jitter off) its last
    // renewal is at 92 s, seen by the 95 s pass: Ready=Unknown and unreachable:NoSchedule at 145 s,
    // unreachable:NoExecute at 150 s, TaintManagerEviction of its pods at 150 + 300 = 450 s (S1).
    const sim = simFromYaml(
      rsScenario(6).replace(
        '  controllerManager:',
        '  kubelet: {jitter: false}\n  faults: [{at: 100s, action: node-crash, node: p-a-01}]\n  controllerManager:',
      ),
    );
    runUntil(sim, 100 * S);
    const victimNode = sim.state.node('p-a-01');
    if (victimNode === undefined) throw new Error('no node');
    // The real scheduler spreads the 6 replicas over the 3 zones (system default PodTopologySpread and
    // LeastAllocated): 2 per node.
    const evicted = [...victimNode.pods];
    expect(sim.state.nodes.map((n) => n.pods.size)).toEqual([2, 2, 2]);
    runUntil(sim, 600 * S);
    expect(evicted.every((p) => p.deletionUs === 450 * S && p.endReason === 'TaintManagerEviction')).toBe(
      true,
    );
    // No kubelet confirms the deletion on the crashed node: the old pods stay Terminating.
    expect(evicted.every((p) => p.removedUs === null)).toBe(true);
    const rs = sim.workloads.store.get('ReplicaSet', 'default/web') as ReplicaSet;
    const live = [...(sim.workloads.pods.owned(rs.uid)?.pods ?? [])].filter((p) => p.deletionUs === null);
    expect(live).toHaveLength(6);
    const replacements = sim.state.podHistory.slice(6);
    expect(replacements).toHaveLength(evicted.length);
    expect(replacements.every((p) => p.createdUs === 450 * S)).toBe(true);
    expect(replacements.every((p) => p.nodeName !== 'p-a-01' && p.phase === 'Running')).toBe(true);
    expect(rs.status).toMatchObject({ replicas: 6, readyReplicas: 6, availableReplicas: 6 });
  });

  it('scale-down deletes unscheduled and not-ready pods first', () => {
    // Every node is cordoned at 60 s, so the two pods the scale-up to 6 creates stay unscheduled; the
    // scale back to 4 deletes exactly those two.
    const sim = simFromYaml(
      `${rsScenario(4, 'false')}  operations:
    - {at: 60s, action: cordon, nodes: [p-a-01, p-b-01, p-c-01]}
    - {at: 61s, action: scale, target: ReplicaSet/web, replicas: 6}
    - {at: 90s, action: scale, target: ReplicaSet/web, replicas: 4}
`,
    );
    runUntil(sim, 89 * S);
    expect(sim.state.podBuckets.pending).toBe(2);
    expect(sim.state.podBuckets.running).toBe(4);
    runUntil(sim, 120 * S);
    const deleted = sim.state.podHistory.filter((p) => p.endReason === 'SuccessfulDelete');
    expect(deleted).toHaveLength(2);
    expect(deleted.every((p) => p.scheduledUs === null)).toBe(true);
    expect(sim.state.podBuckets.running).toBe(4);
  });
});
