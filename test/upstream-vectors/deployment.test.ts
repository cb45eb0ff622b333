// Upstream vectors: kubernetes/kubernetes pkg/controller/deployment (rolling_test.go, sync_test.go,
// recreate_test.go) and pkg/controller/deployment/util/deployment_util_test.go. Facts only (inputs and
// expected outcomes), replayed against kubesim's pure Deployment decision functions; case names are
// upstream's (or "<test> #i" for unnamed table rows). Upstream's test Deployment (newDeployment) has
// maxSurge 0 and maxUnavailable 0 unless given, and zero status; its ReplicaSets (rs()) have zero status.
import { describe, expect, it } from 'vitest';
import {
  type DeploymentAction,
  type DeploymentView,
  deploymentComplete,
  planDeployment,
  reconcileDeployment,
  syncSteps,
} from '../../src/controllers/deployment-reconcile.js';
import {
  actualReplicas,
  DesiredReplicasAnnotation,
  deploymentProgressing,
  desiredReplicasOf,
  MaxReplicasAnnotation,
  maxReplicasOf,
  maxUnavailable,
  newRSNewReplicas,
  oldPodsRunning,
  RevisionAnnotation,
  type RsSnapshot,
  resolveFenceposts,
  specReplicas,
} from '../../src/controllers/deployment-util.js';
import type { IntOrPercent } from '../../src/workloads/objects.js';

const S = 1_000_000;

function rs(
  name: string,
  replicas: number,
  o: Partial<Omit<RsSnapshot, 'name' | 'replicas'>> = {},
): RsSnapshot {
  return {
    name,
    createdUs: 0,
    replicas,
    statusReplicas: 0,
    readyReplicas: 0,
    availableReplicas: 0,
    generation: 0,
    observedGeneration: 0,
    deleting: false,
    templateText: `template-of-${name}`,
    annotations: {},
    ...o,
  };
}

function deployment(
  replicas: number,
  surge: IntOrPercent,
  unavailable: IntOrPercent,
  replicaSets: RsSnapshot[],
  o: Partial<DeploymentView> = {},
): DeploymentView {
  return {
    name: 'foo',
    replicas,
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: surge, maxUnavailable: unavailable } },
    generation: 0,
    templateText: 'template-of-new',
    paused: false,
    deleting: false,
    revisionHistoryLimit: 2 ** 31 - 1,
    progressDeadlineSeconds: null,
    revision: null,
    status: {
      replicas: 0,
      updatedReplicas: 0,
      readyReplicas: 0,
      availableReplicas: 0,
      unavailableReplicas: 0,
      observedGeneration: 0,
      conditions: [],
    },
    replicaSets,
    nameTaken: () => false,
    hashFor: (c) => `h${c}`,
    collisionCount: 0,
    oldPodsRunning: false,
    ...o,
  };
}

/** Spec sizes after the actions, keyed by ReplicaSet name. */
function sizes(rss: RsSnapshot[], actions: readonly DeploymentAction[]): Record<string, number> {
  const out: Record<string, number> = Object.fromEntries(rss.map((r) => [r.name, r.replicas]));
  for (const a of actions)
    if (a.op === 'updateReplicaSet' || a.op === 'createReplicaSet') out[a.name] = a.replicas;
  return out;
}

const updates = (actions: readonly DeploymentAction[]) => actions.filter((a) => a.op === 'updateReplicaSet');

describe('rolling_test.go TestDeploymentController_reconcileNewReplicaSet', () => {
  it.each([
    { i: 0, replicas: 10, surge: 0, old: 10, cur: 0, scaled: false, want: 0 }, // should not scale up
    { i: 1, replicas: 10, surge: 2, old: 10, cur: 0, scaled: true, want: 2 },
    { i: 2, replicas: 10, surge: 2, old: 5, cur: 0, scaled: true, want: 7 },
    { i: 3, replicas: 10, surge: 2, old: 10, cur: 2, scaled: false, want: 2 },
    { i: 4, replicas: 10, surge: 2, old: 2, cur: 11, scaled: true, want: 10 }, // should scale down
  ])('TestDeploymentController_reconcileNewReplicaSet #$i', ({ replicas, surge, old, cur, scaled, want }) => {
    const rss = [rs('new', cur), rs('old', old)];
    const { result, actions } = syncSteps.reconcileNewReplicaSet(deployment(replicas, surge, 0, rss), 'new');
    expect(result).toBe(scaled);
    expect(updates(actions)).toHaveLength(scaled ? 1 : 0);
    expect(sizes(rss, actions).new).toBe(want);
  });
});

describe('rolling_test.go TestDeploymentController_reconcileOldReplicaSets', () => {
  it.each([
    { i: 0, unavail: 0, old: 10, cur: 0, oldReady: 10, newReady: 0, scaled: true, wantOld: 9 },
    { i: 1, unavail: 2, old: 10, cur: 0, oldReady: 10, newReady: 0, scaled: true, wantOld: 8 },
    // expect unhealthy replicas from old replica sets been cleaned up
    { i: 2, unavail: 2, old: 10, cur: 0, oldReady: 8, newReady: 0, scaled: true, wantOld: 8 },
    // expect 1 unhealthy replica from old replica sets been cleaned up, and 1 ready pod been scaled down
    { i: 3, unavail: 2, old: 10, cur: 0, oldReady: 9, newReady: 0, scaled: true, wantOld: 8 },
    // the unavailable pods from the newRS would not make us scale down old RSs in a further step
    { i: 4, unavail: 2, old: 8, cur: 2, oldReady: 8, newReady: 0, scaled: false, wantOld: 8 },
  ])(
    'TestDeploymentController_reconcileOldReplicaSets #$i',
    ({ unavail, old, cur, oldReady, newReady, scaled, wantOld }) => {
      const rss = [
        rs('old', old, { availableReplicas: oldReady }),
        rs('new', cur, { availableReplicas: newReady }),
      ];
      const { result, actions } = syncSteps.reconcileOldReplicaSets(deployment(10, 0, unavail, rss), 'new');
      expect(result).toBe(scaled);
      expect(sizes(rss, actions)).toEqual({ old: wantOld, new: cur });
    },
  );
});

describe('rolling_test.go TestDeploymentController_cleanupUnhealthyReplicas', () => {
  it.each([
    { i: 0, old: 10, ready: 8, maxCleanup: 1, want: 1 },
    { i: 1, old: 10, ready: 8, maxCleanup: 3, want: 2 },
    { i: 2, old: 10, ready: 8, maxCleanup: 0, want: 0 },
    { i: 3, old: 10, ready: 10, maxCleanup: 3, want: 0 },
  ])('TestDeploymentController_cleanupUnhealthyReplicas #$i', ({ old, ready, maxCleanup, want }) => {
    const rss = [rs('foo-v2', old, { availableReplicas: ready })];
    const { result, actions } = syncSteps.cleanupUnhealthyReplicas(deployment(10, 2, 2, rss), maxCleanup);
    expect(result).toBe(want);
    expect(sizes(rss, actions)['foo-v2']).toBe(old - want);
  });
});

describe('rolling_test.go TestDeploymentController_scaleDownOldReplicaSetsForRollingUpdate', () => {
  it.each([
    { i: 0, unavail: 0, ready: 10, old: 10, scaled: true, want: 9 },
    { i: 1, unavail: 2, ready: 10, old: 10, scaled: true, want: 8 },
    { i: 2, unavail: 2, ready: 8, old: 10, scaled: false, want: 10 },
    { i: 3, unavail: 2, ready: 10, old: 0, scaled: false, want: 0 },
    { i: 4, unavail: 2, ready: 1, old: 10, scaled: false, want: 10 },
  ])(
    'TestDeploymentController_scaleDownOldReplicaSetsForRollingUpdate #$i',
    ({ unavail, ready, old, scaled, want }) => {
      const rss = [rs('foo-v2', old, { availableReplicas: ready })];
      const { result, actions } = syncSteps.scaleDownOldReplicaSetsForRollingUpdate(
        deployment(10, 0, unavail, rss),
      );
      expect((result as number) > 0).toBe(scaled);
      expect(updates(actions)).toHaveLength(scaled ? 1 : 0);
      expect(sizes(rss, actions)['foo-v2']).toBe(want);
    },
  );

  it('rolling.go: a cleanup error (stale availableReplicas > spec) ends reconcileOldReplicaSets without failing the sync', () => {
    // Not an upstream table row: reconcileOldReplicaSets returns (false, nil) when cleanupUnhealthyReplicas
    // errors, so rolloutRolling goes on to the status update rather than returning the error.
    const rss = [rs('old', 5, { statusReplicas: 7, availableReplicas: 7 }), rs('new', 0)];
    const d = deployment(5, 0, 1, rss, { templateText: 'template-of-new', revision: '2' });
    rss[0]!.annotations[RevisionAnnotation] = '1';
    rss[1]!.annotations[RevisionAnnotation] = '2';
    const actions = reconcileDeployment(d);
    expect(actions.map((a) => a.op)).not.toContain('error');
    expect(actions.at(-1)?.op).toBe('status');
  });
});

const T_NEW = 7_200 * S;
const T_OLD = 3_600 * S;
const T_OLDER = 0;

describe('sync_test.go TestScale', () => {
  type Case = {
    name: string;
    replicas: number;
    surge?: number;
    unavailable?: number;
    oldReplicas: number;
    oldSurge?: number;
    newRS: [string, number] | null;
    oldRSs: [string, number, number][];
    want: Record<string, number>;
    desired?: Record<string, number>;
    newAvailable?: number;
    newTemplate?: boolean;
  };
  const cases: Case[] = [
    {
      name: 'normal scaling event: 10 -> 12',
      replicas: 12,
      oldReplicas: 10,
      newRS: ['foo-v1', 10],
      oldRSs: [],
      want: { 'foo-v1': 12 },
    },
    {
      name: 'normal scaling event: 10 -> 5',
      replicas: 5,
      oldReplicas: 10,
      newRS: ['foo-v1', 10],
      oldRSs: [],
      want: { 'foo-v1': 5 },
    },
    {
      name: 'proportional scaling: 5 -> 10',
      replicas: 10,
      oldReplicas: 5,
      newRS: ['foo-v2', 2],
      oldRSs: [['foo-v1', 3, T_OLD]],
      want: { 'foo-v2': 4, 'foo-v1': 6 },
    },
    {
      name: 'proportional scaling: 5 -> 3',
      replicas: 3,
      oldReplicas: 5,
      newRS: ['foo-v2', 2],
      oldRSs: [['foo-v1', 3, T_OLD]],
      want: { 'foo-v2': 1, 'foo-v1': 2 },
    },
    {
      name: 'proportional scaling: 9 -> 4',
      replicas: 4,
      oldReplicas: 9,
      newRS: ['foo-v2', 8],
      oldRSs: [['foo-v1', 1, T_OLD]],
      want: { 'foo-v2': 4, 'foo-v1': 0 },
    },
    {
      name: 'proportional scaling: 7 -> 10',
      replicas: 10,
      oldReplicas: 7,
      newRS: ['foo-v3', 2],
      oldRSs: [
        ['foo-v2', 3, T_OLD],
        ['foo-v1', 2, T_OLDER],
      ],
      want: { 'foo-v3': 3, 'foo-v2': 4, 'foo-v1': 3 },
    },
    {
      name: 'proportional scaling: 13 -> 8',
      replicas: 8,
      oldReplicas: 13,
      newRS: ['foo-v3', 2],
      oldRSs: [
        ['foo-v2', 8, T_OLD],
        ['foo-v1', 3, T_OLDER],
      ],
      want: { 'foo-v3': 1, 'foo-v2': 5, 'foo-v1': 2 },
    },
    {
      name: 'leftover distribution: 3 -> 4',
      replicas: 4,
      oldReplicas: 3,
      newRS: ['foo-v3', 1],
      oldRSs: [
        ['foo-v2', 1, T_OLD],
        ['foo-v1', 1, T_OLDER],
      ],
      want: { 'foo-v3': 2, 'foo-v2': 1, 'foo-v1': 1 },
    },
    {
      name: 'leftover distribution: 3 -> 2',
      replicas: 2,
      oldReplicas: 3,
      newRS: ['foo-v3', 1],
      oldRSs: [
        ['foo-v2', 1, T_OLD],
        ['foo-v1', 1, T_OLDER],
      ],
      want: { 'foo-v3': 1, 'foo-v2': 1, 'foo-v1': 0 },
    },
    {
      name: 'proportional scaling (no new rs): 4 -> 5',
      replicas: 5,
      oldReplicas: 4,
      newRS: null,
      oldRSs: [
        ['foo-v2', 2, T_OLD],
        ['foo-v1', 2, T_OLDER],
      ],
      want: { 'foo-v2': 3, 'foo-v1': 2 },
    },
    {
      name: 'proportional scaling: 6 -> 0',
      replicas: 0,
      oldReplicas: 6,
      newRS: ['foo-v3', 3],
      oldRSs: [
        ['foo-v2', 2, T_OLD],
        ['foo-v1', 1, T_OLDER],
      ],
      want: { 'foo-v3': 0, 'foo-v2': 0, 'foo-v1': 0 },
    },
    {
      name: 'proportional scaling: 0 -> 6',
      replicas: 6,
      oldReplicas: 6,
      newRS: ['foo-v3', 0],
      oldRSs: [
        ['foo-v2', 0, T_OLD],
        ['foo-v1', 0, T_OLDER],
      ],
      want: { 'foo-v3': 6, 'foo-v2': 0, 'foo-v1': 0 },
    },
    {
      // upstream ignores the (annotation-only) updates of foo-v3 and foo-v1 in this case
      name: 'failed rs update',
      replicas: 5,
      oldReplicas: 5,
      newRS: ['foo-v3', 2],
      oldRSs: [
        ['foo-v2', 1, T_OLD],
        ['foo-v1', 1, T_OLDER],
      ],
      desired: { 'foo-v2': 3 },
      want: { 'foo-v3': 2, 'foo-v2': 2, 'foo-v1': 1 },
    },
    {
      name: 'deployment with surge pods',
      replicas: 20,
      surge: 2,
      oldReplicas: 10,
      oldSurge: 2,
      newRS: ['foo-v2', 6],
      oldRSs: [['foo-v1', 6, T_OLD]],
      want: { 'foo-v2': 11, 'foo-v1': 11 },
    },
    {
      name: 'change both surge and size',
      replicas: 50,
      surge: 6,
      oldReplicas: 10,
      oldSurge: 3,
      newRS: ['foo-v2', 5],
      oldRSs: [['foo-v1', 8, T_OLD]],
      want: { 'foo-v2': 22, 'foo-v1': 34 },
    },
    {
      // the template changed too: no ReplicaSet is new, both are old
      name: 'change both size and template',
      replicas: 14,
      oldReplicas: 10,
      newRS: null,
      oldRSs: [
        ['foo-v2', 7, T_NEW],
        ['foo-v1', 3, T_OLD],
      ],
      want: { 'foo-v2': 10, 'foo-v1': 4 },
    },
    {
      name: 'saturated but broken new replica set does not affect old pods',
      replicas: 2,
      surge: 1,
      unavailable: 1,
      oldReplicas: 2,
      oldSurge: 1,
      newRS: ['foo-v2', 2],
      newAvailable: 0,
      oldRSs: [['foo-v1', 1, T_OLD]],
      want: { 'foo-v2': 2, 'foo-v1': 1 },
    },
  ];

  it.each(cases)('$name', (c) => {
    const annotate = (name: string) => {
      const desired = c.desired?.[name] ?? c.oldReplicas;
      return {
        [DesiredReplicasAnnotation]: String(desired),
        [MaxReplicasAnnotation]: String(desired + (c.oldSurge ?? 0)),
      };
    };
    const rss: RsSnapshot[] = c.oldRSs.map(([name, n, t]) =>
      rs(name, n, { createdUs: t, annotations: annotate(name) }),
    );
    if (c.newRS !== null) {
      const [name, n] = c.newRS;
      rss.push(
        rs(name, n, {
          createdUs: T_NEW,
          templateText: 'template-of-new',
          annotations: annotate(name),
          availableReplicas: c.newAvailable ?? 0,
        }),
      );
    }
    const d = deployment(c.replicas, c.surge ?? 0, c.unavailable ?? 0, rss);
    const { actions } = syncSteps.scale(d, c.newRS?.[0] ?? null);
    expect(sizes(rss, actions)).toEqual(c.want);
  });
});

describe('sync_test.go TestDeploymentController_cleanupDeployment', () => {
  const withStatus = (name: string, spec: number, status: number, deleting = false) =>
    rs(name, spec, { statusReplicas: status, deleting });
  it.each([
    {
      i: 0,
      olds: [withStatus('foo-1', 0, 0), withStatus('foo-2', 0, 0), withStatus('foo-3', 0, 0)],
      limit: 1,
      want: 2,
    },
    {
      // Only delete the replica set with Spec.Replicas = Status.Replicas = 0.
      i: 1,
      olds: [
        withStatus('foo-1', 0, 0),
        withStatus('foo-2', 0, 1),
        withStatus('foo-3', 1, 0),
        withStatus('foo-4', 1, 1),
      ],
      limit: 0,
      want: 1,
    },
    { i: 2, olds: [withStatus('foo-1', 0, 0), withStatus('foo-2', 0, 0)], limit: 0, want: 2 },
    { i: 3, olds: [withStatus('foo-1', 1, 1), withStatus('foo-2', 1, 1)], limit: 0, want: 0 },
    { i: 4, olds: [withStatus('foo-1', 0, 0, true)], limit: 0, want: 0 }, // already being deleted
    // with unlimited revisionHistoryLimit
    {
      i: 5,
      olds: [withStatus('foo-1', 0, 0), withStatus('foo-2', 0, 0), withStatus('foo-3', 0, 0)],
      limit: 2 ** 31 - 1,
      want: 0,
    },
  ])('TestDeploymentController_cleanupDeployment #$i', ({ olds, limit, want }) => {
    const { actions } = syncSteps.cleanupDeployment(
      deployment(1, 0, 0, olds, { revisionHistoryLimit: limit }),
    );
    expect(actions.filter((a) => a.op === 'deleteReplicaSet')).toHaveLength(want);
  });
});

describe('sync_test.go TestDeploymentController_cleanupDeploymentOrder', () => {
  // creationTimestamp order is always foo-1 < foo-2 < foo-3 < foo-4
  const rev = (name: string, replicas: number, minute: number, revision: string) =>
    rs(name, replicas, {
      statusReplicas: replicas,
      createdUs: (10 + minute) * 60 * S,
      annotations: revision === '' ? {} : { [RevisionAnnotation]: revision },
    });
  it.each([
    {
      name: 'revision order: rs1 < rs2, delete rs1',
      olds: [rev('foo-1', 0, -1, '1'), rev('foo-2', 0, 0, '2')],
      limit: 1,
      want: ['foo-1'],
    },
    {
      name: 'revision order: rs2 < rs1, delete rs2',
      olds: [rev('foo-1', 0, -1, '2'), rev('foo-2', 0, 0, '1')],
      limit: 1,
      want: ['foo-2'],
    },
    {
      name: "rs1 has revision but rs2 doesn't have revision, delete rs2",
      olds: [rev('foo-1', 0, -1, '1'), rev('foo-2', 0, 0, '')],
      limit: 1,
      want: ['foo-2'],
    },
    {
      name: "rs1 doesn't have revision while rs2 has revision, delete rs1",
      olds: [rev('foo-1', 0, -1, ''), rev('foo-2', 0, 0, '2')],
      limit: 1,
      want: ['foo-1'],
    },
    {
      name: 'revision order: rs1 < rs2 < r3, but rs1 has replicas, delete rs2',
      olds: [rev('foo-1', 1, -1, '1'), rev('foo-2', 0, 0, '2'), rev('foo-3', 0, 1, '3')],
      limit: 1,
      want: ['foo-2'],
    },
    {
      name: "revision order: rs1 < rs2 < r3, both rs1 && rs2 have replicas, don't delete",
      olds: [rev('foo-1', 1, -1, '1'), rev('foo-2', 1, 0, '2'), rev('foo-3', 0, 1, '3')],
      limit: 1,
      want: [],
    },
    {
      name: 'revision order: rs2 < rs4 < rs1 < rs3, delete rs2 && rs4',
      olds: [
        rev('foo-1', 0, -1, '3'),
        rev('foo-2', 0, 0, '1'),
        rev('foo-3', 0, 1, '4'),
        rev('foo-4', 0, 2, '2'),
      ],
      limit: 2,
      want: ['foo-2', 'foo-4'],
    },
  ])('$name', ({ olds, limit, want }) => {
    const { actions } = syncSteps.cleanupDeployment(
      deployment(1, 0, 0, olds, { revisionHistoryLimit: limit }),
    );
    const deleted = actions.flatMap((a) => (a.op === 'deleteReplicaSet' ? [a.name] : []));
    expect(deleted.sort()).toEqual(want);
  });
});

describe('recreate_test.go', () => {
  it('TestScaleDownOldReplicaSets #0', () => {
    const rss = [rs('foo-0', 3, { annotations: { [RevisionAnnotation]: '1' } })];
    const d = deployment(3, 0, 0, rss, { strategy: { type: 'Recreate', rollingUpdate: null } });
    expect(sizes(rss, reconcileDeployment(d))['foo-0']).toBe(0);
  });

  it.each([
    { name: 'no old RSs', olds: [], want: false },
    {
      name: 'old RSs with running pods',
      olds: [
        { statusReplicas: 0, podPhases: ['Running' as const, 'Running' as const] },
        { statusReplicas: 0, podPhases: ['Running' as const, 'Running' as const] },
      ],
      want: true,
    },
    {
      name: 'old RSs without pods but with non-zero status replicas',
      olds: [{ statusReplicas: 1, podPhases: [] }],
      want: true,
    },
    {
      name: 'old RSs without pods or non-zero status replicas',
      olds: [{ statusReplicas: 0, podPhases: [] }],
      want: false,
    },
    {
      name: 'old RSs with zero status replicas but pods in terminal state are present',
      olds: [{ statusReplicas: 0, podPhases: ['Failed' as const, 'Succeeded' as const] }],
      want: false,
    },
    {
      name: 'old RSs with zero status replicas with pending pod present',
      olds: [{ statusReplicas: 0, podPhases: ['Pending' as const] }],
      want: true,
    },
    {
      name: 'old RSs with zero status replicas with running pod present',
      olds: [{ statusReplicas: 0, podPhases: ['Running' as const] }],
      want: true,
    },
    {
      name: 'old RSs with zero status replicas but pods in terminal state and pending are present',
      olds: [
        { statusReplicas: 0, podPhases: ['Failed' as const, 'Succeeded' as const] },
        { statusReplicas: 0, podPhases: [] },
        { statusReplicas: 0, podPhases: ['Pending' as const] },
      ],
      want: true,
    },
  ])('TestOldPodsRunning: $name', ({ olds, want }) => {
    expect(oldPodsRunning(olds)).toBe(want);
  });
});

describe('deployment_util_test.go', () => {
  // FindNewReplicaSet / FindOldReplicaSets, seen through a sync of a Deployment being deleted
  // (syncStatusOnly): status.updatedReplicas is the status replicas of the ReplicaSet taken as new.
  // Each ReplicaSet reports a distinct status.replicas so the choice is visible.
  const updatedOf = (rss: RsSnapshot[]) => {
    const a = reconcileDeployment(deployment(1, 0, 1, rss, { deleting: true })).find(
      (x) => x.op === 'status',
    );
    return a?.op === 'status' ? a.status.updatedReplicas : 'no status';
  };
  const now = 100 * S;
  const later = now + 60 * S;
  const newRS = rs('newRS', 1, { templateText: 'template-of-new', createdUs: later, statusReplicas: 2 });
  const newRSDup = rs('newRSDup', 1, { templateText: 'template-of-new', createdUs: now, statusReplicas: 5 });
  const oldRS = rs('oldRS', 1, { templateText: 'nginx-old-1', createdUs: now - 60 * S, statusReplicas: 7 });
  it.each([
    {
      name: 'Get new ReplicaSet with the same template as Deployment spec but different pod-template-hash value',
      rss: [newRS, oldRS],
      want: 2,
    },
    {
      name: 'Get the oldest new ReplicaSet when there are more than one ReplicaSet with the same template',
      rss: [newRS, oldRS, newRSDup],
      want: 5,
    },
    { name: 'Get nil new ReplicaSet', rss: [oldRS], want: 0 },
  ])('TestFindNewReplicaSet: $name', ({ rss, want }) => {
    expect(updatedOf(rss)).toBe(want);
  });

  it('TestFindOldReplicaSets: with two new ReplicaSets, only the oldest is new; the other is old', () => {
    // The younger duplicate is old: the revision of the new ReplicaSet is max(old revisions) + 1.
    const rev = (r: RsSnapshot, n: number) => ({ ...r, annotations: { [RevisionAnnotation]: String(n) } });
    const [a] = planDeployment(
      deployment(1, 0, 1, [rev(oldRS, 1), rev(newRS, 4), rev(newRSDup, 2)], { deleting: true }),
    ).actions;
    expect(a).toMatchObject({ op: 'updateReplicaSet', name: 'newRSDup' });
    expect(a?.op === 'updateReplicaSet' && a.annotations[RevisionAnnotation]).toBe('5');
  });

  it('TestGetReplicaCountForReplicaSets', () => {
    const rs1 = rs('rs1', 1, { statusReplicas: 2 });
    const rs2 = rs('rs2', 2, { statusReplicas: 3 });
    expect([specReplicas([rs1]), actualReplicas([rs1])]).toEqual([1, 2]); // 1:2 Replicas
    expect([specReplicas([rs1, rs2]), actualReplicas([rs1, rs2])]).toEqual([3, 5]); // 3:5 Replicas
  });

  it.each<[IntOrPercent, IntOrPercent, number, number, number]>([
    ['0%', '0%', 0, 0, 1],
    ['39%', '39%', 10, 4, 3],
  ])('TestResolveFenceposts maxSurge=%s', (s, u, desired, surge, unavailable) => {
    expect(resolveFenceposts(s, u, desired)).toEqual({ surge, unavailable });
  });

  it.each([
    {
      name: 'can not scale up - to newRSReplicas',
      type: 'RollingUpdate' as const,
      dep: 1,
      cur: 5,
      surge: 1,
      want: 5,
    },
    { name: 'scale up - to depReplicas', type: 'RollingUpdate' as const, dep: 6, cur: 2, surge: 10, want: 6 },
    { name: 'recreate - to depReplicas', type: 'Recreate' as const, dep: 3, cur: 1, surge: 1, want: 3 },
  ])('TestNewRSNewReplicas: $name', ({ type, dep, cur, surge, want }) => {
    const d = { replicas: dep, strategy: { type, rollingUpdate: { maxSurge: surge, maxUnavailable: 1 } } };
    expect(newRSNewReplicas(d, [rs('rs5', 5)], cur)).toBe(want);
  });

  it.each<{ name: string; replicas: number; unavailable: IntOrPercent; want: number; recreate?: boolean }>([
    { name: 'maxUnavailable less than replicas', replicas: 10, unavailable: 5, want: 5 },
    { name: 'maxUnavailable equal replicas', replicas: 10, unavailable: 10, want: 10 },
    { name: 'maxUnavailable greater than replicas', replicas: 5, unavailable: 10, want: 5 },
    { name: 'maxUnavailable with replicas is 0', replicas: 0, unavailable: 10, want: 0 },
    {
      name: 'maxUnavailable with Recreate deployment strategy',
      replicas: 1,
      unavailable: 0,
      want: 0,
      recreate: true,
    },
    { name: 'maxUnavailable less than replicas with percents', replicas: 10, unavailable: '50%', want: 5 },
    { name: 'maxUnavailable equal replicas with percents', replicas: 10, unavailable: '100%', want: 10 },
    { name: 'maxUnavailable greater than replicas with percents', replicas: 5, unavailable: '100%', want: 5 },
  ])('TestMaxUnavailable: $name', ({ replicas, unavailable, want, recreate }) => {
    const strategy = recreate
      ? { type: 'Recreate' as const, rollingUpdate: null }
      : { type: 'RollingUpdate' as const, rollingUpdate: { maxSurge: 1, maxUnavailable: unavailable } };
    expect(maxUnavailable({ replicas, strategy })).toBe(want);
  });

  // deployment(desired, current, updated, available, maxUnavailable, maxSurge)
  it.each([
    { name: 'not complete: min but not all pods become available', v: [5, 5, 5, 4, 1, 0], want: false },
    { name: 'not complete: min availability is not honored', v: [5, 5, 5, 3, 1, 0], want: false },
    { name: 'complete', v: [5, 5, 5, 5, 0, 0], want: true },
    { name: 'not complete: all pods are available but not updated', v: [5, 5, 4, 5, 0, 0], want: false },
    { name: 'not complete: still running old pods', v: [1, 2, 1, 1, 0, 1], want: false },
    { name: 'not complete: one replica deployment never comes up', v: [1, 1, 1, 0, 1, 1], want: false },
  ])('TestDeploymentComplete: $name', ({ v, want }) => {
    const [desired, replicas, updatedReplicas, availableReplicas] = v as [number, number, number, number];
    expect(
      deploymentComplete(
        { replicas: desired, generation: 0 },
        { replicas, updatedReplicas, availableReplicas, observedGeneration: 0 },
      ),
    ).toBe(want);
  });

  // (current, updated, ready, available) before and after
  it.each([
    { name: 'progressing: updated pods', before: [10, 4, 4, 4], after: [10, 6, 4, 4], want: true },
    { name: 'not progressing', before: [10, 4, 4, 4], after: [10, 4, 4, 4], want: false },
    { name: 'progressing: old pods removed', before: [10, 4, 6, 6], after: [8, 4, 6, 6], want: true },
    { name: 'not progressing: less new pods', before: [10, 7, 3, 3], after: [10, 6, 3, 3], want: false },
    {
      name: 'progressing: less overall but more new pods',
      before: [10, 4, 7, 7],
      after: [8, 8, 5, 5],
      want: true,
    },
    { name: 'progressing: more ready pods', before: [10, 10, 9, 8], after: [10, 10, 10, 8], want: true },
    {
      name: 'progressing: more available pods',
      before: [10, 10, 10, 9],
      after: [10, 10, 10, 10],
      want: true,
    },
  ])('TestDeploymentProgressing: $name', ({ before, after, want }) => {
    const st = ([replicas, updatedReplicas, readyReplicas, availableReplicas]: number[]) => ({
      replicas: replicas as number,
      updatedReplicas: updatedReplicas as number,
      readyReplicas: readyReplicas as number,
      availableReplicas: availableReplicas as number,
    });
    expect(deploymentProgressing(st(before), st(after))).toBe(want);
  });

  it.each<{ name: string; value: string | undefined; want: number | null }>([
    { name: 'invalid empty', value: undefined, want: null },
    { name: 'invalid', value: 'invalid', want: null },
    { name: 'invalid negative ', value: '-1', want: null },
    { name: 'valid zero', value: '0', want: 0 },
    { name: 'valid', value: '13', want: 13 },
    { name: 'valid max', value: '2147483647', want: 2_147_483_647 },
    { name: 'invalid max out of range', value: '2147483648', want: null },
    { name: 'invalid max out of range 2', value: '4294967296', want: null },
    // kubesim: more of what strconv.ParseUint(v, 10, 32) refuses and Number() would accept.
    { name: 'kubesim: empty string', value: '', want: null },
    { name: 'kubesim: exponent', value: '1e3', want: null },
    { name: 'kubesim: hex', value: '0x10', want: null },
    { name: 'kubesim: sign', value: '+5', want: null },
    { name: 'kubesim: space', value: ' 5', want: null },
  ])('TestGetNonNegativeInt32FromAnnotation: $name', ({ value, want }) => {
    const annotations = (key: string) => (value === undefined ? { foo: '2' } : { [key]: value, foo: '2' });
    expect(desiredReplicasOf(rs('r', 1, { annotations: annotations(DesiredReplicasAnnotation) }))).toBe(want);
    expect(maxReplicasOf(rs('r', 1, { annotations: annotations(MaxReplicasAnnotation) }))).toBe(want);
  });

  it('TestAnnotationUtils: revision bumps, SetReplicasAnnotations, IsSaturated', () => {
    // SetNewReplicaSetAnnotations for an existing new ReplicaSet: revision only, desired/max untouched.
    const newRS = rs('new', 1, {
      templateText: 'template-of-new',
      availableReplicas: 1,
      annotations: {
        [RevisionAnnotation]: '1',
        [DesiredReplicasAnnotation]: '3',
        [MaxReplicasAnnotation]: '4',
      },
    });
    const olds = [rs('old', 0, { annotations: { [RevisionAnnotation]: '20' } })];
    const d = deployment(1, 0, 1, [...olds, newRS]);
    const actions = reconcileDeployment(d);
    const revisionUpdate = updates(actions)[0];
    expect(revisionUpdate?.annotations).toEqual({
      [RevisionAnnotation]: '21',
      [DesiredReplicasAnnotation]: '3',
      [MaxReplicasAnnotation]: '4',
    });
    // SetReplicasAnnotations(rs, 10, 11): a scale to a 10-replica Deployment with maxSurge 1 writes 10/11.
    const grown = syncSteps.scale(deployment(10, 1, 0, [newRS]), 'new');
    expect(updates(grown.actions)[0]?.annotations).toMatchObject({
      [DesiredReplicasAnnotation]: '10',
      [MaxReplicasAnnotation]: '11',
    });
    // IsSaturated: desired 1, spec 1, available 1 -> the old ReplicaSets are scaled to 0 at once.
    const sat = [
      rs('old', 2, { createdUs: 0 }),
      { ...newRS, createdUs: S, annotations: { ...newRS.annotations, [DesiredReplicasAnnotation]: '1' } },
    ];
    expect(sizes(sat, syncSteps.scale(deployment(1, 0, 1, sat), 'new').actions)).toEqual({ old: 0, new: 1 });
  });

  it.each<{ name: string; annotations: Record<string, string>; want: boolean }>([
    { name: 'test Annotations nil', annotations: {}, want: true },
    {
      name: 'test desiredReplicas update',
      annotations: { [DesiredReplicasAnnotation]: '8', [MaxReplicasAnnotation]: '20' },
      want: true,
    },
    {
      name: 'test maxReplicas update',
      annotations: { [DesiredReplicasAnnotation]: '10', [MaxReplicasAnnotation]: '16' },
      want: true,
    },
    {
      name: "test needn't update",
      annotations: { [DesiredReplicasAnnotation]: '10', [MaxReplicasAnnotation]: '20' },
      want: false,
    },
  ])('TestReplicasAnnotationsNeedUpdate: $name', ({ annotations, want }) => {
    // ReplicasAnnotationsNeedUpdate(rs, 10, 20): a 10-replica Deployment with maxSurge 10 and two active
    // ReplicaSets already summing to 20 has nothing to add, so scaleReplicaSet writes a ReplicaSet only
    // when its desired/max-replicas annotations are not 10/20.
    const twoAtSize = [
      rs('a', 10, { templateText: 'template-of-new', annotations: { ...annotations } }),
      rs('b', 10, {
        createdUs: S,
        annotations: { [DesiredReplicasAnnotation]: '10', [MaxReplicasAnnotation]: '20' },
      }),
    ];
    const steady = syncSteps.scale(deployment(10, 10, 0, twoAtSize), 'a');
    expect(updates(steady.actions).some((a) => a.name === 'a')).toBe(want);
  });
});
