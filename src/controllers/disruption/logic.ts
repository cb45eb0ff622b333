// The disruption controller's loop around its decision (pkg/controller/disruption/disruption.go):
//   - informers: every PodDisruptionBudget add/update/delete (its own status writes too) enqueues it;
//     a pod add/update/delete enqueues the first budget that selects it (getPdbForPod:
//     GetPodPodDisruptionBudgets, which skips pods without labels; with several, a
//     MultiplePodDisruptionBudgets event on the pod says one was chosen "arbitrarily": here the oldest);
//   - one worker (DisruptionController.Run starts a single worker goroutine) syncs a key: decide
//     (status.ts), record the Events, and write the status with UpdateStatus through the controller's
//     client; a write refused because the budget changed since it was read (a Conflict, e.g. an
//     eviction in between) fails the sync, which is retried with the work queue's back-off;
//   - after a successful sync with entries left in disruptedPods, the recheck queue re-adds the key at
//     the youngest entry's expiry through AddRateLimited, which adds the item's first back-off step
//     (5 ms; the key's failure count was reset by the successful sync).
// The stale DisruptionTarget cleanup (stalePodDisruptionWorker) is not modelled: kubesim's DELETEs never
// fail after the condition is written, so no condition goes stale.

import type { TimeUs } from '../../engine/time.js';
import type { ClusterState } from '../../model/cluster-state.js';
import type { Pod } from '../../model/types.js';
import type { PdbStatus, PodDisruptionBudget } from '../../workloads/pdb.js';
import { pdbSelects } from '../../workloads/pdb.js';
import type { PdbStore } from '../../workloads/pdb-store.js';
import type { ControllerLister, PdbEvent } from './status.js';
import { decidePdbStatus } from './status.js';

/** workqueue.DefaultTypedControllerRateLimiter's first per-item step (AddRateLimited after Forget). */
export const RATE_LIMITED_FIRST_STEP_US = 5_000;

export interface DisruptionAction {
  readonly pdb: PodDisruptionBudget;
  readonly status: PdbStatus;
  /** The resourceVersion the decision read (UpdateStatus is refused if the budget moved on). */
  readonly readVersion: number;
  /** Re-sync at this time once the write succeeded (the recheck queue), or null. */
  readonly recheckAtUs: TimeUs | null;
}

export interface SyncPlanLike {
  readonly steps: readonly (readonly DisruptionAction[])[];
  readonly requeueAfterUs?: TimeUs;
}

/** Where the controller's Events go (events.csv rows). */
export interface DisruptionEventSink {
  onPdb(pdb: PodDisruptionBudget, event: PdbEvent): void;
  onPod(pod: Pod, event: PdbEvent): void;
}

/**
 * The pods each budget selects (policy/v1 matching), kept as pods come and go so that a sync costs
 * O(its pods): a budget's set is rebuilt from the store only when the budget is created or its spec
 * changes. Pod labels never change in kubesim. Sets keep creation order.
 */
export class PdbPods {
  private readonly byPdb = new Map<string, Set<Pod>>();

  constructor(
    private readonly state: ClusterState,
    private readonly budgets: PdbStore,
  ) {}

  selected(pdb: PodDisruptionBudget): Pod[] {
    let set = this.byPdb.get(pdb.key);
    if (set === undefined) set = this.rebuild(pdb);
    return [...set];
  }

  rebuild(pdb: PodDisruptionBudget): Set<Pod> {
    const set = new Set<Pod>();
    if (pdb.spec.selector !== null) for (const pod of this.state.pods) if (pdbSelects(pdb, pod)) set.add(pod);
    this.byPdb.set(pdb.key, set);
    return set;
  }

  forget(pdb: PodDisruptionBudget): void {
    this.byPdb.delete(pdb.key);
  }

  podAdded(pod: Pod): void {
    for (const pdb of this.budgets.inNamespace(pod.namespace))
      if (pdbSelects(pdb, pod)) this.byPdb.get(pdb.key)?.add(pod);
  }

  podDeleted(pod: Pod): void {
    for (const pdb of this.budgets.inNamespace(pod.namespace)) this.byPdb.get(pdb.key)?.delete(pod);
  }
}

export class DisruptionLogic {
  readonly name = 'disruption' as const;

  constructor(
    private readonly budgets: PdbStore,
    private readonly pods: PdbPods,
    private readonly lister: ControllerLister,
    private readonly events: DisruptionEventSink,
    private readonly recheck: (key: string, delayUs: TimeUs) => void,
  ) {}

  /** getPdbForPod: the budget a pod event enqueues (null: none, or the pod has no labels). */
  pdbForPod(pod: Pod): PodDisruptionBudget | null {
    const inNamespace = this.budgets.inNamespace(pod.namespace);
    if (inNamespace.length === 0 || Object.keys(pod.labels).length === 0) return null;
    const pdbs = inNamespace.filter((p) => pdbSelects(p, pod));
    const first = pdbs[0];
    if (first === undefined) return null;
    if (pdbs.length > 1) {
      this.events.onPod(pod, {
        on: 'pod',
        pod: pod.name,
        type: 'Warning',
        reason: 'MultiplePodDisruptionBudgets',
        message: `Pod "${pod.namespace}"/"${pod.name}" matches multiple PodDisruptionBudgets.  Chose "${first.name}" arbitrarily.`,
      });
    }
    return first;
  }

  /** sync: a deleted budget is forgotten; otherwise trySync, with failSafe on an error. */
  sync(key: string, nowUs: TimeUs): SyncPlanLike | null {
    const pdb = this.budgets.get(key);
    if (pdb === undefined) return null;
    const d = decidePdbStatus(pdb, this.pods.selected(pdb), this.lister, nowUs);
    for (const e of d.events) {
      if (e.on === 'pdb') this.events.onPdb(pdb, e);
      else {
        const pod = this.pods.selected(pdb).find((p) => p.name === e.pod);
        if (pod !== undefined) this.events.onPod(pod, e);
      }
    }
    const readVersion = pdb.resourceVersion;
    if (d.kind === 'failed') return { steps: [[{ pdb, status: d.status, readVersion, recheckAtUs: null }]] };
    if (d.status === null) {
      if (d.recheckAtUs === null) return null;
      return { steps: [], requeueAfterUs: d.recheckAtUs - nowUs + RATE_LIMITED_FIRST_STEP_US };
    }
    return { steps: [[{ pdb, status: d.status, readVersion, recheckAtUs: d.recheckAtUs }]] };
  }

  /** writePdbStatus: UpdateStatus; false on a Conflict (the sync returns the error and is re-queued). */
  apply(a: DisruptionAction, nowUs: TimeUs): boolean {
    if (!this.budgets.updateStatus(a.pdb, a.status, a.readVersion)) return false;
    if (a.recheckAtUs !== null) this.recheck(a.pdb.key, a.recheckAtUs - nowUs + RATE_LIMITED_FIRST_STEP_US);
    return true;
  }
}
