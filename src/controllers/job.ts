// Job controller adapter (pkg/controller/job/job_controller.go): tracks each Job's finished pods as the
// controller does with finalizers (a pod counts once, as succeeded or failed; a pod deleted before it
// finished counts as failed unless this controller deleted it), keeps the pod-failure back-off record,
// and turns reconcileJob's decision into API calls: pod creations in slow-start batches (named
// <job>-<5 chars>, or <job>-<index>-<5 chars> in Indexed mode, with the completion index annotation),
// deletions, status writes, and the Job's deletion after ttlSecondsAfterFinished (the TTL-after-finished
// controller).

import type { TimeUs } from '../engine/time.js';
import type { Pod } from '../model/types.js';
import { type Job, type JobStatus, ownerRefTo } from '../workloads/objects.js';
import { createPodFromTemplate } from '../workloads/pod-factory.js';
import { isPodActive } from '../workloads/pod-index.js';
import type { WorkloadContext } from './context.js';
import { ControllerExpectations } from './expectations.js';
import {
  failedAfterSync,
  isNewSucceededIndex,
  type JobDecision,
  reconcileJob,
  startTimeAfterSync,
} from './job-reconcile.js';
import { podsToDelete } from './pod-ranking.js';
import { slowStartBatches } from './replicaset.js';
import type { ControllerLogic, SyncPlan } from './runtime.js';

export const JobCompletionIndexAnnotation = 'batch.kubernetes.io/job-completion-index';

interface Tracking {
  readonly counted: Set<string>;
  readonly deletedByController: Set<string>;
  succeeded: number;
  failed: number;
  failuresAfterLastSuccess: number;
  lastFailureUs: TimeUs | null;
  /** Suspended at the last sync (upstream's JobSuspended condition): resuming resets startTime. */
  suspended: boolean;
}

export type JobAction =
  | { readonly op: 'create'; readonly job: Job; readonly index: number | null }
  | { readonly op: 'delete'; readonly job: Job; readonly pod: Pod }
  | {
      readonly op: 'status';
      readonly job: Job;
      readonly status: JobStatus;
      readonly event: JobDecision | null;
    }
  | { readonly op: 'ttlDelete'; readonly job: Job };

export class JobController implements ControllerLogic<JobAction> {
  readonly name = 'job' as const;
  readonly expectations = new ControllerExpectations();
  private readonly names;
  private readonly tracking = new Map<string, Tracking>();

  constructor(private readonly ctx: WorkloadContext) {
    this.names = ctx.sim.rng.stream('controllers/job/names');
  }

  private track(uid: string): Tracking {
    let t = this.tracking.get(uid);
    if (t === undefined) {
      t = {
        counted: new Set(),
        deletedByController: new Set(),
        succeeded: 0,
        failed: 0,
        failuresAfterLastSuccess: 0,
        lastFailureUs: null,
        suspended: false,
      };
      this.tracking.set(uid, t);
    }
    return t;
  }

  /** Counts a pod of a Job once it has finished (Succeeded, Failed, or deleted before finishing). */
  observe(pod: Pod, nowUs: TimeUs): void {
    if (pod.owner?.kind !== 'Job') return;
    const job = this.ctx.store.byUidOf(pod.owner.uid) as Job | undefined;
    // A deleted or finished Job counts nothing more.
    if (job === undefined || job.status.condition !== null) return;
    const t = this.track(pod.owner.uid);
    if (t.counted.has(pod.uid)) return;
    if (pod.phase === 'Succeeded') {
      t.counted.add(pod.uid);
      t.failuresAfterLastSuccess = 0;
      t.lastFailureUs = null;
      if (job.completionMode !== 'Indexed') t.succeeded++;
      else {
        // Indexed: succeeded counts distinct completed indexes below completions
        // (job_controller.go trackJobStatusAndRemoveFinalizers, indexed_job_utils.go).
        const idx = indexOf(pod);
        if (isNewSucceededIndex(idx, job.completions ?? 0, job.status.completedIndexes)) {
          job.status.completedIndexes.add(idx as number);
          t.succeeded++;
        }
      }
    } else if (pod.phase === 'Failed' || (pod.deletionUs !== null && !t.deletedByController.has(pod.uid))) {
      t.counted.add(pod.uid);
      t.failed++;
      t.failuresAfterLastSuccess++;
      t.lastFailureUs = nowUs;
    }
  }

  sync(key: string, nowUs: TimeUs): SyncPlan<JobAction> | null {
    const job = this.ctx.store.get('Job', key);
    if (job === undefined) {
      this.expectations.delete(key);
      return null;
    }
    if (job.deletionUs !== null) return null;
    if (job.status.condition !== null) return this.syncFinished(job, nowUs);
    const t = this.track(job.uid);
    const active = [...(this.ctx.pods.owned(job.uid)?.pods ?? [])].filter(isPodActive);
    // syncJob: startTime is set only once the Job is not suspended, and reset when it is resumed.
    const startUs = startTimeAfterSync(job.status.startUs, t.suspended, job.suspend, nowUs);
    t.suspended = job.suspend;
    const decision = reconcileJob(
      {
        parallelism: job.parallelism,
        completions: job.completions,
        backoffLimit: job.backoffLimit,
        activeDeadlineSeconds: job.activeDeadlineSeconds,
        restartPolicy: job.template.spec.restartPolicy ?? 'Always',
        suspend: job.suspend,
        startUs,
        active: active.length,
        succeeded: t.succeeded,
        failed: t.failed,
        activeRestarts: active.reduce((a, p) => a + this.ctx.podWorkers.restartCount(p), 0),
        failuresAfterLastSuccess: t.failuresAfterLastSuccess,
        lastFailureUs: t.lastFailureUs,
        expectationsSatisfied: this.expectations.satisfied(key, nowUs),
      },
      nowUs,
    );
    const steps: JobAction[][] = [];
    let requeue: TimeUs | undefined;
    let finished: JobDecision | null = null;
    if (decision.kind === 'finished') {
      finished = decision;
      if (active.length > 0) steps.push(active.map((pod) => ({ op: 'delete' as const, job, pod })));
      if (job.ttlSecondsAfterFinished !== null) requeue = job.ttlSecondsAfterFinished * 1_000_000;
    } else {
      requeue = decision.requeueAfterUs;
      this.manage(job, active, decision.diff, nowUs, steps);
    }
    const status = this.status(job, t, active, startUs, finished, nowUs);
    if (finished !== null) status.failed = failedAfterSync(t.failed, active.length, finished);
    if (finished !== null || !sameJobStatus(status, job.status)) {
      steps.push([{ op: 'status', job, status, event: finished }]);
    }
    return requeue === undefined ? { steps } : { steps, requeueAfterUs: requeue };
  }

  private manage(job: Job, active: Pod[], diff: number, nowUs: TimeUs, steps: JobAction[][]): void {
    if (diff < 0) {
      const victims = podsToDelete(
        active,
        active.map((p) => p.nodeName),
        -diff,
        nowUs,
        (pod) => ({
          readySinceUs: this.ctx.pods.readySince(pod),
          restarts: this.ctx.podWorkers.restartCount(pod),
        }),
      );
      this.expectations.expect(job.key, 0, victims.length, nowUs);
      steps.push(victims.map((pod) => ({ op: 'delete' as const, job, pod })));
      return;
    }
    if (diff === 0) return;
    const indexes = job.completionMode === 'Indexed' ? this.pendingIndexes(job, active, diff) : null;
    const count = indexes?.length ?? diff;
    this.expectations.expect(job.key, count, 0, nowUs);
    let i = 0;
    for (const size of slowStartBatches(count)) {
      const batch: JobAction[] = [];
      for (let k = 0; k < size; k++, i++) batch.push({ op: 'create', job, index: indexes?.[i] ?? null });
      steps.push(batch);
    }
  }

  /** firstPendingIndexes: the lowest indexes neither completed nor running. */
  private pendingIndexes(job: Job, active: readonly Pod[], count: number): number[] {
    const running = new Set(active.map(indexOf));
    const out: number[] = [];
    const completions = job.completions ?? 0;
    for (let i = 0; i < completions && out.length < count; i++) {
      if (!running.has(i) && !job.status.completedIndexes.has(i)) out.push(i);
    }
    return out;
  }

  private status(
    job: Job,
    t: Tracking,
    active: readonly Pod[],
    startUs: TimeUs | null,
    finished: JobDecision | null,
    nowUs: TimeUs,
  ): JobStatus {
    const done = finished?.kind === 'finished' ? finished : null;
    return {
      active: done ? 0 : active.length,
      ready: done ? 0 : active.filter((p) => p.ready).length,
      succeeded: t.succeeded,
      failed: t.failed,
      startUs,
      completionUs: done?.type === 'Complete' ? nowUs : null,
      condition: done ? { type: done.type, reason: done.reason, atUs: nowUs } : null,
      completedIndexes: job.status.completedIndexes,
    };
  }

  /** ttlafterfinished: delete the Job once ttlSecondsAfterFinished has passed since it finished. */
  private syncFinished(job: Job, nowUs: TimeUs): SyncPlan<JobAction> | null {
    const ttl = job.ttlSecondsAfterFinished;
    const finishedUs = job.status.condition?.atUs ?? nowUs;
    if (ttl === null) return null;
    const dueUs = finishedUs + ttl * 1_000_000;
    if (nowUs < dueUs) return { steps: [], requeueAfterUs: dueUs - nowUs };
    return { steps: [[{ op: 'ttlDelete', job }]] };
  }

  apply(action: JobAction, _nowUs: TimeUs): boolean {
    const { job } = action;
    if (this.ctx.store.get('Job', job.key) !== job) return true;
    switch (action.op) {
      case 'create':
        return this.createPod(job, action.index);
      case 'delete':
        this.track(job.uid).deletedByController.add(action.pod.uid);
        if (!this.ctx.sim.state.markPodDeleting(action.pod, 'SuccessfulDelete', `Job/${job.name}`)) {
          this.expectations.deletionObserved(job.key);
        }
        return true;
      case 'status': {
        const wasFinished = job.status.condition !== null;
        job.status = action.status;
        const ev = action.event;
        if (!wasFinished && ev?.kind === 'finished') this.ctx.event(job, ev.reason, ev.message);
        this.ctx.store.updated(job, 'status');
        return true;
      }
      case 'ttlDelete':
        this.ctx.deleteObject(job);
        return true;
    }
  }

  private createPod(job: Job, index: number | null): boolean {
    if (job.status.condition !== null) {
      this.expectations.creationSkipped(job.key);
      return true;
    }
    const res = createPodFromTemplate(
      this.ctx.sim,
      {
        namespace: job.namespace,
        generateName: index === null ? `${job.name}-` : `${job.name}-${index}-`,
        owner: ownerRefTo(job),
        template: job.template,
        extraLabels: jobPodLabels(job, index),
        ...(index !== null ? { extraAnnotations: { [JobCompletionIndexAnnotation]: String(index) } } : {}),
      },
      this.names,
      this.ctx.priorityClasses,
    );
    if ('error' in res) {
      this.expectations.creationSkipped(job.key);
      this.ctx.event(job, 'FailedCreate', `Error creating: ${res.error}`);
      return false;
    }
    return true;
  }

  /** The Job object is gone: drop its tracking. */
  forget(uid: string): void {
    this.tracking.delete(uid);
  }

  /** Creations skipped after a failed batch will never be observed: lower the expectations. */
  abandoned(actions: readonly JobAction[]): void {
    for (const a of actions) if (a.op === 'create') this.expectations.creationSkipped(a.job.key);
  }

  podAdded(pod: Pod): void {
    if (pod.owner?.kind === 'Job') this.expectations.creationObserved(`${pod.namespace}/${pod.owner.name}`);
  }

  podDeletionStarted(pod: Pod): void {
    if (pod.owner?.kind === 'Job') this.expectations.deletionObserved(`${pod.namespace}/${pod.owner.name}`);
  }
}

/** Labels the API server puts on a Job's pod template (batch/v1 job defaulting). */
export function jobPodLabels(job: Job, index: number | null): Record<string, string> {
  return {
    'batch.kubernetes.io/controller-uid': job.uid,
    'batch.kubernetes.io/job-name': job.name,
    'controller-uid': job.uid,
    'job-name': job.name,
    ...(index !== null ? { 'batch.kubernetes.io/job-completion-index': String(index) } : {}),
  };
}

function indexOf(pod: Pod): number | null {
  const v = pod.annotations[JobCompletionIndexAnnotation];
  if (v === undefined) return null;
  const n = Number(v);
  return Number.isInteger(n) ? n : null;
}

function sameJobStatus(a: JobStatus, b: JobStatus): boolean {
  return (
    a.active === b.active &&
    a.ready === b.ready &&
    a.succeeded === b.succeeded &&
    a.failed === b.failed &&
    a.startUs === b.startUs &&
    a.condition === b.condition
  );
}
