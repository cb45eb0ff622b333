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
