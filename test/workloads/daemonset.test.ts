import { describe, expect, it } from 'vitest';
import type { DaemonSet } from '../../src/workloads/objects.js';
import { runUntil } from '../helpers/run.js';
import { S, simFromYaml } from '../helpers/scenario.js';

const scenario = `
apiVersion: kubesim/v1alpha1
kind: Scenario
metadata: {name: ds}
spec:
  duration: 10m
  cluster:
    nodePools:
      - {name: general, count: 3, zones: [z-a], capacity: {cpu: "8", memory: 32Gi}}
      - {name: gpu, count: 1, zones: [z-a], capacity: {cpu: "8", memory: 32Gi}, taints: [{key: dedicated, value: gpu, effect: NoSchedule}]}
  workloads:
    - apiVersion: apps/v1
      kind: DaemonSet
      metadata: {name: agent, namespace: kube-system}
      spec:
        selector: {matchLabels: {app: agent}}
        template:
          metadata: {labels: {app: agent}}
          spec: {containers: [{name: agent, image: registry.k8s.io/pause:3.10, resources: {requests: {cpu: 100m}}}]}
    - apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web}
      spec:
        replicas: 2
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec: {containers: [{name: web, image: registry.k8s.io/pause:3.10, resources: {requests: {cpu: "1"}}}]}
  operations:
    - {at: 60s, action: add-nodes, pool: general, count: 2}
    - {at: 120s, action: drain, node: general-a-01}
`;

describe('DaemonSet controller end to end', () => {
  it('one pod per eligible node, pinned with matchFields; new nodes get theirs; drains leave them', () => {
    const sim = simFromYaml(scenario);
    runUntil(sim, 59 * S);
    const ds = sim.workloads.store.get('DaemonSet', 'kube-system/agent') as DaemonSet;
    const onNodes = () =>
      [...(sim.workloads.pods.owned(ds.uid)?.pods ?? [])]
        .filter((p) => p.deletionUs === null)
        .map((p) => p.nodeName)
        .sort();
    // The tainted gpu node is not eligible (its NoSchedule taint is not tolerated).
    expect(onNodes()).toEqual(['general-a-01', 'general-a-02', 'general-a-03']);
    expect(ds.status).toMatchObject({ desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 3 });
    const pod = sim.state.podHistory.find((p) => p.daemonSet);
    expect(
      pod?.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms,
    ).toEqual([{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [pod?.nodeName] }] }]);
    expect(
      pod?.spec.tolerations.find((t) => t.key === 'node.kubernetes.io/unreachable')?.tolerationSeconds,
    ).toBeUndefined();

    runUntil(sim, 110 * S);
    expect(onNodes()).toEqual([
      'general-a-01',
      'general-a-02',
      'general-a-03',
      'general-a-04',
      'general-a-05',
    ]);
    const created = sim.log.keptRows.filter((r) => r.reason === 'Created' && r.detail === 'DaemonSet/agent');
    expect(created.slice(3).every((r) => r.timeUs === 60 * S)).toBe(true);

    // The drain at 120 s has something to evict: the real scheduler put a web replica on general-a-01.
    expect([...(sim.state.node('general-a-01')?.pods ?? [])].some((p) => !p.daemonSet)).toBe(true);
    runUntil(sim, 200 * S);
    // drain: cordoned, the Deployment's pod on it evicted and replaced, the daemon pod stays.
    expect(sim.state.node('general-a-01')?.unschedulable).toBe(true);
    expect(onNodes()).toContain('general-a-01');
    const evicted = sim.state.podHistory.filter((p) => p.endReason === 'EvictionByEvictionAPI');
    expect(evicted.length).toBeGreaterThan(0);
    expect(evicted.every((p) => !p.daemonSet)).toBe(true);
    expect(
      sim.log.keptRows.some((r) => r.reason === 'NodeNotSchedulable' && r.object === 'general-a-01'),
    ).toBe(true);
  });

  it('an untolerated NoExecute taint removes the daemon pod; a new template rolls out node by node', () => {
    // The out-of-service fault taints general-a-02 node.kubernetes.io/out-of-service:NoExecute at 25 s,
    // a taint the daemon tolerations do not cover.
    const sim = simFromYaml(
      scenario.replace(
        '  operations:',
        `  faults: [{at: 25s, action: out-of-service, node: general-a-02}]
  operations:\n    - {at: 30s, action: set-image, target: DaemonSet/kube-system/agent, image: agent:v2}`,
      ),
    );
    runUntil(sim, 28 * S);
    const ds = sim.workloads.store.get('DaemonSet', 'kube-system/agent') as DaemonSet;
    expect(
      [...(sim.workloads.pods.owned(ds.uid)?.pods ?? [])].filter(
        (p) => p.nodeName === 'general-a-02' && p.deletionUs === null,
      ),
    ).toHaveLength(0);
    // The taint eviction controller deleted it the instant the taint landed.
    expect(
      sim.state.podHistory
        .filter((p) => p.daemonSet && p.endReason === 'TaintManagerEviction')
        .map((p) => [p.nodeName, p.deletionUs]),
    ).toEqual([['general-a-02', 25 * S]]);
    runUntil(sim, 59 * S);
    expect(ds.status.updatedNumberScheduled).toBe(2);
    // The pod on the tainted node goes first: the taint eviction controller deletes it (the DaemonSet
    // controller would too); then, maxUnavailable 1, the two old pods are replaced one after the other.
    const replaced = sim.state.podHistory.filter(
      (p) => p.daemonSet && (p.endReason === 'SuccessfulDelete' || p.endReason === 'TaintManagerEviction'),
    );
    expect(replaced).toHaveLength(3);
    const deletedAt = replaced.map((p) => p.deletionUs as number).sort((a, b) => a - b);
    expect(deletedAt[2]).toBeGreaterThan(deletedAt[1] as number);
  });
});
