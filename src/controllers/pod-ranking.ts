// Which pods a controller deletes first when it has too many (controller.ActivePodsWithRanks, used by
// ReplicaSet getPodsToDelete and Job): unscheduled before scheduled; Pending before Unknown before
// Running; not ready before ready; lower controller.kubernetes.io/pod-deletion-cost first; pods doubled
// up with related pods on their node first; then, with LogarithmicScaleDown (GA in 1.31), pods that
// became ready more recently and then pods created more recently, compared in power-of-two buckets of
// age with ties broken by UID; higher restart counts in between. API timestamps have one-second
// resolution, so ages are compared on whole seconds, as upstream does. PodGC's order for terminated
// and terminating pods (byEvictionAndCreation) is here too.

import { apiTimeUs, type TimeUs } from '../engine/time.js';
import type { Pod } from '../model/types.js';

export const PodDeletionCostAnnotation = 'controller.kubernetes.io/pod-deletion-cost';

export interface RankedPod {
  readonly pod: Pod;
  /** Active related pods (same owner's family) on this pod's node, itself included. */
  readonly rank: number;
  readonly readySinceUs: TimeUs | undefined;
  readonly restarts: number;
  readonly deletionCost: number;
}

function phaseOrdinal(pod: Pod): number {
  return pod.phase === 'Pending' ? 0 : pod.phase === 'Running' ? 2 : 1;
}

/** floor(log2(age in ns)), -1 for a non-positive age (logarithmicRankDiff). */
function logBucket(atUs: TimeUs, nowUs: TimeUs): number {
  const ageNs = (nowUs - apiTimeUs(atUs)) * 1000;
  return ageNs > 0 ? Math.floor(Math.log2(ageNs)) : -1;
}

/** Negative when `a` should be deleted before `b`; total (ties broken by UID). */
export function compareForDeletion(a: RankedPod, b: RankedPod, nowUs: TimeUs): number {
  const pa = a.pod;
  const pb = b.pod;
  if ((pa.nodeName === null) !== (pb.nodeName === null)) return pa.nodeName === null ? -1 : 1;
  const phase = phaseOrdinal(pa) - phaseOrdinal(pb);
  if (phase !== 0) return phase;
  if (pa.ready !== pb.ready) return pa.ready ? 1 : -1;
  if (a.deletionCost !== b.deletionCost) return a.deletionCost - b.deletionCost;
  if (a.rank !== b.rank) return b.rank - a.rank;
  if (pa.ready && pb.ready) {
    // controller_utils.go afterOrZero: a ready pod without a Ready lastTransitionTime goes first.
    if (a.readySinceUs === undefined || b.readySinceUs === undefined) {
      if (a.readySinceUs !== b.readySinceUs) return a.readySinceUs === undefined ? -1 : 1;
    } else if (apiTimeUs(a.readySinceUs) !== apiTimeUs(b.readySinceUs)) {
      const d = logBucket(a.readySinceUs, nowUs) - logBucket(b.readySinceUs, nowUs);
      return d !== 0 ? d : uidOrder(pa, pb);
    }
  }
  if (a.restarts !== b.restarts) return b.restarts - a.restarts;
  if (apiTimeUs(pa.createdUs) !== apiTimeUs(pb.createdUs)) {
    const d = logBucket(pa.createdUs, nowUs) - logBucket(pb.createdUs, nowUs);
    return d !== 0 ? d : uidOrder(pa, pb);
  }
  return uidOrder(pa, pb);
}

function uidOrder(a: Pod, b: Pod): number {
  return a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0;
}

export function deletionCostOf(pod: Pod): number {
  const v = pod.annotations[PodDeletionCostAnnotation];
  if (v === undefined) return 0;
  const n = Number(v);
  return Number.isInteger(n) ? n : 0;
}

/**
 * getPodsToDelete: the `count` pods to delete out of `pods` (active pods of one controller), given
 * the node of every active related pod. All of them when count covers the list (no sorting needed).
 */
export function podsToDelete(
  pods: readonly Pod[],
  relatedNodes: Iterable<string | null>,
  count: number,
  nowUs: TimeUs,
  info: (pod: Pod) => { readySinceUs: TimeUs | undefined; restarts: number },
): Pod[] {
  if (count >= pods.length) return [...pods];
  const onNode = new Map<string | null, number>();
  for (const n of relatedNodes) onNode.set(n, (onNode.get(n) ?? 0) + 1);
  const ranked: RankedPod[] = pods.map((pod) => ({
    pod,
    rank: onNode.get(pod.nodeName) ?? 0,
    ...info(pod),
    deletionCost: deletionCostOf(pod),
  }));
  ranked.sort((a, b) => compareForDeletion(a, b, nowUs));
  return ranked.slice(0, count).map((r) => r.pod);
}

/**
 * Deletion order of gcTerminated / gcTerminating (pkg/controller/podgc/gc_controller.go
 * byEvictionAndCreationTimestamp; gc_controller_test.go TestGCTerminated, node-health-timing.md §6):
 * evicted pods (Failed, reason Evicted) first, then the older creationTimestamp, then the name. The API
 * keeps creationTimestamp in whole seconds (apimachinery meta/v1 Time), so pods created within one second
 * tie and go by name. The namespace/name key only breaks the remaining ties (upstream's sort is not
 * stable there).
 */
export function byEvictionAndCreation(a: Pod, b: Pod): number {
  const ea = isEvicted(a);
  if (ea !== isEvicted(b)) return ea ? -1 : 1;
  const sa = apiTimeUs(a.createdUs);
  const sb = apiTimeUs(b.createdUs);
  if (sa !== sb) return sa - sb;
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/** kubelet eviction's PodIsEvicted: phase Failed with reason Evicted. */
function isEvicted(pod: Pod): boolean {
  return pod.phase === 'Failed' && pod.endReason === 'Evicted';
}
