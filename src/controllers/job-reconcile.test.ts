import { describe, expect, it } from 'vitest';
import { backoffRemainingUs, type JobView, reconcileJob } from './job-reconcile.js';

const S = 1_000_000;
const base: JobView = {
  parallelism: 2,
  completions: 5,
  backoffLimit: 6,
  activeDeadlineSeconds: null,
  restartPolicy: 'Never',
  suspend: false,
  startUs: 0,
  active: 0,
  succeeded: 0,
  failed: 0,
  activeRestarts: 0,
  failuresAfterLastSuccess: 0,
  lastFailureUs: null,
  expectationsSatisfied: true,
};

describe('reconcileJob (syncJob, manageJob)', () => {
  it.each([
    { name: 'starts parallelism pods', v: {}, want: { kind: 'manage', diff: 2 } },
    {
      name: 'never more than completions left',
      v: { succeeded: 4, active: 0 },
      want: { kind: 'manage', diff: 1 },
    },
    {
      name: 'removes pods above parallelism',
      v: { parallelism: 1, active: 3 },
      want: { kind: 'manage', diff: -2 },
    },
    {
      name: 'suspended: removes every active pod',
      v: { suspend: true, active: 2 },
      want: { kind: 'manage', diff: -2 },
    },
    { name: 'complete at completions', v: { succeeded: 5 }, want: { kind: 'finished', reason: 'Completed' } },
    {
      name: 'work queue: done after a success with nothing active',
      v: { completions: null, succeeded: 1 },
      want: { kind: 'finished', reason: 'Completed' },
    },
    {
      name: 'work queue: no new pods after a success',
      v: { completions: null, succeeded: 1, active: 1 },
      want: { kind: 'manage', diff: 0 },
    },
    {
      name: 'failed beyond backoffLimit',
      v: { failed: 7 },
      want: { kind: 'finished', reason: 'BackoffLimitExceeded' },
    },
    {
      name: 'at backoffLimit keeps going',
      v: { failed: 6, lastFailureUs: null },
      want: { kind: 'manage', diff: 2 },
    },
    {
      name: 'OnFailure counts restarts',
      v: { restartPolicy: 'OnFailure' as const, activeRestarts: 6, active: 2 },
      want: { kind: 'finished', reason: 'BackoffLimitExceeded' },
    },
    {
      name: 'deadline passed',
      v: { activeDeadlineSeconds: 100 },
      now: 100 * S,
      want: { kind: 'finished', reason: 'DeadlineExceeded' },
    },
    {
      name: 'waits for expectations',
      v: { expectationsSatisfied: false },
      want: { kind: 'manage', diff: 0 },
    },
  ])('$name', ({ v, now, want }) => {
    expect(reconcileJob({ ...base, ...v }, now ?? 50 * S)).toMatchObject(want);
  });

  it('holds new pods back during pod-failure back-off and re-syncs when it ends', () => {
    const d = reconcileJob(
      { ...base, failed: 2, failuresAfterLastSuccess: 2, lastFailureUs: 10 * S },
      15 * S,
    );
    expect(d).toEqual({ kind: 'manage', diff: 0, requeueAfterUs: 15 * S });
  });
});

describe('backoffRemainingUs (getRemainingTimeForFailuresCount)', () => {
  it.each([
    [0, 0],
    [1, 10],
    [2, 20],
    [3, 40],
    [6, 320],
    [7, 600],
    [20, 600],
  ])('%i consecutive failures -> %i s', (failures, s) => {
    expect(backoffRemainingUs(failures, 0, 0)).toBe(s * S);
  });
  it('counts from the last failure', () => {
    expect(backoffRemainingUs(1, 5 * S, 12 * S)).toBe(3 * S);
    expect(backoffRemainingUs(1, 5 * S, 30 * S)).toBe(0);
  });
});
