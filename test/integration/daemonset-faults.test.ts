// DaemonSet pods and node faults, end to end: an add-nodes fault at 60 s registers two nodes, which get
// their daemon pods at once (daemon_controller.go: a pod per eligible node), bound by the scheduler
// through the pod's metadata.name matchFields affinity. One of the added nodes crashes at 100 s: it goes
// Unknown and is tainted unreachable:NoExecute; the ReplicaSet pod on it is evicted 300 s later, but the
// daemon pod carries the not-ready/unreachable NoExecute tolerations without tolerationSeconds
// (AddOrUpdateDaemonPodTolerations) and is never evicted (node-health-timing.md §4.2, S3).
// Kubelets are on the M1 grid: a kubelet started at 60 s syncs at once and then renews at 2 mod 10 s,
// so the crashed node's last renewal is at 92 s (probe 95 s): Unknown at 145 s, NoExecute at 150 s.

import { beforeAll, describe, expect, it } from 'vitest';
import { NOEXEC_UNREACHABLE, type PublicRun, rows, runPublic, S, sampleAt, times } from './public-run.js';

const scenario = `
apiVersion: kubesim/v1alpha1
kind: Scenario
metadata: {name: ds-faults}
spec:
  duration: 10m
  kubernetesVersion: "1.34"
  kubelet: {jitter: false}
  metrics: {interval: 10s}
  cluster:
    nodePools: [{name: node, count: 4, zones: [zone-a, zone-b], capacity: {cpu: "4", memory: 16Gi}}]
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
      kind: ReplicaSet
      metadata: {name: web}
      spec:
        replicas: 4
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec: {containers: [{name: web, image: registry.k8s.io/pause:3.10, resources: {requests: {cpu: "1", memory: 1Gi}}}]}
  operations:
    - {at: 70s, action: scale, target: ReplicaSet/web, replicas: 6}
  faults:
    - {at: 60s, action: add-nodes, pool: node, count: 2}
    - {at: 100s, action: node-crash, node: node-a-03}
`;

describe('DaemonSet pods on added nodes, and no eviction when their node goes Unknown', () => {
  // Run in beforeAll, not at collection time, so that a mutation run sees it (docs/mutation.md).
  let run: PublicRun;
  beforeAll(() => {
    run = runPublic(scenario);
  });
  const agentOn = (node: string) =>
    rows(run, { reason: 'Scheduled', object: /^kube-system\/agent-/, node }).map((r) => r.object);

  it('gives each node added by the add-nodes fault its daemon pod at once', () => {
    expect(times(run, { reason: 'RegisteredNode' })).toEqual([0, 0, 0, 0, 60, 60]);
    const added = rows(run, { reason: 'RegisteredNode' })
      .filter((r) => r.t === 60 * S)
      .map((r) => r.object);
    expect(added).toEqual(['node-a-03', 'node-b-03']);
    const created = rows(run, { reason: 'Created', detail: 'DaemonSet/agent' });
    expect(created.map((r) => r.t / S)).toEqual([0, 0, 0, 0, 60, 60]);
    for (const n of added) {
      const [pod] = agentOn(n);
      expect(pod).toBeDefined();
      const bound = rows(run, { reason: 'Scheduled', object: pod as string });
      // Bound by the scheduler (a cycle plus the 2 ms bind latency), started by the new node's kubelet.
      expect(bound[0]?.t).toBeGreaterThan(60 * S);
      expect(bound[0]?.t).toBeLessThan(61 * S);
      expect(times(run, { reason: 'Started', object: pod as string })).toHaveLength(1);
    }
    // One daemon pod per node, never two.
    for (const n of ['node-a-01', 'node-a-02', 'node-b-01', 'node-b-02', ...added]) {
      expect(agentOn(n)).toHaveLength(1);
    }
  });

  it('evicts the ReplicaSet pod on the crashed added node at taint + 300 s, never its daemon pod', () => {
    expect(times(run, { reason: 'NodeStatusUnknown', object: 'node-a-03' })).toEqual([145]);
    expect(times(run, { reason: 'TaintAdded', object: 'node-a-03', detail: NOEXEC_UNREACHABLE })).toEqual([
      150,
    ]);
    // The scale-up at 70 s put a web replica on each (emptier) added node.
    const webOnA3 = rows(run, { reason: 'Scheduled', object: /^default\/web-/, node: 'node-a-03' });
    expect(webOnA3).toHaveLength(1);
    const evictions = rows(run, { reason: 'TaintManagerEviction' });
    expect(evictions.map((r) => [r.t / S, r.object])).toEqual([[450, webOnA3[0]?.object]]);
    // The daemon pod stays: no deletion of any kind, no second daemon pod elsewhere.
    const [agent] = agentOn('node-a-03');
    expect(rows(run, { object: agent as string }).map((r) => r.reason)).toEqual([
      'Created',
      'Scheduled',
      'Started',
    ]);
    expect(rows(run, { reason: 'Created', detail: 'DaemonSet/agent' })).toHaveLength(6);
    expect(run.pods.find((p) => p.pod === agent)).toMatchObject({ deleted_s: '', end_reason: 'Running' });
    // Its replacement ReplicaSet pod went to a healthy node.
    const replacement = rows(run, { reason: 'Created', detail: 'ReplicaSet/web' }).filter(
      (r) => r.t === 450 * S,
    );
    expect(replacement).toHaveLength(1);
    expect(rows(run, { reason: 'Scheduled', object: replacement[0]?.object as string })[0]?.node).not.toBe(
      'node-a-03',
    );
    expect(sampleAt(run, 600)).toMatchObject({
      nodes_total: 6,
      nodes_unknown: 1,
      pods_terminating: 1,
      evictions_total: 1,
      pods_pending: 0,
    });
  });
});
