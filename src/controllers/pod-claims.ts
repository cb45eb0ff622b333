// The pods a ReplicaSet or ReplicationController may have to adopt or release, kept from the pod and
// workload watches so that a sync never lists the namespace. Upstream's sync lists every pod of the
// namespace and claims the active ones (replica_set.go syncReplicaSet: FilterActivePods, then
// claimPods); its addPod/updatePod handlers queue every ReplicaSet whose selector matches an orphan
// (getPodReplicaSets). Here an active orphan is offered, when it appears or is released, to the
// controllers of its namespace whose selector matches it; a controller added later looks through the
// namespace's orphans once; a pod that arrives naming a controller whose selector does not match it is
// offered to that controller for release. Each offer queues the controller; its next sync takes the
// offers and decides with claimPods (controller-ref-manager.ts).

import { matchesSelector } from '../model/label-selector.js';
import type { Pod } from '../model/types.js';
import type { ReplicaSetLike } from '../workloads/objects.js';
import { isPodActive } from '../workloads/pod-index.js';

export class PodClaims {
  /** Active pods without a controller reference, by namespace. */
  private readonly orphans = new Map<string, Set<Pod>>();
  /** The ReplicaSets and ReplicationControllers, by namespace. */
  private readonly controllers = new Map<string, Set<ReplicaSetLike>>();
  private readonly byUid = new Map<string, ReplicaSetLike>();
  /** Pods offered to a controller (by uid) since its last sync. */
  private readonly offers = new Map<string, Set<Pod>>();

  /** Keys of dumped pods whose controller reference names an object outside the scenario. */
  private readonly foreign = new Set<string>();

  constructor(private readonly enqueue: (controller: ReplicaSetLike) => void) {}

  controllerAdded(c: ReplicaSetLike): void {
    let set = this.controllers.get(c.namespace);
    if (set === undefined) {
      set = new Set();
      this.controllers.set(c.namespace, set);
    }
    set.add(c);
    this.byUid.set(c.uid, c);
    for (const pod of this.orphans.get(c.namespace) ?? []) {
      if (matchesSelector(pod.labels, c.selector)) this.offer(c, pod, false);
    }
  }

  controllerRemoved(c: ReplicaSetLike): void {
    this.controllers.get(c.namespace)?.delete(c);
    this.byUid.delete(c.uid);
    this.offers.delete(c.uid);
  }

  /** The pod (by key) keeps a controller reference to an object the scenario lacks: never an orphan. */
  neverAdopt(podKey: string): void {
    this.foreign.add(podKey);
  }

  /** A pod was created (or listed at start). */
  podAdded(pod: Pod): void {
    if (pod.owner === null) this.orphanChanged(pod);
    else this.checkOwned(pod);
  }

  /** The pod's phase, deletion state or controller reference changed. */
  podUpdated(pod: Pod): void {
    if (pod.owner === null || this.orphans.get(pod.namespace)?.has(pod)) this.orphanChanged(pod);
  }

  private orphanChanged(pod: Pod): void {
    const ns = this.orphans.get(pod.namespace);
    if (pod.owner !== null || !isPodActive(pod) || this.foreign.has(pod.key)) {
      ns?.delete(pod);
      return;
    }
    if (ns?.has(pod)) return;
    if (ns === undefined) this.orphans.set(pod.namespace, new Set([pod]));
    else ns.add(pod);
    for (const c of this.controllers.get(pod.namespace) ?? []) {
      if (matchesSelector(pod.labels, c.selector)) this.offer(c, pod, true);
    }
  }

  podRemoved(pod: Pod): void {
    this.orphans.get(pod.namespace)?.delete(pod);
  }

  /** The pods offered to the controller since its last sync (each offer is taken once). */
  take(c: ReplicaSetLike): Pod[] {
    const offered = this.offers.get(c.uid);
    if (offered === undefined) return [];
    this.offers.delete(c.uid);
    return [...offered];
  }

  /** A pod naming a ReplicaSet-like controller that does not select it is offered for release. */
  private checkOwned(pod: Pod): void {
    const c = pod.owner === null ? undefined : this.byUid.get(pod.owner.uid);
    if (c !== undefined && !matchesSelector(pod.labels, c.selector)) this.offer(c, pod, true);
  }

  private offer(c: ReplicaSetLike, pod: Pod, enqueue: boolean): void {
    let set = this.offers.get(c.uid);
    if (set === undefined) {
      set = new Set();
      this.offers.set(c.uid, set);
    }
    set.add(pod);
    if (enqueue) this.enqueue(c);
  }
}
