// ReplicaSetController's sync and API calls (pkg/controller/replicaset/replica_set.go syncReplicaSet,
// manageReplicas, getIndirectlyRelatedPods; replica_set_utils.go calculateStatus; controller_utils.go
// ControllerExpectations), driven directly on a real Sim: each test runs a scenario to a steady state,
// then asks the controller for one sync plan or one API call and checks what upstream's rule says.
import { describe, expect, it } from 'vitest';
import { deploymentScenario } from '../../test/helpers/deployment-scenario.js';
import { runUntil } from '../../test/helpers/run.js';
import { S, simFromYaml } from '../../test/helpers/scenario.js';
import type { Pod } from '../model/types.js';
import type { Sim } from '../sim/assemble.js';
import type { ReplicaSet, ReplicaSetStatus } from '../workloads/objects.js';
import { type ReplicaSetAction, sameReplicaSetStatus } from './replicaset.js';

function scenario(
  opts: { replicas?: number; minReadySeconds?: number; priorityClass?: string } = {},
): string {
  const pc = opts.priorityClass === undefined ? '' : `priorityClassName: ${opts.priorityClass}, `;
  return `
apiVersion: kubesim/v1alpha1
kind: Scenario
metadata: {name: rs}
spec:
  duration: 10m
  kubelet: {jitter: false}
  controllerManager: {apiRateLimits: false}
  cluster:
    nodePools: [{name: p, count: 3, capacity: {cpu: "8", memory: 32Gi, pods: 110}}]
  workloads:
    - apiVersion: apps/v1
      kind: ReplicaSet
      metadata: {name: web}
      spec:
        replicas: ${opts.replicas ?? 3}
        minReadySeconds: ${opts.minReadySeconds ?? 0}
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec: {${pc}containers: [{name: c, image: registry.k8s.io/pause:3.10, resources: {requests: {cpu: 100m}}}]}
`;
}

const KEY = 'default/web';

function rsOf(sim: Sim): ReplicaSet {
  const rs = sim.workloads.store.get('ReplicaSet', KEY);
  if (rs === undefined || rs.kind !== 'ReplicaSet') throw new Error('no ReplicaSet');
  return rs;
}

function podsOf(sim: Sim): Pod[] {
  return [...(sim.workloads.pods.owned(rsOf(sim).uid)?.pods ?? [])];
}

/** Marks a pod as being deleted in the informer's view only (no API call, no event). */
function markTerminating(sim: Sim, pod: Pod): void {
  pod.deletionUs = sim.nowUs;
  sim.workloads.pods.updated(pod);
}

describe('sameReplicaSetStatus', () => {
  const base: ReplicaSetStatus = {
    replicas: 3,
    readyReplicas: 2,
    availableReplicas: 1,
    observedGeneration: 4,
    conditions: [],
  };
  it('equal statuses compare equal', () => {
    expect(sameReplicaSetStatus(base, { ...base })).toBe(true);
  });
  it.each([
    ['replicas', { replicas: 4 }],
    ['readyReplicas', { readyReplicas: 3 }],
    ['availableReplicas', { availableReplicas: 2 }],
    ['observedGeneration', { observedGeneration: 5 }],
  ])('a different %s is a different status', (_field, over) => {
    expect(sameReplicaSetStatus(base, { ...base, ...over })).toBe(false);
    expect(sameReplicaSetStatus({ ...base, ...over }, base)).toBe(false);
  });
});

describe('ReplicaSetController: identity', () => {
  it('runs as "replicaset" and, over ReplicationControllers, as "replication", each with its own name stream', () => {
    const sim = simFromYaml(scenario());
    expect(sim.workloads.replicaSets.name).toBe('replicaset');
    expect(sim.workloads.replicationControllers.name).toBe('replication');
    expect(sim.rng.streamNames).toContain('controllers/replicaset/names');
    expect(sim.rng.streamNames).toContain('controllers/replication/names');
  });

  it('pods are named from generateName "<rs>-" (5 random characters)', () => {
    const sim = simFromYaml(scenario());
    runUntil(sim, 5 * S);
    const names = podsOf(sim).map((p) => p.name);
    expect(names).toHaveLength(3);
    for (const n of names) expect(n).toMatch(/^web-[a-z0-9]{5}$/);
  });
});

describe('ReplicaSetController.sync', () => {
  it('a ReplicaSet that is gone: no plan, and its expectations are forgotten', () => {
    const sim = simFromYaml(scenario());
    const c = sim.workloads.replicaSets;
    c.expectations.expect('default/gone', 2, 0, 0);
    expect(c.expectations.satisfied('default/gone', 0)).toBe(false);
    expect(c.sync('default/gone', 0)).toBeNull();
    expect(c.expectations.satisfied('default/gone', 0)).toBe(true);
  });

  it('in sync: no steps at all, and no requeue', () => {
    const sim = simFromYaml(scenario());
    runUntil(sim, 20 * S);
    const plan = sim.workloads.replicaSets.sync(KEY, sim.nowUs);
    expect(plan).toStrictEqual({ steps: [] });
  });

  it('too few pods: creations in slow-start batches 1, 2, 4, and the expectation of all of them', () => {
    const sim = simFromYaml(scenario());
    runUntil(sim, 20 * S);
    const c = sim.workloads.replicaSets;
    const rs = rsOf(sim);
    rs.replicas = 10;
    const plan = c.sync(KEY, sim.nowUs);
    expect(plan?.steps.map((s) => s.length)).toEqual([1, 2, 4]);
    expect(plan?.steps.flat().every((a) => a.op === 'create' && a.rs === rs)).toBe(true);
    expect(c.expectations.satisfied(KEY, sim.nowUs)).toBe(false);
  });

  it('a ReplicaSet being deleted creates nothing (manageReplicas is skipped)', () => {
    const sim = simFromYaml(scenario());
    runUntil(sim, 20 * S);
    const rs = rsOf(sim);
    rs.replicas = 5;
    rs.deletionUs = sim.nowUs;
    const plan = sim.workloads.replicaSets.sync(KEY, sim.nowUs);
    expect(plan?.steps.flat().filter((a) => a.op === 'create')).toEqual([]);
  });

  it('too many pods: one step deleting the surplus, never a pod that is already terminating', () => {
    const sim = simFromYaml(scenario());
    runUntil(sim, 20 * S);
    const rs = rsOf(sim);
    const [first, second] = podsOf(sim);
    if (first === undefined || second === undefined) throw new Error('pods');
    // A terminating, unassigned, not-ready pod would rank first for deletion if it were a candidate.
    first.ready = false;
    first.nodeName = null;
    markTerminating(sim, first);
    // Also not ready, but still active: this is the one ActivePodsWithRanks puts first.
    second.ready = false;
    sim.workloads.pods.updated(second);
    rs.replicas = 1;
    const plan = sim.workloads.replicaSets.sync(KEY, sim.nowUs);
    const deletes = (plan?.steps[0] ?? []) as ReplicaSetAction[];
    expect(deletes.map((a) => a.op)).toEqual(['delete']);
    expect(deletes[0]?.op === 'delete' && deletes[0].pod).toBe(second);
  });
});

describe('ReplicaSetController.calculateStatus with minReadySeconds (podutil.IsPodAvailable)', () => {
  it('ready but not yet available: status counts it ready, not available, and the sync re-queues after minReadySeconds', () => {
    const sim = simFromYaml(scenario({ minReadySeconds: 30 }));
    runUntil(sim, 10 * S);
    const rs = rsOf(sim);
    expect(podsOf(sim).every((p) => p.ready)).toBe(true);
    const plan = sim.workloads.replicaSets.sync(KEY, sim.nowUs);
    expect(plan?.requeueAfterUs).toBe(30 * S);
    expect(rs.status).toMatchObject({ replicas: 3, readyReplicas: 3, availableReplicas: 0 });
  });

  it('once available: all counted, no requeue', () => {
    const sim = simFromYaml(scenario({ minReadySeconds: 30 }));
    runUntil(sim, 60 * S);
    const rs = rsOf(sim);
    expect(rs.status).toMatchObject({ replicas: 3, readyReplicas: 3, availableReplicas: 3 });
    expect(sim.workloads.replicaSets.sync(KEY, sim.nowUs)).toStrictEqual({ steps: [] });
  });

  it('not every replica ready: no minReadySeconds requeue', () => {
    const sim = simFromYaml(scenario({ minReadySeconds: 30 }));
    runUntil(sim, 10 * S);
    const [first] = podsOf(sim);
    if (first === undefined) throw new Error('pods');
    first.ready = false;
    sim.workloads.pods.updated(first);
    const plan = sim.workloads.replicaSets.sync(KEY, sim.nowUs);
    expect(plan !== null && 'requeueAfterUs' in plan).toBe(false);
  });

  it('a terminating pod is not available, even when ready long enough', () => {
    const sim = simFromYaml(scenario({ minReadySeconds: 30 }));
    runUntil(sim, 60 * S);
    const rs = rsOf(sim);
    const [first] = podsOf(sim);
    if (first === undefined) throw new Error('pods');
    markTerminating(sim, first);
    const owned = sim.workloads.pods.ownedOrEmpty(rs.uid);
    expect(sim.workloads.replicaSets.calculateStatus(rs, owned, sim.nowUs)).toMatchObject({
      replicas: 2,
      readyReplicas: 2,
      availableReplicas: 2,
    });
  });

  it('without minReadySeconds a ready pod is available at once', () => {
    const sim = simFromYaml(scenario());
    runUntil(sim, 10 * S);
    const rs = rsOf(sim);
    const owned = sim.workloads.pods.ownedOrEmpty(rs.uid);
    expect(sim.workloads.replicaSets.calculateStatus(rs, owned, sim.nowUs).availableReplicas).toBe(3);
  });
});

describe('ReplicaSetController.apply', () => {
  it('delete: marks the pod deleting with SuccessfulDelete from ReplicaSet/<name>', () => {
    const sim = simFromYaml(scenario());
    runUntil(sim, 20 * S);
    const rs = rsOf(sim);
    const [pod] = podsOf(sim);
    if (pod === undefined) throw new Error('pods');
    expect(sim.workloads.replicaSets.apply({ op: 'delete', rs, pod }, sim.nowUs)).toBe(true);
    expect(pod.deletionUs).toBe(sim.nowUs);
    const row = sim.log.keptRows.find((r) => r.reason === 'SuccessfulDelete');
    expect(row?.detail).toBe('ReplicaSet/web');
  });

  it('delete of a pod already gone (NotFound) lowers the deletion expectation; a real one waits for the informer', () => {
    const sim = simFromYaml(scenario());
    runUntil(sim, 20 * S);
    const c = sim.workloads.replicaSets;
    const rs = rsOf(sim);
    const [pod] = podsOf(sim);
    if (pod === undefined) throw new Error('pods');
    markTerminating(sim, pod);
    c.expectations.expect(KEY, 0, 1, sim.nowUs);
    expect(c.apply({ op: 'delete', rs, pod }, sim.nowUs)).toBe(true);
    expect(c.expectations.satisfied(KEY, sim.nowUs)).toBe(true);
  });

  it('a successful delete is counted once (by the informer), not twice', () => {
    const sim = simFromYaml(scenario());
    runUntil(sim, 20 * S);
    const c = sim.workloads.replicaSets;
    const rs = rsOf(sim);
    const [a, b] = podsOf(sim);
    if (a === undefined || b === undefined) throw new Error('pods');
    c.expectations.expect(KEY, 0, 2, sim.nowUs);
    c.apply({ op: 'delete', rs, pod: a }, sim.nowUs);
    expect(c.expectations.satisfied(KEY, sim.nowUs)).toBe(false);
    c.apply({ op: 'delete', rs, pod: b }, sim.nowUs);
    expect(c.expectations.satisfied(KEY, sim.nowUs)).toBe(true);
  });

  it('status: written to the live object; a stale copy is dropped without error', () => {
    const sim = simFromYaml(scenario());
    runUntil(sim, 20 * S);
    const c = sim.workloads.replicaSets;
    const rs = rsOf(sim);
    const status = { ...rs.status, observedGeneration: 99 };
    const stale = { ...rs };
    const changes: string[] = [];
    sim.workloads.store.listen((obj, change) => {
      if (obj.kind === 'ReplicaSet') changes.push(change);
    });
    const rows = sim.log.keptRows.length;
    const failing = {
      ...status,
      conditions: [
        {
          type: 'ReplicaFailure',
          status: 'True' as const,
          reason: 'FailedCreate',
          message: 'x',
          lastTransitionUs: sim.nowUs,
          lastUpdateUs: sim.nowUs,
        },
      ],
    };
    expect(c.apply({ op: 'status', rs: stale, status: failing }, sim.nowUs)).toBe(true);
    expect(rs.status.observedGeneration).not.toBe(99);
    expect(changes).toEqual([]);
    expect(sim.log.keptRows.length).toBe(rows);
    expect(c.apply({ op: 'status', rs, status }, sim.nowUs)).toBe(true);
    expect(rs.status.observedGeneration).toBe(99);
    // A status write is a status update (no generation bump; the Job and Deployment informers care).
    expect(changes).toEqual(['status']);
  });

  it('create: skipped (and the expectation lowered) for a stale copy or a ReplicaSet being deleted', () => {
    const sim = simFromYaml(scenario());
    runUntil(sim, 20 * S);
    const c = sim.workloads.replicaSets;
    const rs = rsOf(sim);
    const before = sim.state.podHistory.length;
    c.expectations.expect(KEY, 2, 0, sim.nowUs);
    expect(c.apply({ op: 'create', rs: { ...rs } }, sim.nowUs)).toBe(true);
    expect(c.expectations.satisfied(KEY, sim.nowUs)).toBe(false);
    rs.deletionUs = sim.nowUs;
    expect(c.apply({ op: 'create', rs }, sim.nowUs)).toBe(true);
    expect(c.expectations.satisfied(KEY, sim.nowUs)).toBe(true);
    expect(sim.state.podHistory.length).toBe(before);
  });

  it('create: a pod the API accepts is created, owned by the ReplicaSet', () => {
    const sim = simFromYaml(scenario());
    runUntil(sim, 20 * S);
    const c = sim.workloads.replicaSets;
    const rs = rsOf(sim);
    const before = sim.state.podHistory.length;
    expect(c.apply({ op: 'create', rs }, sim.nowUs)).toBe(true);
    expect(sim.state.podHistory.length).toBe(before + 1);
    expect(sim.state.podHistory.at(-1)?.owner?.uid).toBe(rs.uid);
  });

  it('create rejected by admission: FailedCreate event, ReplicaFailure=True once, the call fails', () => {
    const sim = simFromYaml(scenario({ priorityClass: 'missing', replicas: 1 }));
    const c = sim.workloads.replicaSets;
    runUntil(sim, 1);
    const rs = rsOf(sim);
    const rowsBefore = sim.log.keptRows.length;
    c.expectations.expect(KEY, 1, 0, sim.nowUs);
    rs.status = { ...rs.status, conditions: [] };
    expect(c.apply({ op: 'create', rs }, sim.nowUs)).toBe(false);
    expect(c.expectations.satisfied(KEY, sim.nowUs)).toBe(true);
    const rows = sim.log.keptRows.slice(rowsBefore);
    const event = rows.find((r) => r.kind === 'Workload' && r.reason === 'FailedCreate');
    expect(event?.object).toBe('ReplicaSet/default/web');
    expect(event?.detail).toMatch(/^Error creating: pods "web-[a-z0-9]{5}" is forbidden: /);
    const cond = rs.status.conditions.find((x) => x.type === 'ReplicaFailure');
    expect(cond).toMatchObject({ status: 'True', reason: 'FailedCreate' });
    expect(cond?.message).toMatch(/no PriorityClass with name missing was found/);
    // A second failure keeps the condition (and does not write status again).
    const status = rs.status;
    expect(c.apply({ op: 'create', rs }, sim.nowUs)).toBe(false);
    expect(rs.status).toBe(status);
  });
});

describe('ReplicaSetController expectations hooks', () => {
  it('abandoned creations lower the add expectation; abandoned deletes do not', () => {
    const sim = simFromYaml(scenario());
    runUntil(sim, 20 * S);
    const c = sim.workloads.replicaSets;
    const rs = rsOf(sim);
    const [pod] = podsOf(sim);
    if (pod === undefined) throw new Error('pods');
    c.expectations.expect(KEY, 1, 0, sim.nowUs);
    c.abandoned([{ op: 'delete', rs, pod }]);
    expect(c.expectations.satisfied(KEY, sim.nowUs)).toBe(false);
    c.abandoned([{ op: 'create', rs }]);
    expect(c.expectations.satisfied(KEY, sim.nowUs)).toBe(true);
  });

  it('podAdded and podDeletionStarted count only pods whose controller is of this kind', () => {
    const sim = simFromYaml(scenario());
    runUntil(sim, 20 * S);
    const c = sim.workloads.replicaSets;
    const [pod] = podsOf(sim);
    if (pod === undefined || pod.owner === null) throw new Error('pods');
    const orphan = { ...pod, owner: null };
    const rcOwned = { ...pod, owner: { ...pod.owner, kind: 'ReplicationController' as const } };
    c.expectations.expect(KEY, 1, 1, sim.nowUs);
    c.podAdded(orphan);
    c.podAdded(rcOwned);
    c.podDeletionStarted(orphan);
    c.podDeletionStarted(rcOwned);
    expect(c.expectations.satisfied(KEY, sim.nowUs)).toBe(false);
    c.podAdded(pod);
    expect(c.expectations.satisfied(KEY, sim.nowUs)).toBe(false);
    c.podDeletionStarted(pod);
    expect(c.expectations.satisfied(KEY, sim.nowUs)).toBe(true);
  });
});

describe('ReplicaSetController victims: getIndirectlyRelatedPods', () => {
  // A Deployment mid-rollout (nodes cordoned, so the new ReplicaSet's surge pod stays unscheduled). The
  // old ReplicaSet's scale-down ranks its pods by how many active pods of *any* ReplicaSet of the same
  // Deployment share their node (ActivePodsWithRanks): the pod co-located with the new one goes first.
  const deployment = deploymentScenario({
    replicas: 2,
    strategy: '{type: RollingUpdate, rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}',
    operations: [
      '{at: 20s, action: cordon, nodes: [p-01, p-02, p-03]}',
      '{at: 21s, action: set-image, target: Deployment/web, image: v2}',
    ],
  });

  it.each([0, 1])('the old pod sharing a node with the new ReplicaSet pod (#%i) is deleted first', (i) => {
    const sim = simFromYaml(deployment);
    runUntil(sim, 40 * S);
    const dep = sim.workloads.store.get('Deployment', 'default/web');
    if (dep === undefined) throw new Error('no Deployment');
    const rss = sim.workloads.store.dependentsOf(dep.uid).filter((w) => w.kind === 'ReplicaSet');
    expect(rss).toHaveLength(2);
    const podsOfRs = (rs: { uid: string }) => [...(sim.workloads.pods.owned(rs.uid)?.pods ?? [])];
    const old = rss.find((r) => podsOfRs(r).some((p) => p.nodeName !== null)) as ReplicaSet;
    const fresh = rss.find((r) => r !== old) as ReplicaSet;
    const oldPods = podsOfRs(old);
    const [newPod] = podsOfRs(fresh);
    expect(oldPods).toHaveLength(2);
    if (newPod === undefined) throw new Error('no surge pod');
    expect(newPod.nodeName).toBeNull();
    const [a, b] = oldPods as [Pod, Pod];
    // Old pods on two nodes; the new pod (informer view only) beside old pod #i.
    a.nodeName = 'p-01';
    b.nodeName = 'p-02';
    newPod.nodeName = i === 0 ? 'p-01' : 'p-02';
    old.replicas = 1;
    const plan = sim.workloads.replicaSets.sync(old.key, sim.nowUs);
    const deletes = (plan?.steps[0] ?? []) as ReplicaSetAction[];
    expect(deletes).toHaveLength(1);
    expect(deletes[0]?.op === 'delete' && deletes[0].pod).toBe(oldPods[i]);
    // A terminating pod of the family no longer counts: beside the other old pod, it changes nothing.
    sim.workloads.replicaSets.expectations.delete(old.key);
    newPod.nodeName = i === 0 ? 'p-02' : 'p-01';
    markTerminating(sim, newPod);
    const baseline = (sim.workloads.replicaSets.sync(old.key, sim.nowUs)?.steps[0] ??
      []) as ReplicaSetAction[];
    sim.workloads.replicaSets.expectations.delete(old.key);
    newPod.nodeName = null;
    const alone = (sim.workloads.replicaSets.sync(old.key, sim.nowUs)?.steps[0] ?? []) as ReplicaSetAction[];
    expect(baseline.map((a) => a.op === 'delete' && a.pod)).toEqual(
      alone.map((a) => a.op === 'delete' && a.pod),
    );
  });
});

describe('ReplicaSetController victims: ranking inputs', () => {
  it.each([0, 1])('the pod ready for the shorter time (#%i) goes first (readySince feeds the rank)', (i) => {
    const sim = simFromYaml(scenario({ replicas: 2 }));
    runUntil(sim, 60 * S);
    const rs = rsOf(sim);
    const pods = podsOf(sim) as [Pod, Pod];
    (pods[i] as Pod).readyTransitionUs = sim.nowUs - S;
    (pods[1 - i] as Pod).readyTransitionUs = 0;
    rs.replicas = 1;
    const plan = sim.workloads.replicaSets.sync(KEY, sim.nowUs);
    const deletes = (plan?.steps[0] ?? []) as ReplicaSetAction[];
    expect(deletes).toHaveLength(1);
    expect(deletes[0]?.op === 'delete' && deletes[0].pod).toBe(pods[i]);
  });
});
