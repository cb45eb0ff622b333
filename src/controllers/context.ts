// What the workload controllers share: their kernel slice, the workload store, the pod index, the
// PriorityClasses admission resolves against, the pod workers' restart counts, and a helper for
// Workload rows in events.csv.

import type { Kernel } from '../kernel/kernel.js';
import type { PodRestarts } from '../kernel/ports/pod-workers.js';
import type { AdmissionConfig, PriorityClass } from '../model/admission.js';
import type { ReasonOf } from '../model/event-reasons.js';
import type { KubeVersion } from '../model/version.js';
import { type Condition, conditionRows } from '../workloads/conditions.js';
import type { Workload } from '../workloads/objects.js';
import type { PodIndex } from '../workloads/pod-index.js';
import type { WorkloadStore } from '../workloads/store.js';
import type { ControllerManagerConfig } from './controller-manager-config.js';
import type { ControllerEvent } from './events.js';

/** The kernel slice of the workload controllers: their runtime's events, kcm flags, admission, release. */
export type WorkloadKernel = Kernel<
  ControllerEvent,
  {
    readonly controllerManager: ControllerManagerConfig;
    readonly admission: AdmissionConfig;
    /** The Job controller's feature gates follow the release (job-reconcile.ts jobGates). */
    readonly version: KubeVersion;
  }
>;

export interface WorkloadContext {
  readonly sim: WorkloadKernel;
  /** containerStatuses[].restartCount, which the pod workers hold. */
  readonly podWorkers: PodRestarts;
  readonly store: WorkloadStore;
  readonly pods: PodIndex;
  readonly priorityClasses: Map<string, PriorityClass>;
  /** Records a Kubernetes Event on a workload object as a Workload row of events.csv. */
  event(obj: Workload, reason: ReasonOf<'Workload'>, message: string): void;
  /** Records the status conditions that changed status or reason as Condition rows of events.csv. */
  conditionsChanged(obj: Workload, before: readonly Condition[], after: readonly Condition[]): void;
  /** DELETE with background propagation: the object goes at once, the garbage collector removes its dependents. */
  deleteObject(obj: Workload): void;
}

export function workloadEvent(
  sim: Pick<Kernel, 'log' | 'nowUs'>,
  obj: Workload,
  reason: ReasonOf<'Workload'>,
  message: string,
): void {
  sim.log.emit(sim.nowUs, 'Workload', reason, `${obj.kind}/${obj.key}`, '', '', message);
}

export function conditionEvents(
  sim: Pick<Kernel, 'log' | 'nowUs'>,
  obj: Workload,
  before: readonly Condition[],
  after: readonly Condition[],
): void {
  for (const r of conditionRows(before, after)) {
    // Condition reasons are set by the controllers from the closed list (event-reasons.ts Condition).
    sim.log.emit(
      sim.nowUs,
      'Condition',
      r.reason as ReasonOf<'Condition'>,
      `${obj.kind}/${obj.key}`,
      '',
      '',
      r.detail,
    );
  }
}
