// Rolling updates with the real scheduler, the invariant sampled at every ClusterState notification (each
// API write the controllers, scheduler and kubelets make). deployment/rolling.go: the ReplicaSets'
// replicas never sum past replicas + maxSurge, and the controller scales old pods down only while
// replicas - maxUnavailable stay available. A drain (Eviction API, no PodDisruptionBudget) may take
// availability lower by itself; the controller must still never add to that.

import { describe, expect, it } from 'vitest';
import { rolloutComplete } from '../../src/controllers/deployment-util.js';
import type { Pod } from '../../src/model/types.js';
import type { Sim } from '../../src/sim/assemble.js';
import type { Deployment, ReplicaSet } from '../../src/workloads/objects.js';
import { rows, runPublic, S, sampleAt, times } from './public-run.js';

const scenario = (
  replicas: number,
  surge: number,
  unavailable: number,
  nodes: number,
  cpu: string,
  ops: string,
) => `
apiVersion: kubesim/v1alpha1
kind: Scenario
metadata: {name: rollout}
spec:
  duration: 6m
  metrics: {interval: 10s}
  cluster:
    nodePools: [{name: node, count: ${nodes}, zones: [zone-a, zone-b], capacity: {cpu: "${cpu}", memory: 16Gi}}]
  stages:
    - {name: web-start, on: Scheduled, selector: {matchLabels: {app: web}}, delay: {distribution: uniform, min: 3s, max: 6s}}
  workloads:
    - apiVersion: apps/v1
      kind: DaemonSet
      metadata: {name: agent, namespace: kube-system}
      spec:
        selector: {matchLabels: {app: agent}}
        template:
          metadata: {labels: {app: agent}}
          spec: {containers: [{name: agent, image: registry.k8s.io/pause:3.10, resources: {requests: {cpu: 100m, memory: 128Mi}}}]}
    - apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web}
      spec:
        replicas: ${replicas}
        strategy: {rollingUpdate: {maxSurge: ${surge}, maxUnavailable: ${unavailable}}}
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec: {containers: [{name: web, image: "v1", resources: {requests: {cpu: "1", memory: 1Gi}}}]}
  operations:
${ops}
`;

interface Watch {
  /** Largest sum of the ReplicaSets' spec replicas, live (not terminating) pods, seen at any write. */
  maxSpec: number;
  maxLive: number;
  /** Fewest ready live pods seen from the rollout's start on. */
  minReady: number;
  /** Ready live pods left right after each SuccessfulDelete of a ready pod by the ReplicaSet controller. */
  readyAfterControllerDelete: number[];
  notifications: number;
}

function watchRollout(sim: Sim, fromUs: number): Watch {
  const w: Watch = {
    maxSpec: 0,
    maxLive: 0,
    minReady: Number.POSITIVE_INFINITY,
    readyAfterControllerDelete: [],
    notifications: 0,
  };
  const web = () => sim.workloads.store.get('Deployment', 'default/web') as Deployment;
  const pods = () => {
    const out: Pod[] = [];
    for (const rs of sim.workloads.store.dependentsOf(web().uid) as ReplicaSet[])
      for (const p of sim.workloads.pods.owned(rs.uid)?.pods ?? []) if (p.deletionUs === null) out.push(p);
    return out;
  };
  const sample = (pod?: Pod) => {
    w.notifications++;
    const rss = sim.workloads.store.dependentsOf(web().uid) as ReplicaSet[];
    w.maxSpec = Math.max(
      w.maxSpec,
      rss.reduce((a, r) => a + r.replicas, 0),
    );
    const live = pods();
    w.maxLive = Math.max(w.maxLive, live.length);
    const ready = live.filter((p) => p.ready).length;
    if (sim.nowUs >= fromUs) w.minReady = Math.min(w.minReady, ready);
    if (pod?.endReason === 'SuccessfulDelete' && pod.ready && pod.owner?.kind === 'ReplicaSet')
      w.readyAfterControllerDelete.push(ready);
  };
  sim.state.watch({
    podAdded: () => sample(),
    podUpdated: (p, change) => sample(change === 'deleting' ? p : undefined),
    podDeleted: () => sample(),
    nodeUpdated: () => sample(),
    leaseRenewed: () => sample(),
  });
  return w;
}

const completed = (sim: Sim) => {
  const d = sim.workloads.store.get('Deployment', 'default/web') as Deployment;
  const rss = sim.workloads.store.dependentsOf(d.uid) as ReplicaSet[];
  const current = rss.find((r) => r.templateText === d.templateText) as ReplicaSet;
  return { d, current, old: rss.filter((r) => r !== current) };
};

describe('rolling update bounds with the real scheduler', () => {
  it('never exceeds replicas + maxSurge nor goes below replicas - maxUnavailable, on a tight cluster', () => {
    // 10 replicas of 1 cpu, maxSurge 3, maxUnavailable 2 on 3 nodes of 4.1 cpu that also run a 100m
    // daemon pod each: 12 web pods fit, so one surge pod at a time waits in the scheduler until an old
    // pod is gone.
    let w: Watch | undefined;
    const run = runPublic(
      scenario(
        10,
        3,
        2,
        3,
        '4100m',
        '    - {at: 60s, action: set-image, target: Deployment/web, image: "v2"}',
      ),
      { watch: (sim) => (w = watchRollout(sim, 60 * S)) },
    );
    const watch = w as Watch;
    expect(watch.notifications).toBeGreaterThan(200);
    expect(watch.maxSpec).toBe(13);
    expect(watch.maxLive).toBeLessThanOrEqual(13);
    expect(watch.minReady).toBe(8);
    expect(watch.readyAfterControllerDelete.every((r) => r >= 8)).toBe(true);
    // The surge could not all be placed: some new pods waited for capacity.
    expect(rows(run, { reason: 'FailedScheduling', object: /^default\/web-/ }).length).toBeGreaterThan(0);
    const { d, current, old } = completed(run.sim);
    expect(rolloutComplete(d.status)).toBe(true);
    expect(current.status).toMatchObject({ replicas: 10, availableReplicas: 10 });
    expect(old.every((r) => r.replicas === 0)).toBe(true);
    expect(sampleAt(run, 360)).toMatchObject({ pods_pending: 0, pods_running: 13, pods_terminating: 0 });
  });

  it('a drain during the rollout: evicted pods are replaced, the rollout completes off the drained node', () => {
    let w: Watch | undefined;
    const run = runPublic(
      scenario(
        8,
        2,
        1,
        4,
        '4',
        `    - {at: 60s, action: set-image, target: Deployment/web, image: "v2"}
    - {at: 64s, action: drain, node: node-a-01}`,
      ),
      { watch: (sim) => (w = watchRollout(sim, 60 * S)) },
    );
    const watch = w as Watch;
    // Surge bound always holds, drain or not.
    expect(watch.maxSpec).toBe(10);
    expect(watch.maxLive).toBeLessThanOrEqual(10);
    // The controller itself never deleted a ready pod that took availability under 8 - 1.
    expect(watch.readyAfterControllerDelete.length).toBeGreaterThan(0);
    expect(watch.readyAfterControllerDelete.every((r) => r >= 7)).toBe(true);
    // The drain cordons node-a-01 and evicts every web pod there (old and new), not the daemon pod.
    expect(times(run, { reason: 'NodeNotSchedulable', object: 'node-a-01' })).toEqual([64]);
    const evicted = rows(run, { reason: 'EvictionByEvictionAPI' });
    expect(evicted.length).toBeGreaterThan(0);
    expect(
      evicted.every((r) => r.t === 64 * S && r.node === 'node-a-01' && r.object.startsWith('default/web-')),
    ).toBe(true);
    // Nothing but the daemon pod is on node-a-01 after the drain; it was never evicted.
    expect(
      rows(run, { reason: 'Scheduled', node: 'node-a-01' })
        .filter((r) => r.t > 64 * S)
        .map((r) => r.object),
    ).toEqual([]);
    const agent = rows(run, { reason: 'Scheduled', node: 'node-a-01', object: /^kube-system\/agent-/ });
    expect(agent).toHaveLength(1);
    expect(run.pods.find((p) => p.pod === agent[0]?.object)?.end_reason).toBe('Running');
    const { d, current, old } = completed(run.sim);
    expect(rolloutComplete(d.status)).toBe(true);
    expect(current.status).toMatchObject({ replicas: 8, availableReplicas: 8 });
    expect(old.every((r) => r.replicas === 0)).toBe(true);
    const live = [...(run.sim.workloads.pods.owned(current.uid)?.pods ?? [])].filter(
      (p) => p.deletionUs === null,
    );
    expect(live.every((p) => p.nodeName !== 'node-a-01' && p.phase === 'Running')).toBe(true);
    expect(rows(run, { reason: 'NewReplicaSetAvailable' })).toHaveLength(2);
  });
});
