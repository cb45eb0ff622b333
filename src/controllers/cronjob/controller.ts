// The CronJob controller (pkg/controller/cronjob/cronjob_controllerv2.go). It watches CronJobs and the
// Jobs they own through the workload store and keeps one work queue (Add now, AddAfter for the next
// schedule time + 100 ms). A sync of a CronJob, at one instant:
// 1. cleanupFinishedJobs: the oldest finished Jobs beyond successfulJobsHistoryLimit (Complete) and
//    failedJobsHistoryLimit (Failed) are deleted (SuccessfulDelete), by byJobStartTime;
// 2. syncCronJob: reconcile status.active with the Jobs (UnexpectedJob, SawCompletedJob, MissingJob,
//    lastSuccessfulTime), then, unless being deleted, the zone is unknown (UnknownTimeZone), suspended,
//    or the schedule does not parse (UnparseableSchedule): the most recent unmet schedule time
//    (nextScheduleTime; TooManyMissedTimes above 100 missed); too late for startingDeadlineSeconds
//    (MissSchedule); already started (the Job name or lastScheduleTime); Forbid with an active Job
//    (JobAlreadyActive); Replace deletes the active Jobs first (SuccessfulDelete); then the Job
//    `<cronjob>-<minutes since epoch>` is created (SuccessfulCreate, or FailedCreate) and recorded in
//    status.active and lastScheduleTime;
// 3. one status write if anything changed, and the requeue at the next schedule.
// Syncs take no time and the controller's API calls are not rate limited: cron times are minutes apart.
// Virtual time maps onto the wall clock through spec.startTime (KcmKernel wallClock).

import type { EventHandle } from '../../engine/engine.js';
import { formatRfc1123zUtc } from '../../engine/wall-clock.js';
import type { HandlersFor } from '../../kernel/handlers.js';
import { Lane } from '../../kernel/lanes.js';
import type { WorkloadApi } from '../../kernel/ports/workload-api.js';
import type { ReasonOf } from '../../model/event-reasons.js';
import { getCondition } from '../../workloads/conditions.js';
import { type CronJob, isJobFinished, type Job, type Workload } from '../../workloads/objects.js';
import type { WorkloadChange } from '../../workloads/store.js';
import { workloadEvent } from '../context.js';
import type { KcmController, KcmKernel } from '../kcm-controller.js';
import { SCHEDULED_TIMESTAMP_ANNOTATION } from './config.js';
import type { CronJobEvent } from './events.js';
import { type CronSchedule, parseStandard } from './schedule.js';
import {
  byJobStartTime,
  jobName,
  mostRecentScheduleTime,
  nextScheduleTimeDurationUs,
  type ScheduleView,
} from './utils.js';
import { formatRfc3339Zoned, TimeZone } from './zone.js';

const US = 1_000_000;

type SyncOutcome = { readonly requeueUs: number | null; readonly updateStatus: boolean };

export class CronJobController implements KcmController<CronJobEvent> {
  readonly handlers: HandlersFor<CronJobEvent> = {
    CronJobSync: (ev) => this.onSync(ev.key),
    CronJobRequeue: (ev) => this.onRequeue(ev.key),
  };
  /** Keys in the queue (Add), each with its pending CronJobSync. */
  private readonly queued = new Map<string, EventHandle>();
  /** Keys waiting (AddAfter), with the earliest due time. */
  private readonly waiting = new Map<string, { readonly atUs: number; readonly handle: EventHandle }>();
  private started = false;

  constructor(
    private readonly sim: KcmKernel<CronJobEvent>,
    private readonly api: WorkloadApi,
  ) {
    api.store.listen((obj, change) => {
      if (this.started) this.observe(obj, change);
    });
  }

  start(): void {
    this.started = true;
    for (const cj of this.api.store.list('CronJob')) this.add(cj.key);
  }

  restart(): void {
    for (const h of this.queued.values()) this.sim.engine.cancel(h);
    for (const w of this.waiting.values()) this.sim.engine.cancel(w.handle);
    this.queued.clear();
    this.waiting.clear();
    this.start();
  }

  private nowUnixUs(): number {
    return this.sim.config.wallClock.startUnixUs + this.sim.nowUs;
  }

  private unixS(virtualUs: number): number {
    return Math.floor((this.sim.config.wallClock.startUnixUs + virtualUs) / US);
  }

  // --- the work queue -------------------------------------------------------------------------------

  private add(key: string): void {
    if (this.queued.has(key)) return;
    this.queued.set(key, this.sim.engine.schedule(0, { kind: 'CronJobSync', key }, Lane.Controller));
  }

  private addAfter(key: string, delayUs: number): void {
    if (delayUs <= 0) {
      this.add(key);
      return;
    }
    const atUs = this.sim.nowUs + Math.ceil(delayUs);
    const w = this.waiting.get(key);
    if (w !== undefined && w.atUs <= atUs) return;
    if (w !== undefined) this.sim.engine.cancel(w.handle);
    const handle = this.sim.engine.scheduleAt(atUs, { kind: 'CronJobRequeue', key }, Lane.Controller);
    this.waiting.set(key, { atUs, handle });
  }

  private onRequeue(key: string): void {
    this.waiting.delete(key);
    if (!this.queued.has(key)) this.onSync(key);
  }

  private onSync(key: string): void {
    this.queued.delete(key);
    const requeueUs = this.sync(key);
    if (requeueUs !== null) this.addAfter(key, requeueUs);
  }

  // --- informers ------------------------------------------------------------------------------------

  private observe(obj: Workload, change: WorkloadChange): void {
    if (obj.kind === 'CronJob') {
      if (change === 'spec') this.cronJobUpdated(obj);
      else if (change !== 'deleted') this.add(obj.key);
      return;
    }
    // addJob / updateJob / deleteJob: a Job's controllerRef names its CronJob.
    if (obj.kind !== 'Job' || obj.owner?.kind !== 'CronJob') return;
    const cj = this.api.store.get('CronJob', `${obj.namespace}/${obj.owner.name}`);
    if (cj !== undefined && cj.uid === obj.owner.uid) this.add(cj.key);
  }

  /** updateCronJob: a new schedule or zone requeues at its next time; anything else syncs now. */
  private cronJobUpdated(cj: CronJob): void {
    const sched = this.schedule(cj);
    if ('error' in sched) {
      this.event(cj, 'UnparseableSchedule', `unparseable schedule for cronjob: ${cj.schedule}`);
      return;
    }
    this.addAfter(cj.key, nextScheduleTimeDurationUs(this.view(cj), this.nowUnixUs(), sched));
  }

  // --- sync -----------------------------------------------------------------------------------------

  private event(cj: CronJob, reason: ReasonOf<'Workload'>, message: string): void {
    workloadEvent(this.sim, cj, reason, message);
  }

  private view(cj: CronJob): ScheduleView {
    return {
      createdS: this.unixS(cj.createdUs),
      lastScheduleS: cj.status.lastScheduleS,
      startingDeadlineSeconds: cj.startingDeadlineSeconds,
    };
  }

  private zone(cj: CronJob): TimeZone | null {
    return TimeZone.load(cj.timeZone ?? 'UTC');
  }

  private schedule(cj: CronJob): CronSchedule | { error: string } {
    return parseStandard(cj.schedule, this.zone(cj));
  }

  /** sync(): returns the requeue delay, or null (not found, suspended, bad schedule). */
  private sync(key: string): number | null {
    const cj = this.api.store.get('CronJob', key);
    if (cj === undefined) return null;
    const jobs = this.api.store.dependentsOf(cj.uid).filter((w): w is Job => w.kind === 'Job');
    const cleaned = this.cleanupFinishedJobs(cj, jobs);
    const out = this.syncCronJob(cj, jobs);
    if (cleaned || out.updateStatus) this.api.store.updated(cj, 'status');
    return out.requeueUs;
  }

  private cleanupFinishedJobs(cj: CronJob, jobs: readonly Job[]): boolean {
    const finished = (type: string) =>
      jobs.filter((j) => getCondition(j.status.conditions, type)?.status === 'True');
    let update = this.removeOldestJobs(cj, finished('Complete'), cj.successfulJobsHistoryLimit);
    if (this.removeOldestJobs(cj, finished('Failed'), cj.failedJobsHistoryLimit)) update = true;
    return update;
  }

  private removeOldestJobs(cj: CronJob, jobs: Job[], max: number): boolean {
    const surplus = jobs.length - max;
    if (surplus <= 0) return false;
    const sorted = [...jobs].sort((a, b) =>
      byJobStartTime(
        { name: a.name, startUs: a.status.startUs },
        { name: b.name, startUs: b.status.startUs },
      ),
    );
    for (const job of sorted.slice(0, surplus)) this.deleteJob(cj, job);
    return true;
  }

  /** deleteJob: DELETE (background propagation), then drop it from status.active. */
  private deleteJob(cj: CronJob, job: Job): void {
    this.api.deleteObject(job);
    cj.status.active = cj.status.active.filter((a) => a.uid !== job.uid);
    this.event(cj, 'SuccessfulDelete', `Deleted job ${job.name}`);
  }

  private syncCronJob(cj: CronJob, jobs: readonly Job[]): SyncOutcome {
    let updateStatus = this.reconcileActive(cj, jobs);
    if (cj.deletionUs !== null) return { requeueUs: null, updateStatus };
    const zone = this.zone(cj);
    if (cj.timeZone !== null && zone === null) {
      this.event(
        cj,
        'UnknownTimeZone',
        `invalid timeZone: ${JSON.stringify(cj.timeZone)}: unknown time zone ${cj.timeZone}`,
      );
      return { requeueUs: null, updateStatus };
    }
    if (cj.suspend) return { requeueUs: null, updateStatus };
    const sched = parseStandard(cj.schedule, zone);
    if ('error' in sched) {
      this.event(
        cj,
        'UnparseableSchedule',
        `unparseable schedule: ${JSON.stringify(cj.schedule)} : ${sched.error}`,
      );
      return { requeueUs: null, updateStatus };
    }
    const nowUs = this.nowUnixUs();
    const requeue = () => ({
      requeueUs: nextScheduleTimeDurationUs(this.view(cj), nowUs, sched),
      updateStatus,
    });
    const recent = mostRecentScheduleTime(this.view(cj), nowUs, sched, true);
    if (recent.mostRecentS !== null && recent.missed === 'many') {
      this.event(
        cj,
        'TooManyMissedTimes',
        'too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew',
      );
    }
    if (recent.error !== null) {
      this.event(cj, 'InvalidSchedule', `invalid schedule: ${cj.schedule} : ${recent.error}`);
      return { requeueUs: null, updateStatus };
    }
    const scheduledS = recent.mostRecentS;
    if (scheduledS === null) return requeue();
    if (cj.startingDeadlineSeconds !== null && (scheduledS + cj.startingDeadlineSeconds) * US < nowUs) {
      this.event(
        cj,
        'MissSchedule',
        `Missed scheduled time to start a job: ${formatRfc1123zUtc(scheduledS)}`,
      );
      return requeue();
    }
    const name = jobName(cj.name, scheduledS);
    if (cj.status.active.some((a) => a.name === name) || cj.status.lastScheduleS === scheduledS)
      return requeue();
    if (cj.concurrencyPolicy === 'Forbid' && cj.status.active.length > 0) {
      this.event(
        cj,
        'JobAlreadyActive',
        'Not starting job because prior execution is running and concurrency policy is Forbid',
      );
      return requeue();
    }
    if (cj.concurrencyPolicy === 'Replace') {
      for (const a of cj.status.active) {
        const job = this.api.store.get('Job', `${cj.namespace}/${a.name}`);
        if (job !== undefined) this.deleteJob(cj, job);
        updateStatus = true;
      }
    }
    const created = this.createJob(cj, name, scheduledS, zone);
    if (created === null) return { requeueUs: null, updateStatus };
    cj.status.active = [...cj.status.active, { name: created.name, uid: created.uid }];
    cj.status.lastScheduleS = scheduledS;
    return { requeueUs: nextScheduleTimeDurationUs(this.view(cj), nowUs, sched), updateStatus: true };
  }

  /** The first loops of syncCronJob: status.active against the Jobs that exist. */
  private reconcileActive(cj: CronJob, jobs: readonly Job[]): boolean {
    let update = false;
    const children = new Set<string>();
    for (const j of jobs) {
      children.add(j.uid);
      const found = cj.status.active.some((a) => a.uid === j.uid);
      const finished = isJobFinished(j.status);
      const complete = getCondition(j.status.conditions, 'Complete')?.status === 'True';
      if (!found && !finished) {
        this.event(cj, 'UnexpectedJob', `Saw a job that the controller did not create or forgot: ${j.name}`);
      } else if (found && finished) {
        cj.status.active = cj.status.active.filter((a) => a.uid !== j.uid);
        this.event(
          cj,
          'SawCompletedJob',
          `Saw completed job: ${j.name}, status: ${complete ? 'Complete' : 'Failed'}`,
        );
        update = true;
      } else if (complete && j.status.completionUs !== null) {
        // IsJobSucceeded: a finished Job need not be active to move lastSuccessfulTime.
        const s = this.unixS(j.status.completionUs);
        if (cj.status.lastSuccessfulS === null || s > cj.status.lastSuccessfulS) {
          cj.status.lastSuccessfulS = s;
          update = true;
        }
      }
    }
    for (const a of cj.status.active) {
      if (children.has(a.uid)) continue;
      if (this.api.store.get('Job', `${cj.namespace}/${a.name}`)?.uid === a.uid) continue;
      this.event(cj, 'MissingJob', `Active job went missing: ${a.name}`);
      cj.status.active = cj.status.active.filter((x) => x.uid !== a.uid);
      update = true;
    }
    return update;
  }

  /** getJobFromTemplate2 + CreateJob; an existing Job of that name is adopted if it is ours. */
  private createJob(cj: CronJob, name: string, scheduledS: number, zone: TimeZone | null): Job | null {
    const existing = this.api.store.get('Job', `${cj.namespace}/${name}`);
    if (existing !== undefined) {
      // IsAlreadyExists: ours and not yet in status.active -> record it; another owner's -> leave it.
      if (existing.owner?.uid !== cj.uid || cj.status.active.some((a) => a.uid === existing.uid)) return null;
      return existing;
    }
    const t = cj.jobTemplate;
    const annotations = {
      ...(t.metadata?.annotations ?? {}),
      [SCHEDULED_TIMESTAMP_ANNOTATION]: formatRfc3339Zoned(scheduledS, zone),
    };
    const job = this.api.createWorkload({
      kind: 'Job',
      namespace: cj.namespace,
      owner: { kind: 'CronJob', name: cj.name },
      manifest: {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name, namespace: cj.namespace, labels: { ...(t.metadata?.labels ?? {}) }, annotations },
        spec: t.spec,
      },
    }) as Job;
    this.event(cj, 'SuccessfulCreate', `Created job ${job.name}`);
    return job;
  }
}
