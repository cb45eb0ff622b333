// The CronJob controller's decisions as pure functions over a snapshot (pkg/controller/cronjob/
// cronjob_controllerv2.go): cleanupFinishedJobs (history limits) and syncCronJob (status.active against the
// Jobs, then whether to start the Job of the most recent unmet schedule time). Each returns ordered steps
// (Events, DELETEs, the POST of the Job) with the status to write and when to look again; controller.ts
// carries the steps out against the API, in order, at one instant. Times are Unix seconds / microseconds.

import { formatRfc1123zUtc } from '../../engine/wall-clock.js';
import type { ConcurrencyPolicy, CronJobStatus } from '../../workloads/objects.js';
import { type CronSchedule, parseStandard } from './schedule.js';
import {
  byJobStartTime,
  jobName,
  mostRecentScheduleTime,
  nextScheduleTimeDurationUs,
  type ScheduleView,
} from './utils.js';
import { TimeZone } from './zone.js';

const US = 1_000_000;

/** The Events this controller records, with the type upstream gives each (corev1.EventType*). */
export const CRONJOB_EVENT_TYPES = {
  SuccessfulCreate: 'Normal',
  SuccessfulDelete: 'Normal',
  SawCompletedJob: 'Normal',
  MissingJob: 'Normal',
  JobAlreadyActive: 'Normal',
  UnexpectedJob: 'Warning',
  UnknownTimeZone: 'Warning',
  UnparseableSchedule: 'Warning',
  InvalidSchedule: 'Warning',
  TooManyMissedTimes: 'Warning',
  MissSchedule: 'Warning',
  UnParseableCronJobSchedule: 'Warning',
} as const;
export type CronJobEventReason = keyof typeof CRONJOB_EVENT_TYPES;

/** The CronJob as a sync reads it (spec after defaulting, metadata, status). */
export interface CronJobView {
  readonly name: string;
  readonly uid: string;
  readonly schedule: string;
  readonly timeZone: string | null;
  readonly concurrencyPolicy: ConcurrencyPolicy;
  readonly suspend: boolean;
  readonly startingDeadlineSeconds: number | null;
  readonly successfulJobsHistoryLimit: number;
  readonly failedJobsHistoryLimit: number;
  /** metadata.deletionTimestamp is set. */
  readonly deleting: boolean;
  /** metadata.creationTimestamp, whole Unix seconds. */
  readonly createdS: number;
  readonly status: CronJobStatus;
}

/** A Job the CronJob controls, as the lister shows it. */
export interface ChildJob {
  readonly name: string;
  readonly uid: string;
  /** The finished condition (Complete or Failed with status True), or null while it runs. */
  readonly finished: 'Complete' | 'Failed' | null;
  /** status.completionTime, whole Unix seconds. */
  readonly completionS: number | null;
  /** status.startTime, microseconds (byJobStartTime only compares them). */
  readonly startUs: number | null;
}

/** A GET of a Job by name from the API server: its uid and whether this CronJob is its controller. */
export type GetJob = (name: string) => { readonly uid: string; readonly controlledByUs: boolean } | undefined;

export type SyncStep =
  | { readonly op: 'event'; readonly reason: CronJobEventReason; readonly message: string }
  | { readonly op: 'delete'; readonly name: string; readonly uid: string }
  /** POST the Job for `scheduledS`; the executor appends it to status.active. */
  | {
      readonly op: 'create';
      readonly name: string;
      readonly scheduledS: number;
      readonly zone: TimeZone | null;
    };

export interface SyncPlan {
  readonly steps: readonly SyncStep[];
  /** The status after the steps (the Job a `create` step makes is appended by the executor). */
  readonly status: CronJobStatus;
  readonly updateStatus: boolean;
  /** When to sync again (queue.AddAfter), microseconds from now; null: only on the next change. */
  readonly requeueAfterUs: number | null;
}

/** Version-dependent rules of syncCronJob. */
export interface CronJobGates {
  /**
   * A succeeded Job moves status.lastSuccessfulTime in the same sync that drops it from status.active
   * (PR #122025, 1.31); before, that branch skipped it and the next sync counted it, if the Job was still there.
   */
  readonly lastSuccessfulFromActive: boolean;
}

export function cronJobGates(minor: number): CronJobGates {
  return { lastSuccessfulFromActive: minor >= 31 };
}

function event(reason: CronJobEventReason, message: string): SyncStep {
  return { op: 'event', reason, message };
}

/** removeOldestJobs: the oldest (byJobStartTime) beyond `max`. */
function oldestBeyond(jobs: readonly ChildJob[], max: number): ChildJob[] {
  const surplus = jobs.length - max;
  if (surplus <= 0) return [];
  return [...jobs].sort(byJobStartTime).slice(0, surplus);
}

/**
 * cleanupFinishedJobs: delete the oldest Complete Jobs beyond successfulJobsHistoryLimit, then the oldest
 * Failed ones beyond failedJobsHistoryLimit (deleteJob: DELETE, drop from status.active, SuccessfulDelete).
 * batch/v1 defaults both limits, so neither is ever unset here.
 */
export function planCleanup(cj: CronJobView, jobs: readonly ChildJob[]): SyncPlan {
  const doomed = [
    ...oldestBeyond(
      jobs.filter((j) => j.finished === 'Complete'),
      cj.successfulJobsHistoryLimit,
    ),
    ...oldestBeyond(
      jobs.filter((j) => j.finished === 'Failed'),
      cj.failedJobsHistoryLimit,
    ),
  ];
  const steps: SyncStep[] = [];
  for (const j of doomed) {
    steps.push({ op: 'delete', name: j.name, uid: j.uid });
    steps.push(event('SuccessfulDelete', `Deleted job ${j.name}`));
  }
  const gone = new Set(doomed.map((j) => j.uid));
  const status = { ...cj.status, active: cj.status.active.filter((a) => !gone.has(a.uid)) };
  return { steps, status, updateStatus: doomed.length > 0, requeueAfterUs: null };
}

/** The first loops of syncCronJob: status.active and lastSuccessfulTime against the Jobs. */
function reconcileActive(
  cj: CronJobView,
  jobs: readonly ChildJob[],
  getJob: GetJob,
  gates: CronJobGates,
  steps: SyncStep[],
): { status: CronJobStatus; update: boolean } {
  let active = cj.status.active;
  let lastSuccessfulS = cj.status.lastSuccessfulS;
  let update = false;
  const children = new Set<string>();
  for (const j of jobs) {
    children.add(j.uid);
    const found = active.some((a) => a.uid === j.uid);
    if (!found && j.finished === null) {
      // A running Job of ours not in status.active (a crash between POST and status write, or a Job
      // someone made for us to adopt): upstream only warns.
      steps.push(event('UnexpectedJob', `Saw a job that the controller did not create or forgot: ${j.name}`));
      continue;
    }
    if (j.finished === null) continue;
    if (found) {
      active = active.filter((a) => a.uid !== j.uid);
      steps.push(event('SawCompletedJob', `Saw completed job: ${j.name}, status: ${j.finished}`));
      update = true;
      if (!gates.lastSuccessfulFromActive) continue;
    }
    // IsJobSucceeded: a succeeded Job need not be active to move lastSuccessfulTime.
    if (j.finished !== 'Complete') continue;
    if (lastSuccessfulS === null) {
      lastSuccessfulS = j.completionS;
      update = true;
    }
    if (j.completionS !== null && lastSuccessfulS !== null && j.completionS > lastSuccessfulS) {
      lastSuccessfulS = j.completionS;
      update = true;
    }
  }
  // An active reference whose Job the lister does not show is looked up on the API server (a slow watch);
  // only a Job that is really gone is dropped.
  for (const a of active) {
    if (children.has(a.uid) || getJob(a.name)?.uid === a.uid) continue;
    steps.push(event('MissingJob', `Active job went missing: ${a.name}`));
    active = active.filter((x) => x.uid !== a.uid);
    update = true;
  }
  return { status: { ...cj.status, active, lastSuccessfulS }, update };
}

/** formatSchedule + cron.ParseStandard: the schedule in spec.timeZone (UTC when unset). */
export function cronJobSchedule(
  cj: Pick<CronJobView, 'schedule' | 'timeZone'>,
): CronSchedule | { error: string } {
  return parseStandard(cj.schedule, TimeZone.load(cj.timeZone ?? 'UTC'));
}

/** syncCronJob at Unix time `nowUs`, given the Jobs the lister shows and a GET for the others. */
export function planSync(
  cj: CronJobView,
  jobs: readonly ChildJob[],
  nowUs: number,
  getJob: GetJob,
  gates: CronJobGates,
): SyncPlan {
  const steps: SyncStep[] = [];
  const reconciled = reconcileActive(cj, jobs, getJob, gates, steps);
  let status = reconciled.status;
  let updateStatus = reconciled.update;
  const stop = (requeueAfterUs: number | null): SyncPlan => ({ steps, status, updateStatus, requeueAfterUs });
  if (cj.deleting) return stop(null);
  const zone = TimeZone.load(cj.timeZone ?? 'UTC');
  if (cj.timeZone !== null && zone === null) {
    const msg = `invalid timeZone: ${JSON.stringify(cj.timeZone)}: unknown time zone ${cj.timeZone}`;
    steps.push(event('UnknownTimeZone', msg));
    return stop(null);
  }
  if (cj.suspend) return stop(null);
  const sched = parseStandard(cj.schedule, zone);
  if ('error' in sched) {
    steps.push(
      event('UnparseableSchedule', `unparseable schedule: ${JSON.stringify(cj.schedule)} : ${sched.error}`),
    );
    return stop(null);
  }
  const view = (): ScheduleView => ({
    createdS: cj.createdS,
    lastScheduleS: status.lastScheduleS,
    startingDeadlineSeconds: cj.startingDeadlineSeconds,
  });
  const requeue = () => stop(nextScheduleTimeDurationUs(view(), nowUs, sched));
  // nextScheduleTime: the most recent unmet time, warning when more than 100 were missed.
  const recent = mostRecentScheduleTime(view(), nowUs, sched, true);
  if (recent.mostRecentS !== null && recent.missed === 'many') {
    steps.push(
      event(
        'TooManyMissedTimes',
        'too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew',
      ),
    );
  }
  if (recent.error !== null) {
    steps.push(event('InvalidSchedule', `invalid schedule: ${cj.schedule} : ${recent.error}`));
    return stop(null);
  }
  const scheduledS = recent.mostRecentS;
  if (scheduledS === null) return requeue();
  if (cj.startingDeadlineSeconds !== null && (scheduledS + cj.startingDeadlineSeconds) * US < nowUs) {
    steps.push(
      event('MissSchedule', `Missed scheduled time to start a job: ${formatRfc1123zUtc(scheduledS)}`),
    );
    return requeue();
  }
  const name = jobName(cj.name, scheduledS);
  if (status.active.some((a) => a.name === name) || status.lastScheduleS === scheduledS) return requeue();
  if (cj.concurrencyPolicy === 'Forbid' && status.active.length > 0) {
    steps.push(
      event(
        'JobAlreadyActive',
        'Not starting job because prior execution is running and concurrency policy is Forbid',
      ),
    );
    return requeue();
  }
  if (cj.concurrencyPolicy === 'Replace') {
    // Every active reference exists here: the MissingJob loop dropped the others.
    for (const a of status.active) {
      steps.push({ op: 'delete', name: a.name, uid: a.uid });
      steps.push(event('SuccessfulDelete', `Deleted job ${a.name}`));
    }
    if (status.active.length > 0) updateStatus = true;
    status = { ...status, active: [] };
  }
  const existing = getJob(name);
  if (existing !== undefined) {
    // IsAlreadyExists: another owner's Job is left alone; ours, already active, needs nothing; ours and
    // missing from status.active (the status write after the POST failed) is recorded now.
    if (!existing.controlledByUs || status.active.some((a) => a.uid === existing.uid)) return stop(null);
    status = { ...status, active: [...status.active, { name, uid: existing.uid }] };
  } else {
    steps.push({ op: 'create', name, scheduledS, zone });
    steps.push(event('SuccessfulCreate', `Created job ${name}`));
  }
  status = { ...status, lastScheduleS: scheduledS };
  updateStatus = true;
  return requeue();
}

/** What updateCronJob does with the work queue when a CronJob's spec changes. */
export type UpdateAction =
  | { readonly kind: 'add' }
  | { readonly kind: 'addAfter'; readonly delayUs: number }
  /** The new schedule does not parse: an Event, and no requeue until the next change. */
  | { readonly kind: 'event'; readonly reason: 'UnParseableCronJobSchedule'; readonly message: string };

/**
 * updateCronJob: a changed schedule or time zone requeues the CronJob at its next schedule time (the queue
 * keeps an earlier pending one); any other change (a template, suspend) syncs it now.
 */
export function updateRequeue(
  old: Pick<CronJobView, 'schedule' | 'timeZone'>,
  cur: Pick<CronJobView, 'schedule' | 'timeZone' | 'createdS' | 'startingDeadlineSeconds' | 'status'>,
  nowUs: number,
): UpdateAction {
  if (old.schedule === cur.schedule && old.timeZone === cur.timeZone) return { kind: 'add' };
  const sched = cronJobSchedule(cur);
  if ('error' in sched) {
    const message = `unparseable schedule for cronjob: ${cur.schedule}`;
    return { kind: 'event', reason: 'UnParseableCronJobSchedule', message };
  }
  const view = {
    createdS: cur.createdS,
    lastScheduleS: cur.status.lastScheduleS,
    startingDeadlineSeconds: cur.startingDeadlineSeconds,
  };
  return { kind: 'addAfter', delayUs: nextScheduleTimeDurationUs(view, nowUs, sched) };
}
