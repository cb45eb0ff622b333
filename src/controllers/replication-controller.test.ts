// The ReplicationController manager (pkg/controller/replication): the ReplicaSet controller over
// ReplicationControllers (replication_controller.go NewReplicationManager wraps replicaset's
// NewBaseController with the RC kind and conversion.go adapters), so kubesim runs replicaset.ts with the
// ReplicationController kind. Pinned here what is RC-specific: spec.selector is a label map (defaulted
// from the template's labels, SetDefaults_ReplicationController) matched as matchLabels, pods owned as
// ReplicationController/<name>, kubectl scale through /scale, scale-down ranking as the ReplicaSet's,
// pods of a dump carrying the RC's ownerReference counted as its replicas, and the disruption
// controller's getPodReplicationController finder reading spec.replicas. Upstream's
// replication_controller_test.go tests the shared sync through the adapters (the ReplicaSet rows are
// replayed in test/upstream-vectors/replicaset.test.ts); replication_controller_utils_test.go's
// GetCondition / SetCondition / RemoveCondition are the shared workloads/conditions.ts helpers.
import { describe, expect, it } from 'vitest';
import { runUntil } from '../../test/helpers/run.js';
import { S, simFromYaml } from '../../test/helpers/scenario.js';
import type { Sim } from '../sim/assemble.js';

function scenario(workloads: string, operations = ''): string {
  return `
apiVersion: kubesim/v1alpha1
kind: Scenario
metadata: {name: rc}
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

const RC = (selector: string, replicas = 3) => `
    - apiVersion: v1
      kind: ReplicationController
      metadata: {name: web}
      spec:
        replicas: ${replicas}
${selector}
        template:
          metadata: {labels: {app: web, tier: front}}
          spec:
            containers: [{name: c, image: "web:1", resources: {requests: {cpu: 100m}}}]`;

const live = (sim: Sim) => [...sim.state.pods].filter((p) => p.deletionUs === null);
const reasons = (sim: Sim, reason: string) => sim.log.keptRows.filter((r) => r.reason === reason);

describe('ReplicationController (pkg/controller/replication over replicaset.go)', () => {
  it('creates spec.replicas pods owned by the RC, selected by its map selector', () => {
    const sim = simFromYaml(scenario(RC('        selector: {app: web}')));
    runUntil(sim, 30 * S);
    const pods = live(sim);
    expect(pods.length).toBe(3);
    for (const p of pods) {
      expect(p.owner).toMatchObject({ kind: 'ReplicationController', name: 'web', controller: true });
      expect(p.labels).toEqual({ app: 'web', tier: 'front' });
      expect(p.name).toMatch(/^web-[a-z0-9]{5}$/);
    }
    const rc = sim.workloads.store.get('ReplicationController', 'default/web');
    expect(rc?.selector).toEqual({ matchLabels: { app: 'web' } });
    expect(rc?.status).toMatchObject({ replicas: 3, readyReplicas: 3, availableReplicas: 3 });
  });

  it('SetDefaults_ReplicationController: no selector means the template labels', () => {
    const sim = simFromYaml(scenario(RC('')));
    runUntil(sim, 30 * S);
    expect(sim.workloads.store.get('ReplicationController', 'default/web')?.selector).toEqual({
      matchLabels: { app: 'web', tier: 'front' },
    });
    expect(live(sim).length).toBe(3);
  });

  it('kubectl scale up and down: creations, then SuccessfulDelete of the surplus', () => {
    const ops = `  operations:
    - {at: 1m, action: scale, target: ReplicationController/web, replicas: 5}
    - {at: 2m, action: scale, target: ReplicationController/web, replicas: 1}`;
    const sim = simFromYaml(scenario(RC('        selector: {app: web}'), ops));
    runUntil(sim, 90 * S);
    expect(live(sim).length).toBe(5);
    expect(reasons(sim, 'Scaled').map((r) => `${r.object} ${r.detail}`)).toEqual([
      'ReplicationController/default/web replicas 3 -> 5',
    ]);
    runUntil(sim, 3 * 60 * S);
    expect(live(sim).length).toBe(1);
    const deletes = reasons(sim, 'SuccessfulDelete').filter((r) => r.kind === 'Pod');
    expect(deletes.length).toBe(4);
    for (const d of deletes) expect(d.detail).toBe('ReplicationController/web');
  });

  it('pods of a dump with the RC as controller count as its replicas: none are created', () => {
    const dumped = [0, 1].map(
      (i) => `
    - apiVersion: v1
      kind: Pod
      metadata:
        name: web-old${i}
        labels: {app: web, tier: front}
        ownerReferences: [{apiVersion: v1, kind: ReplicationController, name: web, uid: x, controller: true}]
      spec:
        nodeName: node-0${i + 1}
        containers: [{name: c, image: "web:1", resources: {requests: {cpu: 100m}}}]`,
    );
    const sim = simFromYaml(scenario(RC('        selector: {app: web}', 2) + dumped.join('')));
    runUntil(sim, 30 * S);
    expect(
      live(sim)
        .map((p) => `${p.name} ${p.owner?.kind}/${p.owner?.name}`)
        .sort(),
    ).toEqual(['web-old0 ReplicationController/web', 'web-old1 ReplicationController/web']);
    expect(
      reasons(sim, 'SuccessfulCreate').filter((r) => r.object.startsWith('ReplicationController')),
    ).toEqual([]);
  });

  it('a PodDisruptionBudget over its pods expects spec.replicas (getPodReplicationController)', () => {
    const pdb = `
    - apiVersion: policy/v1
      kind: PodDisruptionBudget
      metadata: {name: web}
      spec:
        maxUnavailable: 1
        selector: {matchLabels: {app: web}}`;
    const sim = simFromYaml(scenario(RC('        selector: {app: web}', 4) + pdb));
    runUntil(sim, 60 * S);
    expect(sim.pdbs.get('default/web')?.status).toMatchObject({
      expectedPods: 4,
      desiredHealthy: 3,
      currentHealthy: 4,
      disruptionsAllowed: 1,
    });
  });
});
