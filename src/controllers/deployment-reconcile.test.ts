import { describe, expect, it } from 'vitest';
import type { IntOrPercent } from '../workloads/objects.js';
import { type DeploymentAction, type DeploymentView, reconcileDeployment } from './deployment-reconcile.js';
import {
  DesiredReplicasAnnotation,
  MaxReplicasAnnotation,
  RevisionAnnotation,
  type RsSnapshot,
} from './deployment-util.js';

const S = 1_000_000;

function rs(
  name: string,
  tpl: string,
  replicas: number,
  available: number,
  rev: number,
  createdS: number,
): RsSnapshot {
  return {
    name,
    createdUs: createdS * S,
    replicas,
    statusReplicas: replicas,
    readyReplicas: available,
    availableReplicas: available,
    generation: 1,
    observedGeneration: 1,
    deleting: false,
    templateText: tpl,
    annotations: {
      [RevisionAnnotation]: String(rev),
      [DesiredReplicasAnnotation]: '10',
      [MaxReplicasAnnotation]: '13',
    },
  };
}

function view(over: Partial<DeploymentView>): DeploymentView {
  return {
    name: 'web',
    replicas: 10,
    strategy: {
      type: 'RollingUpdate',
      rollingUpdate: { maxSurge: 3 as IntOrPercent, maxUnavailable: 2 as IntOrPercent },
    },
    generation: 2,
    templateText: 'v2',
    paused: false,
    deleting: false,
    revisionHistoryLimit: 10,
    progressDeadlineSeconds: null,
    revision: null,
    status: {
      replicas: 10,
      updatedReplicas: 0,
      readyReplicas: 10,
      availableReplicas: 10,
      unavailableReplicas: 0,
      observedGeneration: 1,
      conditions: [],
    },
    replicaSets: [],
    nameTaken: () => false,
    hashFor: (c) => `h${c}`,
    collisionCount: 0,
    oldPodsRunning: false,
    ...over,
  };
}

const scaled = (a: DeploymentAction[]) =>
  a.flatMap((x) =>
    x.op === 'createReplicaSet'
      ? [`create ${x.name}=${x.replicas}`]
      : x.op === 'updateReplicaSet'
        ? [`${x.name}=${x.replicas}`]
        : [],
  );

describe('reconcileDeployment: rolling update steps (rolling.go)', () => {
  it('a template change creates the new ReplicaSet at maxSurge and, in the same sync, scales the old one down', () => {
    // New RS 3 (13 = 10 + surge); then all 13, minAvailable 8, 3 new unavailable: 2 old may go.
    const a = reconcileDeployment(view({ replicaSets: [rs('web-old', 'v1', 10, 10, 1, 0)] }));
    expect(scaled(a)).toEqual(['create web-h0=3', 'web-old=8']);
    const created = a[0] as Extract<DeploymentAction, { op: 'createReplicaSet' }>;
    expect(created.annotations).toMatchObject({
      [RevisionAnnotation]: '2',
      [DesiredReplicasAnnotation]: '10',
      [MaxReplicasAnnotation]: '13',
    });
  });

  it('then scales the old one down by what availability allows', () => {
    // all = 13, minAvailable = 8, new unavailable = 3 -> at most 2 may go.
    const a = reconcileDeployment(
      view({ replicaSets: [rs('web-old', 'v1', 10, 10, 1, 0), rs('web-h0', 'v2', 3, 0, 2, 5)] }),
    );
    expect(scaled(a)).toEqual(['web-old=8']);
  });

  it('unavailable old replicas are removed first (cleanupUnhealthyReplicas)', () => {
    const a = reconcileDeployment(
      view({ replicaSets: [rs('web-old', 'v1', 10, 6, 1, 0), rs('web-h0', 'v2', 3, 0, 2, 5)] }),
    );
    // maxScaledDown = 13 - 8 - 3 = 2: both taken from the 4 unavailable old replicas.
    expect(scaled(a)).toEqual(['web-old=8']);
  });

  it('the new ReplicaSet grows as old replicas go', () => {
    const a = reconcileDeployment(
      view({ replicaSets: [rs('web-old', 'v1', 8, 8, 1, 0), rs('web-h0', 'v2', 3, 3, 2, 5)] }),
    );
    expect(scaled(a)).toEqual(['web-h0=5']);
  });

  it('when the new ReplicaSet is full and available the old one goes to zero', () => {
    const a = reconcileDeployment(
      view({ replicaSets: [rs('web-old', 'v1', 2, 2, 1, 0), rs('web-h0', 'v2', 10, 10, 2, 5)] }),
    );
    expect(scaled(a)).toEqual(['web-old=0']);
  });

  it('a name collision bumps collisionCount', () => {
    const a = reconcileDeployment(
      view({ replicaSets: [rs('web-old', 'v1', 10, 10, 1, 0)], nameTaken: (n) => n === 'web-h0' }),
    );
    expect(scaled(a)).toEqual(['create web-h1=3', 'web-old=8']);
  });
});

describe('reconcileDeployment: Recreate (recreate.go)', () => {
  const recreate = { strategy: { type: 'Recreate' as const, rollingUpdate: null } };
  it('scales old ReplicaSets to zero first', () => {
    expect(
      scaled(reconcileDeployment(view({ ...recreate, replicaSets: [rs('web-old', 'v1', 10, 10, 1, 0)] }))),
    ).toEqual(['web-old=0']);
  });
  it('waits while old pods still run', () => {
    const a = reconcileDeployment(
      view({ ...recreate, oldPodsRunning: true, replicaSets: [rs('web-old', 'v1', 0, 0, 1, 0)] }),
    );
    expect(scaled(a)).toEqual([]);
  });
  it('then creates the new ReplicaSet at full size', () => {
    const a = reconcileDeployment(view({ ...recreate, replicaSets: [rs('web-old', 'v1', 0, 0, 1, 0)] }));
    expect(scaled(a)).toEqual(['create web-h0=10']);
  });
});

describe('reconcileDeployment: scaling (sync.go scale)', () => {
  it('scales the only active ReplicaSet to the new size', () => {
    const a = reconcileDeployment(
      view({ replicas: 15, templateText: 'v1', replicaSets: [rs('web-old', 'v1', 10, 10, 1, 0)] }),
    );
    expect(scaled(a)).toEqual(['web-old=15']);
  });

  it('splits a scale-up between two active ReplicaSets in proportion, leftovers to the largest', () => {
    // Mid-rollout (old 8, new 5 = 13 = 10 + surge 3) the user scales to 20: allowed 20 + 3 = 23, +10.
    const a = reconcileDeployment(
      view({
        replicas: 20,
        replicaSets: [rs('web-old', 'v1', 8, 8, 1, 0), rs('web-h0', 'v2', 5, 5, 2, 5)],
        status: {
          replicas: 13,
          updatedReplicas: 5,
          readyReplicas: 13,
          availableReplicas: 13,
          unavailableReplicas: 0,
          observedGeneration: 2,
          conditions: [],
        },
      }),
    );
    // By max-replicas annotation 13: old 8 * 23 / 13 = 14.2 -> 14 (+6); new 5 * 23 / 13 = 8.8 -> 9 (+4).
    expect(scaled(a)).toEqual(['web-old=14', 'web-h0=9']);
  });
});

describe('reconcileDeployment: revision history', () => {
  it('deletes the oldest empty ReplicaSets beyond revisionHistoryLimit once complete', () => {
    const d = view({
      revisionHistoryLimit: 1,
      templateText: 'v3',
      generation: 1,
      status: {
        replicas: 10,
        updatedReplicas: 10,
        readyReplicas: 10,
        availableReplicas: 10,
        unavailableReplicas: 0,
        observedGeneration: 1,
        conditions: [],
      },
      replicaSets: [rs('a', 'v1', 0, 0, 1, 0), rs('b', 'v2', 0, 0, 2, 1), rs('c', 'v3', 10, 10, 3, 2)],
    });
    const a = reconcileDeployment(d);
    expect(a.filter((x) => x.op === 'deleteReplicaSet')).toEqual([{ op: 'deleteReplicaSet', name: 'a' }]);
  });
});
