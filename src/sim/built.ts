// The assembly's input: the initial objects and resolved configuration of one run, in the shapes the
// components consume. src/scenario/build.ts produces it from a scenario file; tests and benchmarks may
// build one directly. Plain data: the same BuiltScenario and seed always give the same run.

import type { AutoscalerSetup } from '../autoscaler/setup-config.js';
import type { HpaObject } from '../controllers/hpa/schema.js';
import type { FaultSpec } from '../faults/schema.js';
import type { StageSpec } from '../lifecycle/schema.js';
import type { LoadEntrySpec } from '../load/schema.js';
import type { PriorityClass } from '../model/admission.js';
import type { PathSegment, ScenarioWarning } from '../model/errors.js';
import type { NodeInit } from '../model/factory.js';
import type { LimitRange } from '../model/limit-range.js';
import type { NodePoolSpec } from '../model/node-pools.js';
import type { VolumeSeed } from '../model/volume-from-manifest.js';
import type { BuiltArrival, BuiltOperation } from '../timeline/inputs.js';
import type { PdbSeed, PodSeedInit, WorkloadSeed } from '../workloads/inputs.js';
import type { SimConfig } from './config.js';

export type PodSeed = PodSeedInit;

export interface BuiltScenario {
  readonly config: SimConfig;
  readonly nodes: readonly NodeInit[];
  readonly pools: ReadonlyMap<string, { readonly spec: NodePoolSpec; readonly path: readonly PathSegment[] }>;
  readonly pods: readonly PodSeed[];
  readonly priorityClasses: ReadonlyMap<string, PriorityClass>;
  /** Labels of the scenario's Namespace objects, by name (namespaces without one have none). */
  readonly namespaceLabels: ReadonlyMap<string, Readonly<Record<string, string>>>;
  /** LimitRanges in spec.workloads (LimitRanger admission). */
  readonly limitRanges?: readonly LimitRange[];
  readonly faults: readonly FaultSpec[];
  /** Deployments, ReplicaSets, DaemonSets and Jobs in spec.workloads. */
  readonly workloads: readonly WorkloadSeed[];
  /** StorageClasses, CSINodes, PersistentVolumes and claims in spec.workloads (none when absent). */
  readonly volumes?: readonly VolumeSeed[];
  /** PodDisruptionBudgets in spec.workloads. */
  readonly pdbs: readonly PdbSeed[];
  readonly stages: readonly StageSpec[];
  readonly arrivals: readonly BuiltArrival[];
  readonly operations: readonly BuiltOperation[];
  /** spec.load: demand curves per workload. */
  readonly load: readonly LoadEntrySpec[];
  /** HorizontalPodAutoscalers of spec.workloads, defaulted and validated. */
  readonly hpas: readonly HpaObject[];
  /** Things accepted but not simulated; the CLI prints them on stderr. */
  readonly warnings: readonly ScenarioWarning[];
  /** The cluster-autoscaler's options and node groups, or null when no pool autoscales. */
  readonly autoscaler: AutoscalerSetup | null;
}
