import { describe, expect, it } from 'vitest';
import { rolloutComplete } from '../../src/controllers/deployment-util.js';
import { buildScenario } from '../../src/scenario/build.js';
import { loadScenarioText } from '../../src/scenario/load.js';
import { createSim } from '../../src/sim/setup.js';
import type { Deployment, ReplicaSet } from '../../src/workloads/objects.js';
import { runUntil } from '../helpers/run.js';
import { S } from '../helpers/scenario.js';

describe('kubectl get deploy,rs,pods -o yaml dump', () => {
  it('loads unchanged; pods join their ReplicaSet, the ReplicaSet its Deployment; nothing is recreated', () => {
    const loaded = loadScenarioText(
      `apiVersion: kubesim/v1alpha1
kind: Scenario
metadata: {name: dump}
spec:
  duration: 10m
  cluster:
    nodes:
      - {apiVersion: v1, kind: Node, metadata: {name: worker-1}, status: {capacity: {cpu: "4", memory: 16Gi}}}
      - {apiVersion: v1, kind: Node, metadata: {name: worker-2}, status: {capacity: {cpu: "4", memory: 16Gi}}}
  workloads:
    - {file: kubectl-get-deploy-rs-pods.yaml}
  operations:
    - {at: 1m, action: scale, target: Deployment/shop/web, replicas: 3}
`,
      'test/fixtures/dump-scenario.yaml',
    );
    const built = buildScenario(loaded.scenario);
    expect(built.warnings).toEqual([]);
    expect(built.pods.map((p) => p.owner)).toEqual([
      { kind: 'ReplicaSet', name: 'web-6d8f7b9c5' },
      { kind: 'ReplicaSet', name: 'web-6d8f7b9c5' },
    ]);
    const sim = createSim(built, { keepEventRows: true });
    runUntil(sim, 59 * S);
    const d = sim.workloads.store.get('Deployment', 'shop/web') as Deployment;
    const rs = sim.workloads.store.get('ReplicaSet', 'shop/web-6d8f7b9c5') as ReplicaSet;
    expect(rs.owner?.uid).toBe(d.uid);
    expect(sim.workloads.store.dependentsOf(d.uid)).toEqual([rs]);
    expect(sim.state.podHistory).toHaveLength(2);
    expect(rs.status).toMatchObject({ replicas: 2, readyReplicas: 2, availableReplicas: 2 });
    expect(rolloutComplete(d.status)).toBe(true);
    runUntil(sim, 120 * S);
    expect(sim.state.podHistory).toHaveLength(3);
    expect(sim.state.podHistory[2]?.name).toMatch(/^web-6d8f7b9c5-[a-z0-9]{5}$/);
  });

  it('with kubectl get pdb -A -o yaml: the budgets load and the controller recomputes their status', () => {
    const loaded = loadScenarioText(
      `apiVersion: kubesim/v1alpha1
kind: Scenario
metadata: {name: dump}
spec:
  duration: 10m
  cluster:
    nodes:
      - {apiVersion: v1, kind: Node, metadata: {name: worker-1}, status: {capacity: {cpu: "4", memory: 16Gi}}}
      - {apiVersion: v1, kind: Node, metadata: {name: worker-2}, status: {capacity: {cpu: "4", memory: 16Gi}}}
  workloads:
    - {file: kubectl-get-deploy-rs-pods.yaml}
    - {file: kubectl-get-pdb.yaml}
`,
      'test/fixtures/dump-scenario.yaml',
    );
    const built = buildScenario(loaded.scenario);
    expect(built.warnings).toEqual([]);
    const sim = createSim(built, { keepEventRows: true });
    runUntil(sim, 30 * S);
    const status = (key: string) => {
      const s = sim.pdbs.get(key)?.status;
      return (
        s && { ...s, disruptedPods: [...s.disruptedPods], conditions: s.conditions.map((c) => c.reason) }
      );
    };
    // The dump's status is not trusted: the controller writes its own (observedGeneration 1 here).
    expect(status('shop/web')).toMatchObject({
      expectedPods: 2,
      desiredHealthy: 1,
      currentHealthy: 2,
      disruptionsAllowed: 1,
      observedGeneration: 1,
      conditions: ['SufficientPods'],
    });
    expect(status('kube-system/coredns')).toMatchObject({ expectedPods: 0, disruptionsAllowed: 0 });
    expect(sim.pdbs.get('shop/cache')?.spec.unhealthyPodEvictionPolicy).toBe('AlwaysAllow');
    expect(
      sim.log.keptRows.some(
        (r) => r.reason === 'NoPods' && r.object === 'PodDisruptionBudget/kube-system/coredns',
      ),
    ).toBe(true);
  });
});

describe('kubectl get all,pdb,pvc,pv,sc,limits -A -o yaml dump (every kind)', () => {
  const scenario = `apiVersion: kubesim/v1alpha1
kind: Scenario
metadata: {name: dump-all}
spec:
  duration: 10m
  startTime: "2025-06-10T08:30:00Z"
  cluster:
    nodes:
      - {apiVersion: v1, kind: Node, metadata: {name: worker-1, labels: {topology.kubernetes.io/zone: eu-west-1a}}, status: {capacity: {cpu: "8", memory: 32Gi}}}
      - {apiVersion: v1, kind: Node, metadata: {name: worker-2, labels: {topology.kubernetes.io/zone: eu-west-1b}}, status: {capacity: {cpu: "8", memory: 32Gi}}}
  workloads:
    - {file: kubectl-get-all-kinds.yaml}
  operations:
    - {at: 6m, action: scale, target: StatefulSet/shop/db, replicas: 3}
`;
  it('loads unchanged and runs: pods join their owners, claims stay bound to their zonal volumes, nothing is recreated', () => {
    const loaded = loadScenarioText(scenario, 'test/fixtures/dump-all-scenario.yaml');
    const built = buildScenario(loaded.scenario);
    // Only the Services are ignored (kubesim models no Service objects).
    expect(built.warnings.every((w) => /Service/.test(w.message))).toBe(true);
    expect(built.pods.map((p) => `${p.owner?.kind}/${p.owner?.name}`).sort()).toEqual([
      'DaemonSet/node-exporter',
      'DaemonSet/node-exporter',
      'ReplicaSet/web-7c9d8f6b4',
      'ReplicaSet/web-7c9d8f6b4',
      'ReplicationController/legacy',
      'StatefulSet/db',
      'StatefulSet/db',
    ]);
    const sim = createSim(built, { keepEventRows: true });
    runUntil(sim, 5 * 60 * S);
    const kinds = [
      'Deployment',
      'ReplicaSet',
      'StatefulSet',
      'DaemonSet',
      'Job',
      'CronJob',
      'ReplicationController',
    ] as const;
    for (const k of kinds) expect(sim.workloads.store.count(k), k).toBeGreaterThan(0);
    // The claims keep their uids, so the dumped volumes' claimRefs still name them: both stay Bound.
    const claims = [...sim.state.volumes.claims];
    expect(claims.map((c) => [c.name, c.status.phase, c.spec.volumeName])).toEqual([
      ['data-db-0', 'Bound', 'pvc-cf607182-93a4-45b6-c7c8-e9fa0b1c2d01'],
      ['data-db-1', 'Bound', 'pvc-cf607182-93a4-45b6-c7c8-e9fa0b1c2d02'],
    ]);
    expect([...sim.state.volumes.volumes].map((v) => v.status.phase)).toEqual(['Bound', 'Bound']);
    // No pod of the dump is replaced; the StatefulSet and PDB status are recomputed.
    const names = sim.state.podHistory.map((p) => p.name);
    for (const n of ['db-0', 'db-1', 'web-7c9d8f6b4-abc12', 'legacy-r5t8w', 'node-exporter-x7k2p'])
      expect(names.filter((x) => x === n)).toHaveLength(1);
    const db = sim.workloads.store.get('StatefulSet', 'shop/db');
    expect(db?.status).toMatchObject({ replicas: 2, readyReplicas: 2 });
    expect(sim.pdbs.get('shop/db')?.status).toMatchObject({ expectedPods: 2, disruptionsAllowed: 1 });
    expect(sim.log.keptRows.filter((r) => r.reason === 'ClaimLost')).toEqual([]);
    // The completed Job stays completed: no pod is run again.
    expect(names.filter((n) => n.startsWith('migrate-'))).toEqual([]);
    expect(sim.workloads.store.get('Job', 'shop/migrate')?.status).toMatchObject({ succeeded: 1 });
    // Scaled up: db-2 with a new claim from the template, provisioned by the default class's driver.
    runUntil(sim, 8 * 60 * S);
    expect(sim.state.pod('shop/db-2')?.phase).toBe('Running');
    const claim = sim.state.volumes.claim('shop/data-db-2');
    expect(claim?.status.phase).toBe('Bound');
    expect(claim?.spec.storageClassName).toBe('gp3');
  });
});
