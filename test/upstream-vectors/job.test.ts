// Upstream Job controller unit-test vectors, replayed against kubesim's pure Job decision functions.
// Inputs and expected outcomes come from kubernetes/kubernetes:
//   pkg/controller/job/job_controller_test.go (TestControllerSyncJob, TestSyncJobPastDeadline)
//   pkg/controller/job/backoff_utils_test.go (TestNewBackoffRecord, TestGetFinishedTime,
//     TestGetRemainingBackoffTime), the terminal-condition rows of TestControllerSyncJob,
//   pkg/controller/controller_utils.go ActivePods (the job controller's activePodsForRemoval order)
// A vector's pod counts become the JobView (pending + running = active); "expectedCreations /
// expectedDeletions" become reconcileJob's diff and "expectedConditions" its finished decision.
import { describe, expect, it } from 'vitest';
import {
  type ActivePodView,
  backoffRemainingUs,
  compareActivePods,
  finishedPodView,
  getFinishedTime,
  isNewSucceededIndex,
  type JobView,
  jobTerminalStep,
  newBackoffRecord,
  reconcileJob,
  startTimeAfterSync,
} from '../../src/controllers/job-reconcile.js';

const S = 1_000_000;
const NOW = 1000 * S;
function view(v: Partial<JobView>): JobView {
  return {
    parallelism: 1,
    completions: 1,
    backoffLimit: 6,
    activeDeadlineSeconds: null,
    restartPolicy: 'Never',
    suspend: false,
    startUs: NOW,
    active: 0,
    succeeded: 0,
    failed: 0,
    activeRestarts: 0,
    failuresAfterLastSuccess: 0,
    lastFailureUs: null,
    expectationsSatisfied: true,
    ...v,
  };
}
type Want =
  | { create: number; delete: number; active: number }
  | { finished: 'Complete' | 'Failed'; reason: string; failed?: number };

const OFF = { delayTerminalCondition: false, trackTerminating: false, successReason: false };
/** status.failed after the sync: jobTerminalStep counts a failing Job's running pods as failed. */
function failedAfterSync(v: JobView, d: ReturnType<typeof reconcileJob>): number {
  const s = jobTerminalStep({
    conditions: [],
    decision: d,
    gates: OFF,
    expectationsSatisfied: true,
    active: v.active,
    failed: v.failed,
    terminating: 0,
    nowUs: NOW,
  });
  return s?.failed ?? v.failed;
}

function check(v: JobView, want: Want) {
  const d = reconcileJob(v, NOW);
  if ('finished' in want) {
    expect(d).toMatchObject({ kind: 'finished', type: want.finished, reason: want.reason });
    if (want.failed !== undefined) expect(failedAfterSync(v, d)).toBe(want.failed);
    return;
  }
  expect(d.kind).toBe('manage');
  if (d.kind !== 'manage') return;
  expect({ create: Math.max(0, d.diff), delete: Math.max(0, -d.diff), active: v.active + d.diff }).toEqual(
    want,
  );
  expect(failedAfterSync(v, d)).toBe(v.failed);
}

describe('job_controller_test.go TestControllerSyncJob', () => {
  it.each<[string, Partial<JobView>, Want]>([
    ['job start', { parallelism: 2, completions: 5 }, { create: 2, delete: 0, active: 2 }],
    ['WQ job start', { parallelism: 2, completions: null }, { create: 2, delete: 0, active: 2 }],
    ['pending pods', { parallelism: 2, completions: 5, active: 2 }, { create: 0, delete: 0, active: 2 }],
    ['correct # of pods', { parallelism: 3, completions: 5, active: 3 }, { create: 0, delete: 0, active: 3 }],
    [
      'WQ job: correct # of pods',
      { parallelism: 2, completions: null, active: 2 },
      { create: 0, delete: 0, active: 2 },
    ],
    [
      'too few active pods',
      { parallelism: 2, completions: 5, active: 1, succeeded: 1 },
      { create: 1, delete: 0, active: 2 },
    ],
    [
      'too few active pods and active back-off',
      { failuresAfterLastSuccess: 1, lastFailureUs: NOW },
      { create: 0, delete: 0, active: 0 },
    ],
    [
      'too few active pods and no back-offs',
      { failuresAfterLastSuccess: 0, lastFailureUs: NOW },
      { create: 1, delete: 0, active: 1 },
    ],
    [
      'too few active pods with a dynamic job',
      { parallelism: 2, completions: null, active: 1 },
      { create: 1, delete: 0, active: 2 },
    ],
    [
      'too many active pods',
      { parallelism: 2, completions: 5, active: 3 },
      { create: 0, delete: 1, active: 2 },
    ],
    [
      'failed + succeed pods: reset backoff delay',
      { parallelism: 2, completions: 5, active: 1, succeeded: 1, failed: 1, failuresAfterLastSuccess: 0 },
      { create: 1, delete: 0, active: 2 },
    ],
    // testFinishedAt is the Unix epoch + 1 s: the failure is long past, no back-off.
    [
      'new failed pod',
      {
        parallelism: 2,
        completions: 5,
        active: 1,
        failed: 1,
        failuresAfterLastSuccess: 1,
        lastFailureUs: 1 * S,
      },
      { create: 1, delete: 0, active: 2 },
    ],
    [
      'job finish',
      { parallelism: 2, completions: 5, succeeded: 5 },
      { finished: 'Complete', reason: 'Completed' },
    ],
    [
      'WQ job finishing',
      { parallelism: 2, completions: null, active: 1, succeeded: 1 },
      { create: 0, delete: 0, active: 1 },
    ],
    [
      'WQ job all finished',
      { parallelism: 2, completions: null, succeeded: 2 },
      { finished: 'Complete', reason: 'Completed' },
    ],
    [
      'WQ job all finished despite one failure',
      { parallelism: 2, completions: null, succeeded: 1, failed: 1 },
      { finished: 'Complete', reason: 'Completed', failed: 1 },
    ],
    [
      'more active pods than parallelism',
      { parallelism: 2, completions: 5, active: 10 },
      { create: 0, delete: 8, active: 2 },
    ],
    [
      'more active pods than remaining completions',
      { parallelism: 3, completions: 4, active: 3, succeeded: 2 },
      { create: 0, delete: 1, active: 2 },
    ],
    [
      'status change',
      { parallelism: 2, completions: 5, active: 2, succeeded: 2 },
      { create: 0, delete: 0, active: 2 },
    ],
    [
      'too many job failures (backoffLimit 0)',
      { parallelism: 2, completions: 5, backoffLimit: 0, failed: 1 },
      { finished: 'Failed', reason: 'BackoffLimitExceeded', failed: 1 },
    ],
    // The running pods are deleted with their tracking finalizers: they count as failed too.
    [
      'count ready pods when job fails (backoffLimit 0, 2 running, 1 failed)',
      { parallelism: 2, completions: 3, backoffLimit: 0, active: 2, failed: 1 },
      { finished: 'Failed', reason: 'BackoffLimitExceeded', failed: 3 },
    ],
    [
      'indexed job failed (backoffLimit 0; indexes 0 Succeeded, 1 Failed, 2 Running)',
      { parallelism: 2, completions: 3, backoffLimit: 0, active: 1, succeeded: 1, failed: 1 },
      { finished: 'Failed', reason: 'BackoffLimitExceeded', failed: 2 },
    ],
    [
      'suspending a job with satisfied expectations',
      { suspend: true, parallelism: 2, completions: 4, active: 2 },
      { create: 0, delete: 2, active: 0 },
    ],
    [
      'suspending a job with unsatisfied expectations',
      { suspend: true, parallelism: 2, completions: 4, active: 3, expectationsSatisfied: false },
      { create: 0, delete: 0, active: 3 },
    ],
    ['resuming a suspended job', { parallelism: 2, completions: 4 }, { create: 2, delete: 0, active: 2 }],
  ])('%s', (_name, v, want) => check(view(v), want));

  it('limited pods: at most MaxPodCreateDeletePerSync (500) creations per sync', () => {
    check(view({ parallelism: 1000, completions: 2000 }), { create: 500, delete: 0, active: 500 });
  });
  it('suspending a job deletes every active pod in one sync (no MaxPodCreateDeletePerSync cap)', () => {
    check(view({ suspend: true, parallelism: 800, completions: 800, active: 800 }), {
      create: 0,
      delete: 800,
      active: 0,
    });
  });

  it('suspend keeps .status.startTime unset; resuming resets it (the "startTime not nil when suspend" check)', () => {
    expect(startTimeAfterSync(null, false, true, NOW)).toBeNull();
    expect(startTimeAfterSync(null, true, false, NOW)).toBe(NOW);
    expect(startTimeAfterSync(10 * S, true, false, NOW)).toBe(NOW);
    expect(startTimeAfterSync(10 * S, false, false, NOW)).toBe(10 * S);
  });

  // Indexed: succeeded counts distinct completed indexes below completions.
  it.each<[string, number, Array<[number | null, boolean]>, number]>([
    [
      'indexed job repeated completed index (0, 1, 1 Succeeded; completions 3) -> succeeded 2',
      3,
      [
        [0, true],
        [1, true],
        [1, false],
      ],
      2,
    ],
    [
      'indexed job with indexes outside of range (0 and 6 Succeeded; completions 5) -> succeeded 1',
      5,
      [
        [0, true],
        [6, false],
      ],
      1,
    ],
    [
      'indexed job some pods without index (invalid and 0 Succeeded; completions 5) -> succeeded 1',
      5,
      [
        [null, false],
        [0, true],
      ],
      1,
    ],
  ])('%s', (_name, completions, pods, want) => {
    const done = new Set<number>();
    for (const [ix, counts] of pods) {
      expect(isNewSucceededIndex(ix, completions, done)).toBe(counts);
      if (counts && ix !== null) done.add(ix);
    }
    expect(done.size).toBe(want);
  });
});

describe('job_controller_test.go TestSyncJobPastDeadline', () => {
  const started = (secondsAgo: number) => NOW - secondsAgo * S;
  it.each<[string, Partial<JobView>, Want]>([
    [
      'activeDeadlineSeconds less than single pod execution',
      { activeDeadlineSeconds: 10, startUs: started(15), active: 1 },
      { finished: 'Failed', reason: 'DeadlineExceeded', failed: 1 },
    ],
    [
      'activeDeadlineSeconds bigger than single pod execution',
      { completions: 2, activeDeadlineSeconds: 10, startUs: started(15), active: 1, succeeded: 1 },
      { finished: 'Failed', reason: 'DeadlineExceeded', failed: 1 },
    ],
    [
      'activeDeadlineSeconds times-out before any pod starts',
      { activeDeadlineSeconds: 10, startUs: started(10) },
      { finished: 'Failed', reason: 'DeadlineExceeded', failed: 0 },
    ],
    [
      'activeDeadlineSeconds with backofflimit reach',
      { activeDeadlineSeconds: 1, startUs: started(10), backoffLimit: 0, failed: 1 },
      { finished: 'Failed', reason: 'BackoffLimitExceeded', failed: 1 },
    ],
    [
      'activeDeadlineSeconds is not triggered when Job is suspended',
      { suspend: true, completions: 2, activeDeadlineSeconds: 10, startUs: started(15) },
      { create: 0, delete: 0, active: 0 },
    ],
  ])('%s', (_name, v, want) => check(view(v), want));

  it('a suspended Job is not re-synced for its deadline', () => {
    const d = reconcileJob(view({ suspend: true, activeDeadlineSeconds: 10, startUs: started(5) }), NOW);
    expect(d).toEqual({ kind: 'manage', diff: 0, requeueAfterUs: undefined });
  });
});

describe('backoff_utils_test.go TestGetRemainingBackoffTime (default 5 s, max 700 s)', () => {
  const T = 500 * S;
  it.each<[string, number, number | null, number, number]>([
    ['no failures', 0, null, T, 0],
    ['one failure; current time and failure time are same', 1, T, T, 5],
    ['one failure; current time == 1 second + failure time', 1, T, T + S, 4],
    ['one failure; current time == expected backoff time', 1, T, T + 5 * S, 0],
    ['one failure; current time == expected backoff time + 1 Second', 1, T, T + 6 * S, 0],
    ['three failures; current time and failure time are same', 3, T, T, 20],
    [
      'eight failures; current time and failure time are same; backoff not exceeding maxBackoff',
      8,
      T,
      T,
      640,
    ],
    ['nine failures; current time and failure time are same; backoff exceeding maxBackoff', 9, T, T, 700],
  ])('%s', (_name, failures, last, now, wantSeconds) => {
    expect(backoffRemainingUs(failures, last, now, 5 * S, 700 * S)).toBe(wantSeconds * S);
  });
  it('kubesim defaults are DefaultJobPodFailureBackOff 10 s doubling to MaxJobPodFailureBackOff 10 min', () => {
    expect([1, 2, 3, 6, 7, 20].map((n) => backoffRemainingUs(n, 0, 0) / S)).toEqual([
      10, 20, 40, 320, 600, 600,
    ]);
  });
});

// backoff_utils_test.go TestNewBackoffRecord: finish times relative to defaultTestTime (here T); pods
// finish by their containers' finishedAt.
describe('backoff_utils_test.go TestNewBackoffRecord', () => {
  const T = 1_257_894_000 * S;
  const ms = 1_000;
  const empty = { failuresAfterLastSuccess: 0, lastFailureUs: null };
  it.each<
    [
      string,
      { failuresAfterLastSuccess: number; lastFailureUs: number | null },
      number[],
      number[],
      ReturnType<typeof newBackoffRecord>,
    ]
  >([
    [
      'Empty backoff store and one new failure',
      empty,
      [],
      [T],
      { failuresAfterLastSuccess: 1, lastFailureUs: T },
    ],
    [
      'Empty backoff store and two new failures',
      empty,
      [],
      [T, T - ms],
      { failuresAfterLastSuccess: 2, lastFailureUs: T },
    ],
    [
      'Empty backoff store, two failures followed by success',
      empty,
      [T],
      [T - 2 * ms, T - ms],
      { failuresAfterLastSuccess: 0, lastFailureUs: null },
    ],
    [
      'Empty backoff store, two failures, one success and two more failures',
      empty,
      [T - 2 * ms],
      [T, T - 4 * ms, T - 3 * ms, T - ms],
      { failuresAfterLastSuccess: 2, lastFailureUs: T },
    ],
    [
      'Backoff store having failure count 2 and one new failure',
      { failuresAfterLastSuccess: 2, lastFailureUs: null },
      [],
      [T],
      { failuresAfterLastSuccess: 3, lastFailureUs: T },
    ],
    [
      'Empty backoff store with success and failure at same timestamp',
      empty,
      [T],
      [T],
      { failuresAfterLastSuccess: 0, lastFailureUs: null },
    ],
    [
      'Empty backoff store with no success/failure',
      empty,
      [],
      [],
      { failuresAfterLastSuccess: 0, lastFailureUs: null },
    ],
    [
      'Empty backoff store with one success',
      empty,
      [T],
      [],
      { failuresAfterLastSuccess: 0, lastFailureUs: null },
    ],
  ])('%s', (_name, prev, succeeded, failed, want) => {
    expect(newBackoffRecord(prev, succeeded, failed)).toEqual(want);
  });
});

// backoff_utils_test.go TestGetFinishedTime. Not replayed: "Pod with sidecar container and all containers
// terminated" (kubesim keeps one finish time per pod, the kubelet's, which already covers sidecars).
describe('backoff_utils_test.go TestGetFinishedTime', () => {
  const T = 1_257_894_000 * S;
  const base = {
    containersFinishedUs: null,
    ready: null,
    deletionTimestampUs: null,
    deletionGracePeriodSeconds: 0,
    creationUs: 0,
  };
  it.each<[string, Partial<Parameters<typeof getFinishedTime>[0]>, number]>([
    ['Pod with multiple containers and all containers terminated', { containersFinishedUs: T }, T],
    [
      'Pod with multiple containers; two containers in terminated state and one in running state; fallback to deletionTimestamp',
      { deletionTimestampUs: T },
      T,
    ],
    ['fallback to deletionTimestamp', { deletionTimestampUs: T }, T],
    [
      'fallback to deletionTimestamp, decremented by grace period',
      { deletionTimestampUs: T, deletionGracePeriodSeconds: 30 },
      T - 30 * S,
    ],
    [
      'fallback to PodReady.LastTransitionTime when status of the condition is False',
      { ready: { status: false, lastTransitionUs: T } },
      T,
    ],
    [
      'skip fallback to PodReady.LastTransitionTime when status of the condition is True',
      { ready: { status: true, lastTransitionUs: T - 30 * S }, deletionTimestampUs: T },
      T,
    ],
    ['fallback to creationTimestamp', { creationUs: T }, T],
  ])('%s', (_name, pod, want) => {
    expect(getFinishedTime({ ...base, ...pod })).toBe(want);
  });

  it('kubesim pods: a pod evicted from a crashed node finished when it was marked Ready=False', () => {
    const pod = {
      containersFinishedUs: null,
      ready: false,
      readyTransitionUs: 105 * S + 3,
      deletionUs: 410 * S,
      createdUs: 0,
    };
    expect(getFinishedTime(finishedPodView(pod))).toBe(105 * S);
  });
});

// job_controller_test.go TestControllerSyncJob, the rows that end a Job (expectedConditions), replayed on
// reconcileJob + jobTerminalStep (pod counts stand for the pod lists; "indexed job completed", whose
// repeated index 1 only kubesim's per-index counting sees, is covered by the Indexed end-to-end test). "jobPodReplacementPolicy: true" turns delayTerminalCondition on (as
// from 1.31); the other rows run with the gates off (as before 1.31).
describe('job_controller_test.go TestControllerSyncJob: terminal conditions', () => {
  const off = { delayTerminalCondition: false, trackTerminating: false, successReason: false };
  const on = { delayTerminalCondition: true, trackTerminating: true, successReason: false };
  const step = (v: Partial<JobView>, gates: typeof on, terminating = 0) =>
    jobTerminalStep({
      conditions: [],
      decision: reconcileJob(view(v), NOW),
      gates,
      expectationsSatisfied: v.expectationsSatisfied ?? true,
      active: v.active ?? 0,
      failed: v.failed ?? 0,
      terminating,
      nowUs: NOW,
    });
  const kinds = (s: ReturnType<typeof step>) => s?.conditions.map((c) => [c.type, c.reason]);
  it('job finish', () => {
    const s = step({ parallelism: 2, completions: 5, succeeded: 5 }, off);
    expect(kinds(s)).toEqual([['Complete', '']]);
    expect(s?.events).toEqual([{ reason: 'Completed', message: 'Job completed' }]);
  });
  it('WQ job all finished', () => {
    expect(kinds(step({ parallelism: 2, completions: null, succeeded: 2 }, off))).toEqual([['Complete', '']]);
  });
  it('WQ job all finished despite one failure', () => {
    expect(kinds(step({ parallelism: 2, completions: null, succeeded: 1, failed: 1 }, off))).toEqual([
      ['Complete', ''],
    ]);
  });
  it('WQ job finishing (a pod still active: not complete yet)', () => {
    expect(step({ parallelism: 2, completions: null, succeeded: 1, active: 1 }, off)).toBeNull();
  });
  it('too many job failures', () => {
    const s = step({ parallelism: 2, completions: 5, backoffLimit: 0, failed: 1 }, off);
    expect(kinds(s)).toEqual([['Failed', 'BackoffLimitExceeded']]);
    expect(s?.failed).toBe(1);
  });
  it('job failures, unsatisfied expectations', () => {
    const s = step(
      { parallelism: 2, completions: 5, backoffLimit: 0, failed: 1, expectationsSatisfied: false },
      off,
    );
    expect(s?.conditions).toEqual([]);
    expect(s?.failed).toBe(1);
  });
  it('count ready pods when job fails', () => {
    const s = step({ parallelism: 2, completions: 3, backoffLimit: 0, active: 2, failed: 1 }, off);
    expect(kinds(s)).toEqual([['Failed', 'BackoffLimitExceeded']]);
    expect(s?.failed).toBe(3);
  });
  it('indexed job failed (indexes 0 Succeeded, 1 Failed, 2 Running)', () => {
    const s = step(
      { parallelism: 2, completions: 3, backoffLimit: 0, active: 1, failed: 1, succeeded: 1 },
      off,
    );
    expect(kinds(s)).toEqual([['Failed', 'BackoffLimitExceeded']]);
    expect(s?.failed).toBe(2);
  });
  it('count terminating pods when indexed job fails and PodReplacementPolicy enabled', () => {
    // One running pod (index 2) is deleted and counted as failed: FailureTarget, one terminating.
    const s = step(
      { parallelism: 2, completions: 3, backoffLimit: 0, active: 1, failed: 1, succeeded: 1 },
      on,
    );
    expect(kinds(s)).toEqual([['FailureTarget', 'BackoffLimitExceeded']]);
    expect(s?.failed).toBe(2);
    expect(s?.terminating).toBe(1);
    expect(s?.events).toEqual([]);
  });
  it('kubesim: the FailureTarget Job gets Failed once nothing is terminating (enactJobFinished)', () => {
    const target = {
      type: 'FailureTarget',
      status: 'True' as const,
      reason: 'DeadlineExceeded',
      message: 'm',
      lastUpdateUs: 0,
      lastTransitionUs: 0,
    };
    const base = {
      conditions: [target],
      decision: reconcileJob(view({}), NOW),
      gates: on,
      expectationsSatisfied: true,
      active: 0,
      failed: 2,
      nowUs: NOW,
    };
    expect(jobTerminalStep({ ...base, terminating: 1 })?.conditions).toEqual([target]);
    const done = jobTerminalStep({ ...base, terminating: 0 });
    expect(done?.conditions.map((c) => c.type)).toEqual(['FailureTarget', 'Failed']);
    expect(done?.events).toEqual([{ reason: 'DeadlineExceeded', message: 'm' }]);
  });
  it('kubesim: with JobSuccessPolicy the success condition is SuccessCriteriaMet, reason CompletionsReached', () => {
    const s = step({ completions: 1, succeeded: 1 }, { ...on, successReason: true }, 1);
    expect(kinds(s)).toEqual([['SuccessCriteriaMet', 'CompletionsReached']]);
  });
});

describe('controller.ActivePods (activePodsForRemoval order) vs the ReplicaSet ranking', () => {
  const pod = (o: Partial<ActivePodView>): ActivePodView => ({
    scheduled: true,
    phase: 'Running',
    ready: true,
    readySinceUs: 100 * S,
    restarts: 0,
    createdUs: 0,
    ...o,
  });
  it.each<[string, ActivePodView, ActivePodView]>([
    ['unassigned before assigned', pod({ scheduled: false, phase: 'Pending', ready: false }), pod({})],
    ['Pending before Running', pod({ phase: 'Pending', ready: false }), pod({})],
    ['not ready before ready', pod({ ready: false }), pod({})],
    [
      'ready later before ready earlier (no log2 buckets)',
      pod({ readySinceUs: 101 * S }),
      pod({ readySinceUs: 100 * S }),
    ],
    ['more restarts first', pod({ restarts: 2 }), pod({ restarts: 1 })],
    ['newer first', pod({ createdUs: 5 * S }), pod({ createdUs: 4 * S })],
  ])('%s', (_name, first, second) => {
    expect(compareActivePods(first, second)).toBeLessThan(0);
    expect(compareActivePods(second, first)).toBeGreaterThan(0);
  });
});
