// DaemonSetController, the adapter around planDaemonSet (pkg/controller/daemon/daemon_controller.go
// syncDaemonSet, manage, syncNodes, updateDaemonSetStatus; failedPodsBackoff): the plan of one sync and
// each API call, driven directly on a real Sim.
import { describe, expect, it } from 'vitest';
import { checkExpectationHooks } from '../../test/helpers/expectations.js';
import { runUntil } from '../../test/helpers/run.js';
import { S, simFromYaml } from '../../test/helpers/scenario.js';
import type { Pod } from '../model/types.js';
import type { Sim } from '../sim/assemble.js';
import type { DaemonSet } from '../workloads/objects.js';
import { DAEMONSET_BURST_REPLICAS, type DaemonSetAction } from './daemonset.js';

function scenario(nodes = 3, podSpec = ''): string {
  return `
apiVersion: kubesim/v1alpha1
kind: Scenario
metadata: {name: ds}
spec:
  duration: 10m
  kubelet: {jitter: false}
  controllerManager: {apiRateLimits: false}
  cluster:
    nodePools: [{name: p, count: ${nodes}, capacity: {cpu: "8", memory: 32Gi, pods: 110}}]
  workloads:
    - apiVersion: apps/v1
      kind: DaemonSet
      metadata: {name: agent}
      spec:
        selector: {matchLabels: {app: agent}}
        template:
          metadata: {labels: {app: agent}}
          spec: {${podSpec}containers: [{name: a, image: registry.k8s.io/pause:3.10, resources: {requests: {cpu: 100m}}}]}
`;
}

const KEY = 'default/agent';

function dsOf(sim: Sim): DaemonSet {
  const ds = sim.workloads.store.get('DaemonSet', KEY);
  if (ds === undefined) throw new Error('no DaemonSet');
  return ds;
}

function podsOf(sim: Sim): Pod[] {
  return [...(sim.workloads.pods.owned(dsOf(sim).uid)?.pods ?? [])];
}

function steady(nodes = 3): Sim {
  const sim = simFromYaml(scenario(nodes));
  runUntil(sim, 20 * S);
  return sim;
}

describe('DaemonSetController.sync', () => {
  it('a DaemonSet that is gone: no plan, expectations forgotten; one being deleted: no plan', () => {
    const sim = steady();
    const c = sim.workloads.daemonSets;
    c.expectations.expect('default/gone', 1, 0, sim.nowUs);
    expect(c.sync('default/gone', sim.nowUs)).toBeNull();
    expect(c.expectations.satisfied('default/gone', sim.nowUs)).toBe(true);
    dsOf(sim).deletionUs = sim.nowUs;
    expect(c.sync(KEY, sim.nowUs)).toBeNull();
  });

  it('in sync: no calls, no requeue; the status counts every node', () => {
    const sim = steady();
    expect(podsOf(sim)).toHaveLength(3);
    expect(sim.workloads.daemonSets.sync(KEY, sim.nowUs)).toStrictEqual({ steps: [] });
    expect(dsOf(sim).status).toMatchObject({
      desiredNumberScheduled: 3,
      currentNumberScheduled: 3,
      numberReady: 3,
      numberAvailable: 3,
      numberUnavailable: 0,
      numberMisscheduled: 0,
      updatedNumberScheduled: 3,
      observedGeneration: dsOf(sim).generation,
    });
  });

  it('a node without its pod: one create for that node, the expectation set, status rewritten', () => {
    const sim = steady();
    const c = sim.workloads.daemonSets;
    const [pod] = podsOf(sim);
    if (pod === undefined) throw new Error('pods');
    sim.workloads.pods.removed(pod);
    const plan = c.sync(KEY, sim.nowUs);
    expect(plan?.steps[0]).toEqual([{ op: 'create', ds: dsOf(sim), node: pod.nodeName }]);
    expect(plan?.steps.at(-1)?.[0]?.op).toBe('status');
    expect(c.expectations.satisfied(KEY, sim.nowUs)).toBe(false);
    // Expectations pending: the next sync issues no pod calls, only status.
    const again = c.sync(KEY, sim.nowUs);
    expect(again?.steps.flat().map((a) => a.op)).toEqual(['status']);
  });

  it('creations are capped at burstReplicas (250) per sync, in slow-start batches', () => {
    const sim = simFromYaml(scenario(300));
    const c = sim.workloads.daemonSets;
    const plan = c.sync(KEY, 0);
    const creates = plan?.steps.filter((s) => s.some((a) => a.op === 'create')) ?? [];
    expect(creates.flat()).toHaveLength(DAEMONSET_BURST_REPLICAS);
    expect(creates.map((s) => s.length)).toEqual([1, 2, 4, 8, 16, 32, 64, 123]);
  });

  it('an extra pod on a node is deleted (the oldest kept), in one delete step', () => {
    const sim = steady();
    const c = sim.workloads.daemonSets;
    const pods = podsOf(sim);
    const [a, b] = pods as [Pod, Pod];
    // Pretend b runs beside a (informer view): a duplicate; the newer one goes.
    const newer = a.createdUs >= b.createdUs ? a : b;
    const older = newer === a ? b : a;
    newer.nodeName = older.nodeName;
    const plan = c.sync(KEY, sim.nowUs);
    const dels = plan?.steps.find((s) => s.some((x) => x.op === 'delete')) ?? [];
    expect(dels.every((x) => x.op === 'delete')).toBe(true);
    expect(dels.length).toBeGreaterThan(0);
  });
});

describe('DaemonSetController.apply', () => {
  it('delete: SuccessfulDelete from DaemonSet/<name>; NotFound lowers the expectation', () => {
    const sim = steady();
    const c = sim.workloads.daemonSets;
    const ds = dsOf(sim);
    const [a, b] = podsOf(sim);
    if (a === undefined || b === undefined) throw new Error('pods');
    c.expectations.expect(KEY, 0, 2, sim.nowUs);
    expect(c.apply({ op: 'delete', ds, pod: a }, sim.nowUs)).toBe(true);
    expect(a.deletionUs).toBe(sim.nowUs);
    expect(sim.log.keptRows.find((r) => r.reason === 'SuccessfulDelete')?.detail).toBe('DaemonSet/agent');
    expect(c.expectations.satisfied(KEY, sim.nowUs)).toBe(false);
    b.deletionUs = sim.nowUs;
    expect(c.apply({ op: 'delete', ds, pod: b }, sim.nowUs)).toBe(true);
    expect(c.expectations.satisfied(KEY, sim.nowUs)).toBe(true);
  });

  it('status: written to the live object as a status update; a stale copy is dropped', () => {
    const sim = steady();
    const c = sim.workloads.daemonSets;
    const ds = dsOf(sim);
    const changes: string[] = [];
    sim.workloads.store.listen((obj, change) => {
      if (obj.kind === 'DaemonSet') changes.push(change);
    });
    const status = { ...ds.status, numberMisscheduled: 5 };
    expect(c.apply({ op: 'status', ds: { ...ds }, status }, sim.nowUs)).toBe(true);
    expect(ds.status.numberMisscheduled).toBe(0);
    expect(changes).toEqual([]);
    expect(c.apply({ op: 'status', ds, status }, sim.nowUs)).toBe(true);
    expect(ds.status.numberMisscheduled).toBe(5);
    expect(changes).toEqual(['status']);
  });

  it('create: a pod pinned to its node, labelled with the revision hash, named <ds>-<5 chars>', () => {
    const sim = steady();
    const c = sim.workloads.daemonSets;
    const ds = dsOf(sim);
    const before = sim.state.podHistory.length;
    expect(c.apply({ op: 'create', ds, node: 'p-02' }, sim.nowUs)).toBe(true);
    expect(sim.state.podHistory.length).toBe(before + 1);
    const pod = sim.state.podHistory.at(-1) as Pod;
    expect(pod.name).toMatch(/^agent-[a-z0-9]{5}$/);
    expect(pod.owner?.uid).toBe(ds.uid);
    expect(pod.labels).toMatchObject({ app: 'agent', 'controller-revision-hash': ds.templateHash });
    expect(JSON.stringify(pod.spec)).toContain('p-02');
  });

  it('create: skipped for a stale copy or a DaemonSet being deleted', () => {
    const sim = steady();
    const c = sim.workloads.daemonSets;
    const ds = dsOf(sim);
    const before = sim.state.podHistory.length;
    c.expectations.expect(KEY, 2, 0, sim.nowUs);
    expect(c.apply({ op: 'create', ds: { ...ds }, node: 'p-01' }, sim.nowUs)).toBe(true);
    expect(c.expectations.satisfied(KEY, sim.nowUs)).toBe(false);
    ds.deletionUs = sim.nowUs;
    expect(c.apply({ op: 'create', ds, node: 'p-01' }, sim.nowUs)).toBe(true);
    expect(c.expectations.satisfied(KEY, sim.nowUs)).toBe(true);
    expect(sim.state.podHistory.length).toBe(before);
  });

  it('create rejected by admission: FailedCreate and the call fails', () => {
    const sim = simFromYaml(scenario(1, 'priorityClassName: missing, '));
    runUntil(sim, 1);
    const c = sim.workloads.daemonSets;
    const ds = dsOf(sim);
    c.expectations.expect(KEY, 1, 0, sim.nowUs);
    const rows = sim.log.keptRows.length;
    expect(c.apply({ op: 'create', ds, node: 'p-01' }, sim.nowUs)).toBe(false);
    expect(c.expectations.satisfied(KEY, sim.nowUs)).toBe(true);
    const row = sim.log.keptRows.slice(rows).find((r) => r.reason === 'FailedCreate');
    expect(row?.object).toBe('DaemonSet/default/agent');
    expect(row?.detail).toMatch(/^Error creating: pods "agent-[a-z0-9]{5}" is forbidden: /);
  });
});

describe('DaemonSetController expectations hooks', () => {
  it('abandoned creations lower the add expectation; podAdded/podDeletionStarted count DaemonSet pods only', () => {
    const sim = steady();
    const ds = dsOf(sim);
    const [pod] = podsOf(sim);
    if (pod === undefined) throw new Error('pods');
    checkExpectationHooks<DaemonSetAction>(sim.workloads.daemonSets, {
      key: KEY,
      nowUs: sim.nowUs,
      pod,
      abandonedDelete: { op: 'delete', ds, pod },
      abandonedCreate: { op: 'create', ds, node: 'x' },
      otherKind: 'ReplicaSet',
    });
  });
});

describe('failedPodsBackoff (daemon_controller.go, 1 s doubling to 15 min)', () => {
  it('a failed daemon pod is deleted at once, its replacement failing again waits 1 s, then 2 s', () => {
    const sim = steady(1);
    const c = sim.workloads.daemonSets;
    const ds = dsOf(sim);
    const fail = () => {
      const [p] = podsOf(sim).filter((x) => x.deletionUs === null);
      if (p === undefined) throw new Error('no live pod');
      p.phase = 'Failed';
      sim.workloads.pods.updated(p);
      return p;
    };
    const deletesAt = (t: number) => {
      c.expectations.delete(KEY);
      return (c.sync(KEY, t)?.steps.flat() ?? []).filter((a) => a.op === 'delete').length;
    };
    const t0 = sim.nowUs;
    const first = fail();
    expect(deletesAt(t0)).toBe(1);
    // Within the 1 s delay the failed pod is not deleted again, and the sync re-queues for what is left.
    expect(deletesAt(t0 + S / 2)).toBe(0);
    expect(c.sync(KEY, t0 + S / 2)?.requeueAfterUs).toBe(S / 2);
    expect(deletesAt(t0 + S)).toBe(1);
    // Doubled: 2 s now.
    expect(deletesAt(t0 + 2 * S)).toBe(0);
    expect(deletesAt(t0 + 3 * S)).toBe(1);
    expect(ds.key).toBe(KEY);
    expect(first.phase).toBe('Failed');
  });
});
