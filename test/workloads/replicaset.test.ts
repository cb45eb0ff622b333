import { describe, expect, it } from 'vitest';
import type { ReplicaSet } from '../../src/workloads/objects.js';
import { runWithBinder } from '../helpers/first-fit-binder.js';
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
          spec: {containers: [{name: web, resources: {requests: {cpu: 100m}}}]}
`;
}

const createdTimes = (sim: ReturnType<typeof simFromYaml>) =>
  sim.log.keptRows.filter((r) => r.reason === 'Created').map((r) => r.timeUs);

describe('ReplicaSet API client limits (kube-api-qps 20, burst 30)', () => {
  it('300 pods: 30 at once, then one every 50 ms', () => {
    const sim = simFromYaml(rsScenario(300));
    runWithBinder(sim, 60 * S);
    const t = createdTimes(sim);
    expect(t).toHaveLength(300);
    expect(t.filter((x) => x === 0)).toHaveLength(30);
    expect(t[299]).toBe(13.5 * S);
  });

  it('1000 pods: burstReplicas 500 per sync, the status write between syncs takes a token too', () => {
    const sim = simFromYaml(rsScenario(1000));
    runWithBinder(sim, 120 * S);
    const t = createdTimes(sim);
    expect(t).toHaveLength(1000);
    // Call #1000 (0-based) is the last creation: 1000 creates + 1 status write - 30 burst, at 50 ms each.
    expect(t[999]).toBe((1000 + 1 - 30) * 50_000);
  });

  it('ideal API when apiRateLimits is false', () => {
    const sim = simFromYaml(rsScenario(300, 'false'));
    runWithBinder(sim, 60 * S);
    expect(createdTimes(sim).every((x) => x === 0)).toBe(true);
  });
});

describe('ReplicaSet replacement after eviction (node-health-timing.md §4.4)', () => {
  it('a pod with a deletionTimestamp no longer counts: replacements are created at the DELETE, elsewhere', () => {
    const sim = simFromYaml(rsScenario(6));
    runWithBinder(sim, 100 * S);
    const victimNode = sim.state.node('p-a-01');
    if (victimNode === undefined) throw new Error('no node');
    // The node becomes unreachable: no new pods there, and its pods are evicted (as the taint manager does).
    sim.state.addTaint(victimNode, { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' });
    const evicted = [...victimNode.pods];
    expect(evicted.length).toBeGreaterThan(0);
    for (const p of evicted) sim.state.markPodDeleting(p, 'TaintManagerEviction');
    runWithBinder(sim, 200 * S);
    const rs = sim.workloads.store.get('ReplicaSet', 'default/web') as ReplicaSet;
    const live = [...(sim.workloads.pods.owned(rs.uid)?.pods ?? [])].filter((p) => p.deletionUs === null);
    expect(live).toHaveLength(6);
    const replacements = sim.state.podHistory.slice(6);
    expect(replacements).toHaveLength(evicted.length);
    expect(replacements.every((p) => p.createdUs === 100 * S)).toBe(true);
    expect(replacements.every((p) => p.nodeName !== 'p-a-01' && p.phase === 'Running')).toBe(true);
    expect(rs.status).toMatchObject({ replicas: 6, readyReplicas: 6, availableReplicas: 6 });
  });

  it('scale-down deletes unscheduled and not-ready pods first', () => {
    const sim = simFromYaml(rsScenario(4, 'false'));
    runWithBinder(sim, 60 * S);
    const rs = sim.workloads.store.get('ReplicaSet', 'default/web') as ReplicaSet;
    for (const n of sim.state.nodes) sim.state.setUnschedulable(n, true); // the new pods stay unscheduled
    rs.replicas = 6;
    sim.workloads.store.updated(rs, 'spec');
    runWithBinder(sim, 90 * S);
    rs.replicas = 4;
    sim.workloads.store.updated(rs, 'spec');
    runWithBinder(sim, 120 * S);
    const deleted = sim.state.podHistory.filter((p) => p.endReason === 'SuccessfulDelete');
    expect(deleted).toHaveLength(2);
    expect(deleted.every((p) => p.scheduledUs === null)).toBe(true);
  });
});
