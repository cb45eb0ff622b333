// The CronJob controller (pkg/controller/cronjob/cronjob_controllerv2.go). It watches CronJobs and the
// Jobs they own through the workload store and keeps one work queue (Add now, AddAfter for the next
// schedule time + 100 ms). A sync of a CronJob, at one instant, carries out the plans of sync.ts:
// cleanupFinishedJobs (history limits), then syncCronJob (status.active against the Jobs; unless being
// deleted, the zone is unknown, suspended or the schedule does not parse: start the Job of the most
// recent unmet schedule time, as concurrencyPolicy and startingDeadlineSeconds allow), then one status
// write if anything changed, and the requeue at the next schedule.
// Syncs take no time and the controller's API calls are not rate limited: cron times are minutes apart.
// Virtual time maps onto the wall clock through spec.startTime (KcmKernel wallClock).

import type { EventHandle } from '../../engine/engine.js';
import type { HandlersFor } from '../../kernel/handlers.js';
import { Lane } from '../../kernel/lanes.js';
import type { WorkloadApi } from '../../kernel/ports/workload-api.js';
import type { ReasonOf } from '../../model/event-reasons.js';
import { getCondition } from '../../workloads/conditions.js';
import { type CronJob, isJobFinished, type Job, type Workload } from '../../workloads/objects.js';
import type { WorkloadChange, WorkloadStore } from '../../workloads/store.js';
import { workloadEvent } from '../context.js';
import type { KcmController, KcmKernel } from '../kcm-controller.js';
import { SCHEDULED_TIMESTAMP_ANNOTATION } from './config.js';
import type { CronJobEvent } from './events.js';
import {
  type ChildJob,
  type CronJobGates,
  type CronJobView,
  cronJobGates,
  type GetJob,
  planCleanup,
  planSync,
  type SyncPlan,
  updateRequeue,
} from './sync.js';
import { formatRfc3339Zoned, type TimeZone } from './zone.js';

/**
 * getJobsToBeReconciled: the Jobs whose controllerRef is this CronJob, whatever their labels. Upstream
 * lists the namespace's Jobs and matches the controllerRef's name; kubesim's store resolves a controllerRef
 * to its owner's uid, so a Job without one, or in another namespace, is never among them.
 */
export function jobsToBeReconciled(
  store: Pick<WorkloadStore, 'dependentsOf'>,
  cj: Pick<CronJob, 'uid'>,
): Job[] {
  return store.dependentsOf(cj.uid).filter((w): w is Job => w.kind === 'Job');
}

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
  private readonly gates: CronJobGates;
  /** Each CronJob's schedule and zone as last observed (updateCronJob compares old and new objects). */
  private readonly seen = new Map<string, { readonly schedule: string; readonly timeZone: string | null }>();

  constructor(
    private readonly sim: KcmKernel<CronJobEvent>,
    private readonly api: WorkloadApi,
  ) {
    this.gates = cronJobGates(sim.config.version.minor);
    api.store.listen((obj, change) => {
      if (this.started) this.observe(obj, change);
    });
  }

  start(): void {
    this.started = true;
    for (const cj of this.api.store.list('CronJob')) {
      this.remember(cj);
      this.add(cj.key);
    }
  }

  restart(): void {
    for (const h of this.queued.values()) this.sim.engine.cancel(h);
    for (const w of this.waiting.values()) this.sim.engine.cancel(w.handle);
    this.queued.clear();
    this.waiting.clear();
    this.seen.clear();
    this.start();
  }

  private nowUnixUs(): number {
    return this.sim.config.wallClock.startUnixUs + this.sim.nowUs;
  }

  private unixS(virtualUs: number): number {
    return Math.floor((this.sim.config.wallClock.startUnixUs + virtualUs) / 1_000_000);
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
      else if (change === 'deleted') this.seen.delete(obj.key);
      else {
        if (change === 'added') this.remember(obj);
        this.add(obj.key);
      }
      return;
    }
    // addJob / updateJob / deleteJob: a Job's controllerRef names its CronJob.
    if (obj.kind !== 'Job' || obj.owner?.kind !== 'CronJob') return;
    const cj = this.api.store.get('CronJob', `${obj.namespace}/${obj.owner.name}`);
    if (cj !== undefined && cj.uid === obj.owner.uid) this.add(cj.key);
  }

  /** updateCronJob, against the schedule and zone the informer last showed. */
  private cronJobUpdated(cj: CronJob): void {
    const old = this.seen.get(cj.key) ?? cj;
    this.remember(cj);
    const action = updateRequeue(old, this.cronJobView(cj), this.nowUnixUs());
    if (action.kind === 'add') this.add(cj.key);
    else if (action.kind === 'addAfter') this.addAfter(cj.key, action.delayUs);
    else this.event(cj, action.reason, action.message);
  }

  private remember(cj: CronJob): void {
    this.seen.set(cj.key, { schedule: cj.schedule, timeZone: cj.timeZone });
  }

  // --- sync -----------------------------------------------------------------------------------------

  private event(cj: CronJob, reason: ReasonOf<'Workload'>, message: string): void {
    workloadEvent(this.sim, cj, reason, message);
  }

  private cronJobView(cj: CronJob): CronJobView {
    return {
      name: cj.name,
      uid: cj.uid,
      schedule: cj.schedule,
      timeZone: cj.timeZone,
      concurrencyPolicy: cj.concurrencyPolicy,
      suspend: cj.suspend,
      startingDeadlineSeconds: cj.startingDeadlineSeconds,
      successfulJobsHistoryLimit: cj.successfulJobsHistoryLimit,
      failedJobsHistoryLimit: cj.failedJobsHistoryLimit,
      deleting: cj.deletionUs !== null,
      createdS: this.unixS(cj.createdUs),
      status: cj.status,
    };
  }

  private childJob(j: Job): ChildJob {
    const complete = getCondition(j.status.conditions, 'Complete')?.status === 'True';
    return {
      name: j.name,
      uid: j.uid,
      finished: complete ? 'Complete' : isJobFinished(j.status) ? 'Failed' : null,
      completionS: j.status.completionUs === null ? null : this.unixS(j.status.completionUs),
      startUs: j.status.startUs,
    };
  }

  /** sync(): cleanupFinishedJobs, syncCronJob, one status write; returns the requeue delay or null. */
  private sync(key: string): number | null {
    const cj = this.api.store.get('CronJob', key);
    if (cj === undefined) return null;
    const jobs = jobsToBeReconciled(this.api.store, cj).map((j) => this.childJob(j));
    const cleanup = planCleanup(this.cronJobView(cj), jobs);
    this.execute(cj, cleanup);
    const getJob: GetJob = (name) => {
      const j = this.api.store.get('Job', `${cj.namespace}/${name}`);
      return j === undefined ? undefined : { uid: j.uid, controlledByUs: j.owner?.uid === cj.uid };
    };
    const plan = planSync(this.cronJobView(cj), jobs, this.nowUnixUs(), getJob, this.gates);
    this.execute(cj, plan);
    if (cleanup.updateStatus || plan.updateStatus) this.api.store.updated(cj, 'status');
    return plan.requeueAfterUs;
  }

  /** Carries out a plan's steps in order, then takes its status (plus the Jobs it created). */
  private execute(cj: CronJob, plan: SyncPlan): void {
    const created: { name: string; uid: string }[] = [];
    for (const step of plan.steps) {
      if (step.op === 'event') this.event(cj, step.reason, step.message);
      else if (step.op === 'delete') {
        const job = this.api.store.get('Job', `${cj.namespace}/${step.name}`);
        // DELETE with background propagation.
        if (job !== undefined && job.uid === step.uid) this.api.deleteObject(job);
      } else {
        const job = this.createJob(cj, step.name, step.scheduledS, step.zone);
        created.push({ name: job.name, uid: job.uid });
      }
    }
    cj.status = { ...plan.status, active: [...plan.status.active, ...created] };
  }

  /** getJobFromTemplate2 + CreateJob (planSync has checked that no Job of that name exists). */
  private createJob(cj: CronJob, name: string, scheduledS: number, zone: TimeZone | null): Job {
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
    return job;
  }
}
