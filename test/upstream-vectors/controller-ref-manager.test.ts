// Upstream vectors: kubernetes/kubernetes pkg/controller/controller_ref_manager_test.go TestClaimPods,
// replayed against kubesim's claimPods (src/controllers/controller-ref-manager.ts), and the adoption
// cases of pkg/controller/replicaset/replica_set_test.go replayed through a whole simulation
// (TestDoNotPatchPodWithOtherControlRef, TestDoNotAdoptOrCreateIfBeingDeleted), plus the release of a
// dumped pod its ReplicaSet no longer selects. Each case keeps its upstream name. "patches" upstream
// counts the PATCHes ClaimPods sent: here the adopt and release lists.
// Not replayed: the finalizers of "Controller claims or release pods according to selector with
// finalizers" (kubesim's Job finalizers are not patched through ClaimPods; the claim itself is
// replayed), TestPatchPodFails (the simulation's PATCHes do not fail), and
// TestDoNotAdoptOrCreateIfBeingDeletedRace (the informer cache and the fresh GET are one object here:
// the recheck at PATCH time is pinned instead, in 'canAdopt at PATCH time').
import { describe, expect, it } from 'vitest';
import { type ClaimablePod, claimPods } from '../../src/controllers/controller-ref-manager.js';
import { runUntil } from '../helpers/run.js';
import { S, simFromYaml } from '../helpers/scenario.js';

const productionLabel = { type: 'production' };
const testLabel = { type: 'testing' };
const selector = { matchLabels: { type: 'production' } };
const controllerUID = '123';

interface TestPod extends ClaimablePod {
  readonly name: string;
}

function newPod(
  name: string,
  labels: Record<string, string>,
  owner: string | null,
  opts: { deleting?: boolean; namespace?: string } = {},
): TestPod {
  return {
    name,
    labels,
    ownerUid: owner,
    deleting: opts.deleting ?? false,
    namespace: opts.namespace ?? 'default',
  };
}

const controller = (o: { deleting?: boolean; namespace?: string } = {}) => ({
  uid: controllerUID,
  namespace: o.namespace ?? 'default',
  selector,
  deleting: o.deleting ?? false,
});

describe('controller_ref_manager_test.go TestClaimPods', () => {
  const cases: {
    name: string;
    controller: ReturnType<typeof controller>;
    pods: TestPod[];
    claimed: string[];
    patches: number;
  }[] = [
    {
      name: 'Claim pods with correct label',
      controller: controller(),
      pods: [newPod('pod1', productionLabel, null), newPod('pod2', testLabel, null)],
      claimed: ['pod1'],
      patches: 1,
    },
    {
      name: 'Controller marked for deletion can not claim pods',
      controller: controller({ deleting: true }),
      pods: [newPod('pod1', productionLabel, null), newPod('pod2', productionLabel, null)],
      claimed: [],
      patches: 0,
    },
    {
      name: 'Controller marked for deletion can not claim new pods',
      controller: controller({ deleting: true }),
      pods: [newPod('pod1', productionLabel, controllerUID), newPod('pod2', productionLabel, null)],
      claimed: ['pod1'],
      patches: 0,
    },
    {
      name: 'Controller can not claim pods owned by another controller',
      controller: controller(),
      pods: [newPod('pod1', productionLabel, controllerUID), newPod('pod2', productionLabel, 'AAAAA')],
      claimed: ['pod1'],
      patches: 0,
    },
    {
      name: "Controller releases claimed pods when selector doesn't match",
      controller: controller(),
      pods: [newPod('pod1', productionLabel, controllerUID), newPod('pod2', testLabel, controllerUID)],
      claimed: ['pod1'],
      patches: 1,
    },
    {
      name: 'Controller does not claim orphaned pods marked for deletion',
      controller: controller(),
      pods: [
        newPod('pod1', productionLabel, controllerUID, { deleting: true }),
        newPod('pod2', productionLabel, null, { deleting: true }),
      ],
      claimed: ['pod1'],
      patches: 0,
    },
    {
      name: 'Controller claims or release pods according to selector with finalizers',
      controller: controller(),
      pods: [
        newPod('pod1', productionLabel, controllerUID),
        newPod('pod2', testLabel, controllerUID),
        newPod('pod3', productionLabel, null),
      ],
      claimed: ['pod1', 'pod3'],
      patches: 2,
    },
    {
      name: 'Controller does not claim pods of different namespace',
      controller: controller(),
      pods: [
        newPod('pod1', productionLabel, null),
        newPod('pod2', productionLabel, null, { namespace: 'fakens' }),
      ],
      claimed: ['pod1'],
      patches: 1,
    },
    {
      name: 'Cluster scoped controller claims pods of specified namespace',
      controller: controller({ namespace: '' }),
      pods: [
        newPod('pod1', productionLabel, null),
        newPod('pod2', productionLabel, null, { namespace: 'fakens' }),
      ],
      claimed: ['pod1', 'pod2'],
      patches: 2,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = claimPods(c.controller, c.pods);
      expect(r.claimed.map((p) => p.name)).toEqual(c.claimed);
      expect(r.adopt.length + r.release.length).toBe(c.patches);
    });
  }
  it('what is patched: orphans adopted, own unmatched pods released', () => {
    const r = claimPods(controller(), [
      newPod('pod1', productionLabel, controllerUID),
      newPod('pod2', testLabel, controllerUID),
      newPod('pod3', productionLabel, null),
    ]);
    expect(r.adopt.map((p) => p.name)).toEqual(['pod3']);
    expect(r.release.map((p) => p.name)).toEqual(['pod2']);
  });
});

function scenario(workloads: string, operations = ''): string {
  return `
apiVersion: kubesim/v1alpha1
kind: Scenario
metadata: {name: adopt}
spec:
  duration: 10m
  kubelet: {jitter: false}
  cluster:
    nodePools: [{name: node, count: 3, capacity: {cpu: "4", memory: 16Gi, pods: 110}}]
  workloads:
${workloads}
${operations}
`;
}

const rs = (name: string, replicas: number, labels: string, kind = 'ReplicaSet') =>
  kind === 'ReplicaSet'
    ? `
    - apiVersion: apps/v1
      kind: ReplicaSet
      metadata: {name: ${name}}
      spec:
        replicas: ${replicas}
        selector: {matchLabels: ${labels}}
        template:
          metadata: {labels: ${labels}}
          spec:
            containers: [{name: c, image: "web:1", resources: {requests: {cpu: 100m}}}]`
    : `
    - apiVersion: v1
      kind: ReplicationController
      metadata: {name: ${name}}
      spec:
        replicas: ${replicas}
        selector: ${labels}
        template:
          metadata: {labels: ${labels}}
          spec:
            containers: [{name: c, image: "web:1", resources: {requests: {cpu: 100m}}}]`;

const pod = (name: string, labels: string, owner = '') => `
    - apiVersion: v1
      kind: Pod
      metadata:
        name: ${name}
        labels: ${labels}${owner === '' ? '' : `\n        ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: ${owner}, uid: x, controller: true}]`}
      spec:
        containers: [{name: c, image: "web:1", resources: {requests: {cpu: 100m}}}]`;

describe('replica_set_test.go adoption (syncReplicaSet claimPods)', () => {
  it('an orphan the selector matches is adopted and counted: RS 3 replicas + 1 bare pod creates 2', () => {
    const sim = simFromYaml(scenario(rs('web', 3, '{app: web}') + pod('bare', '{app: web}')));
    runUntil(sim, 30 * S);
    const live = [...sim.state.pods].filter((p) => p.deletionUs === null);
    expect(live.length).toBe(3);
    expect(sim.state.pod('default/bare')?.owner).toMatchObject({
      kind: 'ReplicaSet',
      name: 'web',
      controller: true,
    });
    for (const p of live) expect(p.owner?.name).toBe('web');
    expect(sim.workloads.store.get('ReplicaSet', 'default/web')?.status).toMatchObject({ replicas: 3 });
  });

  it('ReplicationController adopts the same way (replication_controller.go: the shared sync)', () => {
    const sim = simFromYaml(
      scenario(rs('web', 2, '{app: web}', 'ReplicationController') + pod('bare', '{app: web}')),
    );
    runUntil(sim, 30 * S);
    expect(sim.state.pod('default/bare')?.owner).toMatchObject({
      kind: 'ReplicationController',
      name: 'web',
    });
    expect([...sim.state.pods].filter((p) => p.deletionUs === null).length).toBe(2);
  });

  it('an adopted surplus pod can be scaled away: RS 1 replica + 2 bare pods deletes one', () => {
    const sim = simFromYaml(
      scenario(rs('web', 1, '{app: web}') + pod('a', '{app: web}') + pod('b', '{app: web}')),
    );
    runUntil(sim, 60 * S);
    const live = [...sim.state.pods].filter((p) => p.deletionUs === null && p.removedUs === null);
    expect(live.length).toBe(1);
    expect(sim.log.keptRows.filter((r) => r.reason === 'SuccessfulDelete' && r.kind === 'Pod').length).toBe(
      1,
    );
  });

  it('a pod the selector does not match is not adopted', () => {
    const sim = simFromYaml(scenario(rs('web', 1, '{app: web}') + pod('bare', '{app: db}')));
    runUntil(sim, 30 * S);
    expect(sim.state.pod('default/bare')?.owner).toBeNull();
    expect([...sim.state.pods].filter((p) => p.owner?.name === 'web').length).toBe(1);
  });

  it('TestDoNotPatchPodWithOtherControlRef: a pod another ReplicaSet controls is left alone; 2 created', () => {
    const sim = simFromYaml(
      scenario(
        rs('other', 1, '{app: web, team: a}') +
          pod('theirs', '{app: web, team: a}', 'other') +
          rs('web', 2, '{app: web}'),
      ),
    );
    runUntil(sim, 30 * S);
    expect(sim.state.pod('default/theirs')?.owner?.name).toBe('other');
    expect([...sim.state.pods].filter((p) => p.owner?.name === 'web').length).toBe(2);
  });

  it('TestDoNotAdoptOrCreateIfBeingDeleted: a ReplicaSet being deleted adopts nothing and creates nothing', () => {
    const sim = simFromYaml(scenario(rs('web', 2, '{app: web}') + pod('bare', '{app: web}')));
    const web = sim.workloads.store.get('ReplicaSet', 'default/web');
    if (web === undefined) throw new Error('no ReplicaSet');
    web.deletionUs = 0; // a deletionTimestamp, the object still held by a finalizer
    runUntil(sim, 30 * S);
    expect(sim.state.pod('default/bare')?.owner).toBeNull();
    expect([...sim.state.pods].filter((p) => p.owner?.name === 'web').length).toBe(0);
  });

  it('a dumped pod whose controller is outside the scenario runs bare and is not adopted', () => {
    const sim = simFromYaml(scenario(rs('web', 1, '{app: web}') + pod('elsewhere', '{app: web}', 'gone')));
    runUntil(sim, 30 * S);
    expect(sim.state.pod('default/elsewhere')?.owner).toBeNull();
    expect([...sim.state.pods].filter((p) => p.owner?.name === 'web').length).toBe(1);
  });

  it('a dumped pod naming the ReplicaSet that its selector does not match is released and replaced', () => {
    const sim = simFromYaml(scenario(rs('web', 1, '{app: web}') + pod('stray', '{app: db}', 'web')));
    runUntil(sim, 30 * S);
    expect(sim.state.pod('default/stray')?.owner).toBeNull();
    const owned = [...sim.state.pods].filter((p) => p.owner?.name === 'web' && p.deletionUs === null);
    expect(owned.length).toBe(1);
    expect(owned[0]?.name).not.toBe('stray');
  });
});
