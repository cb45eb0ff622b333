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
  /** status.startTime: unset while the Job has been suspended since creation. */
  readonly startUs: TimeUs | null;
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
      readonly reason: 'Completed' | 'BackoffLimitExceeded' | 'DeadlineExceeded';
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
export function backoffRemainingUs(
  failures: number,
  lastFailureUs: TimeUs | null,
  nowUs: TimeUs,
  defaultUs: TimeUs = JOB_BACKOFF_DEFAULT_US,
  maxUs: TimeUs = JOB_BACKOFF_MAX_US,
): TimeUs {
  if (failures === 0 || lastFailureUs === null) return 0;
  let backoff = defaultUs;
  for (let i = 1; i < failures; i++) {
    backoff *= 2;
    if (backoff >= maxUs) {
      backoff = maxUs;
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

/** pastActiveDeadline: never while suspended or before the Job has started (job_controller.go). */
function deadlineUs(v: JobView): TimeUs | null {
  if (v.activeDeadlineSeconds === null || v.startUs === null || v.suspend) return null;
  return v.startUs + v.activeDeadlineSeconds * 1_000_000;
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
  // manageJob caps creations and excess deletions at MaxPodCreateDeletePerSync, but deletes every active
  // pod of a suspended Job at once.
  if (!v.suspend) diff = Math.max(-MAX_POD_CREATE_DELETE_PER_SYNC, diff);
  diff = Math.min(MAX_POD_CREATE_DELETE_PER_SYNC, diff);
  return { kind: 'manage', diff, requeueAfterUs: requeue };
}

/**
 * status.failed after a sync (trackJobStatusAndRemoveFinalizers): when the Job fails, its active pods
 * are deleted with their tracking finalizers kept ("every non-terminated pod is considered failed"), so
 * they count as failed; pods removed by manageJob (excess, suspend) or after completion do not.
 */
export function failedAfterSync(failed: number, active: number, decision: JobDecision): number {
  return decision.kind === 'finished' && decision.type === 'Failed' ? failed + active : failed;
}

/**
 * status.startTime for this sync: set at the first sync that finds the Job not suspended, and reset when
 * a suspended Job is resumed (activeDeadlineSeconds counts continuous activity).
 */
export function startTimeAfterSync(
  startUs: TimeUs | null,
  wasSuspended: boolean,
  suspend: boolean,
  nowUs: TimeUs,
): TimeUs | null {
  if (suspend) return startUs;
  if (startUs === null || wasSuspended) return nowUs;
  return startUs;
}

/**
 * Indexed Jobs count succeeded indexes, not pods (calculateSucceededIndexes): a success counts only for a
 * valid index below completions that has not succeeded before.
 */
export function isNewSucceededIndex(
  index: number | null,
  completions: number,
  completed: ReadonlySet<number>,
): boolean {
  return index !== null && index >= 0 && index < completions && !completed.has(index);
}
