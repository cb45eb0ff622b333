// DeploymentController, the adapter between the store and planDeployment (deployment_controller.go
// getReplicaSetsForDeployment, syncDeployment; sync.go getNewReplicaSet, scaleReplicaSet; progress.go
// requeueStuckDeployment): its view of a Deployment, the plan it turns into calls, and each API call.
// Driven directly on a real Sim brought to a steady state.
import { describe, expect, it } from 'vitest';
import { deploymentScenario } from '../../test/helpers/deployment-scenario.js';
import { runUntil } from '../../test/helpers/run.js';
import { S, simFromYaml } from '../../test/helpers/scenario.js';
import type { Sim } from '../sim/assemble.js';
import { podTemplateHash } from '../workloads/names.js';
import type { Deployment, ReplicaSet } from '../workloads/objects.js';
import { snapshotOf } from './deployment.js';

function scenario(strategy = '{type: RollingUpdate}', operations: string[] = []): string {
  return deploymentScenario({
    replicas: 3,
    minReadySeconds: 2,
    progressDeadlineSeconds: 600,
    strategy,
    operations,
  });
}

const KEY = 'default/web';

function depOf(sim: Sim): Deployment {
  const d = sim.workloads.store.get('Deployment', KEY);
  if (d === undefined) throw new Error('no Deployment');
  return d;
}

function rsOf(sim: Sim): ReplicaSet {
  const [rs] = sim.workloads.deployments.replicaSetsOf(depOf(sim));
  if (rs === undefined) throw new Error('no ReplicaSet');
  return rs;
}

function steady(s = scenario()): Sim {
  const sim = simFromYaml(s);
  runUntil(sim, 30 * S);
  return sim;
}

const failure = {
  type: 'ReplicaFailure',
  status: 'True' as const,
  reason: 'FailedCreate',
  message: 'quota',
  lastUpdateUs: 5 * S,
  lastTransitionUs: 5 * S,
};

describe('snapshotOf (what planDeployment reads of a ReplicaSet)', () => {
  it('copies spec, status and metadata, and the ReplicaFailure condition only when there is one', () => {
    const sim = steady();
    const rs = rsOf(sim);
    const snap = snapshotOf(rs);
    expect(snap).toStrictEqual({
      name: rs.name,
      createdUs: rs.createdUs,
      replicas: 3,
      statusReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      generation: rs.generation,
      observedGeneration: rs.status.observedGeneration,
      deleting: false,
      templateText: rs.templateText,
      annotations: { ...rs.annotations },
    });
    expect(snap.annotations).not.toBe(rs.annotations);
    rs.status = { ...rs.status, conditions: [failure] };
    rs.deletionUs = sim.nowUs;
    expect(snapshotOf(rs)).toMatchObject({ replicaFailure: failure, deleting: true });
  });
});

describe('DeploymentController.view', () => {
  it('lists the ReplicaSets it owns and that are not being deleted', () => {
    const sim = steady();
    const d = depOf(sim);
    const rs = rsOf(sim);
    expect(sim.workloads.deployments.replicaSetsOf(d)).toEqual([rs]);
    rs.deletionUs = sim.nowUs;
    expect(sim.workloads.deployments.replicaSetsOf(d)).toEqual([]);
  });

  it('carries the Deployment spec, names taken, the template hash and oldPodsRunning (Recreate only)', () => {
    const sim = steady();
    const d = depOf(sim);
    const rs = rsOf(sim);
    const v = sim.workloads.deployments.view(d);
    expect(v).toMatchObject({
      name: 'web',
      replicas: 3,
      strategy: d.strategy,
      generation: d.generation,
      templateText: d.templateText,
      paused: false,
      deleting: false,
      revisionHistoryLimit: d.revisionHistoryLimit,
      progressDeadlineSeconds: 600,
      revision: '1',
      status: d.status,
      collisionCount: 0,
      oldPodsRunning: false,
    });
    expect(v.replicaSets.map((s) => s.name)).toEqual([rs.name]);
    expect(v.nameTaken(rs.name)).toBe(true);
    expect(v.nameTaken('web-other')).toBe(false);
    expect(v.hashFor(0)).toBe(podTemplateHash(d.templateText, 0));
    expect(v.hashFor(1)).not.toBe(v.hashFor(0));
    d.deletionUs = sim.nowUs;
    expect(sim.workloads.deployments.view(d).deleting).toBe(true);
    delete d.annotations['deployment.kubernetes.io/revision'];
    expect(sim.workloads.deployments.view(d).revision).toBeNull();
  });

  it('oldPodsRunning: a Recreate Deployment whose old ReplicaSet still has pods', () => {
    const sim = steady(scenario('{type: Recreate}'));
    const d = depOf(sim);
    expect(sim.workloads.deployments.view(d).oldPodsRunning).toBe(false);
    // The template changes: the current ReplicaSet becomes old, and its pods are running.
    d.templateText = `${d.templateText} changed`;
    expect(sim.workloads.deployments.view(d).oldPodsRunning).toBe(true);
    const rs = rsOf(sim);
    // No replicas in status, but a pod still Running: still running (recreate.go oldPodsRunning).
    rs.status = { ...rs.status, replicas: 0 };
    expect(sim.workloads.deployments.view(d).oldPodsRunning).toBe(true);
    for (const p of sim.workloads.pods.owned(rs.uid)?.pods ?? []) p.phase = 'Succeeded';
    expect(sim.workloads.deployments.view(d).oldPodsRunning).toBe(false);
    // The same state under RollingUpdate never asks.
    const rolling = steady();
    const d2 = depOf(rolling);
    d2.templateText = `${d2.templateText} changed`;
    expect(rolling.workloads.deployments.view(d2).oldPodsRunning).toBe(false);
  });
});

describe('DeploymentController.sync', () => {
  it('a Deployment that is gone: no plan', () => {
    const sim = steady();
    expect(sim.workloads.deployments.sync('default/gone', sim.nowUs)).toBeNull();
  });

  it('complete and in sync: no calls, no error, no requeue', () => {
    const sim = steady();
    expect(sim.workloads.deployments.sync(KEY, sim.nowUs)).toStrictEqual({ steps: [], failed: false });
  });

  it('a sync that ends in a refused second status write is failed, and the error is no step', () => {
    // A template change with a progress deadline: create at the surge (1 of 3; maxUnavailable 0 keeps
    // the old ReplicaSet), NewReplicaSetCreated written, then the rollout status: a second UpdateStatus
    // in one sync (409).
    const sim = steady();
    const d = depOf(sim);
    d.templateText = `${d.templateText} changed`;
    const plan = sim.workloads.deployments.sync(KEY, sim.nowUs);
    expect(plan?.failed).toBe(true);
    expect(plan?.steps.map((s) => s.map((a) => a.op))).toEqual([['createReplicaSet'], ['status']]);
  });

  it('oldPodsRunning with an old ReplicaSet that never had pods', () => {
    const sim = steady(scenario('{type: Recreate}'));
    const d = depOf(sim);
    const rs = rsOf(sim);
    d.templateText = `${d.templateText} changed`;
    rs.status = { ...rs.status, replicas: 0 };
    const orphanFree = { ...rs, uid: 'replicaset-no-pods' } as ReplicaSet;
    sim.workloads.store.remove(rs);
    sim.workloads.store.add(orphanFree);
    const v = sim.workloads.deployments.view(d);
    expect(v.replicaSets.map((r) => r.name)).toEqual([rs.name]);
    expect(v.oldPodsRunning).toBe(false);
  });

  it('a scale is one call per step, each carrying the Deployment', () => {
    const sim = steady();
    const d = depOf(sim);
    d.replicas = 5;
    const plan = sim.workloads.deployments.sync(KEY, sim.nowUs);
    expect(plan?.failed).toBe(false);
    expect(plan?.steps.every((s) => s.length === 1 && s[0]?.d === d)).toBe(true);
    expect(plan?.steps[0]?.[0]).toMatchObject({ op: 'updateReplicaSet', replicas: 5 });
  });

  it('a stuck rollout is re-synced one second after its progress deadline, rate-limited in its last second', () => {
    const sim = simFromYaml(
      scenario('{type: RollingUpdate}', [
        '{at: 20s, action: cordon, nodes: [p-01, p-02, p-03]}',
        '{at: 21s, action: set-image, target: Deployment/web, image: v2}',
      ]),
    );
    runUntil(sim, 40 * S);
    const d = depOf(sim);
    const progressing = d.status.conditions.find((c) => c.type === 'Progressing');
    expect(progressing?.reason).toBe('ReplicaSetUpdated');
    const lastUs = progressing?.lastUpdateUs ?? 0;
    const plan = sim.workloads.deployments.sync(KEY, sim.nowUs);
    expect(plan).toStrictEqual({
      steps: [],
      failed: false,
      requeueAfterUs: lastUs + 600 * S - sim.nowUs + S,
    });
    const late = sim.workloads.deployments.sync(KEY, lastUs + 600 * S - S / 2);
    expect(late).toStrictEqual({ steps: [], failed: false, requeueAfterUs: 5_000 });
  });
});

describe('DeploymentController.apply', () => {
  it('calls for a stale Deployment object are dropped', () => {
    const sim = steady();
    const d = depOf(sim);
    const rs = rsOf(sim);
    const stale = { ...d };
    expect(
      sim.workloads.deployments.apply(
        { op: 'updateReplicaSet', name: rs.name, replicas: 7, annotations: {}, message: null, d: stale },
        sim.nowUs,
      ),
    ).toBe(true);
    expect(rs.replicas).toBe(3);
    expect(sim.workloads.deployments.apply({ op: 'error', message: 'x', d }, sim.nowUs)).toBe(false);
    expect(sim.workloads.deployments.apply({ op: 'error', message: 'x', d: stale }, sim.nowUs)).toBe(true);
  });

  it('updateReplicaSet: scales, merges annotations, records ScalingReplicaSet, bumps generation only on a spec change', () => {
    const sim = steady();
    const d = depOf(sim);
    const rs = rsOf(sim);
    const changes: string[] = [];
    sim.workloads.store.listen((obj, change) => {
      if (obj === rs) changes.push(change);
    });
    const gen = rs.generation;
    const c = sim.workloads.deployments;
    const rows = sim.log.keptRows.length;
    c.apply(
      { op: 'updateReplicaSet', name: rs.name, replicas: 3, annotations: { a: '1' }, message: null, d },
      sim.nowUs,
    );
    expect(rs.generation).toBe(gen);
    expect(rs.annotations).toMatchObject({ a: '1', 'deployment.kubernetes.io/revision': '1' });
    expect(sim.log.keptRows.length).toBe(rows);
    c.apply(
      { op: 'updateReplicaSet', name: rs.name, replicas: 4, annotations: {}, message: 'Scaled up', d },
      sim.nowUs,
    );
    expect(rs.replicas).toBe(4);
    expect(rs.generation).toBe(gen + 1);
    expect(rs.annotations).toMatchObject({ a: '1' });
    expect(changes).toEqual(['meta', 'spec']);
    const row = sim.log.keptRows.at(-1);
    expect(row).toMatchObject({ kind: 'Workload', reason: 'ScalingReplicaSet', detail: 'Scaled up' });
    // minReadySeconds follows the Deployment's: a spec change too.
    d.minReadySeconds = 9;
    c.apply(
      { op: 'updateReplicaSet', name: rs.name, replicas: 4, annotations: {}, message: null, d },
      sim.nowUs,
    );
    expect(rs.minReadySeconds).toBe(9);
    expect(rs.generation).toBe(gen + 2);
  });

  it('updateReplicaSet: a ReplicaSet that is gone or owned by someone else is left alone', () => {
    const sim = steady();
    const d = depOf(sim);
    const rs = rsOf(sim);
    const c = sim.workloads.deployments;
    expect(
      c.apply(
        { op: 'updateReplicaSet', name: 'nope', replicas: 1, annotations: {}, message: 'x', d },
        sim.nowUs,
      ),
    ).toBe(true);
    const other = { ...d, uid: 'someone-else' } as Deployment;
    sim.workloads.store.remove(d);
    sim.workloads.store.add(other);
    expect(
      c.apply(
        { op: 'updateReplicaSet', name: rs.name, replicas: 1, annotations: {}, message: 'x', d: other },
        sim.nowUs,
      ),
    ).toBe(true);
    expect(rs.replicas).toBe(3);
  });

  it('deleteReplicaSet: the named ReplicaSet is deleted; a missing one is fine', () => {
    const sim = steady();
    const d = depOf(sim);
    const rs = rsOf(sim);
    const c = sim.workloads.deployments;
    expect(c.apply({ op: 'deleteReplicaSet', name: 'nope', d }, sim.nowUs)).toBe(true);
    expect(rs.deletionUs).toBeNull();
    expect(c.apply({ op: 'deleteReplicaSet', name: rs.name, d }, sim.nowUs)).toBe(true);
    expect(rs.deletionUs).toBe(sim.nowUs);
  });

  it('status: writes status, collisionCount and the revision annotation (unless null)', () => {
    const sim = steady();
    const d = depOf(sim);
    const c = sim.workloads.deployments;
    const status = { ...d.status, observedGeneration: 42 };
    c.apply({ op: 'status', status, collisionCount: 2, revision: null, d }, sim.nowUs);
    expect(d.status.observedGeneration).toBe(42);
    expect(d.collisionCount).toBe(2);
    expect(d.annotations['deployment.kubernetes.io/revision']).toBe('1');
    c.apply({ op: 'status', status, collisionCount: 2, revision: '7', d }, sim.nowUs);
    expect(d.annotations['deployment.kubernetes.io/revision']).toBe('7');
  });

  it('status is a status update of the Deployment; updateReplicaSet succeeds', () => {
    const sim = steady();
    const d = depOf(sim);
    const rs = rsOf(sim);
    const changes: string[] = [];
    sim.workloads.store.listen((obj, change) => {
      if (obj === d) changes.push(change);
    });
    const c = sim.workloads.deployments;
    expect(c.apply({ op: 'status', status: d.status, collisionCount: 0, revision: null, d }, sim.nowUs)).toBe(
      true,
    );
    expect(changes).toEqual(['status']);
    expect(
      c.apply(
        { op: 'updateReplicaSet', name: rs.name, replicas: 3, annotations: {}, message: null, d },
        sim.nowUs,
      ),
    ).toBe(true);
  });

  it('createReplicaSet: the uid is a ReplicaSet uid', () => {
    const sim = steady();
    const d = depOf(sim);
    const c = sim.workloads.deployments;
    const a = {
      op: 'createReplicaSet' as const,
      name: 'web-u',
      hash: 'u',
      replicas: 0,
      annotations: {},
      collisionCount: 0,
      d,
    };
    c.apply(a, sim.nowUs);
    expect(sim.workloads.store.get('ReplicaSet', 'default/web-u')?.uid).toMatch(/^replicaset-/);
  });

  it('createReplicaSet: a new ReplicaSet owned by the Deployment, labelled and selecting by pod-template-hash', () => {
    const sim = steady();
    const d = depOf(sim);
    const c = sim.workloads.deployments;
    const rows = sim.log.keptRows.length;
    expect(
      c.apply(
        {
          op: 'createReplicaSet',
          name: 'web-abc',
          hash: 'abc',
          replicas: 2,
          annotations: { r: '2' },
          collisionCount: 1,
          d,
        },
        sim.nowUs,
      ),
    ).toBe(true);
    expect(d.collisionCount).toBe(1);
    const rs = sim.workloads.store.get('ReplicaSet', 'default/web-abc') as ReplicaSet;
    expect(rs).toMatchObject({
      kind: 'ReplicaSet',
      namespace: 'default',
      name: 'web-abc',
      key: 'default/web-abc',
      labels: { app: 'web', 'pod-template-hash': 'abc' },
      annotations: { r: '2' },
      owner: { kind: 'Deployment', name: 'web', uid: d.uid, controller: true },
      createdUs: sim.nowUs,
      deletionUs: null,
      generation: 1,
      replicas: 2,
      minReadySeconds: 2,
      selector: { matchLabels: { app: 'web', 'pod-template-hash': 'abc' } },
      templateText: d.templateText,
      status: { replicas: 0, readyReplicas: 0, availableReplicas: 0, observedGeneration: 0, conditions: [] },
    });
    expect(rs.template.metadata?.labels).toEqual({ app: 'web', 'pod-template-hash': 'abc' });
    expect(rs.template.spec).toEqual(d.template.spec);
    expect(rs.uid).toMatch(/\S/);
    expect(sim.log.keptRows.slice(rows).map((r) => [r.reason, r.detail])).toEqual([
      ['ScalingReplicaSet', 'Scaled up replica set web-abc from 0 to 2'],
    ]);
    // The Deployment's own labels and selector are not touched.
    expect(d.selector.matchLabels).toEqual({ app: 'web' });
    expect(d.template.metadata?.labels).toEqual({ app: 'web' });
  });

  it('createReplicaSet: a taken name fails the call (AlreadyExists); a zero-size one records no event', () => {
    const sim = steady();
    const d = depOf(sim);
    const rs = rsOf(sim);
    const c = sim.workloads.deployments;
    const base = { op: 'createReplicaSet' as const, hash: 'h', annotations: {}, d };
    expect(c.apply({ ...base, name: rs.name, replicas: 1, collisionCount: 3 }, sim.nowUs)).toBe(false);
    expect(d.collisionCount).toBe(3);
    const rows = sim.log.keptRows.length;
    expect(c.apply({ ...base, name: 'web-zero', replicas: 0, collisionCount: 3 }, sim.nowUs)).toBe(true);
    expect(sim.workloads.store.get('ReplicaSet', 'default/web-zero')).toBeDefined();
    expect(sim.log.keptRows.length).toBe(rows);
  });
});
