// Port onto the workload API objects (Deployments, ReplicaSets, DaemonSets, Jobs, PriorityClasses):
// what a client such as kubectl does to them. src/controllers/manager.ts implements it over the store
// its controllers watch; the timeline (arrivals, timed operations) writes through it and the
// controllers react to the store's changes, as controllers react to watches upstream.

import type { PriorityClass } from '../../model/admission.js';
import type { WorkloadSeed } from '../../workloads/inputs.js';
import type { Workload } from '../../workloads/objects.js';
import type { WorkloadStore } from '../../workloads/store.js';
import type { ApplyManifest } from '../../workloads/workload-specs.js';

export interface WorkloadApi {
  readonly store: WorkloadStore;
  /** PriorityClasses admission resolves priorityClassName against. */
  readonly priorityClasses: ReadonlyMap<string, PriorityClass>;
  /** POST of a workload object (its owner, if any, must exist). */
  createWorkload(
    seed: Pick<WorkloadSeed, 'kind' | 'manifest' | 'namespace'> & { owner?: WorkloadSeed['owner'] },
  ): Workload;
  /** kubectl apply of one workload manifest: create it, or update the spec of the object that exists. */
  apply(manifest: Exclude<ApplyManifest, { kind: 'PodDisruptionBudget' }>): void;
  /** DELETE with background propagation: the object goes at once, the garbage collector removes its dependents. */
  deleteObject(obj: Workload): void;
}
