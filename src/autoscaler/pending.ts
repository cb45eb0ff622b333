// The unschedulable pods the autoscaler looks at (kube_util.UnschedulablePods: PodScheduled=False with
// reason Unschedulable, not bound), kept grouped by equivalence as they come and go, so a 10 s loop
// costs O(groups), not O(pods), at 150 000 pending pods. The grouping is BuildPodGroups'
// (core/scaleup/equivalence/groups.go): same controller, labels and spec, at most 10 groups per
// controller; a spec is compared by identity of the admitted spec object, which pods stamped from one
// template share (model/factory.ts), so pods of one ReplicaSet template share a group.

import type { TimeUs } from '../engine/time.js';
import type { Pod, PodSpec } from '../model/types.js';
import { MAX_EQUIVALENCE_GROUPS_BY_CONTROLLER } from './groups.js';

/** cluster-autoscaler.kubernetes.io/pod-scale-up-delay (static_autoscaler.go). */
export const PodScaleUpDelayAnnotation = 'cluster-autoscaler.kubernetes.io/pod-scale-up-delay';

export interface PendingGroup {
  readonly id: number;
  readonly key: string;
  readonly exemplar: Pod;
  /** In the order they became unschedulable. */
  readonly pods: Set<Pod>;
  /** Pods carrying the pod-scale-up-delay annotation. */
  annotated: number;
}

const specIds = new WeakMap<PodSpec, number>();
let nextSpecId = 1;
function specId(spec: PodSpec): number {
  let id = specIds.get(spec);
  if (id === undefined) {
    id = nextSpecId++;
    specIds.set(spec, id);
  }
  return id;
}

export class PendingPods {
  private readonly groups = new Map<string, PendingGroup>();
  private readonly groupOf = new Map<Pod, PendingGroup>();
  private readonly perController = new Map<string, number>();
  private nextId = 1;
  /** Groups in creation order (ids increase), for deterministic iteration. */
  private ordered: PendingGroup[] = [];
  private orderDirty = false;

  get size(): number {
    return this.groupOf.size;
  }

  has(pod: Pod): boolean {
    return this.groupOf.has(pod);
  }

  private keyOf(pod: Pod): string {
    const owner = pod.owner?.controller ? pod.owner : null;
    if (owner === null || pod.daemonSet) return `pod:${pod.uid}`;
    return `${owner.uid}|${specId(pod.spec)}|${JSON.stringify(pod.labels)}|${pod.namespace}`;
  }

  add(pod: Pod): void {
    if (this.groupOf.has(pod)) return;
    let key = this.keyOf(pod);
    let g = this.groups.get(key);
    if (g === undefined) {
      const owner = pod.owner?.controller ? pod.owner.uid : null;
      if (owner !== null && !key.startsWith('pod:')) {
        const n = this.perController.get(owner) ?? 0;
        if (n >= MAX_EQUIVALENCE_GROUPS_BY_CONTROLLER) key = `pod:${pod.uid}`;
        else this.perController.set(owner, n + 1);
      }
      g = { id: this.nextId++, key, exemplar: pod, pods: new Set(), annotated: 0 };
      this.groups.set(key, g);
      this.ordered.push(g);
    }
    g.pods.add(pod);
    if (pod.annotations[PodScaleUpDelayAnnotation] !== undefined) g.annotated++;
    this.groupOf.set(pod, g);
  }

  delete(pod: Pod): void {
    const g = this.groupOf.get(pod);
    if (g === undefined) return;
    this.groupOf.delete(pod);
    g.pods.delete(pod);
    if (pod.annotations[PodScaleUpDelayAnnotation] !== undefined) g.annotated--;
    if (g.pods.size === 0) {
      const key = g.key;
      this.groups.delete(key);
      if (!key.startsWith('pod:')) {
        const owner = g.exemplar.owner?.uid as string;
        const n = (this.perController.get(owner) ?? 1) - 1;
        if (n <= 0) this.perController.delete(owner);
        else this.perController.set(owner, n);
      }
      this.orderDirty = true;
    }
  }

  /** Non-empty groups, oldest first. */
  list(): readonly PendingGroup[] {
    if (this.orderDirty) {
      this.ordered = this.ordered.filter((g) => g.pods.size > 0);
      this.orderDirty = false;
    }
    return this.ordered;
  }
}

/** Parses the pod-scale-up-delay annotation (a Go duration) to microseconds, or null. */
export function podScaleUpDelayUs(pod: Pod, parse: (s: string) => TimeUs): TimeUs | null {
  const v = pod.annotations[PodScaleUpDelayAnnotation];
  if (v === undefined) return null;
  try {
    return parse(v);
  } catch {
    return null;
  }
}
