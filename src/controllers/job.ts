// Job controller adapter (pkg/controller/job/job_controller.go): tracks each Job's finished pods as the
// controller does with finalizers (a pod counts once, at the first sync after it finished, as succeeded
// or failed; a pod deleted before it finished counts as failed unless this controller deleted it while
// scaling down), keeps the pod-failure back-off record from the counted pods' finish times
// (backoff_utils.go), and turns reconcileJob's decision into API calls: pod creations in slow-start
// batches (named <job>-<5 chars>, or <job>-<index>-<5 chars> in Indexed mode, with the completion index
// annotation), deletions in activePodsForRemoval order, and status writes with the Job's conditions.
// Terminal conditions follow the release's feature gates (jobGates): from 1.31 FailureTarget or
// SuccessCriteriaMet first, and Failed / Complete (with the event) once no pod is terminating.
// ttlSecondsAfterFinished (the TTL-after-finished controller) deletes the Job that long after its
// terminal condition's lastTransitionTime.

import { apiTimeUs, type TimeUs, US_PER_S } from '../engine/time.js';
import type { Pod } from '../model/types.js';
import {
  type Condition,
  getCondition,
  newCondition,
  removeCondition,
  sameConditions,
  toApiConditions,
} from '../workloads/conditions.js';
import { isJobFinished, type Job, type JobStatus, ownerRefTo } from '../workloads/objects.js';
import { createPodFromTemplate } from '../workloads/pod-factory.js';
import { isPodActive } from '../workloads/pod-index.js';
import type { WorkloadContext } from './context.js';
import { ControllerExpectations } from './expectations.js';
import {
  type BackoffRecord,
  compareActivePods,
  finishedPodView,
  getFinishedTime,
  isNewSucceededIndex,
  type JobEvent,
  type JobGates,
  jobGates,
  jobTerminalStep,
  newBackoffRecord,
  reconcileJob,
  startTimeAfterSync,
} from './job-reconcile.js';
import { slowStartBatches } from './replicaset.js';
import type { ControllerLogic, SyncPlan } from './runtime.js';

export const JobCompletionIndexAnnotation = 'batch.kubernetes.io/job-completion-index';

interface Tracking {
  readonly counted: Set<string>;
  readonly deletedByController: Set<string>;
  /** Finished (or deleted) pods not counted yet: the tracking finalizer is still on them. */
  readonly uncounted: Set<Pod>;
  backoff: BackoffRecord;
}

/** The counting a status write commits (flushUncountedAndRemoveFinalizers). */
interface Counting {
  readonly pods: readonly Pod[];
  readonly indexes: readonly number[];
  readonly backoff: BackoffRecord;
}

export type JobAction =
  | { readonly op: 'create'; readonly job: Job; readonly index: number | null }
  | { readonly op: 'delete'; readonly job: Job; readonly pod: Pod }
  | {
      readonly op: 'status';
      readonly job: Job;
      readonly status: JobStatus;
      readonly counting: Counting;
      /** Events recorded with this write: Completed, the failure reason, Suspended/Resumed. */
      readonly events: readonly JobEvent[];
    }
  | { readonly op: 'ttlDelete'; readonly job: Job };

const Suspended = 'Suspended';

/** When ttlSecondsAfterFinished expires: the terminal condition's lastTransitionTime (stored) + ttl. */
export function ttlDueUs(job: Job): TimeUs | null {
  if (job.ttlSecondsAfterFinished === null || job.deletionUs !== null) return null;
  const done = job.status.conditions.find(
    (c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True',
  );
  return done === undefined ? null : done.lastTransitionUs + job.ttlSecondsAfterFinished * US_PER_S;
}

export class JobController implements ControllerLogic<JobAction> {
  readonly name = 'job' as const;
  readonly expectations = new ControllerExpectations();
  private readonly names;
  private readonly tracking = new Map<string, Tracking>();
  private readonly gates: JobGates;

  constructor(private readonly ctx: WorkloadContext) {
    this.names = ctx.sim.rng.stream('controllers/job/names');
    this.gates = jobGates(ctx.sim.config.version.minor);
  }

  private track(uid: string): Tracking {
    let t = this.tracking.get(uid);
    if (t === undefined) {
      t = {
        counted: new Set(),
        deletedByController: new Set(),
        uncounted: new Set(),
        backoff: { failuresAfterLastSuccess: 0, lastFailureUs: null },
      };
      this.tracking.set(uid, t);
    }
    return t;
  }

  /** A pod of a Job finished or is being deleted: count it at the next sync (its finalizer holds it). */
  observe(pod: Pod, _nowUs: TimeUs): void {
    if (pod.owner?.kind !== 'Job') return;
    const job = this.ctx.store.byUidOf(pod.owner.uid) as Job | undefined;
    if (job === undefined || isJobFinished(job.status)) return;
    const t = this.track(pod.owner.uid);
    if (t.counted.has(pod.uid) || t.deletedByController.has(pod.uid)) return;
    const finished = pod.phase === 'Succeeded' || pod.phase === 'Failed' || pod.deletionUs !== null;
    if (finished) t.uncounted.add(pod);
  }

  sync(key: string, nowUs: TimeUs): SyncPlan<JobAction> | null {
    const job = this.ctx.store.get('Job', key);
    if (job === undefined) {
      this.expectations.delete(key);
      return null;
    }
    if (job.deletionUs !== null) return null;
    if (isJobFinished(job.status)) return this.syncFinished(job, nowUs);
    const t = this.track(job.uid);
    const owned = [...(this.ctx.pods.owned(job.uid)?.pods ?? [])];
    const active = owned.filter(isPodActive);
    const satisfied = this.expectations.satisfied(key, nowUs);
    const counting = this.countFinished(job, t);
    const succeeded = job.status.succeeded + counting.succeeded;
    const failed = job.status.failed + counting.failed;
    const wasSuspended = getCondition(job.status.conditions, Suspended)?.status === 'True';
    const startUs = startTimeAfterSync(job.status.startUs, wasSuspended, job.suspend, nowUs);
    let terminating = owned.filter(
      (p) => p.deletionUs !== null && p.phase !== 'Succeeded' && p.phase !== 'Failed',
    ).length;

    let conditions = job.status.conditions;
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
        succeeded,
        failed,
        activeRestarts: active.reduce((a, p) => a + this.ctx.podWorkers.restartCount(p), 0),
        failuresAfterLastSuccess: counting.backoff.failuresAfterLastSuccess,
        lastFailureUs: counting.backoff.lastFailureUs,
        expectationsSatisfied: satisfied,
      },
      nowUs,
    );
    const terminal = jobTerminalStep({
      conditions,
      decision,
      gates: this.gates,
      expectationsSatisfied: satisfied,
      active: active.length,
      failed,
      terminating,
      nowUs,
    });
    const steps: JobAction[][] = [];
    const events: JobEvent[] = [];
    let requeue: TimeUs | undefined;
    let statusActive = active.length;
    let statusFailed = failed;
    if (terminal !== null) {
      // deleteActivePods: a failing Job keeps its pods' finalizers (they count as failed); a complete
      // one's leftovers go as in a scale-down.
      if (active.length > 0) steps.push(active.map((pod) => ({ op: 'delete' as const, job, pod })));
      statusActive = 0;
      statusFailed = terminal.failed;
      terminating = terminal.terminating;
      conditions = terminal.conditions;
      events.push(...terminal.events);
    } else if (decision.kind === 'manage') {
      requeue = decision.requeueAfterUs;
      if (satisfied) {
        const done = new Set([...job.status.completedIndexes, ...counting.indexes]);
        const n = this.manage(job, active, decision.diff, done, nowUs, steps);
        statusActive += n;
        if (n < 0) terminating -= n;
        conditions = this.suspendCondition(job, conditions, nowUs, events);
      }
    }
    const done = conditions.some((c) => c.type === 'Complete' && c.status === 'True');
    const status: JobStatus = {
      active: statusActive,
      ready: terminal !== null ? 0 : active.filter((p) => p.ready).length,
      terminating: this.gates.trackTerminating ? terminating : null,
      succeeded,
      failed: statusFailed,
      startUs: startUs === null ? null : apiTimeUs(startUs),
      completionUs: done ? (job.status.completionUs ?? apiTimeUs(nowUs)) : null,
      conditions,
      completedIndexes: job.status.completedIndexes,
    };
    if (counting.pods.length > 0 || events.length > 0 || !sameJobStatus(status, job.status)) {
      steps.push([{ op: 'status', job, status, counting, events }]);
    }
    return requeue === undefined ? { steps } : { steps, requeueAfterUs: requeue };
  }

  /** The Suspended condition (ensureJobConditionStatus) and its Suspended / Resumed events. */
  private suspendCondition(
    job: Job,
    conditions: readonly Condition[],
    nowUs: TimeUs,
    events: JobEvent[],
  ): readonly Condition[] {
    const cur = getCondition(conditions, Suspended);
    if (job.suspend) {
      if (cur?.status === 'True') return conditions;
      events.push({ reason: 'Suspended', message: 'Job suspended' });
      return [
        ...removeCondition(conditions, Suspended),
        newCondition(Suspended, 'True', 'JobSuspended', 'Job suspended', nowUs),
      ];
    }
    if (cur === undefined || cur.status === 'False') return conditions;
    events.push({ reason: 'Resumed', message: 'Job resumed' });
    return conditions.map((c) =>
      c.type === Suspended ? newCondition(Suspended, 'False', 'JobResumed', 'Job resumed', nowUs) : c,
    );
  }

  /**
   * getNewFinishedPods + newBackoffRecord: the pods that finished since the last sync, succeeded or
   * failed (isPodFailed: Failed, or deleted before it succeeded), and the back-off record from their
   * finish times. Indexed Jobs count distinct completed indexes below completions.
   */
  private countFinished(job: Job, t: Tracking): { succeeded: number; failed: number } & Counting {
    const succ: Pod[] = [];
    const fail: Pod[] = [];
    for (const pod of t.uncounted) (pod.phase === 'Succeeded' ? succ : fail).push(pod);
    const indexes: number[] = [];
    let succeeded = succ.length;
    if (job.completionMode === 'Indexed') {
      succeeded = 0;
      const seen = new Set(job.status.completedIndexes);
      for (const pod of succ) {
        const idx = indexOf(pod);
        if (isNewSucceededIndex(idx, job.completions ?? 0, seen)) {
          seen.add(idx as number);
          indexes.push(idx as number);
          succeeded++;
        }
      }
    }
    const finish = (p: Pod) => getFinishedTime(finishedPodView(p));
    const backoff = newBackoffRecord(t.backoff, succ.map(finish), fail.map(finish));
    return { succeeded, failed: fail.length, pods: [...succ, ...fail], indexes, backoff };
  }

  /** manageJob's deletions (activePodsForRemoval) or creations; returns the change in active pods. */
  private manage(
    job: Job,
    active: Pod[],
    diff: number,
    completed: ReadonlySet<number>,
    nowUs: TimeUs,
    steps: JobAction[][],
  ): number {
    if (diff < 0) {
      const victims = this.activePodsForRemoval(active, -diff);
      this.expectations.expect(job.key, 0, victims.length, nowUs);
      steps.push(victims.map((pod) => ({ op: 'delete' as const, job, pod })));
      return -victims.length;
    }
    if (diff === 0) return 0;
    const indexes =
      job.completionMode === 'Indexed' ? this.pendingIndexes(job, active, completed, diff) : null;
    const count = indexes?.length ?? diff;
    this.expectations.expect(job.key, count, 0, nowUs);
    let i = 0;
    for (const size of slowStartBatches(count)) {
      const batch: JobAction[] = [];
      for (let k = 0; k < size; k++, i++) batch.push({ op: 'create', job, index: indexes?.[i] ?? null });
      steps.push(batch);
    }
    return count;
  }

  /** activePodsForRemoval: the first `n` pods in controller.ActivePods order (a stable sort). */
  private activePodsForRemoval(active: readonly Pod[], n: number): Pod[] {
    if (n >= active.length) return [...active];
    const view = (p: Pod) => ({
      scheduled: p.nodeName !== null,
      phase: p.phase,
      ready: p.ready,
      readySinceUs: p.ready && p.readyTransitionUs !== null ? apiTimeUs(p.readyTransitionUs) : null,
      restarts: this.ctx.podWorkers.restartCount(p),
      createdUs: apiTimeUs(p.createdUs),
    });
    const ranked = active.map((p) => ({ p, v: view(p) }));
    ranked.sort((a, b) => compareActivePods(a.v, b.v));
    return ranked.slice(0, n).map((r) => r.p);
  }

  /** firstPendingIndexes: the lowest indexes neither completed nor running. */
  private pendingIndexes(
    job: Job,
    active: readonly Pod[],
    completed: ReadonlySet<number>,
    count: number,
  ): number[] {
    const running = new Set(active.map(indexOf));
    const out: number[] = [];
    const completions = job.completions ?? 0;
    for (let i = 0; i < completions && out.length < count; i++) {
      if (!running.has(i) && !completed.has(i)) out.push(i);
    }
    return out;
  }

  /** ttlafterfinished: delete the Job once ttlSecondsAfterFinished has passed since it finished. */
  private syncFinished(job: Job, nowUs: TimeUs): SyncPlan<JobAction> | null {
    const dueUs = ttlDueUs(job);
    if (dueUs === null) return null;
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
        const t = this.track(job.uid);
        for (const p of action.counting.pods) {
          t.uncounted.delete(p);
          t.counted.add(p.uid);
        }
        for (const i of action.counting.indexes) job.status.completedIndexes.add(i);
        t.backoff = action.counting.backoff;
        const before = job.status.conditions;
        job.status = { ...action.status, conditions: toApiConditions(action.status.conditions) };
        this.ctx.conditionsChanged(job, before, job.status.conditions);
        for (const e of action.events) this.ctx.event(job, e.reason, e.message);
        this.ctx.store.updated(job, 'status');
        return true;
      }
      case 'ttlDelete':
        // The TTL-after-finished controller records no Event; this row is its DELETE (foreground).
        this.ctx.sim.log.emit(
          this.ctx.sim.nowUs,
          'Workload',
          'Deleted',
          `Job/${job.key}`,
          '',
          '',
          'ttlSecondsAfterFinished: propagationPolicy=Foreground',
        );
        this.ctx.deleteObject(job);
        return true;
    }
  }

  private createPod(job: Job, index: number | null): boolean {
    if (isJobFinished(job.status)) {
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
    a.terminating === b.terminating &&
    a.succeeded === b.succeeded &&
    a.failed === b.failed &&
    a.startUs === b.startUs &&
    a.completionUs === b.completionUs &&
    sameConditions(a.conditions, b.conditions)
  );
}
