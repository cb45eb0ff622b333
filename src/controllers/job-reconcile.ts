// The Job controller's decision for one sync (pkg/controller/job/job_controller.go syncJob, manageJob),
// as a pure function: whether the Job has failed (backoffLimit exceeded, counting container restarts
// for restartPolicy OnFailure; activeDeadlineSeconds passed) or completed (completions reached; for a
// work queue without completions, a success and no active pods), how many pods to add or remove to
// reach min(parallelism, completions - succeeded) active, and how long pod-failure back-off still
// holds new pods back (10 s doubling per consecutive failure, at most 6 min: backoff_utils.go).

import type { TimeUs } from '../engine/time.js';

/** job.DefaultJobPodFailureBackOff and MaxJobPodFailureBackOff */
export const JOB_BACKOFF_DEFAULT_US = 10_000_000;
export const JOB_BACKOFF_MAX_US = 360_000_000;
/** job.MaxPodCreateDeletePerSync */
export const MAX_POD_CREATE_DELETE_PER_SYNC = 500;

export interface JobView {
  readonly parallelism: number;
  readonly completions: number | null;
  readonly backoffLimit: number;
  readonly activeDeadlineSeconds: number | null;
  readonly restartPolicy: 'Always' | 'OnFailure' | 'Never';
  readonly suspend: boolean;
  readonly startUs: TimeUs;
  readonly active: number;
  readonly succeeded: number;
  readonly failed: number;
  /** Container restarts summed over active pods (restartPolicy OnFailure). */
  readonly activeRestarts: number;
  readonly failuresAfterLastSuccess: number;
  readonly lastFailureUs: TimeUs | null;
  readonly expectationsSatisfied: boolean;
}

export type JobDecision =
  | {
      readonly kind: 'finished';
      readonly type: 'Complete' | 'Failed';
      readonly reason: string;
      readonly message: string;
    }
  | {
      readonly kind: 'manage';
      /** Pods to add (> 0) or active pods to remove (< 0). */
      readonly diff: number;
      /** Re-sync after this long (back-off or deadline), if set. */
      readonly requeueAfterUs: TimeUs | undefined;
    };

/** getRemainingTimeForFailuresCount */
export function backoffRemainingUs(failures: number, lastFailureUs: TimeUs | null, nowUs: TimeUs): TimeUs {
  if (failures === 0 || lastFailureUs === null) return 0;
  let backoff = JOB_BACKOFF_DEFAULT_US;
  for (let i = 1; i < failures; i++) {
    backoff *= 2;
    if (backoff >= JOB_BACKOFF_MAX_US) {
      backoff = JOB_BACKOFF_MAX_US;
      break;
    }
  }
  const elapsed = nowUs - lastFailureUs;
  return backoff < elapsed ? 0 : backoff - elapsed;
}

function pastBackoffLimit(v: JobView): boolean {
  if (v.failed > v.backoffLimit) return true;
  if (v.restartPolicy !== 'OnFailure') return false;
  // pastBackoffLimitOnFailure: restarts of containers in active pods count as failures.
  return v.backoffLimit === 0 ? v.activeRestarts > 0 : v.activeRestarts >= v.backoffLimit;
}

function deadlineUs(v: JobView): TimeUs | null {
  return v.activeDeadlineSeconds === null ? null : v.startUs + v.activeDeadlineSeconds * 1_000_000;
}

export function reconcileJob(v: JobView, nowUs: TimeUs): JobDecision {
  if (pastBackoffLimit(v)) {
    return {
      kind: 'finished',
      type: 'Failed',
      reason: 'BackoffLimitExceeded',
      message: 'Job has reached the specified backoff limit',
    };
  }
  const deadline = deadlineUs(v);
  if (deadline !== null && nowUs >= deadline) {
    return {
      kind: 'finished',
      type: 'Failed',
      reason: 'DeadlineExceeded',
      message: 'Job was active longer than specified deadline',
    };
  }
  const done = v.completions === null ? v.succeeded > 0 && v.active === 0 : v.succeeded >= v.completions;
  if (done) return { kind: 'finished', type: 'Complete', reason: 'Completed', message: 'Job completed' };
  const deadlineWait = deadline === null ? undefined : deadline - nowUs;
  if (!v.expectationsSatisfied) return { kind: 'manage', diff: 0, requeueAfterUs: deadlineWait };
  let want: number;
  if (v.suspend) want = 0;
  else if (v.completions === null) want = v.succeeded > 0 ? v.active : v.parallelism;
  else want = Math.max(0, Math.min(v.parallelism, v.completions - v.succeeded));
  let diff = want - v.active;
  let requeue = deadlineWait;
  if (diff > 0) {
    const wait = backoffRemainingUs(v.failuresAfterLastSuccess, v.lastFailureUs, nowUs);
    if (wait > 0) {
      diff = 0;
      requeue = requeue === undefined ? wait : Math.min(requeue, wait);
    }
  }
  diff = Math.max(-MAX_POD_CREATE_DELETE_PER_SYNC, Math.min(MAX_POD_CREATE_DELETE_PER_SYNC, diff));
  return { kind: 'manage', diff, requeueAfterUs: requeue };
}
