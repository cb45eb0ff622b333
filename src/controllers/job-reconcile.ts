// The Job controller's decision for one sync (pkg/controller/job/job_controller.go syncJob, manageJob),
// as a pure function: whether the Job has failed (backoffLimit exceeded, counting container restarts
// for restartPolicy OnFailure; activeDeadlineSeconds passed) or completed (completions reached; for a
// work queue without completions, a success and no active pods), how many pods to add or remove to
// reach min(parallelism, completions - succeeded) active, and how long pod-failure back-off still
// holds new pods back (10 s doubling per consecutive failure, at most 10 min, counted from the newest
// failed pod's finish time: backoff_utils.go newBackoffRecord, getFinishedTime).

import { apiTimeUs, type TimeUs, US_PER_S } from '../engine/time.js';
import type { ReasonOf } from '../model/event-reasons.js';
import type { PodPhase } from '../model/types.js';
import { type Condition, newCondition } from '../workloads/conditions.js';

/** job.DefaultJobPodFailureBackOff and MaxJobPodFailureBackOff (10 min since the backoffRecord, 1.27). */
export const JOB_BACKOFF_DEFAULT_US = 10_000_000;
export const JOB_BACKOFF_MAX_US = 600_000_000;
/** job_controller.go syncJobBatchPeriod: pod events and status updates reach the sync 1 s later. */
export const SYNC_JOB_BATCH_PERIOD_US = 1_000_000;
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
    const remaining = backoffRemainingUs(v.failuresAfterLastSuccess, v.lastFailureUs, nowUs);
    if (remaining > 0) {
      diff = 0;
      // enqueueSyncJobWithDelay: never sooner than syncJobBatchPeriod.
      const wait = Math.max(remaining, SYNC_JOB_BATCH_PERIOD_US);
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

// ---- backoff_utils.go ---------------------------------------------------------------------------------

/** What getFinishedTime reads of a pod, in API form. */
export interface FinishedPodView {
  /** Latest terminated.finishedAt when every container has terminated, else null. */
  readonly containersFinishedUs: TimeUs | null;
  /** The PodReady condition, if any. */
  readonly ready: { readonly status: boolean; readonly lastTransitionUs: TimeUs } | null;
  /** metadata.deletionTimestamp and deletionGracePeriodSeconds. */
  readonly deletionTimestampUs: TimeUs | null;
  readonly deletionGracePeriodSeconds: number;
  readonly creationUs: TimeUs;
}

/**
 * getFinishedTime: every container terminated -> the latest finishedAt; else a Ready=False condition ->
 * its lastTransitionTime (the kubelet, or the node lifecycle controller's MarkPodsNotReady); else
 * deletionTimestamp minus the grace period (an orphan PodGC deleted); else creationTimestamp.
 */
export function getFinishedTime(p: FinishedPodView): TimeUs {
  if (p.containersFinishedUs !== null) return p.containersFinishedUs;
  if (p.ready !== null && !p.ready.status) return p.ready.lastTransitionUs;
  if (p.deletionTimestampUs !== null) return p.deletionTimestampUs - p.deletionGracePeriodSeconds * US_PER_S;
  return p.creationUs;
}

/** The API view of a kubesim pod for getFinishedTime (timestamps in whole seconds). */
export function finishedPodView(pod: {
  readonly containersFinishedUs: TimeUs | null;
  readonly ready: boolean;
  readonly readyTransitionUs: TimeUs | null;
  readonly deletionUs: TimeUs | null;
  readonly createdUs: TimeUs;
}): FinishedPodView {
  return {
    containersFinishedUs: pod.containersFinishedUs === null ? null : apiTimeUs(pod.containersFinishedUs),
    ready:
      pod.readyTransitionUs === null
        ? null
        : { status: pod.ready, lastTransitionUs: apiTimeUs(pod.readyTransitionUs) },
    // deletionTimestamp = DELETE + grace, so deletionTimestamp - grace is the DELETE's whole second.
    deletionTimestampUs: pod.deletionUs === null ? null : apiTimeUs(pod.deletionUs),
    deletionGracePeriodSeconds: 0,
    creationUs: apiTimeUs(pod.createdUs),
  };
}

export interface BackoffRecord {
  readonly failuresAfterLastSuccess: number;
  readonly lastFailureUs: TimeUs | null;
}

/**
 * newBackoffRecord: the pods that finished since the last sync, by finish time. Only failures: add them,
 * the newest sets lastFailureTime. Any success: reset, then count the failures that finished strictly
 * after the newest success.
 */
export function newBackoffRecord(
  prev: BackoffRecord,
  succeededFinishUs: readonly TimeUs[],
  failedFinishUs: readonly TimeUs[],
): BackoffRecord {
  const succ = [...succeededFinishUs].sort((a, b) => a - b);
  const fail = [...failedFinishUs].sort((a, b) => a - b);
  if (succ.length === 0) {
    if (fail.length === 0) return prev;
    return {
      failuresAfterLastSuccess: prev.failuresAfterLastSuccess + fail.length,
      lastFailureUs: fail[fail.length - 1] as TimeUs,
    };
  }
  const lastSuccess = succ[succ.length - 1] as TimeUs;
  let failures = 0;
  let lastFailureUs: TimeUs | null = null;
  for (let i = fail.length - 1; i >= 0; i--) {
    const t = fail[i] as TimeUs;
    if (t <= lastSuccess) break;
    lastFailureUs ??= t;
    failures++;
  }
  return { failuresAfterLastSuccess: failures, lastFailureUs };
}

// ---- job conditions -------------------------------------------------------------------------------

/** What decides the Job's terminal conditions per release (feature gates' defaults). */
export interface JobGates {
  /**
   * delayTerminalCondition (JobManagedBy || JobPodReplacementPolicy, from 1.31): FailureTarget /
   * SuccessCriteriaMet first, Failed / Complete once no pod is terminating.
   */
  readonly delayTerminalCondition: boolean;
  /** status.terminating (JobPodReplacementPolicy, beta from 1.29). */
  readonly trackTerminating: boolean;
  /** JobSuccessPolicy (beta from 1.31): the success condition's reason CompletionsReached. */
  readonly successReason: boolean;
}

export function jobGates(minor: number): JobGates {
  return { delayTerminalCondition: minor >= 31, trackTerminating: minor >= 29, successReason: minor >= 31 };
}

// ---- controller.ActivePods (the job controller's activePodsForRemoval order) ------------------------

export interface ActivePodView {
  readonly scheduled: boolean;
  readonly phase: PodPhase;
  readonly ready: boolean;
  /** PodReady lastTransitionTime (whole seconds) when ready. */
  readonly readySinceUs: TimeUs | null;
  readonly restarts: number;
  readonly createdUs: TimeUs;
}

/** afterOrZero: a zero time first, else the later first. */
function afterOrZero(a: TimeUs | null, b: TimeUs | null): number {
  if (a === null || b === null) return a === null ? (b === null ? 0 : -1) : 1;
  return b - a;
}

/**
 * controller.ActivePods Less: unassigned < assigned; Pending < Unknown < Running; not ready < ready;
 * ready more recently first; more restarts first; newer first. Timestamps in whole seconds. (Unlike
 * the ReplicaSet's ActivePodsWithRanks: no deletion cost, no co-location rank, no log2 buckets.)
 */
export function compareActivePods(a: ActivePodView, b: ActivePodView): number {
  if (a.scheduled !== b.scheduled) return a.scheduled ? 1 : -1;
  const ord = (p: PodPhase) => (p === 'Pending' ? 0 : p === 'Running' ? 2 : 1);
  if (ord(a.phase) !== ord(b.phase)) return ord(a.phase) - ord(b.phase);
  if (a.ready !== b.ready) return a.ready ? 1 : -1;
  if (a.ready && b.ready && a.readySinceUs !== b.readySinceUs)
    return afterOrZero(a.readySinceUs, b.readySinceUs);
  if (a.restarts !== b.restarts) return b.restarts - a.restarts;
  return afterOrZero(a.createdUs, b.createdUs);
}

// ---- terminal conditions (syncJob, trackJobStatusAndRemoveFinalizers, enactJobFinished) ----------

export interface JobEvent {
  readonly reason: ReasonOf<'Workload'>;
  readonly message: string;
}

export interface TerminalInput {
  readonly conditions: readonly Condition[];
  readonly decision: JobDecision;
  readonly gates: JobGates;
  readonly expectationsSatisfied: boolean;
  readonly active: number;
  /** status.failed with this sync's newly failed pods. */
  readonly failed: number;
  /** Pods being deleted that have not finished, before this sync's deletions. */
  readonly terminating: number;
  readonly nowUs: TimeUs;
}

export interface TerminalStep {
  /** Conditions after this sync: the interim one added, the terminal one once nothing terminates. */
  readonly conditions: readonly Condition[];
  /** status.failed: a failing Job's still-running pods count as failed. */
  readonly failed: number;
  readonly terminating: number;
  /** Completed, or the failure's reason, when the terminal condition is added. */
  readonly events: readonly JobEvent[];
}

const SuccessCriteriaMetType = 'SuccessCriteriaMet';
const FailureTargetType = 'FailureTarget';

/**
 * A finishing Job's step, or null when it is not finishing. An interim condition recorded earlier
 * decides (hasSuccessCriteriaMetCondition, newFailedConditionForFailureTarget); else reconcileJob's
 * verdict makes newFailureCondition / newSuccessCondition: FailureTarget / SuccessCriteriaMet with
 * delayTerminalCondition (1.31+), else Failed / Complete at once. Active pods are deleted (the caller
 * does it) and, for a failure, counted as failed; the terminal condition and its event wait for no pod
 * to be terminating (enactJobFinished) and, like the rest, for the expectations to be met.
 */
export function jobTerminalStep(i: TerminalInput): TerminalStep | null {
  const interim = interimTerminal(i.conditions);
  let finishing = interim;
  if (finishing === null && i.decision.kind === 'finished') {
    finishing =
      i.decision.type === 'Failed'
        ? { type: 'Failed', reason: i.decision.reason, message: i.decision.message }
        : successTerminal(i.gates);
  }
  if (finishing === null) return null;
  const failed = finishing.type === 'Failed' ? i.failed + i.active : i.failed;
  const terminating = i.terminating + i.active;
  if (!i.expectationsSatisfied) return { conditions: i.conditions, failed, terminating, events: [] };
  let conditions = i.conditions;
  if (interim === null && i.gates.delayTerminalCondition) {
    const type = finishing.type === 'Failed' ? FailureTargetType : SuccessCriteriaMetType;
    conditions = [...conditions, newCondition(type, 'True', finishing.reason, finishing.message, i.nowUs)];
  }
  if (i.gates.delayTerminalCondition && terminating > 0)
    return { conditions, failed, terminating, events: [] };
  conditions = [
    ...conditions.filter((c) => c.type !== finishing.type),
    newCondition(finishing.type, 'True', finishing.reason, finishing.message, i.nowUs),
  ];
  // A failed Job's Event carries its Failed condition's reason (BackoffLimitExceeded, DeadlineExceeded).
  const event: JobEvent =
    finishing.type === 'Complete'
      ? { reason: 'Completed', message: 'Job completed' }
      : { reason: finishing.reason as ReasonOf<'Workload'>, message: finishing.message };
  return { conditions, failed, terminating, events: [event] };
}

interface Terminal {
  readonly type: 'Failed' | 'Complete';
  readonly reason: string;
  readonly message: string;
}

function interimTerminal(conditions: readonly Condition[]): Terminal | null {
  const met = conditions.find((c) => c.type === SuccessCriteriaMetType && c.status === 'True');
  if (met !== undefined) return { type: 'Complete', reason: met.reason, message: met.message };
  const target = conditions.find((c) => c.type === FailureTargetType && c.status === 'True');
  if (target !== undefined) return { type: 'Failed', reason: target.reason, message: target.message };
  return null;
}

/** newSuccessCondition's reason and message: CompletionsReached with JobSuccessPolicy (1.31+). */
function successTerminal(g: JobGates): Terminal {
  return g.successReason
    ? { type: 'Complete', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' }
    : { type: 'Complete', reason: '', message: '' };
}
