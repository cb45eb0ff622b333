// What the workload controllers share: the simulation, the workload store, the pod index, the
// PriorityClasses admission resolves against, and a helper for Workload rows in events.csv.

import type { PriorityClass } from '../model/admission.js';
import type { Sim } from '../sim/context.js';
import type { ReasonOf } from '../sim/event-reasons.js';
import { type Condition, conditionRows } from '../workloads/conditions.js';
import type { Workload } from '../workloads/objects.js';
import type { PodIndex } from '../workloads/pod-index.js';
import type { WorkloadStore } from '../workloads/store.js';

export interface WorkloadContext {
  readonly sim: Sim;
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

export function workloadEvent(sim: Sim, obj: Workload, reason: ReasonOf<'Workload'>, message: string): void {
  sim.log.emit(sim.nowUs, 'Workload', reason, `${obj.kind}/${obj.key}`, '', '', message);
}

export function conditionEvents(
  sim: Sim,
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
