// Upstream vectors: kubernetes/kubernetes pkg/controller/deployment/progress_test.go (TestRequeueStuckDeployment,
// TestSyncRolloutStatus) and util/deployment_util_test.go TestDeploymentTimedOut, replayed against kubesim's pure progress functions; case names are upstream's.
// Facts only: upstream's currentDeployment(pds, replicas, statusReplicas, updated, available, conditions)
// is a Recreate Deployment named progress-test; newRSWithAvailable(name, spec, status, available) a
// ReplicaSet with that status. testTime is 2017-02-15 18:49:00 UTC (here t = 0); upstream's "now" for
// TestSyncRolloutStatus is the wall clock, years after testTime (here 10^9 s).
// checkPausedConditions (sync.go) has no table test upstream; its cases below follow its branches.
import { describe, expect, it } from 'vitest';
import { type DeploymentView, syncSteps } from '../../src/controllers/deployment-reconcile.js';
import {
  DeploymentProgressing,
  deploymentTimedOut,
  Reason,
  type RsSnapshot,
  requeueStuckDeployment,
} from '../../src/controllers/deployment-util.js';
import type { ConditionStatus } from '../../src/model/types.js';
import { type Condition, getCondition } from '../../src/workloads/conditions.js';

const S = 1_000_000;
const testTime = 0;
const wallNow = 1_000_000_000 * S;
const INFINITE = 2_147_483_647;

function cond(status: ConditionStatus, reason: string, atUs = testTime): Condition {
  return {
    type: DeploymentProgressing,
    status,
    reason,
    message: '',
    lastUpdateUs: atUs,
    lastTransitionUs: atUs,
  };
}

function currentDeployment(
  pds: number | null,
  replicas: number,
  statusReplicas: number,
  updated: number,
  available: number,
  conditions: Condition[],
  replicaSets: RsSnapshot[] = [],
): DeploymentView {
  return {
    name: 'progress-test',
    replicas,
    strategy: { type: 'Recreate', rollingUpdate: null },
    generation: 0,
    templateText: 'template-of-foo',
    paused: false,
    deleting: false,
    revisionHistoryLimit: 10,
    progressDeadlineSeconds: pds,
    revision: null,
    status: {
      replicas: statusReplicas,
      updatedReplicas: updated,
      readyReplicas: 0,
      availableReplicas: available,
      unavailableReplicas: 0,
      observedGeneration: 0,
      conditions,
    },
    replicaSets,
    nameTaken: () => false,
    hashFor: () => 'h',
    collisionCount: 0,
    oldPodsRunning: false,
  };
}

function newRSWithAvailable(name: string, spec: number, status: number, available: number): RsSnapshot {
  return {
    name,
    createdUs: 0,
    replicas: spec,
    statusReplicas: status,
    readyReplicas: 0,
    availableReplicas: available,
    generation: 0,
    observedGeneration: 0,
    deleting: false,
    templateText: `template-of-${name}`,
    annotations: {},
  };
}

describe('TestRequeueStuckDeployment (progress_test.go)', () => {
  const pds = 60;
  const failed = [cond('False', Reason.TimedOut)];
  const stuck = [cond('True', '')];
  const status = (replicas: number, updated: number, available: number) => ({
    replicas,
    updatedReplicas: updated,
    availableReplicas: available,
  });
  // expected: upstream's return value: -1 none, 0 rate-limited now, else the AddAfter minus one second.
  const cases: [string, number | null, Condition[], number, ReturnType<typeof status>, number, number][] = [
    ['nil progressDeadlineSeconds specified', null, [], 4, status(3, 3, 2), 0, -1],
    ['infinite progressDeadlineSeconds specified', INFINITE, [], 4, status(3, 3, 2), 0, -1],
    ['no progressing condition found', pds, [], 4, status(3, 3, 2), 0, -1],
    ['complete deployment does not need to be requeued', pds, [], 3, status(3, 3, 3), 0, -1],
    ['already failed deployment does not need to be requeued', pds, failed, 3, status(3, 3, 0), 0, -1],
    ['stuck deployment - 30s', pds, stuck, 3, status(3, 3, 1), 30 * S, 30 * S],
    ['stuck deployment - 1s', pds, stuck, 3, status(3, 3, 1), 59 * S, 1 * S],
    ['failed deployment - less than a second => now', pds, stuck, 3, status(3, 3, 1), 59 * S + 1, 0],
    ['failed deployment - now', pds, stuck, 3, status(3, 3, 1), 60 * S, 0],
    ['failed deployment - 1s after deadline', pds, stuck, 3, status(3, 3, 1), 61 * S, 0],
    ['failed deployment - 60s after deadline', pds, stuck, 3, status(3, 3, 1), 120 * S, 0],
  ];
  for (const [name, deadline, conditions, replicas, st, now, want] of cases) {
    it(name, () => {
      const complete =
        st.updatedReplicas === replicas && st.replicas === replicas && st.availableReplicas === replicas;
      const got = requeueStuckDeployment(
        deadline,
        getCondition(conditions, DeploymentProgressing),
        complete,
        st,
        now,
      );
      if (want < 0) expect(got).toBeNull();
      else if (want === 0) expect(got).toEqual({ rateLimited: true });
      else expect(got).toEqual({ afterUs: want + S });
    });
  }

  it('kubesim: a completed rollout whose pods became unavailable is not re-queued (no-op syncs)', () => {
    const done = cond('True', Reason.NewRSAvailable);
    expect(requeueStuckDeployment(pds, done, false, status(3, 3, 1), 120 * S)).toBeNull();
    // ... but a new rollout (replicas != updatedReplicas) under that reason is.
    expect(requeueStuckDeployment(pds, done, false, status(4, 1, 1), 120 * S)).toEqual({ rateLimited: true });
  });
});

describe('TestSyncRolloutStatus (progress_test.go)', () => {
  const pds = 60;
  const failedTimedOut = cond('False', Reason.TimedOut, -1);
  const newRSAvailable = cond('True', Reason.NewRSAvailable);
  const replicaSetUpdated = cond('True', Reason.ReplicaSetUpdated);
  type Want = {
    status: ConditionStatus;
    reason: string;
    lastUpdate?: boolean;
    lastTransition?: boolean;
  } | null;
  const cases: [string, DeploymentView, RsSnapshot[], RsSnapshot | null, Want][] = [
    [
      'General: remove Progressing condition and do not estimate progress if deployment has no Progress Deadline',
      currentDeployment(null, 3, 2, 2, 2, [replicaSetUpdated]),
      [newRSWithAvailable('bar', 0, 1, 1)],
      newRSWithAvailable('foo', 3, 2, 2),
      null,
    ],
    [
      'General: do not estimate progress of deployment with only one active ReplicaSet',
      currentDeployment(pds, 3, 3, 3, 3, [newRSAvailable]),
      [newRSWithAvailable('bar', 3, 3, 3)],
      null,
      { status: 'True', reason: Reason.NewRSAvailable, lastUpdate: true, lastTransition: true },
    ],
    [
      'DeploymentProgressing: dont update lastTransitionTime if deployment already has Progressing=True',
      currentDeployment(pds, 3, 2, 2, 2, [replicaSetUpdated]),
      [newRSWithAvailable('bar', 0, 1, 1)],
      newRSWithAvailable('foo', 3, 2, 2),
      { status: 'True', reason: Reason.ReplicaSetUpdated, lastTransition: true },
    ],
    [
      'DeploymentProgressing: update everything if deployment has Progressing=False',
      currentDeployment(pds, 3, 2, 2, 2, [failedTimedOut]),
      [newRSWithAvailable('bar', 0, 1, 1)],
      newRSWithAvailable('foo', 3, 2, 2),
      { status: 'True', reason: Reason.ReplicaSetUpdated },
    ],
    [
      'DeploymentProgressing: create Progressing condition if it does not exist',
      currentDeployment(pds, 3, 2, 2, 2, []),
      [newRSWithAvailable('bar', 0, 1, 1)],
      newRSWithAvailable('foo', 3, 2, 2),
      { status: 'True', reason: Reason.ReplicaSetUpdated },
    ],
    [
      'DeploymentComplete: dont update lastTransitionTime if deployment already has Progressing=True',
      currentDeployment(pds, 3, 3, 3, 3, [replicaSetUpdated]),
      [],
      newRSWithAvailable('foo', 3, 3, 3),
      { status: 'True', reason: Reason.NewRSAvailable, lastTransition: true },
    ],
    [
      'DeploymentComplete: update everything if deployment has Progressing=False',
      currentDeployment(pds, 3, 3, 3, 3, [failedTimedOut]),
      [],
      newRSWithAvailable('foo', 3, 3, 3),
      { status: 'True', reason: Reason.NewRSAvailable },
    ],
    [
      'DeploymentComplete: create Progressing condition if it does not exist',
      currentDeployment(pds, 3, 3, 3, 3, []),
      [],
      newRSWithAvailable('foo', 3, 3, 3),
      { status: 'True', reason: Reason.NewRSAvailable },
    ],
    [
      'DeploymentComplete: defend against NPE when newRS=nil',
      currentDeployment(pds, 0, 3, 3, 3, [replicaSetUpdated]),
      [newRSWithAvailable('foo', 0, 0, 0)],
      null,
      { status: 'True', reason: Reason.NewRSAvailable },
    ],
    [
      'DeploymentTimedOut: update status if rollout exceeds Progress Deadline',
      currentDeployment(pds, 3, 2, 2, 2, [replicaSetUpdated]),
      [],
      newRSWithAvailable('foo', 3, 2, 2),
      { status: 'False', reason: Reason.TimedOut },
    ],
    [
      'DeploymentTimedOut: do not update status if deployment has existing timedOut condition',
      currentDeployment(pds, 3, 2, 2, 2, [failedTimedOut]),
      [],
      newRSWithAvailable('foo', 3, 2, 2),
      { status: 'False', reason: Reason.TimedOut, lastUpdate: true, lastTransition: true },
    ],
  ];
  for (const [name, d0, olds, newRS, want] of cases) {
    it(name, () => {
      // The new ReplicaSet has the Deployment's template; the others are old.
      const rss = newRS === null ? olds : [...olds, { ...newRS, templateText: d0.templateText }];
      const d = { ...d0, replicaSets: rss };
      const before = getCondition(d.status.conditions, DeploymentProgressing);
      const { status } = syncSteps.syncRolloutStatus(d, newRS?.name ?? null, wallNow);
      const c = getCondition(status.conditions, DeploymentProgressing);
      if (want === null) {
        expect(c).toBeUndefined();
        return;
      }
      expect(c?.status).toBe(want.status);
      expect(c?.reason).toBe(want.reason);
      if (want.lastUpdate) expect(c?.lastUpdateUs).toBe(before?.lastUpdateUs);
      if (want.lastTransition) expect(c?.lastTransitionUs).toBe(before?.lastTransitionUs);
    });
  }
});

describe('checkPausedConditions (sync.go branches)', () => {
  const pds = 600;
  const paused = (p: boolean, conditions: Condition[], deadline: number | null = pds) => ({
    ...currentDeployment(deadline, 3, 3, 3, 1, conditions),
    paused: p,
  });
  const at = 700 * S;
  it('pausing sets Progressing=Unknown DeploymentPaused with lastUpdateTime now', () => {
    const { status, actions } = syncSteps.checkPausedConditions(
      paused(true, [cond('True', Reason.ReplicaSetUpdated)]),
      at,
    );
    expect(getCondition(status.conditions, DeploymentProgressing)).toMatchObject({
      status: 'Unknown',
      reason: Reason.Paused,
      message: 'Deployment is paused',
      lastUpdateUs: at,
    });
    expect(actions.map((a) => a.op)).toEqual(['status']);
  });
  it('resuming sets DeploymentResumed with lastUpdateTime now, so the deadline runs from the resume', () => {
    const { status } = syncSteps.checkPausedConditions(paused(false, [cond('Unknown', Reason.Paused)]), at);
    const c = getCondition(status.conditions, DeploymentProgressing);
    expect(c).toMatchObject({ status: 'Unknown', reason: Reason.Resumed, lastUpdateUs: at });
    expect(requeueStuckDeployment(pds, c, false, { replicas: 3, updatedReplicas: 1 }, at)).toEqual({
      afterUs: pds * S + S,
    });
  });
  it('a timed-out Deployment keeps ProgressDeadlineExceeded when paused', () => {
    const { actions } = syncSteps.checkPausedConditions(paused(true, [cond('False', Reason.TimedOut)]), at);
    expect(actions).toEqual([]);
  });
  it('an already paused or never paused Deployment writes nothing', () => {
    expect(
      syncSteps.checkPausedConditions(paused(true, [cond('Unknown', Reason.Paused)]), at).actions,
    ).toEqual([]);
    expect(
      syncSteps.checkPausedConditions(paused(false, [cond('True', Reason.ReplicaSetUpdated)]), at).actions,
    ).toEqual([]);
  });
  it('without a progress deadline nothing is recorded', () => {
    expect(syncSteps.checkPausedConditions(paused(true, [], null), at).actions).toEqual([]);
  });
});

describe('TestDeploymentTimedOut (util/deployment_util_test.go)', () => {
  // timeFn(min, sec): 2016-01-01 00:min:sec; here minutes and seconds from t = 0.
  const timeFn = (min: number, sec: number) => (min * 60 + sec) * S;
  const at = (reason: string, fromUs: number) => [cond('True', reason, fromUs)];
  const cases: [string, number | null, Condition[], number, boolean][] = [
    ['nil progressDeadlineSeconds specified - no timeout', null, at('', timeFn(1, 9)), timeFn(1, 20), false],
    [
      'infinite progressDeadlineSeconds specified - no timeout',
      INFINITE,
      at('', timeFn(1, 9)),
      timeFn(1, 20),
      false,
    ],
    [
      'progressDeadlineSeconds: 10s, now - started => 00:01:20 - 00:01:09 => 11s',
      10,
      at('', timeFn(1, 9)),
      timeFn(1, 20),
      true,
    ],
    [
      'progressDeadlineSeconds: 10s, now - started => 00:01:20 - 00:01:11 => 9s',
      10,
      at('', timeFn(1, 11)),
      timeFn(1, 20),
      false,
    ],
    ['previous status was a complete deployment', null, at(Reason.NewRSAvailable, 0), 0, false],
  ];
  for (const [name, pds, conditions, now, want] of cases) {
    it(name, () => expect(deploymentTimedOut(pds, conditions, now)).toBe(want));
  }

  it('kubesim: the same branches with a deadline (progress.go DeploymentTimedOut)', () => {
    // Exactly at the deadline is not yet late (from.Add(delta).Before(now)); one microsecond later is.
    expect(deploymentTimedOut(10, at('', timeFn(1, 10)), timeFn(1, 20))).toBe(false);
    expect(deploymentTimedOut(10, at('', timeFn(1, 10)), timeFn(1, 20) + 1)).toBe(true);
    // A completed rollout never times out; an already timed-out one always is; no condition, no timeout.
    expect(deploymentTimedOut(10, at(Reason.NewRSAvailable, 0), timeFn(9, 0))).toBe(false);
    expect(deploymentTimedOut(10, [cond('False', Reason.TimedOut, timeFn(9, 0))], timeFn(9, 0))).toBe(true);
    expect(deploymentTimedOut(10, [], timeFn(9, 0))).toBe(false);
    // Only the Progressing condition counts.
    const available = { ...cond('True', '', 0), type: 'Available' };
    expect(deploymentTimedOut(10, [available], timeFn(9, 0))).toBe(false);
  });
});
