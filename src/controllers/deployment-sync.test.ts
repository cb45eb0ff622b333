// One whole Deployment sync (deployment_controller.go syncDeployment; sync.go getAllReplicaSetsAndSyncRevision,
// getNewReplicaSet, scale, syncDeploymentStatus, calculateStatus, cleanupDeployment; rolling.go; recreate.go;
// progress.go syncRolloutStatus) as the exact list of API calls it makes: every status field, condition,
// annotation and event message, in order.
import { describe, expect, it } from 'vitest';
import type { Condition } from '../workloads/conditions.js';
import {
  conflictMessage,
  type DeploymentAction,
  type DeploymentStatusOut,
  type DeploymentView,
  deploymentComplete,
  planDeployment,
  syncSteps,
} from './deployment-reconcile.js';
import {
  DesiredReplicasAnnotation,
  MaxReplicasAnnotation,
  RevisionAnnotation,
  type RsSnapshot,
} from './deployment-util.js';

const S = 1_000_000;
const NOW = 100 * S;

function rs(
  name: string,
  template: string,
  spec: number,
  o: Partial<RsSnapshot> & { revision?: number; desired?: number; max?: number } = {},
): RsSnapshot {
  const { revision, desired, max, ...rest } = o;
  const annotations: Record<string, string> = {};
  if (revision !== undefined) annotations[RevisionAnnotation] = String(revision);
  if (desired !== undefined) annotations[DesiredReplicasAnnotation] = String(desired);
  if (max !== undefined) annotations[MaxReplicasAnnotation] = String(max);
  return {
    name,
    createdUs: 0,
    replicas: spec,
    statusReplicas: spec,
    readyReplicas: spec,
    availableReplicas: spec,
    generation: 1,
    observedGeneration: 1,
    deleting: false,
    templateText: template,
    annotations,
    ...rest,
  };
}

const zeroStatus: DeploymentStatusOut = {
  replicas: 0,
  updatedReplicas: 0,
  readyReplicas: 0,
  availableReplicas: 0,
  unavailableReplicas: 0,
  observedGeneration: 0,
  conditions: [],
};

function view(o: Partial<DeploymentView> = {}): DeploymentView {
  return {
    name: 'web',
    replicas: 4,
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 1 } },
    generation: 3,
    templateText: 'v2',
    paused: false,
    deleting: false,
    revisionHistoryLimit: 10,
    progressDeadlineSeconds: null,
    revision: null,
    status: zeroStatus,
    replicaSets: [],
    nameTaken: () => false,
    hashFor: (c) => `h${c}`,
    collisionCount: 0,
    oldPodsRunning: false,
    ...o,
  };
}

function cond(
  type: string,
  status: 'True' | 'False' | 'Unknown',
  reason: string,
  message: string,
  atUs = NOW,
  transitionUs = atUs,
): Condition {
  return { type, status, reason, message, lastUpdateUs: atUs, lastTransitionUs: transitionUs };
}

const available = (atUs = NOW) =>
  cond('Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.', atUs);
const unavailable = (atUs = NOW) =>
  cond(
    'Available',
    'False',
    'MinimumReplicasUnavailable',
    'Deployment does not have minimum availability.',
    atUs,
  );

/** A status as calculateStatus computes it from these counts. */
function status(
  replicas: number,
  updated: number,
  ready: number,
  avail: number,
  unavail: number,
  observedGeneration: number,
  conditions: Condition[],
): DeploymentStatusOut {
  return {
    replicas,
    updatedReplicas: updated,
    readyReplicas: ready,
    availableReplicas: avail,
    unavailableReplicas: unavail,
    observedGeneration,
    conditions,
  };
}

const statusCall = (
  s: DeploymentStatusOut,
  revision: string | null,
  collisionCount = 0,
): DeploymentAction => ({
  op: 'status',
  status: s,
  collisionCount,
  revision,
});

describe('syncStatusOnly: a Deployment being deleted', () => {
  it('only the status is written (counts from every ReplicaSet, updated from the new one); nothing is scaled', () => {
    const d = view({
      deleting: true,
      revision: '2',
      replicaSets: [
        rs('web-old', 'v1', 1, { revision: 1, statusReplicas: 2, readyReplicas: 1, availableReplicas: 1 }),
        rs('web-h0', 'v2', 2, { revision: 2, readyReplicas: 2, availableReplicas: 1 }),
      ],
    });
    // spec 3, available 2: unavailable 1; 2 >= 4 - maxUnavailable 1 is false.
    expect(planDeployment(d, NOW)).toStrictEqual({
      actions: [statusCall(status(4, 2, 3, 2, 1, 3, [unavailable()]), '2')],
      requeue: null,
    });
  });

  it('no new ReplicaSet: updatedReplicas 0, and none is created', () => {
    const d = view({ deleting: true, replicaSets: [rs('web-old', 'v1', 4, { revision: 1 })] });
    expect(planDeployment(d, NOW).actions).toStrictEqual([
      statusCall(status(4, 0, 4, 4, 0, 3, [available()]), null),
    ]);
  });

  it('an unchanged status is not written', () => {
    const d = view({
      deleting: true,
      revision: '1',
      status: status(4, 4, 4, 4, 0, 3, [available(5 * S)]),
      replicaSets: [rs('web-h0', 'v2', 4, { revision: 1 })],
    });
    expect(planDeployment(d, NOW)).toStrictEqual({ actions: [], requeue: null });
  });
});

describe('calculateStatus through a scaling sync (sync.go syncDeploymentStatus)', () => {
  const steady = (o: Partial<DeploymentStatusOut>) => ({
    ...status(4, 4, 4, 4, 0, 3, [available(5 * S)]),
    ...o,
  });
  const base = (s: DeploymentStatusOut, collisionCount = 0) =>
    view({
      revision: '1',
      paused: true,
      status: s,
      collisionCount,
      replicaSets: [rs('web-h0', 'v2', 4, { revision: 1, desired: 4, max: 5 })],
    });

  it('in sync: no status write', () => {
    expect(planDeployment(base(steady({})), NOW).actions).toStrictEqual([]);
  });

  it.each([
    ['replicas', { replicas: 3 }],
    ['updatedReplicas', { updatedReplicas: 3 }],
    ['readyReplicas', { readyReplicas: 3 }],
    ['availableReplicas', { availableReplicas: 3 }],
    ['unavailableReplicas', { unavailableReplicas: 1 }],
    ['observedGeneration', { observedGeneration: 2 }],
  ] as const)('a stale %s alone is rewritten', (_field, stale) => {
    expect(planDeployment(base(steady(stale)), NOW).actions).toStrictEqual([statusCall(steady({}), '1')]);
  });

  it('a collisionCount changed by a create is written even when nothing else changed', () => {
    // The Deployment's revision annotation is already 2, and the status already shows the counts the
    // sync ends with (old 3 + new 1, 4 available): only collisionCount 1 differs.
    const d = view({
      revision: '2',
      replicaSets: [rs('web-old', 'v1', 4, { revision: 1, desired: 4, max: 5 })],
      nameTaken: (n) => n === 'web-h0',
      status: steady({ updatedReplicas: 0 }),
    });
    expect(planDeployment(d, NOW).actions.map((a) => a.op)).toEqual([
      'createReplicaSet',
      'updateReplicaSet',
      'status',
    ]);
    expect(planDeployment(d, NOW).actions[2]).toStrictEqual(
      statusCall(steady({ updatedReplicas: 0 }), '2', 1),
    );
    // Without the collision the same sync writes no status.
    expect(planDeployment({ ...d, nameTaken: () => false }, NOW).actions.map((a) => a.op)).toEqual([
      'createReplicaSet',
      'updateReplicaSet',
    ]);
  });

  it('Available=True exactly at replicas - maxUnavailable; below it False (MinimumReplicasUnavailable)', () => {
    const at = (availableReplicas: number) =>
      view({
        revision: '1',
        paused: true,
        replicaSets: [rs('web-h0', 'v2', 4, { revision: 1, desired: 4, max: 5, availableReplicas })],
      });
    expect(planDeployment(at(3), NOW).actions).toStrictEqual([
      statusCall(status(4, 4, 4, 3, 1, 3, [available()]), '1'),
    ]);
    expect(planDeployment(at(2), NOW).actions).toStrictEqual([
      statusCall(status(4, 4, 4, 2, 2, 3, [unavailable()]), '1'),
    ]);
  });

  it('unavailableReplicas never goes negative (more available than spec)', () => {
    const d = view({
      revision: '1',
      paused: true,
      replicaSets: [rs('web-h0', 'v2', 4, { revision: 1, desired: 4, max: 5, availableReplicas: 6 })],
    });
    expect(planDeployment(d, NOW).actions).toStrictEqual([
      statusCall(status(4, 4, 4, 6, 0, 3, [available()]), '1'),
    ]);
  });
});

describe('getNewReplicaSet: revision and the first Progressing condition', () => {
  it('a found new ReplicaSet sets the Deployment revision and, with a deadline, FoundNewReplicaSet', () => {
    const d = view({
      progressDeadlineSeconds: 600,
      replicaSets: [rs('web-h0', 'v2', 4, { revision: 1, desired: 4, max: 5 })],
      status: status(4, 4, 4, 4, 0, 3, [available(5 * S)]),
    });
    const found = cond('Progressing', 'True', 'FoundNewReplicaSet', 'Found new replica set "web-h0"');
    const { actions } = planDeployment(d, NOW);
    // The revision write, then the rollout status (complete: NewReplicaSetAvailable) is a second
    // UpdateStatus of the same object in one sync: refused.
    expect(actions[0]).toStrictEqual(statusCall(status(4, 4, 4, 4, 0, 3, [available(5 * S), found]), '1'));
    expect(actions.slice(1)).toStrictEqual([{ op: 'error', message: conflictMessage('web') }]);
  });

  it('without a deadline only the revision is written', () => {
    const d = view({
      replicaSets: [rs('web-h0', 'v2', 4, { revision: 7, desired: 4, max: 5 })],
      status: status(4, 4, 4, 4, 0, 3, [available(5 * S)]),
    });
    expect(planDeployment(d, NOW).actions).toStrictEqual([
      statusCall(status(4, 4, 4, 4, 0, 3, [available(5 * S)]), '7'),
    ]);
  });

  it('an existing Progressing condition is not replaced by FoundNewReplicaSet', () => {
    const done = cond(
      'Progressing',
      'True',
      'NewReplicaSetAvailable',
      'ReplicaSet "web-h0" has successfully progressed.',
      5 * S,
    );
    const d = view({
      progressDeadlineSeconds: 600,
      revision: '1',
      replicaSets: [rs('web-h0', 'v2', 4, { revision: 1, desired: 4, max: 5 })],
      status: status(4, 4, 4, 4, 0, 3, [available(5 * S), done]),
    });
    expect(planDeployment(d, NOW)).toStrictEqual({ actions: [], requeue: null });
  });

  it('a new ReplicaSet with an older revision than an old one is bumped to max + 1 first, alone', () => {
    const d = view({
      revision: '1',
      replicaSets: [
        rs('web-old', 'v1', 0, { revision: 5 }),
        rs('web-h0', 'v2', 4, { revision: 1, desired: 4, max: 5, createdUs: 10 * S }),
      ],
      status: status(4, 4, 4, 4, 0, 3, [available(5 * S)]),
    });
    const { actions } = planDeployment(d, NOW);
    expect(actions[0]).toStrictEqual({
      op: 'updateReplicaSet',
      name: 'web-h0',
      replicas: 4,
      annotations: {
        [RevisionAnnotation]: '6',
        [DesiredReplicasAnnotation]: '4',
        [MaxReplicasAnnotation]: '5',
      },
      message: null,
    });
    // sync.go getNewReplicaSet returns the updated ReplicaSet at once: the Deployment's revision annotation
    // is left for the next sync (here nothing else changed, so no status is written at all).
    expect(actions.filter((a) => a.op === 'status')).toStrictEqual([]);
  });

  it('a new ReplicaSet with a higher revision than every old one keeps it', () => {
    const d = view({
      revision: '9',
      replicaSets: [
        rs('web-old', 'v1', 0, { revision: 5 }),
        rs('web-h0', 'v2', 4, { revision: 9, desired: 4, max: 5, createdUs: 10 * S }),
      ],
      status: status(4, 4, 4, 4, 0, 3, [available(5 * S)]),
    });
    expect(planDeployment(d, NOW).actions.filter((a) => a.op === 'updateReplicaSet')).toStrictEqual([]);
  });
});

describe('a rollout begins: the new ReplicaSet is created (sync.go getNewReplicaSet, rolling.go)', () => {
  it('create at the surge, NewReplicaSetCreated, the old one scaled down, then a conflicting status write', () => {
    const d = view({
      progressDeadlineSeconds: 600,
      revision: '1',
      replicaSets: [rs('web-old', 'v1', 4, { revision: 1, desired: 4, max: 5 })],
      status: status(4, 0, 4, 4, 0, 2, [available(5 * S)]),
    });
    const created = cond('Progressing', 'True', 'NewReplicaSetCreated', 'Created new replica set "web-h0"');
    expect(planDeployment(d, NOW)).toStrictEqual({
      actions: [
        {
          op: 'createReplicaSet',
          name: 'web-h0',
          hash: 'h0',
          replicas: 1,
          annotations: {
            [RevisionAnnotation]: '2',
            [DesiredReplicasAnnotation]: '4',
            [MaxReplicasAnnotation]: '5',
          },
          collisionCount: 0,
        },
        statusCall(status(4, 0, 4, 4, 0, 2, [available(5 * S), created]), '2'),
        {
          op: 'updateReplicaSet',
          name: 'web-old',
          replicas: 3,
          annotations: {
            [RevisionAnnotation]: '1',
            [DesiredReplicasAnnotation]: '4',
            [MaxReplicasAnnotation]: '5',
          },
          message: 'Scaled down replica set web-old from 4 to 3',
        },
        { op: 'error', message: conflictMessage('web') },
      ],
      requeue: null,
    });
  });

  it('without a deadline: create, revision write, scale down; the second status write conflicts', () => {
    const d = view({
      replicaSets: [rs('web-old', 'v1', 4, { revision: 3, desired: 4, max: 5 })],
      status: status(4, 0, 4, 4, 0, 2, [available(5 * S)]),
    });
    const ops = planDeployment(d, NOW).actions.map((a) => a.op);
    expect(ops).toEqual(['createReplicaSet', 'status', 'updateReplicaSet', 'error']);
    const st = planDeployment(d, NOW).actions[1];
    expect(st).toStrictEqual(statusCall(status(4, 0, 4, 4, 0, 2, [available(5 * S)]), '4'));
  });

  it('name collisions: collisionCount counts the taken names, and the status carries it', () => {
    const taken = new Set(['web-h0', 'web-h1']);
    const d = view({
      revision: '1',
      replicaSets: [rs('web-old', 'v1', 4, { revision: 1, desired: 4, max: 5 })],
      nameTaken: (n) => taken.has(n),
      status: status(4, 0, 4, 4, 0, 2, [available(5 * S)]),
    });
    const [create, st] = planDeployment(d, NOW).actions;
    expect(create).toMatchObject({ op: 'createReplicaSet', name: 'web-h2', hash: 'h2', collisionCount: 2 });
    expect(st).toMatchObject({ op: 'status', collisionCount: 2, revision: '2' });
  });

  it('kubesim: the collision search (one name per retried sync upstream) stops after 100 names', () => {
    const d = view({
      revision: '1',
      replicaSets: [rs('web-old', 'v1', 4, { revision: 1, desired: 4, max: 5 })],
      nameTaken: () => true,
    });
    expect(planDeployment(d, NOW).actions[0]).toMatchObject({ name: 'web-h100', collisionCount: 100 });
  });
});

describe('syncRolloutStatus through a whole rolling sync (progress.go)', () => {
  const updatedAt = 40 * S;
  const progressing = (
    reason: string,
    message: string,
    atUs: number,
    transitionUs = atUs,
    st: 'True' | 'False' = 'True',
  ) => cond('Progressing', st, reason, message, atUs, transitionUs);

  it('progress: ReplicaSetUpdated with a new lastUpdateTime, lastTransitionTime kept while True', () => {
    // New 2 of 4 available, old 2: the new ReplicaSet grows to 3 (surge 1) and the status shows more updated.
    const d = view({
      progressDeadlineSeconds: 600,
      revision: '2',
      replicaSets: [
        rs('web-old', 'v1', 2, { revision: 1, desired: 4, max: 5 }),
        rs('web-h0', 'v2', 2, { revision: 2, desired: 4, max: 5, createdUs: 10 * S }),
      ],
      status: status(4, 1, 4, 4, 0, 3, [
        available(5 * S),
        progressing('ReplicaSetUpdated', 'ReplicaSet "web-h0" is progressing.', updatedAt, 10 * S),
      ]),
    });
    expect(planDeployment(d, NOW).actions).toStrictEqual([
      {
        op: 'updateReplicaSet',
        name: 'web-h0',
        replicas: 3,
        annotations: {
          [RevisionAnnotation]: '2',
          [DesiredReplicasAnnotation]: '4',
          [MaxReplicasAnnotation]: '5',
        },
        message: 'Scaled up replica set web-h0 from 2 to 3',
      },
      statusCall(
        status(4, 2, 4, 4, 1, 3, [
          available(5 * S),
          progressing('ReplicaSetUpdated', 'ReplicaSet "web-h0" is progressing.', NOW, 10 * S),
        ]),
        '2',
      ),
    ]);
  });

  it('progress after a False condition starts a new transition', () => {
    const d = view({
      progressDeadlineSeconds: 600,
      revision: '2',
      replicaSets: [
        rs('web-old', 'v1', 2, { revision: 1, desired: 4, max: 5 }),
        rs('web-h0', 'v2', 2, { revision: 2, desired: 4, max: 5, createdUs: 10 * S }),
      ],
      status: status(4, 1, 4, 4, 0, 3, [
        available(5 * S),
        progressing('ProgressDeadlineExceeded', 'x', updatedAt, updatedAt, 'False'),
      ]),
    });
    const st = planDeployment(d, NOW).actions.find((a) => a.op === 'status');
    expect(st?.op === 'status' && st.status.conditions[1]).toStrictEqual(
      progressing('ReplicaSetUpdated', 'ReplicaSet "web-h0" is progressing.', NOW, NOW),
    );
  });

  it('complete: NewReplicaSetAvailable ("successfully progressed"), then old empty ReplicaSets beyond the limit are deleted', () => {
    const d = view({
      progressDeadlineSeconds: 600,
      revision: '3',
      revisionHistoryLimit: 1,
      replicaSets: [
        rs('web-a', 'v0', 0, { revision: 1 }),
        rs('web-b', 'v1', 0, { revision: 2 }),
        rs('web-h0', 'v2', 4, { revision: 3, desired: 4, max: 5, createdUs: 10 * S }),
      ],
      status: status(4, 4, 4, 4, 0, 3, [
        available(5 * S),
        progressing('ReplicaSetUpdated', 'ReplicaSet "web-h0" is progressing.', updatedAt, 10 * S),
      ]),
    });
    expect(planDeployment(d, NOW)).toStrictEqual({
      actions: [
        { op: 'deleteReplicaSet', name: 'web-a' },
        statusCall(
          status(4, 4, 4, 4, 0, 3, [
            available(5 * S),
            progressing(
              'NewReplicaSetAvailable',
              'ReplicaSet "web-h0" has successfully progressed.',
              NOW,
              10 * S,
            ),
          ]),
          '3',
        ),
      ],
      requeue: null,
    });
  });

  it('no progress past the deadline: ProgressDeadlineExceeded ("timed out progressing")', () => {
    // The new ReplicaSet is at 3 with nothing available; old 1 can't go (min available 3).
    const d = view({
      progressDeadlineSeconds: 30,
      revision: '2',
      replicaSets: [
        rs('web-old', 'v1', 2, { revision: 1, desired: 4, max: 5 }),
        rs('web-h0', 'v2', 3, {
          revision: 2,
          desired: 4,
          max: 5,
          createdUs: 10 * S,
          readyReplicas: 0,
          availableReplicas: 0,
        }),
      ],
      status: status(5, 3, 2, 2, 3, 3, [
        unavailable(5 * S),
        progressing('ReplicaSetUpdated', 'ReplicaSet "web-h0" is progressing.', updatedAt, 10 * S),
      ]),
    });
    expect(planDeployment(d, NOW)).toStrictEqual({
      actions: [
        statusCall(
          status(5, 3, 2, 2, 3, 3, [
            unavailable(5 * S),
            progressing(
              'ProgressDeadlineExceeded',
              'ReplicaSet "web-h0" has timed out progressing.',
              NOW,
              NOW,
              'False',
            ),
          ]),
          '2',
        ),
      ],
      requeue: null,
    });
    // Before the deadline nothing changes and the sync asks to be re-run one second past it.
    expect(planDeployment(d, updatedAt + 10 * S)).toStrictEqual({
      actions: [],
      requeue: { afterUs: 21 * S },
    });
  });

  it("ReplicaFailure: the new ReplicaSet's first, else an old one's; lastUpdateTime is its transition time", () => {
    const failure = (message: string): Condition =>
      cond('ReplicaFailure', 'True', 'FailedCreate', message, 7 * S, 6 * S);
    const mk = (oldFailure?: Condition, newFailure?: Condition) =>
      view({
        revision: '2',
        replicaSets: [
          rs('web-old', 'v1', 0, { revision: 1, ...(oldFailure ? { replicaFailure: oldFailure } : {}) }),
          rs('web-h0', 'v2', 4, {
            revision: 2,
            desired: 4,
            max: 5,
            createdUs: 10 * S,
            ...(newFailure ? { replicaFailure: newFailure } : {}),
          }),
        ],
        status: status(4, 4, 4, 4, 0, 3, [available(5 * S)]),
      });
    const conditionsOf = (d: DeploymentView) => {
      const st = planDeployment(d, NOW).actions.find((a) => a.op === 'status');
      return st?.op === 'status' ? st.status.conditions : null;
    };
    const copied = (message: string) => cond('ReplicaFailure', 'True', 'FailedCreate', message, 6 * S, 6 * S);
    expect(conditionsOf(mk(failure('old'), failure('new')))).toStrictEqual([available(5 * S), copied('new')]);
    expect(conditionsOf(mk(failure('old')))).toStrictEqual([available(5 * S), copied('old')]);
    // None left: a recorded ReplicaFailure is removed.
    const d = { ...mk(), status: status(4, 4, 4, 4, 0, 3, [available(5 * S), copied('gone')]) };
    expect(conditionsOf(d)).toStrictEqual([available(5 * S)]);
  });

  it('no deadline: a recorded Progressing condition is removed', () => {
    const d = view({
      revision: '2',
      replicaSets: [rs('web-h0', 'v2', 4, { revision: 2, desired: 4, max: 5 })],
      status: status(4, 4, 4, 4, 0, 3, [available(5 * S), progressing('ReplicaSetUpdated', 'm', updatedAt)]),
    });
    expect(planDeployment(d, NOW).actions).toStrictEqual([
      statusCall(status(4, 4, 4, 4, 0, 3, [available(5 * S)]), '2'),
    ]);
  });
});

describe('Recreate (recreate.go rolloutRecreate)', () => {
  const recreate = { strategy: { type: 'Recreate' as const, rollingUpdate: null } };

  it('scaling the old ReplicaSets down ends the sync with a rollout status naming the Deployment', () => {
    const d = view({
      ...recreate,
      progressDeadlineSeconds: 600,
      revision: '1',
      replicaSets: [rs('web-old', 'v1', 4, { revision: 1, desired: 4, max: 4 })],
      // The last status saw 5 old replicas, the ReplicaSet's status now 4: progress.
      status: status(5, 0, 4, 4, 0, 3, [
        available(5 * S),
        cond('Progressing', 'True', 'NewReplicaSetAvailable', 'm', 5 * S),
      ]),
    });
    // No new ReplicaSet yet: the message names the Deployment.
    expect(planDeployment(d, NOW).actions).toStrictEqual([
      {
        op: 'updateReplicaSet',
        name: 'web-old',
        replicas: 0,
        annotations: {
          [RevisionAnnotation]: '1',
          [DesiredReplicasAnnotation]: '4',
          [MaxReplicasAnnotation]: '4',
        },
        message: 'Scaled down replica set web-old from 4 to 0',
      },
      statusCall(
        // Available counts status (4 of 4; maxUnavailable is 0 for Recreate); unavailable: spec 0 - 4 -> 0.
        status(4, 0, 4, 4, 0, 3, [
          available(5 * S),
          cond('Progressing', 'True', 'ReplicaSetUpdated', 'Deployment "web" is progressing.', NOW, 5 * S),
        ]),
        '1',
      ),
    ]);
  });

  it('old ReplicaSets at zero with no pods: the new ReplicaSet is created at full size', () => {
    const d = view({
      ...recreate,
      revision: '1',
      replicaSets: [
        rs('web-old', 'v1', 0, { revision: 1, statusReplicas: 0, readyReplicas: 0, availableReplicas: 0 }),
      ],
    });
    const { actions } = planDeployment(d, NOW);
    expect(actions[0]).toStrictEqual({
      op: 'createReplicaSet',
      name: 'web-h0',
      hash: 'h0',
      replicas: 4,
      annotations: {
        [RevisionAnnotation]: '2',
        [DesiredReplicasAnnotation]: '4',
        [MaxReplicasAnnotation]: '4',
      },
      collisionCount: 0,
    });
  });

  it('an existing new ReplicaSet below size is scaled up; complete, old ones beyond the limit go', () => {
    const grow = view({
      ...recreate,
      revision: '2',
      replicaSets: [
        rs('web-old', 'v1', 0, { revision: 1, statusReplicas: 0 }),
        rs('web-h0', 'v2', 1, { revision: 2, desired: 4, max: 4, createdUs: 10 * S }),
      ],
    });
    expect(planDeployment(grow, NOW).actions[0]).toMatchObject({
      op: 'updateReplicaSet',
      name: 'web-h0',
      replicas: 4,
      message: 'Scaled up replica set web-h0 from 1 to 4',
    });
    const done = view({
      ...recreate,
      revision: '2',
      revisionHistoryLimit: 0,
      status: status(4, 4, 4, 4, 0, 3, [available(5 * S)]),
      replicaSets: [
        rs('web-old', 'v1', 0, { revision: 1, statusReplicas: 0 }),
        rs('web-h0', 'v2', 4, { revision: 2, desired: 4, max: 4, createdUs: 10 * S }),
      ],
    });
    expect(planDeployment(done, NOW)).toStrictEqual({
      actions: [{ op: 'deleteReplicaSet', name: 'web-old' }],
      requeue: null,
    });
  });
});

describe('cleanupDeployment (sync.go): what may be deleted', () => {
  const complete = (replicaSets: RsSnapshot[]) =>
    view({
      revision: '9',
      revisionHistoryLimit: 0,
      status: status(4, 4, 4, 4, 0, 3, [available(5 * S)]),
      replicaSets: [
        ...replicaSets,
        rs('web-h0', 'v2', 4, { revision: 9, desired: 4, max: 5, createdUs: 10 * S }),
      ],
    });
  const deleted = (d: DeploymentView) =>
    planDeployment(d, NOW).actions.flatMap((a) => (a.op === 'deleteReplicaSet' ? [a.name] : []));

  it('only old ReplicaSets with no replicas in spec or status and an observed generation', () => {
    expect(
      deleted(
        complete([
          rs('empty', 'v1', 0, { revision: 1, statusReplicas: 0 }),
          rs('status-left', 'v1b', 0, { revision: 2, statusReplicas: 1 }),
          rs('unobserved', 'v1c', 0, {
            revision: 3,
            statusReplicas: 0,
            generation: 2,
            observedGeneration: 1,
          }),
          rs('observed-ahead', 'v1d', 0, {
            revision: 4,
            statusReplicas: 0,
            generation: 1,
            observedGeneration: 2,
          }),
          rs('deleting', 'v1e', 0, { revision: 5, statusReplicas: 0, deleting: true }),
        ]),
      ),
    ).toEqual(['empty', 'observed-ahead']);
  });

  it('ReplicaSets already being deleted do not count against the limit', () => {
    const d = {
      ...complete([
        rs('a', 'v1', 0, { revision: 1, statusReplicas: 0 }),
        rs('b', 'v1b', 0, { revision: 2, statusReplicas: 0, deleting: true }),
      ]),
      revisionHistoryLimit: 1,
    };
    expect(deleted(d)).toEqual([]);
  });

  it('a rollout still in progress deletes nothing', () => {
    const d = view({
      revision: '9',
      revisionHistoryLimit: 0,
      replicaSets: [
        rs('a', 'v1', 0, { revision: 1, statusReplicas: 0 }),
        rs('web-h0', 'v2', 2, { revision: 9, desired: 4, max: 5, createdUs: 10 * S }),
      ],
    });
    expect(deleted(d)).toEqual([]);
  });
});

describe('scaling events and pause (sync.go isScalingEvent, sync)', () => {
  it('an active ReplicaSet whose desired-replicas differs from spec.replicas is a scaling event, not a rollout step', () => {
    // Mid-rollout: old 2, new 2 (desired 3). spec.replicas is now 4: proportional scaling, no new ReplicaSet.
    const d = view({
      revision: '2',
      replicaSets: [
        rs('web-old', 'v1', 2, { revision: 1, desired: 3, max: 4 }),
        rs('web-h0', 'v2', 2, { revision: 2, desired: 3, max: 4, createdUs: 10 * S }),
      ],
    });
    const { actions } = planDeployment(d, NOW);
    // allowed 4 + 1 = 5, +1: new 2 * 5 / 4 = 2.5 -> 3 (+1) first (equal sizes: newer first).
    expect(actions.filter((a) => a.op !== 'status')).toStrictEqual([
      {
        op: 'updateReplicaSet',
        name: 'web-h0',
        replicas: 3,
        annotations: {
          [RevisionAnnotation]: '2',
          [DesiredReplicasAnnotation]: '4',
          [MaxReplicasAnnotation]: '5',
        },
        message: 'Scaled up replica set web-h0 from 2 to 3',
      },
      {
        op: 'updateReplicaSet',
        name: 'web-old',
        replicas: 2,
        annotations: {
          [RevisionAnnotation]: '1',
          [DesiredReplicasAnnotation]: '4',
          [MaxReplicasAnnotation]: '5',
        },
        message: null,
      },
    ]);
  });

  it('an inactive ReplicaSet with another desired-replicas is no scaling event', () => {
    const d = view({
      revision: '2',
      replicaSets: [
        rs('web-old', 'v1', 0, { revision: 1, desired: 9, max: 10, statusReplicas: 0 }),
        rs('web-h0', 'v2', 4, { revision: 2, desired: 4, max: 5, createdUs: 10 * S }),
      ],
      status: status(4, 4, 4, 4, 0, 3, [available(5 * S)]),
    });
    expect(planDeployment(d, NOW).actions).toStrictEqual([]);
  });

  it('paused: a template change creates nothing; the size follows spec.replicas; old empty ReplicaSets are cleaned up', () => {
    const d = view({
      paused: true,
      revision: '1',
      revisionHistoryLimit: 0,
      templateText: 'v3',
      replicaSets: [
        rs('web-a', 'v0', 0, { revision: 0, statusReplicas: 0 }),
        rs('web-b', 'v1', 3, { revision: 1, desired: 3, max: 4, createdUs: 10 * S }),
      ],
    });
    const { actions } = planDeployment(d, NOW);
    expect(actions.filter((a) => a.op !== 'status')).toStrictEqual([
      {
        op: 'updateReplicaSet',
        name: 'web-b',
        replicas: 4,
        annotations: {
          [RevisionAnnotation]: '1',
          [DesiredReplicasAnnotation]: '4',
          [MaxReplicasAnnotation]: '5',
        },
        message: 'Scaled up replica set web-b from 3 to 4',
      },
      { op: 'deleteReplicaSet', name: 'web-a' },
    ]);
  });

  it('no active ReplicaSet: the newest old one is scaled (FindActiveOrLatest)', () => {
    const d = view({
      paused: true,
      templateText: 'v3',
      replicaSets: [
        rs('web-a', 'v0', 0, { revision: 1, createdUs: 1 * S, statusReplicas: 0 }),
        rs('web-b', 'v1', 0, { revision: 2, createdUs: 5 * S, statusReplicas: 0 }),
      ],
    });
    const up = planDeployment(d, NOW).actions.find((a) => a.op === 'updateReplicaSet');
    expect(up).toMatchObject({ name: 'web-b', replicas: 4 });
  });

  it('a saturated new ReplicaSet scales every active old one to zero at once', () => {
    const d = view({
      revision: '2',
      replicas: 4,
      replicaSets: [
        rs('web-old1', 'v0', 1, { revision: 1, desired: 3, max: 4 }),
        rs('web-old2', 'v1', 2, { revision: 2, desired: 3, max: 4, createdUs: 2 * S }),
        rs('web-h0', 'v2', 4, { revision: 3, desired: 4, max: 5, createdUs: 10 * S }),
      ],
    });
    const sizes = planDeployment(d, NOW).actions.flatMap((a) =>
      a.op === 'updateReplicaSet' ? [`${a.name}=${a.replicas}`] : [],
    );
    expect(sizes).toEqual(['web-old1=0', 'web-old2=0']);
  });

  it('Recreate with several active ReplicaSets is not scaled proportionally', () => {
    const d = view({
      strategy: { type: 'Recreate', rollingUpdate: null },
      paused: true,
      revision: '2',
      replicaSets: [
        rs('web-old', 'v1', 2, { revision: 1, desired: 3, max: 3 }),
        rs('web-h0', 'v2', 1, { revision: 2, desired: 3, max: 3, createdUs: 10 * S }),
      ],
    });
    expect(planDeployment(d, NOW).actions.filter((a) => a.op === 'updateReplicaSet')).toStrictEqual([]);
  });

  it('scaled to zero: every active ReplicaSet goes to zero', () => {
    const d = view({
      replicas: 0,
      revision: '2',
      replicaSets: [
        rs('web-old', 'v1', 2, { revision: 1, desired: 4, max: 5 }),
        rs('web-h0', 'v2', 3, { revision: 2, desired: 4, max: 5, createdUs: 10 * S }),
      ],
    });
    const sizes = planDeployment(d, NOW).actions.flatMap((a) =>
      a.op === 'updateReplicaSet' ? [`${a.name}=${a.replicas}`] : [],
    );
    expect(sizes.sort()).toEqual(['web-h0=0', 'web-old=0']);
  });
});

describe('pausing with a deadline (sync.go checkPausedConditions) in a whole sync', () => {
  it('DeploymentPaused is written first; a status change in the same sync is then refused', () => {
    const d = view({
      paused: true,
      progressDeadlineSeconds: 600,
      revision: '1',
      replicaSets: [rs('web-h0', 'v2', 4, { revision: 1, desired: 4, max: 5 })],
      status: status(4, 4, 4, 4, 0, 2, [
        available(5 * S),
        cond('Progressing', 'True', 'NewReplicaSetAvailable', 'm', 5 * S),
      ]),
    });
    expect(planDeployment(d, NOW).actions).toStrictEqual([
      statusCall(
        status(4, 4, 4, 4, 0, 2, [
          available(5 * S),
          cond('Progressing', 'Unknown', 'DeploymentPaused', 'Deployment is paused', NOW),
        ]),
        '1',
      ),
      { op: 'error', message: conflictMessage('web') },
    ]);
  });
});

describe('IsSaturated (deployment_util.go): every clause matters', () => {
  // Old 2 (desired 3), new 4 of a 4-replica Deployment with maxSurge 1. Saturated means desired-replicas
  // annotation == spec.replicas == the new ReplicaSet's spec and available replicas.
  const sizesAfter = (newRS: Partial<RsSnapshot> & { desired?: number }) => {
    const d = view({
      paused: true,
      revision: '2',
      replicaSets: [
        rs('web-old', 'v1', 2, { revision: 1, desired: 3, max: 4 }),
        rs('web-h0', 'v2', 4, { revision: 2, max: 5, createdUs: 10 * S, ...newRS }),
      ],
    });
    return planDeployment(d, NOW).actions.flatMap((a) =>
      a.op === 'updateReplicaSet' && a.message !== null ? [`${a.name}=${a.replicas}`] : [],
    );
  };
  it('saturated: only the old ReplicaSet is scaled, to zero', () => {
    expect(sizesAfter({ desired: 4 })).toEqual(['web-old=0']);
  });
  it('not saturated: proportional scaling (6 -> 5): old +1 by its share, the leftover -2 to the larger new one', () => {
    // old: 2 * 5 / 4 = 2.5 -> 3 (GetProportion's max(fraction, allowed) for a scale-down); new 4 * 5 / 5 = 4.
    expect(sizesAfter({ desired: 4, availableReplicas: 3 })).toEqual(['web-h0=2', 'web-old=3']);
    for (const variant of [{}, { desired: 5 }, { desired: 4, replicas: 3 }]) {
      expect(sizesAfter(variant)).not.toEqual(['web-old=0']);
    }
  });
});

describe('scaleReplicaSetAndRecordEvent: a ReplicaSet already at the size is not written', () => {
  it('paused, one active ReplicaSet at spec.replicas with stale desired/max annotations: no update', () => {
    const d = view({
      paused: true,
      revision: '1',
      status: status(4, 4, 4, 4, 0, 3, [available(5 * S)]),
      replicaSets: [rs('web-h0', 'v2', 4, { revision: 1, desired: 3, max: 4 })],
    });
    expect(planDeployment(d, NOW)).toStrictEqual({ actions: [], requeue: null });
  });

  it('Recreate: a new ReplicaSet at full size with stale annotations is not written', () => {
    const d = view({
      strategy: { type: 'Recreate', rollingUpdate: null },
      revision: '2',
      status: status(4, 4, 4, 4, 0, 3, [available(5 * S)]),
      replicaSets: [rs('web-h0', 'v2', 4, { revision: 2, desired: 4, max: 9 })],
    });
    expect(planDeployment(d, NOW)).toStrictEqual({ actions: [], requeue: null });
  });
});

describe('isScalingEvent looks at active ReplicaSets only', () => {
  it('an empty old ReplicaSet annotated for another size leaves the sync a rollout (re-queued for its deadline)', () => {
    // A rollout sync that changes no status re-queues for the deadline; a scaling sync never does.
    const d = view({
      progressDeadlineSeconds: 600,
      revision: '2',
      replicaSets: [
        rs('web-old', 'v1', 0, {
          revision: 1,
          desired: 9,
          max: 10,
          statusReplicas: 0,
          readyReplicas: 0,
          availableReplicas: 0,
        }),
        rs('web-h0', 'v2', 4, { revision: 2, desired: 4, max: 5, createdUs: 10 * S, availableReplicas: 3 }),
      ],
      status: status(4, 4, 4, 3, 1, 3, [
        available(5 * S),
        cond(
          'Progressing',
          'True',
          'ReplicaSetUpdated',
          'ReplicaSet "web-h0" is progressing.',
          90 * S,
          10 * S,
        ),
      ]),
    });
    expect(planDeployment(d, NOW)).toStrictEqual({ actions: [], requeue: { afterUs: 591 * S } });
  });
});

describe('rolling.go cleanupUnhealthyReplicas / scaleDownOldReplicaSetsForRollingUpdate over several old ReplicaSets', () => {
  const d = (replicaSets: RsSnapshot[]) => view({ replicas: 10, replicaSets });
  const sizes = (actions: readonly DeploymentAction[]) =>
    actions.flatMap((a) => (a.op === 'updateReplicaSet' ? [`${a.name}=${a.replicas}`] : []));

  it('oldest first; an old ReplicaSet at spec 0 whose status still shows available pods is skipped; the budget stops the loop', () => {
    // Listed newest first. a: spec 0, 2 available (status lagging); b: 10 with 2 unavailable;
    // c: 4 with 6 available (stale; reaching it would be an error).
    const rss = [
      rs('c', 'v1', 4, { createdUs: 2 * S, availableReplicas: 6 }),
      rs('b', 'v0', 10, { createdUs: 1 * S, availableReplicas: 8 }),
      rs('a', 'v-1', 0, { createdUs: 0, availableReplicas: 2 }),
    ];
    const { result, actions } = syncSteps.cleanupUnhealthyReplicas(d(rss), 2);
    expect(result).toBe(2);
    expect(sizes(actions)).toEqual(['b=8']);
  });

  it('what is left of maxCleanupCount goes to the next old ReplicaSet', () => {
    const rss = [
      rs('b', 'v0', 10, { createdUs: 1 * S, availableReplicas: 8 }),
      rs('c', 'v1', 4, { createdUs: 2 * S, availableReplicas: 2 }),
    ];
    const { result, actions } = syncSteps.cleanupUnhealthyReplicas(d(rss), 3);
    expect(result).toBe(3);
    expect(sizes(actions)).toEqual(['b=8', 'c=3']);
  });

  it('status showing more available than spec is an error, and nothing is scaled', () => {
    const { result, actions } = syncSteps.cleanupUnhealthyReplicas(
      d([rs('old', 'v1', 5, { availableReplicas: 7 })]),
      1,
    );
    expect(result).toBe('error');
    expect(actions).toStrictEqual([]);
  });

  it('the error ends reconcileOldReplicaSets: no scale-down of available old replicas in that sync', () => {
    // maxScaledDown = 5 - 4 - 0 = 1; the cleanup errors on the stale old ReplicaSet.
    const view1 = view({
      replicas: 5,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } },
      replicaSets: [
        rs('old', 'v1', 5, { statusReplicas: 7, availableReplicas: 7 }),
        rs('web-h0', 'v2', 0, {
          createdUs: 10 * S,
          statusReplicas: 0,
          readyReplicas: 0,
          availableReplicas: 0,
        }),
      ],
    });
    const { result, actions } = syncSteps.reconcileOldReplicaSets(view1, 'web-h0');
    expect(result).toBe(false);
    expect(actions).toStrictEqual([]);
  });

  it('scale-down for the rolling update: oldest first, each taking what is left of the budget', () => {
    // 10 replicas, maxUnavailable 3 (maxSurge 1 in the view): min available 7; 12 available -> budget 5.
    const rss = [
      rs('c', 'v1', 3, { createdUs: 2 * S }),
      rs('a', 'v-1', 0, { createdUs: 0 }),
      rs('b', 'v0', 3, { createdUs: 1 * S }),
      rs('n', 'v2', 6, { createdUs: 3 * S }),
    ];
    const dv = view({
      replicas: 10,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 3 } },
      replicaSets: rss,
    });
    const { result, actions } = syncSteps.scaleDownOldReplicaSetsForRollingUpdate(dv);
    // scaleDownOldReplicaSetsForRollingUpdate treats every ReplicaSet of the view as old here; the budget
    // (12 - 7 = 5) goes to b (3) then c (2), by creation; a has nothing; n, newest, gets nothing.
    expect(result).toBe(5);
    expect(sizes(actions)).toEqual(['b=0', 'c=1']);
  });
});

describe('more branches of one sync', () => {
  const sizes = (actions: readonly DeploymentAction[]) =>
    actions.flatMap((a) => (a.op === 'updateReplicaSet' ? [`${a.name}=${a.replicas}`] : []));
  const deletes = (actions: readonly DeploymentAction[]) =>
    actions.flatMap((a) => (a.op === 'deleteReplicaSet' ? [a.name] : []));

  it('resuming with a deadline writes Progressing=Unknown DeploymentResumed "Deployment is resumed"', () => {
    const d = view({
      progressDeadlineSeconds: 600,
      revision: '1',
      replicaSets: [rs('web-h0', 'v2', 4, { revision: 1, desired: 4, max: 5 })],
      status: status(4, 4, 4, 4, 0, 3, [
        available(5 * S),
        cond('Progressing', 'Unknown', 'DeploymentPaused', 'Deployment is paused', 5 * S),
      ]),
    });
    expect(planDeployment(d, NOW).actions[0]).toStrictEqual(
      statusCall(
        status(4, 4, 4, 4, 0, 3, [
          available(5 * S),
          cond('Progressing', 'Unknown', 'DeploymentResumed', 'Deployment is resumed', NOW, 5 * S),
        ]),
        '1',
      ),
    );
  });

  it('a completed rollout (NewReplicaSetAvailable, replicas == updated) is not re-estimated when counts move', () => {
    // More ready replicas than the last status would be progress; the rollout is complete, so the
    // Progressing condition stays as it is and only the counts are written.
    const done = cond(
      'Progressing',
      'True',
      'NewReplicaSetAvailable',
      'ReplicaSet "web-h0" has successfully progressed.',
      5 * S,
    );
    const d = view({
      progressDeadlineSeconds: 600,
      revision: '1',
      replicaSets: [rs('web-h0', 'v2', 4, { revision: 1, desired: 4, max: 5, availableReplicas: 3 })],
      status: status(4, 4, 3, 4, 0, 3, [available(5 * S), done]),
    });
    expect(planDeployment(d, NOW).actions).toStrictEqual([
      statusCall(status(4, 4, 4, 3, 1, 3, [available(5 * S), done]), '1'),
    ]);
  });

  it('DeploymentComplete needs the status observed at the current generation', () => {
    const s = { updatedReplicas: 4, replicas: 4, availableReplicas: 4, observedGeneration: 2 };
    expect(deploymentComplete({ replicas: 4, generation: 2 }, s)).toBe(true);
    expect(deploymentComplete({ replicas: 4, generation: 3 }, s)).toBe(false);
  });

  it('a scaling event that is not paused cleans up nothing', () => {
    const d = view({
      revision: '2',
      revisionHistoryLimit: 0,
      replicaSets: [
        rs('web-a', 'v0', 0, { revision: 1, statusReplicas: 0 }),
        rs('web-h0', 'v2', 3, { revision: 2, desired: 3, max: 4, createdUs: 10 * S }),
      ],
    });
    const { actions } = planDeployment(d, NOW);
    expect(sizes(actions)).toEqual(['web-h0=4']);
    expect(deletes(actions)).toEqual([]);
  });

  it('a scaling sync with nothing to add writes the annotations in ReplicaSet order (unsorted)', () => {
    // Paused, 4 replicas with maxSurge 1: old 1 + new 4 = 5 = allowed, toAdd 0; both annotations stale.
    const d = view({
      paused: true,
      revision: '2',
      replicaSets: [
        rs('web-old', 'v1', 1, { revision: 1, desired: 3, max: 4 }),
        rs('web-h0', 'v2', 4, { revision: 2, desired: 3, max: 4, createdUs: 10 * S }),
      ],
    });
    expect(sizes(planDeployment(d, NOW).actions)).toEqual(['web-old=1', 'web-h0=4']);
  });

  it('a rolling sync that scaled something cleans up nothing, even when the last status was complete', () => {
    const d = view({
      revision: '2',
      revisionHistoryLimit: 0,
      status: status(4, 4, 4, 4, 0, 3, [available(5 * S)]),
      replicaSets: [
        rs('web-a', 'v0', 0, { revision: 1, statusReplicas: 0 }),
        rs('web-h0', 'v2', 3, { revision: 2, desired: 4, max: 5, createdUs: 10 * S }),
      ],
    });
    const { actions } = planDeployment(d, NOW);
    expect(sizes(actions)).toEqual(['web-h0=4']);
    expect(deletes(actions)).toEqual([]);
  });

  it('Recreate scaling the new ReplicaSet up is no cleanup either', () => {
    const d = view({
      strategy: { type: 'Recreate', rollingUpdate: null },
      revision: '2',
      revisionHistoryLimit: 0,
      replicaSets: [
        rs('web-old', 'v1', 0, { revision: 1, statusReplicas: 0 }),
        rs('web-h0', 'v2', 1, { revision: 2, desired: 4, max: 4, createdUs: 10 * S }),
      ],
    });
    expect(deletes(planDeployment(d, NOW).actions)).toEqual([]);
  });

  it('a new ReplicaSet revision that is numerically current is kept as written ("02")', () => {
    // SetNewReplicaSetAnnotations compares revisions as integers: 2 is not below 2, no update.
    const d = view({
      revision: '02',
      status: status(4, 4, 4, 4, 0, 3, [available(5 * S)]),
      replicaSets: [
        rs('web-old', 'v1', 0, { revision: 1, statusReplicas: 0 }),
        {
          ...rs('web-h0', 'v2', 4, { desired: 4, max: 5, createdUs: 10 * S }),
          annotations: {
            [RevisionAnnotation]: '02',
            [DesiredReplicasAnnotation]: '4',
            [MaxReplicasAnnotation]: '5',
          },
        },
      ],
    });
    expect(planDeployment(d, NOW)).toStrictEqual({ actions: [], requeue: null });
  });
});
