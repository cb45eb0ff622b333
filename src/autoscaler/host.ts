// The autoscaler's port to the rest of the simulation: what it reads (the store, the scheduler's node
// infos and framework, the unschedulable pods) and what it does (events, taints, evictions, nodes
// registering and going away, timers). The component (component.ts) implements it over its kernel slice
// and ports; the loop (loop.ts) sees nothing else.

import type { Rng } from '../engine/rng.js';
import type { TimeUs } from '../engine/time.js';
import type { ClusterState } from '../model/cluster-state.js';
import type { EventKind, ReasonOf } from '../model/event-reasons.js';
import type { NodeInit } from '../model/factory.js';
import type { Node, Pod, Taint } from '../model/types.js';
import type { SchedulerCache } from '../scheduler/cache.js';
import type { Framework } from '../scheduler/runtime.js';
import type { DisruptionBudgets } from './drainability.js';
import type { AutoscalerTimer } from './events.js';
import type { PendingPods } from './pending.js';

export interface AutoscalerHost {
  readonly nowUs: TimeUs;
  readonly state: ClusterState;
  readonly cache: SchedulerCache;
  /** The autoscaler's own framework per scheduler profile (over the scheduler's cache). */
  readonly frameworks: ReadonlyMap<string, Framework>;
  readonly expanderRng: Rng;
  readonly cloudRng: Rng;
  /**
   * PodScheduled=False / Unschedulable pods, grouped; a pod the scheduler has assumed on a node (Binding
   * not yet written) is left out, as it stays charged to that node in the snapshot.
   */
  readonly pending: PendingPods;
  /** Pods with a deletionTimestamp (long-terminating pods leave utilization). */
  readonly deletingPods: ReadonlySet<Pod>;
  /** Bound pods below --expendable-pods-priority-cutoff (left out of the snapshot). */
  readonly expendablePods: ReadonlySet<Pod>;
  readonly budgets: DisruptionBudgets;
  /** DaemonSet pods a new node of this shape would run. */
  daemonSetPodsFor(node: Node): Pod[];
  /** spec.replicas of the pod's ReplicaSet, for --min-replica-count. */
  controllerReplicas(pod: Pod): number | null;
  emit<K extends EventKind>(
    kind: K,
    reason: ReasonOf<K>,
    object: string,
    node: string,
    zone: string,
    detail: string,
  ): void;
  /** A new node registers (kubelet starts, posts Ready). */
  registerNode(init: NodeInit): void;
  /** The instance is gone: its kubelet stops and the Node object is deleted. */
  removeNode(name: string): void;
  addTaint(node: Node, taint: Taint): void;
  removeTaint(node: Node, key: string, effect: Taint['effect']): void;
  setUnschedulable(node: Node, unschedulable: boolean): void;
  /** Eviction API call with DeleteOptions.gracePeriodSeconds. */
  evict(pod: Pod, graceSeconds: number, detail: string): void;
  at(timeUs: TimeUs, timer: AutoscalerTimer): void;
  allocateNodeIdx(): number;
}
